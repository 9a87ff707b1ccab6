"""Reference fixtures for RBF CKA under three conventions for the median-heuristic bandwidth
(Tests/Fixtures/cka/rbf_median_distance.json and rbfmed_<case>_x.npy / rbfmed_<case>_y.npy).

With d_ij the Euclidean distance between observations i and j and f the bandwidth fraction:
  full             (i)   sigma^2 = f^2 * median of the full n x n squared-distance matrix, zero
                         diagonal included (Kornblith et al. 2019 reference notebook, as make_cka.py)
  offdiagonal      (ii)  sigma^2 = f^2 * median of d_ij^2 over the n(n-1)/2 pairs i < j (as make_cka.py)
  median_distance  (iii) sigma   = f * median of d_ij over the pairs i < j
                         (np.median(scipy.spatial.distance.pdist(X)), "the median distance")
(ii) and (iii) differ when the number of pairs is even (the median then averages two middle values,
of squares in (ii), of distances in (iii)); with an odd number of pairs they pick the same pair and
agree up to rounding (case n22; recorded as offdiagonal_vs_median_distance_rel_diff).

Kernels K = exp(-D^2 / (2 sigma_x^2)), L = exp(-E^2 / (2 sigma_y^2)), each from its own sigma.
CKA biased: <HKH, HLH>_F / (||HKH||_F ||HLH||_F), H = I - 11'/n; HSIC biased = tr(KHLH) / (n-1)^2.
CKA debiased: Song et al. 2012 unbiased HSIC_1 (Nguyen et al. 2021's CKA), as make_cka.py.
Each value is computed in two forms the script checks against each other before writing: Kornblith's
centred-Gram form on dot-product squared distances, and the HSIC trace formulas on scipy pdist
distances (rtol 1e-9); sigmas likewise from both distance forms (rtol 1e-12).

Cases (default_rng(6107)): n21 (X 21x5, Y 21x3; 210 pairs, even), n20 (X 20x4, Y 20x6; 190 pairs,
even), n22 (X 22x5, Y 22x3; 231 pairs, odd). f in {0.5, 1.0, 2.0}.

rbf_median_distance.json (indent 1, sorted keys; every float an exact hex string, float.hex):
  {"cases": {<case>: {
      "n", "p", "q", "pairs": ints, "pairs_even": bool,
      "x", "y": the inputs, row-major lists of rows of hex floats (also in rbfmed_<case>_x/_y.npy),
      "median_<conv>": [for X, for Y]  the median statistic before f: median squared distance for
                       full and offdiagonal, median distance for median_distance,
      "offdiagonal_vs_median_distance_rel_diff": [for X, for Y]  |s_ii - s_iii| / s_iii,
      "rbf_sigma_<conv>_<f>": [sigma_x, sigma_y],
      "rbf_<biased|debiased>_<conv>_<f>": CKA,
      "rbf_<biased|debiased>_hsic_<conv>_<f>": [HSIC(K,L), HSIC(K,K), HSIC(L,L)] }},
   "conventions": [...], "fractions": [...]}
  <conv> in full, offdiagonal, median_distance; <f> in 0.5, 1.0, 2.0 (Python str of the float).
Also writes rbf_median_distance_versions.json (fixture_common.write_versions would overwrite the
folder's versions.json of make_cka.py).

Generated with numpy 2.4.6, scipy 1.17.1 (Python 3.11). Deterministic: default_rng(6107).
Run from the repo root:  /work/venv-fixtures/bin/python Tests/Fixtures/cka/make_rbf_median_distance.py
"""
import json
import platform
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy.spatial.distance import pdist, squareform
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import hex_float, save_array  # noqa: E402

OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(6107)
CONVENTIONS = ["full", "offdiagonal", "median_distance"]
FRACTIONS = [0.5, 1.0, 2.0]


def close(a, b, rtol, what=""):
    a, b = np.asarray(a, float), np.asarray(b, float)
    assert np.allclose(a, b, rtol=rtol, atol=0), f"{what}: {a} vs {b}"


# ---------------------------------------------------------------- bandwidths
def sq_distances_dot(x):
    """Kornblith's form: -2 X X' + |x_i|^2 + |x_j|^2."""
    g = x @ x.T
    s = np.diag(g)
    return -2 * g + s[:, None] + s[None, :]


def median_stat(x, convention, form):
    """The median before f: of squared distances (full, offdiagonal) or of distances (median_distance)."""
    n = x.shape[0]
    iu = np.triu_indices(n, k=1)
    if form == "dot":
        d2 = sq_distances_dot(x)
        if convention == "full":
            return np.median(d2)
        if convention == "offdiagonal":
            return np.median(d2[iu])
        return np.median(np.sqrt(np.maximum(d2[iu], 0.0)))
    if convention == "full":
        return np.median(squareform(pdist(x, "sqeuclidean")))
    if convention == "offdiagonal":
        return np.median(pdist(x, "sqeuclidean"))
    return np.median(pdist(x))  # "euclidean"


def sigma_of(stat, convention, f):
    return f * stat if convention == "median_distance" else f * np.sqrt(stat)


# ---------------------------------------------------------------- form 1: centred Gram matrices
def center_gram(gram, unbiased=False):
    gram = gram.copy()
    if unbiased:
        n = gram.shape[0]
        np.fill_diagonal(gram, 0)
        means = np.sum(gram, 0) / (n - 2)
        means -= np.sum(means) / (2 * (n - 1))
        gram -= means[:, None]
        gram -= means[None, :]
        np.fill_diagonal(gram, 0)
    else:
        means = np.mean(gram, 0)
        means -= np.mean(means) / 2
        gram -= means[:, None]
        gram -= means[None, :]
    return gram


def cka_gram(k, l, debiased):
    kc, lc = center_gram(k, debiased), center_gram(l, debiased)
    return kc.ravel().dot(lc.ravel()) / (np.linalg.norm(kc) * np.linalg.norm(lc))


# ---------------------------------------------------------------- form 2: HSIC estimators
def hsic_biased(k, l):
    n = k.shape[0]
    h = np.eye(n) - np.ones((n, n)) / n
    return np.trace(k @ h @ l @ h) / (n - 1) ** 2


def hsic_unbiased(k, l):
    n = k.shape[0]
    kt, lt = k - np.diag(np.diag(k)), l - np.diag(np.diag(l))
    one = np.ones(n)
    return (np.trace(kt @ lt) + (one @ kt @ one) * (one @ lt @ one) / ((n - 1) * (n - 2))
            - 2.0 / (n - 2) * (one @ kt @ lt @ one)) / (n * (n - 3))


def hsic(k, l, debiased):
    return hsic_unbiased(k, l) if debiased else hsic_biased(k, l)


def cka_hsic(k, l, debiased):
    return hsic(k, l, debiased) / np.sqrt(hsic(k, k, debiased) * hsic(l, l, debiased))


# ---------------------------------------------------------------- inputs
cases = {}
x = rng.standard_normal((21, 5)) * [1.0, 2.0, 0.5, 1.5, 1.0]
cases["n21"] = (x, np.tanh(x @ rng.standard_normal((5, 3)) / 2) + 0.3 * rng.standard_normal((21, 3)))
x = rng.standard_normal((20, 4))
cases["n20"] = (x, x @ rng.standard_normal((4, 6)) + 0.5 * rng.standard_normal((20, 6)))
x = rng.standard_normal((22, 5)) + 3.0
cases["n22"] = (x, np.abs(x[:, :3] - 3.0) * [1.0, -2.0, 0.5] + 0.2 * rng.standard_normal((22, 3)))

expected = {"cases": {}, "conventions": CONVENTIONS, "fractions": FRACTIONS}

for name, (x, y) in cases.items():
    save_array(OUT, f"rbfmed_{name}_x", x)
    save_array(OUT, f"rbfmed_{name}_y", y)
    n = x.shape[0]
    pairs = n * (n - 1) // 2
    e = {"n": n, "p": x.shape[1], "q": y.shape[1], "pairs": pairs, "pairs_even": pairs % 2 == 0,
         "x": [[hex_float(v) for v in row] for row in x], "y": [[hex_float(v) for v in row] for row in y]}
    stats = {}
    for conv in CONVENTIONS:
        sx, sy = median_stat(x, conv, "pdist"), median_stat(y, conv, "pdist")
        close([sx, sy], [median_stat(x, conv, "dot"), median_stat(y, conv, "dot")], 1e-12, f"{name} {conv} median")
        stats[conv] = (sx, sy)
        e[f"median_{conv}"] = [hex_float(sx), hex_float(sy)]
    s2 = [np.sqrt(v) for v in stats["offdiagonal"]]
    s3 = list(stats["median_distance"])
    rel = [abs(a - b) / b for a, b in zip(s2, s3)]
    e["offdiagonal_vs_median_distance_rel_diff"] = [hex_float(v) for v in rel]
    if pairs % 2 == 1:
        assert max(rel) < 1e-15, (name, rel)
    else:
        assert min(rel) > 1e-12, (name, rel)
    d2x_p, d2y_p = squareform(pdist(x, "sqeuclidean")), squareform(pdist(y, "sqeuclidean"))
    d2x_d, d2y_d = sq_distances_dot(x), sq_distances_dot(y)
    for conv in CONVENTIONS:
        for f in FRACTIONS:
            sgx, sgy = sigma_of(stats[conv][0], conv, f), sigma_of(stats[conv][1], conv, f)
            e[f"rbf_sigma_{conv}_{f}"] = [hex_float(sgx), hex_float(sgy)]
            k1, l1 = np.exp(-d2x_d / (2 * sgx ** 2)), np.exp(-d2y_d / (2 * sgy ** 2))
            k2, l2 = np.exp(-d2x_p / (2 * sgx ** 2)), np.exp(-d2y_p / (2 * sgy ** 2))
            for debiased in (False, True):
                key = "debiased" if debiased else "biased"
                r1, r2 = cka_gram(k1, l1, debiased), cka_hsic(k2, l2, debiased)
                close(r1, r2, 1e-9, f"{name} {conv} {f} {key}")
                e[f"rbf_{key}_{conv}_{f}"] = hex_float(r1)
                e[f"rbf_{key}_hsic_{conv}_{f}"] = [hex_float(hsic(k2, l2, debiased)),
                                                   hex_float(hsic(k2, k2, debiased)),
                                                   hex_float(hsic(l2, l2, debiased))]
    expected["cases"][name] = e
    print(f"{name}: n = {n}, {pairs} pairs ({'even' if pairs % 2 == 0 else 'odd'})")
    for who, i in (("X", 0), ("Y", 1)):
        print(f"  {who}: sigma (i) full = {np.sqrt(stats['full'][i]):.8g}, (ii) offdiagonal = {s2[i]:.8g}, "
              f"(iii) median distance = {s3[i]:.8g}; (ii) vs (iii) rel diff {rel[i]:.3g}")
    for conv in CONVENTIONS:
        print(f"  f = 1.0 {conv:16s} CKA biased {float.fromhex(e[f'rbf_biased_{conv}_1.0']):.12f}, "
              f"debiased {float.fromhex(e[f'rbf_debiased_{conv}_1.0']):.12f}")

(OUT / "rbf_median_distance.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
versions = {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__}
(OUT / "rbf_median_distance_versions.json").write_text(json.dumps(versions, indent=1, sort_keys=True) + "\n")
print("wrote rbf_median_distance.json, rbf_median_distance_versions.json and",
      len(list(OUT.glob("rbfmed_*.npy"))), "rbfmed_ arrays")
