"""Reference fixtures for Neurometry's linear-algebra / numerics routines.

Writes into this script's folder (Tests/Fixtures/linalg/):
  gemm_*, syrk_*, svd_*, eigh_*, chol_*, solve_*, inv_*, spdsolve_*, lstsq_*,
  sqrtm_*, fft_*, rank_*, argsort_*, quant_*, center_*  (.npy, float64 unless noted)
  versions.json  ({"python", "numpy", "scipy"})

Generated with numpy 2.4.6 and scipy 1.17.1 (see Tests/Fixtures/requirements.txt).
Deterministic: numpy.random.default_rng(20240611).
Run from the repo root:  python Tests/Fixtures/linalg/make_linalg.py
"""
import sys
from pathlib import Path

import numpy as np
import scipy
import scipy.linalg
import scipy.stats
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import save_array, write_versions  # noqa: E402

OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(20240611)


def save(name, arr, dtype=np.float64):
    save_array(OUT, name, arr, dtype)


def gauss(*shape):
    return rng.standard_normal(shape)


# --- matrix products (every axis a different length) ---
a, b, d, e = gauss(7, 5), gauss(5, 3), gauss(7, 4), gauss(6, 5)
save("gemm_a", a); save("gemm_b", b); save("gemm_ab", a @ b)
save("gemm_d", d); save("gemm_atd", a.T @ d)
save("gemm_e", e); save("gemm_aet", a @ e.T)

x = gauss(9, 4)
save("syrk_x", x); save("syrk_xxt", x @ x.T); save("syrk_xtx", x.T @ x)

# --- SVD (singular values only, descending) ---
for name, m in [("svd_tall", gauss(8, 5)), ("svd_wide", gauss(4, 7)),
                ("svd_rankdef", gauss(9, 3) @ gauss(3, 6))]:
    save(name, m); save(f"{name}_s", np.linalg.svd(m, compute_uv=False))

# --- symmetric eigendecomposition ---
g = gauss(6, 6)
a = g + g.T
w, v = np.linalg.eigh(a)
save("eigh_a", a); save("eigh_w", w); save("eigh_v", v)

# --- Cholesky ---
g = gauss(5, 5)
a = g @ g.T + 5 * np.eye(5)
save("chol_a", a); save("chol_l", np.linalg.cholesky(a))

# --- general solve / inverse ---
a = gauss(6, 6) + 6 * np.eye(6)  # diagonally boosted: well conditioned
b = gauss(6, 3)
save("solve_a", a); save("solve_b", b); save("solve_x", np.linalg.solve(a, b))
a = gauss(5, 5) + 5 * np.eye(5)
save("inv_a", a); save("inv_ainv", np.linalg.inv(a))

# --- SPD solve ---
g = gauss(7, 7)
a = g @ g.T + 7 * np.eye(7)
b = gauss(7, 2)
save("spdsolve_a", a); save("spdsolve_b", b)
save("spdsolve_x", scipy.linalg.solve(a, b, assume_a="pos"))

# --- least squares (full rank, and rank-deficient -> minimum-norm solution) ---
a, b = gauss(10, 4), gauss(10, 2)
save("lstsq_a", a); save("lstsq_b", b); save("lstsq_x", np.linalg.lstsq(a, b, rcond=None)[0])
a, b = gauss(10, 2) @ gauss(2, 4), gauss(10, 3)
sol, _, rank, _ = np.linalg.lstsq(a, b, rcond=None)
assert rank == 2
save("lstsq_rd_a", a); save("lstsq_rd_b", b); save("lstsq_rd_x", sol)
save("lstsq_rd_rank", np.array(rank), dtype=np.int64)

# --- matrix square root ---
g = gauss(6, 6)
a = g @ g.T + 0.5 * np.eye(6)
s = scipy.linalg.sqrtm(a).real
assert np.allclose(s @ s, a)
save("sqrtm_a", a); save("sqrtm_s", s)
# PSD of rank 3. Reference uses the documented definition for PSD input:
# eigendecompose (np.linalg.eigh), clip eigenvalues at 0, s = V diag(sqrt(w)) V^T.
g = gauss(6, 3)
a = g @ g.T
w, v = np.linalg.eigh(a)
s = v @ np.diag(np.sqrt(np.clip(w, 0, None))) @ v.T
assert np.allclose(s @ s, a, atol=1e-10)
save("sqrtm_psd", a); save("sqrtm_psd_s", s)

# --- real FFT ---
for name, shape in [("fft", (3, 12)), ("fft_odd", (2, 15))]:
    x = gauss(*shape)
    f = np.fft.rfft(x, axis=1)
    save(f"{name}_x", x); save(f"{name}_re", f.real); save(f"{name}_im", f.imag)
x = gauss(3, 12)
y = np.fft.irfft(np.fft.rfft(x, axis=1), n=12, axis=1)
assert np.allclose(x, y)
save("fft_irfft_in", x); save("fft_irfft_n12", y)

# --- ranks with ties ---
x = rng.integers(0, 8, 25).astype(float)
save("rank_x", x); save("rank_r", scipy.stats.rankdata(x, method="average"))
x = np.round(gauss(30), 3)
x[[4, 17, 25]] = x[9]  # a few exact duplicates
x[[2, 21]] = x[13]
save("rank_x2", x); save("rank_r2", scipy.stats.rankdata(x, method="average"))

# --- stable argsort with ties ---
x = rng.integers(0, 10, 40).astype(float)
save("argsort_x", x); save("argsort_i", np.argsort(x, kind="stable"), dtype=np.int64)

# --- quantiles (numpy default 'linear' = Hyndman & Fan type 7) ---
x = gauss(23) * 3 + 1
q = np.array([0, 0.05, 0.25, 0.5, 0.6180339887, 0.975, 1.0])
save("quant_x", x); save("quant_q", q); save("quant_v", np.quantile(x, q))

# --- centring / standardising columns ---
x = gauss(11, 4) * np.array([1.0, 10.0, 0.1, 3.0]) + np.array([0.0, -50.0, 2.5, 1000.0])
m = x.mean(axis=0)
save("center_x", x); save("center_means", m); save("center_xc", x - m)
save("center_std0", x.std(axis=0, ddof=0)); save("center_std1", x.std(axis=0, ddof=1))
save("center_z1", (x - m) / x.std(axis=0, ddof=1))

write_versions(OUT, {"scipy": scipy.__version__}, indent=2)
print(f"wrote {len(list(OUT.glob('*.npy')))} .npy files to {OUT}")
