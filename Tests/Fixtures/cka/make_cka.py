"""Reference fixtures for Neurometry's CKA (Tests/Fixtures/cka/).

A numpy implementation of the published formulas, each computed in two independent forms that
the script checks against each other before writing anything:

  * Kornblith et al. 2019 (ICML), "Similarity of neural network representations revisited":
    Gram matrices (linear; RBF with sigma^2 = f^2 * median of squared distances), centring
    (biased: H K H; debiased: the unbiased centring of their reference notebook), CKA =
    <Kc, Lc> / (||Kc|| ||Lc||), and the feature-space linear CKA ||Yc^T Xc||^2 / (||Xc^T Xc|| ||Yc^T Yc||)
    with its debiased correction.
  * Song et al. 2012 (JMLR), unbiased HSIC
      HSIC_1 = [tr(K~L~) + 1'K~1 1'L~1 / ((n-1)(n-2)) - 2/(n-2) 1'K~L~1] / (n(n-3)),  K~ = K - diag(K)
    and the biased HSIC tr(K H L H) / (n-1)^2 (Gretton et al. 2005).
  * Minibatch CKA (Nguyen, Raghu & Kornblith 2021, ICLR): per layer pair, sum over batches of
    HSIC_1 (or of the biased HSIC), then CKA = S_xy / sqrt(S_xx S_yy).

RBF medians: "full" is Kornblith's (np.median over the full n x n squared-distance matrix,
zero diagonal included); "offdiagonal" is the median over the n(n-1)/2 pairs i < j.

Writes: <case>_x.npy, <case>_y.npy (inputs), kern_k.npy, kern_l.npy (precomputed kernels),
mb_l0.npy, mb_l1.npy, mb_l2.npy (minibatch layers), expected.json (every expected value as an
exact hex float string, float.hex), versions.json.

Generated with numpy 2.4.6, scipy 1.17.1 (Python 3.11). Deterministic: default_rng(6006).
Run from the repo root:  python Tests/Fixtures/cka/make_cka.py
"""
import json
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy.spatial.distance import pdist, squareform
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import hex_float, save_array, write_versions  # noqa: E402

OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(6006)


def save(name, arr):
    save_array(OUT, name, arr)


def close(a, b, rtol=1e-10, what=""):
    a, b = np.asarray(a, float), np.asarray(b, float)
    assert np.allclose(a, b, rtol=rtol, atol=0), f"{what}: {a} vs {b}"


# ---------------------------------------------------------------- form 1: Kornblith's notebook
def gram_linear(x):
    return x @ x.T


def sq_distances_dot(x):
    g = x @ x.T
    s = np.diag(g)
    return -2 * g + s[:, None] + s[None, :]


def median_sq(d, convention):
    if convention == "full":
        return np.median(d)
    iu = np.triu_indices(d.shape[0], k=1)
    return np.median(d[iu])


def gram_rbf(x, threshold, convention="full"):
    d = sq_distances_dot(x)
    return np.exp(-d / (2 * threshold ** 2 * median_sq(d, convention)))


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
    s = kc.ravel().dot(lc.ravel())
    return s / (np.linalg.norm(kc) * np.linalg.norm(lc))


def cka_feature(x, y, debiased):
    x = x - x.mean(0, keepdims=True)
    y = y - y.mean(0, keepdims=True)
    xty = np.linalg.norm(x.T @ y) ** 2
    nx, ny = np.linalg.norm(x.T @ x), np.linalg.norm(y.T @ y)
    if debiased:
        n = x.shape[0]
        rx, ry = np.einsum("ij,ij->i", x, x), np.einsum("ij,ij->i", y, y)
        sx, sy = rx.sum(), ry.sum()

        def h(a, r1, r2, s1, s2):
            return a - n / (n - 2.0) * r1.dot(r2) + s1 * s2 / ((n - 1) * (n - 2))

        xty = h(xty, rx, ry, sx, sy)
        nx = np.sqrt(h(nx ** 2, rx, rx, sx, sx))
        ny = np.sqrt(h(ny ** 2, ry, ry, sy, sy))
    return xty / (nx * ny)


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


def gram_rbf_pdist(x, threshold, convention):
    d = squareform(pdist(x, "sqeuclidean"))
    return np.exp(-d / (2 * threshold ** 2 * median_sq(d, convention))), median_sq(d, convention)


# ---------------------------------------------------------------- inputs
cases = {}
x = rng.standard_normal((37, 11))
cases["tall"] = (x, x @ rng.standard_normal((11, 23)) + 0.7 * rng.standard_normal((37, 23)))
x = rng.standard_normal((9, 40))
cases["wide"] = (x, x[:, :3] * [2.0, -1.0, 0.5] + 0.3 * rng.standard_normal((9, 3)))
cases["four"] = (rng.standard_normal((4, 3)), rng.standard_normal((4, 5)))
x = rng.standard_normal((50, 6)) * [1e-3, 1.0, 10.0, 100.0, 1.0, 3.0] + 1e3
cases["offset"] = (x, np.tanh(x[:, 1:5] - 1e3) + 5e2 + 0.1 * rng.standard_normal((50, 4)))
x = rng.integers(0, 4, size=(20, 5)).astype(float)
y = np.hstack([x @ rng.integers(-2, 3, size=(5, 6)), np.full((20, 1), 7.0)])
cases["ties"] = (x, y)  # integer values (tied distances) and a constant column in y

expected = {"cases": {}}


for name, (x, y) in cases.items():
    save(f"{name}_x", x)
    save(f"{name}_y", y)
    n = x.shape[0]
    xc, yc = x - x.mean(0), y - y.mean(0)
    e = {"n": n, "p": x.shape[1], "q": y.shape[1]}
    for debiased in (False, True):
        key = "debiased" if debiased else "biased"
        f1 = cka_feature(x, y, debiased)
        f2 = cka_gram(gram_linear(x), gram_linear(y), debiased)
        f3 = cka_hsic(gram_linear(xc), gram_linear(yc), debiased)
        close(f1, f2, 1e-10, f"{name} linear {key} feature vs gram")
        close(f1, f3, 1e-10, f"{name} linear {key} feature vs hsic")
        e[f"linear_{key}"] = hex_float(f2)
        e[f"linear_{key}_hsic"] = [hex_float(hsic(gram_linear(xc), gram_linear(yc), debiased)),
                                   hex_float(hsic(gram_linear(xc), gram_linear(xc), debiased)),
                                   hex_float(hsic(gram_linear(yc), gram_linear(yc), debiased))]
        for conv in ("full", "offdiagonal"):
            for f in (0.5, 1.0, 2.0):
                kx, ly = gram_rbf(x, f, conv), gram_rbf(y, f, conv)
                kx2, mx = gram_rbf_pdist(x, f, conv)
                ly2, my = gram_rbf_pdist(y, f, conv)
                r1 = cka_gram(kx, ly, debiased)
                r2 = cka_hsic(kx2, ly2, debiased)
                close(r1, r2, 1e-9, f"{name} rbf {f} {conv} {key}")
                e[f"rbf_{key}_{conv}_{f}"] = hex_float(r1)
                e[f"rbf_sigma_{conv}_{f}"] = [hex_float(f * np.sqrt(mx)), hex_float(f * np.sqrt(my))]
    expected["cases"][name] = e

# Precomputed kernels (not Gram matrices of a linear map): polynomial and Laplacian.
x, y = rng.standard_normal((15, 4)), rng.standard_normal((15, 6))
k = (x @ x.T / 4 + 1.0) ** 3
l = np.exp(-squareform(pdist(y, "cityblock")) / 6)
save("kern_k", k)
save("kern_l", l)
pk = {}
for debiased in (False, True):
    key = "debiased" if debiased else "biased"
    a, b = cka_gram(k, l, debiased), cka_hsic(k, l, debiased)
    close(a, b, 1e-10, f"precomputed {key}")
    pk[key] = hex_float(a)
    pk[f"{key}_hsic"] = [hex_float(hsic(k, l, debiased)), hex_float(hsic(k, k, debiased)), hex_float(hsic(l, l, debiased))]
expected["precomputed"] = pk

# Minibatch CKA over three layers of different widths; batches of 20 (3 equal batches) and of
# 25 (25, 25, 10).
base = rng.standard_normal((60, 5))
layers = [base @ rng.standard_normal((5, 7)) + 0.5 * rng.standard_normal((60, 7)),
          np.maximum(base @ rng.standard_normal((5, 4)), 0.0),
          rng.standard_normal((60, 9))]
for i, a in enumerate(layers):
    save(f"mb_l{i}", a)
mb = {}
for batch in (20, 25):
    for debiased in (False, True):
        key = "debiased" if debiased else "biased"
        s = np.zeros((3, 3))
        for start in range(0, 60, batch):
            grams = [gram_linear(a[start:start + batch]) for a in layers]
            for i in range(3):
                for j in range(3):
                    s[i, j] += hsic(grams[i], grams[j], debiased)
        cka = s / np.sqrt(np.outer(np.diag(s), np.diag(s)))
        # second form: Kornblith-style centred Gram inner products, summed
        s2 = np.zeros((3, 3))
        for start in range(0, 60, batch):
            gc = [center_gram(gram_linear(a[start:start + batch]), debiased) for a in layers]
            for i in range(3):
                for j in range(3):
                    s2[i, j] += gc[i].ravel().dot(gc[j].ravel())
        # the two differ by the per-batch normalisation only when batch sizes differ
        if batch == 20:
            close(cka, s2 / np.sqrt(np.outer(np.diag(s2), np.diag(s2))), 1e-10, f"minibatch {batch} {key}")
        mb[f"{key}_{batch}"] = [hex_float(v) for v in cka.ravel()]
expected["minibatch"] = mb

(OUT / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
write_versions(OUT, {"scipy": scipy.__version__}, sort_keys=True)
print("wrote", len(list(OUT.glob("*.npy"))), "arrays and expected.json")
