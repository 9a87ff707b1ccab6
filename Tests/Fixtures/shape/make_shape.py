"""Reference fixtures for Neurometry's shape metrics (Tests/Fixtures/shape/), from netrep.

netrep (Williams et al. 2021, "Generalized shape metrics on neural representations") installed
from its repository at commit 0186b8a77ec1 (the benchmark peer's), into a venv with numpy 2.4.6,
scipy 1.17.1, scikit-learn 1.9.1:
    git clone <netrep mirror> /tmp/netrep && git -C /tmp/netrep checkout 0186b8a77ec1
    python3 -m venv /work/venv-issue6 && /work/venv-issue6/bin/pip install numpy==2.4.6 \
        scipy==1.17.1 scikit-learn==1.9.1 /tmp/netrep

Writes:
  <pair>_x.npy, <pair>_y.npy, <pair>_xt.npy, <pair>_yt.npy   train and test inputs
  white_<pair>_<alpha>.npy        netrep.utils.whiten(Xc, alpha)[1] (the whitening matrix Z)
  nets_<k>.npy, nets_test_<k>.npy networks for pairwise distances (different widths)
  frechet_<k>.npy                 equal-shape networks for the Fréchet mean
  frechet_mean_<group>.npy, frechet_tangent_<group>.npy
  expected.json                   every distance as an exact hex float (float.hex)
  versions.json

Cases: LinearMetric(alpha, center_columns, zero_pad=True, score_method).fit(X, Y).score(X, Y)
and .score(Xt, Yt) (cross-validated) for alpha in {0, 0.3, 0.5, 1}; PermutationMetric likewise;
netrep.multiset.pairwise_distances(metric, nets, nets_test); netrep.multiset.frechet_mean
(method="full_batch", warmstart=a copy of the first network: deterministic, no RNG) and
euclidean_tangent_space.

Deterministic: numpy.random.default_rng(6106).
Run from the repo root:  /work/venv-issue6/bin/python Tests/Fixtures/shape/make_shape.py
"""
import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("TQDM_DISABLE", "1")

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import hex_float, random_rotation, save_array, write_versions  # noqa: E402
import netrep  # noqa: E402
from netrep.metrics import LinearMetric, PermutationMetric  # noqa: E402
from netrep.multiset import euclidean_tangent_space, frechet_mean, pairwise_distances  # noqa: E402
from netrep.utils import whiten  # noqa: E402

OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(6106)


def save(name, arr):
    save_array(OUT, name, arr)


def rotation(n):
    return random_rotation(rng, n)


pairs = {}
x = rng.standard_normal((40, 7))
pairs["equal"] = (x, x @ rotation(7) + 0.4 * rng.standard_normal((40, 7)), 17)
x = rng.standard_normal((33, 5)) @ rng.standard_normal((5, 5))
pairs["padded"] = (x, np.hstack([x, x[:, :2] ** 2, rng.standard_normal((33, 2))]) @ rotation(9)
                   + 0.3 * rng.standard_normal((33, 9)), 11)
x = rng.standard_normal((12, 20))
pairs["fewrows"] = (x, x[:, :15] + 0.5 * rng.standard_normal((12, 15)), 9)
x = 50 * rng.standard_normal((25, 4)) + 10
pairs["scaled"] = (x, 0.02 * (x @ rotation(4)) + 0.05 * rng.standard_normal((25, 4)) - 3, 13)

expected = {"linear": {}, "permutation": {}}
alphas = [0.0, 0.3, 0.5, 1.0]
for name, (x, y, n_test) in pairs.items():
    # test data from the same generative relation, different rows
    xt = x[:n_test] + 0.1 * rng.standard_normal((n_test, x.shape[1]))
    yt = y[:n_test] + 0.1 * rng.standard_normal((n_test, y.shape[1]))
    for k, v in (("x", x), ("y", y), ("xt", xt), ("yt", yt)):
        save(f"{name}_{k}", v)
    e = {}
    for alpha in alphas:
        for center in (True, False):
            for score in ("angular", "euclidean"):
                m = LinearMetric(alpha=alpha, center_columns=center, zero_pad=True, score_method=score)
                m.fit(x, y)
                e[f"{alpha}_{center}_{score}"] = [hex_float(m.score(x, y)), hex_float(m.score(xt, yt))]
        if alpha < 1:
            save(f"white_{name}_{alpha}", whiten(x - x.mean(0), alpha, preserve_variance=True)[1])
    expected["linear"][name] = e
    ep = {}
    for center in (True, False):
        for score in ("angular", "euclidean"):
            m = PermutationMetric(center_columns=center, zero_pad=True, score_method=score)
            m.fit(x, y)
            ep[f"{center}_{score}"] = [hex_float(m.score(x, y)), hex_float(m.score(xt, yt))]
    expected["permutation"][name] = ep

# Pairwise distances among 5 networks of different widths (zero padding per pair).
base = rng.standard_normal((30, 6))
widths = [6, 4, 8, 6, 5]
nets, nets_test = [], []
for k, w in enumerate(widths):
    a = base @ rng.standard_normal((6, w)) + (0.2 + 0.2 * k) * rng.standard_normal((30, w))
    nets.append(a)
    nets_test.append(a[:12] + 0.3 * rng.standard_normal((12, w)))
    save(f"nets_{k}", nets[-1])
    save(f"nets_test_{k}", nets_test[-1])
pw = {}
for alpha in (0.0, 0.5, 1.0):
    for score in ("angular", "euclidean"):
        d_train, d_test = pairwise_distances(
            LinearMetric(alpha=alpha, score_method=score), nets, nets_test, verbose=False)
        pw[f"linear_{alpha}_{score}"] = [[hex_float(v) for v in d_train.ravel()], [hex_float(v) for v in d_test.ravel()]]
for score in ("angular", "euclidean"):
    d_train, d_test = pairwise_distances(PermutationMetric(score_method=score), nets, nets_test, verbose=False)
    pw[f"permutation_{score}"] = [[hex_float(v) for v in d_train.ravel()], [hex_float(v) for v in d_test.ravel()]]
expected["pairwise"] = pw

# Fréchet mean (full batch, warm start = first network, deterministic) and tangent space.
base = rng.standard_normal((20, 4))
fr = [base @ rotation(4) + 0.3 * rng.standard_normal((20, 4)) for _ in range(4)]
for k, a in enumerate(fr):
    save(f"frechet_{k}", a)
fm = {}
for group in ("orth", "perm"):
    xbar = frechet_mean([a.copy() for a in fr], group=group, method="full_batch",
                        warmstart=fr[0].copy(), tol=1e-10, max_iter=500)
    save(f"frechet_mean_{group}", xbar)
    save(f"frechet_tangent_{group}", euclidean_tangent_space(fr, xbar, group=group))
expected["frechet"] = {"tol": 1e-10, "max_iter": 500}

(OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
try:
    commit = subprocess.run(["git", "-C", "/tmp/netrep-issue6", "rev-parse", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
except Exception:
    commit = "unknown"
write_versions(
    OUT, {"scipy": scipy.__version__, "scikit-learn": sklearn.__version__, "netrep_commit": commit or "0186b8a77ec1"},
    sort_keys=True)
print("wrote", len(list(OUT.glob("*.npy"))), "arrays and expected.json")
