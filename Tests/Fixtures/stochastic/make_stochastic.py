"""Reference fixtures for Neurometry's stochastic shape metrics (Tests/Fixtures/stochastic/).

netrep (Duong, Zhou, Nassar, Berman, Olieslagers & Williams 2023, ICLR, "Representational
dissimilarity metric spaces for stochastic neural networks"; netrep/metrics/stochastic.py) at
commit 0186b8a77ec1, numpy 2.4.6, scipy 1.17.1, scikit-learn 1.9.1 (see ../shape/make_shape.py
for the install).

Gaussian metric, inputs (means (m, p), covariances (m, p, p)):
  * fixed alignment: metric.T = a given orthogonal matrix, then score(X, Y), for alpha in
    {0, 0.5, 1, 1.5, 2} (no optimisation: exact comparison of the distance formula);
  * fitted, where netrep's optimiser is deterministic (init="means", n_restarts=1): alpha = 1
    (netrep's fitting weights alpha and 2 - alpha coincide with the consistent ones there) for
    the orthogonal and permutation groups, and alpha = 0.5 (to compare Neurometry's
    reference-weights option); the final distance, the alignment T and the loss history.
Energy metric, inputs (m stimuli, r repeats, p units): fixed alignment (metric.Q given) and
fitted (IRLS, deterministic), orthogonal and permutation groups.

Writes g_mx, g_my (means), g_cx, g_cy (covariances, m×p×p), g_t (fixed alignment),
g_fit_<key>_t (fitted T), e_x, e_y (m×r×p), e_q (fixed alignment), e_fit_<group>_q,
expected.json (hex floats), versions.json. Deterministic: numpy.random.default_rng(6206).
Run from the repo root:  /work/venv-issue6/bin/python Tests/Fixtures/stochastic/make_stochastic.py
"""
import json
import os
import subprocess
import warnings
import sys
from pathlib import Path

os.environ.setdefault("TQDM_DISABLE", "1")
warnings.filterwarnings("ignore", category=DeprecationWarning)  # np.row_stack inside netrep

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import hex_float, random_rotation, save_array, write_versions  # noqa: E402
from netrep.metrics import EnergyStochasticMetric, GaussianStochasticMetric  # noqa: E402

OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(6206)


def save(name, arr):
    save_array(OUT, name, arr)


def rotation(n):
    return random_rotation(rng, n)


# ---------------------------------------------------------------- Gaussian
m, p = 7, 4
mx = rng.standard_normal((m, p))
r0 = rotation(p)
my = mx @ r0 + 0.3 * rng.standard_normal((m, p))


def spd():
    a = rng.standard_normal((p, p + 2))
    return a @ a.T / (p + 2) + 0.1 * np.eye(p)


cx = np.stack([spd() for _ in range(m)])
cy = np.stack([r0.T @ c @ r0 + 0.2 * spd() for c in cx])
t_fixed = rotation(p)
for k, v in (("g_mx", mx), ("g_my", my), ("g_cx", cx), ("g_cy", cy), ("g_t", t_fixed)):
    save(k, v)

g = {"fixed": {}, "fitted": {}}
for alpha in (0.0, 0.5, 1.0, 1.5, 2.0):
    metric = GaussianStochasticMetric(alpha=alpha)
    metric.T = t_fixed
    g["fixed"][str(alpha)] = hex_float(metric.score((mx, cx), (my, cy)))
for key, alpha, group in (("orth_1.0", 1.0, "orth"), ("perm_1.0", 1.0, "perm"), ("orth_0.5", 0.5, "orth")):
    metric = GaussianStochasticMetric(alpha=alpha, group=group, init="means", niter=1000, tol=1e-8)
    metric.fit((mx, cx), (my, cy))
    # netrep's permutation alignment is a scipy sparse matrix, which its own score() cannot
    # einsum with: densify it first (the values are unchanged).
    if hasattr(metric.T, "toarray"):
        metric.T = metric.T.toarray()
    d = metric.score((mx, cx), (my, cy))
    save(f"g_fit_{key}_t", metric.T)
    g["fitted"][key] = {"distance": hex_float(d), "loss_hist": [hex_float(v) for v in metric.loss_hist]}

# ---------------------------------------------------------------- Energy
m, r, p = 5, 6, 3
base = rng.standard_normal((m, 1, p))
ex = base + 0.5 * rng.standard_normal((m, r, p))
q0 = rotation(p)
ey = (base + 0.5 * rng.standard_normal((m, r, p))) @ q0 + 0.3
q_fixed = rotation(p)
for k, v in (("e_x", ex), ("e_y", ey), ("e_q", q_fixed)):
    save(k, v)
e = {"fitted": {}}
metric = EnergyStochasticMetric()
metric.Q = q_fixed
e["fixed"] = hex_float(metric.score(ex, ey))
for group in ("orth", "perm"):
    metric = EnergyStochasticMetric(group=group, niter=100, tol=1e-6)
    metric.fit(ex, ey)
    if hasattr(metric.Q, "toarray"):  # the same sparse-matrix problem as above
        metric.Q = metric.Q.toarray()
    d = metric.score(ex, ey)
    q = metric.Q
    save(f"e_fit_{group}_q", q)
    e["fitted"][group] = {"distance": hex_float(d), "loss_hist": [hex_float(v) for v in metric.loss_hist]}

(OUT / "expected.json").write_text(json.dumps({"gaussian": g, "energy": e}, indent=1, sort_keys=True) + "\n")
commit = subprocess.run(["git", "-C", "/tmp/netrep-issue6", "rev-parse", "HEAD"],
                        capture_output=True, text=True).stdout.strip()
write_versions(
    OUT, {"scipy": scipy.__version__, "scikit-learn": sklearn.__version__, "netrep_commit": commit or "0186b8a77ec1"},
    sort_keys=True)
print("wrote", len(list(OUT.glob("*.npy"))), "arrays and expected.json")
