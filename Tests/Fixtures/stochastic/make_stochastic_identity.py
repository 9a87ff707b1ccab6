"""Identity-group fixtures for Neurometry's Gaussian stochastic shape metric (Tests/Fixtures/stochastic/).

netrep (Duong et al. 2023; netrep/metrics/stochastic.py) at commit 0186b8a77ec1, numpy 2.4.6,
scipy 1.17.1, scikit-learn 1.9.1, Python 3.11.7. The venv:
    git --git-dir=<netrep mirror> archive 0186b8a77ec1 | tar -x -C /tmp/netrep-id
    python3 -m venv /work/venv-netrep && /work/venv-netrep/bin/pip install numpy==2.4.6 \
        scipy==1.17.1 scikit-learn==1.9.1 tqdm && /work/venv-netrep/bin/pip install --no-deps /tmp/netrep-id

A companion of make_stochastic.py: it reads that script's inputs (g_mx, g_my means (m, p); g_cx,
g_cy covariances (m, p, p)) and neither changes them nor rewrites expected.json / versions.json.

GaussianStochasticMetric(alpha=a, group="identity").fit(X, Y).score(X, Y) for a in
{0, 0.5, 1, 1.5, 2}. With group="identity" netrep's align() returns scipy.sparse.eye(p), so the
fitted T is the identity (checked; it is densified before score(), whose einsum cannot take a
sparse matrix). netrep's score() is
    A = sum((mX - mY)**2, axis=1);  B = [sq_bures_metric(sx, sy) ...]
    mn = mean(alpha * A + (2 - alpha) * B);  return sign(mn) * sqrt(|mn|)
and every value is checked (relative 1e-10) against that formula computed here independently
(Bures via scipy.linalg.sqrtm: tr A + tr B - 2 tr (A^1/2 B A^1/2)^1/2).

Input pairs:
  * g:        X = (g_mx, g_cx), Y = (g_my, g_cy)                   -> gaussian_identity_<a>
  * equal:    X = Y = (g_mx, g_cx) (no new files; exact distance 0) -> gaussian_identity_equal_<a>
    (netrep's value is sqrt of a rounding residue, so it is ~1e-8, not 0; compare absolutely)
  * rotated:  X = (g_mx, g_cx), Y = (g_mx @ R.T, R g_cx Rᵀ) for a random rotation R
    (gid_rot_r, gid_rot_my, gid_rot_cy)                          -> gaussian_identity_rotated_<a>;
    the fitted orthogonal-group distance there (alpha = 1) is ~0 -> gaussian_orth_rotated_1.0
For comparison, the fitted orthogonal-group distance of the g pair at alpha = 1 is in
expected.json under gaussian.fitted["orth_1.0"].distance (noted in the JSON as
"orthogonal_reference_key").

Writes gid_rot_r.npy, gid_rot_my.npy, gid_rot_cy.npy and identity_expected.json (hex floats,
alpha written as str(float)). Deterministic: numpy.random.default_rng(6216).
Run from the repo root:  /work/venv-netrep/bin/python Tests/Fixtures/stochastic/make_stochastic_identity.py
"""
import json
import os
import platform
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TQDM_DISABLE", "1")
warnings.filterwarnings("ignore", category=DeprecationWarning)  # np.row_stack inside netrep

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.linalg  # noqa: E402
import sklearn  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import hex_float, random_rotation, save_array  # noqa: E402
from netrep.metrics import GaussianStochasticMetric  # noqa: E402

OUT = Path(__file__).resolve().parent
NETREP_COMMIT = "0186b8a77ec1ebaf541cc8f7173cb2556df8a8f0"
ALPHAS = (0.0, 0.5, 1.0, 1.5, 2.0)
rng = np.random.default_rng(6216)

mx, my, cx, cy = (np.load(OUT / f"{k}.npy") for k in ("g_mx", "g_my", "g_cx", "g_cy"))
m, p = mx.shape
assert my.shape == (m, p) and cx.shape == cy.shape == (m, p, p)

r = random_rotation(rng, p)
my_rot = mx @ r.T  # y = R x for every stimulus (rows are stimuli)
cy_rot = np.einsum("ij,sjk,lk->sil", r, cx, r)  # R C Rᵀ
cy_rot = 0.5 * (cy_rot + np.swapaxes(cy_rot, 1, 2))  # exactly symmetric input
for k, v in (("gid_rot_r", r), ("gid_rot_my", my_rot), ("gid_rot_cy", cy_rot)):
    save_array(OUT, k, v)
my_rot, cy_rot = np.load(OUT / "gid_rot_my.npy"), np.load(OUT / "gid_rot_cy.npy")


def sqrtm_spd(a):
    s = scipy.linalg.sqrtm(a)
    return np.real(s)


def sq_bures(a, b):
    """tr A + tr B - 2 tr (A^1/2 B A^1/2)^1/2, independently of netrep's SVD form."""
    ha = sqrtm_spd(a)
    return np.trace(a) + np.trace(b) - 2.0 * np.trace(sqrtm_spd(ha @ b @ ha))


def formula(alpha, mx_, cx_, my_, cy_):
    terms = [alpha * np.sum((u - v) ** 2) + (2.0 - alpha) * sq_bures(a, b)
             for u, v, a, b in zip(mx_, my_, cx_, cy_)]
    mn = float(np.mean(terms))
    return float(np.sign(mn) * np.sqrt(abs(mn)))


def netrep_identity(alpha, X, Y, show=False):
    metric = GaussianStochasticMetric(alpha=alpha, group="identity")
    metric.fit(X, Y)
    if show:
        print("fitted metric.T:", type(metric.T).__name__, "\n", metric.T.toarray())
    t = metric.T.toarray() if hasattr(metric.T, "toarray") else np.asarray(metric.T)
    assert np.array_equal(t, np.eye(p)), t
    metric.T = t
    return float(metric.score(X, Y))


out = {}
pairs = {
    "": ((mx, cx), (my, cy)),
    "equal_": ((mx, cx), (mx, cx)),
    "rotated_": ((mx, cx), (my_rot, cy_rot)),
}
for prefix, (X, Y) in pairs.items():
    for alpha in ALPHAS:
        d = netrep_identity(alpha, X, Y, show=(prefix == "" and alpha == 1.0))
        f = formula(alpha, X[0], X[1], Y[0], Y[1])
        key = f"gaussian_identity_{prefix}{alpha}"
        if prefix == "equal_":
            assert abs(d) < 1e-6 and abs(f) < 1e-6, (key, d, f)
        else:
            assert abs(d - f) <= 1e-10 * abs(f), (key, d, f)
        print(f"{key:40s} netrep {d!r:24} formula {f!r:24} rel {abs(d - f) / max(abs(f), 1e-300):.2e}")
        out[key] = hex_float(d)
    if prefix == "rotated_":
        assert all(float.fromhex(out[f"gaussian_identity_rotated_{a}"]) > 0.1 for a in ALPHAS)

# orthogonal group on the rotated pair: the rotation is recovered, distance ~0
metric = GaussianStochasticMetric(alpha=1.0, group="orth", init="means", niter=1000, tol=1e-8)
metric.fit((mx, cx), (my_rot, cy_rot))
d_orth = float(metric.score((mx, cx), (my_rot, cy_rot)))
assert abs(d_orth) < 1e-6, d_orth
assert np.allclose(metric.T, r, atol=1e-10), metric.T  # my_rot @ T ≈ mx  =>  T = R
print("gaussian_orth_rotated_1.0", d_orth)
out["gaussian_orth_rotated_1.0"] = hex_float(d_orth)

expected = json.loads((OUT / "expected.json").read_text())
assert "orth_1.0" in expected["gaussian"]["fitted"]
out["orthogonal_reference_key"] = 'expected.json: gaussian.fitted["orth_1.0"].distance'
out["identity_versions"] = {
    "python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
    "scikit-learn": sklearn.__version__, "netrep_commit": NETREP_COMMIT,
}
(OUT / "identity_expected.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
print("wrote identity_expected.json with", len(out), "keys")
