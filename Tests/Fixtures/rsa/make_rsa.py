"""Reference fixtures for Neurometry's RSA (RDM estimators, noise covariances, comparators,
transforms, models and inference).

Writes into this script's folder (Tests/Fixtures/rsa/), all .npy (float64 unless noted; labels as
numpy unicode arrays):
  bal_*        balanced data set: 6 string conditions ('c10' < 'c2'), 4 integer runs (1 < 10),
               11 channels, extra repetitions of two conditions, and RDMs of every estimator on it
  num_*        the same measurements with numeric condition labels (sorted numerically)
  pois_*       count data and the poisson / poisson-cv RDMs
  noise_*      covariances and precisions of all four estimators (n > p and n < p residuals)
  unb_*        unbalanced data (unequal repetitions, incomplete runs, NaN channels) and
               calc_rdm_unbalanced RDMs
  time_*       time-resolved data (obs × channels × time) and calc_rdm_movie RDMs
  cmp_*        two sets of RDMs (ties, missing pairs, a constant RDM), pattern covariances, and
               rdm.compare for every comparator
  tr_*, geo_*  rank/sqrt/positive/minmax/geo-topological/geodesic transforms (rsatoolbox and the
               tRSA paper code)
  inf_*        7 subject RDMs, 4 fixed models: pool_rdm, boot_noise_ceiling, eval_fixed and the
               bootstraps over patterns, subjects and both and the dual bootstrap (with the indices
               numpy drew, recorded by wrapping numpy.random.randint), variances and p-values
  fit_*        fit_select, fit_regress, fit_regress_nn (± ridge), interpolation (`*_formula`:
               rsatoolbox's loop with scipy's bounded minimiser at xatol 1e-12)
  t_*          scipy.stats.t cdf and sf
  wilcoxon_*   scipy.stats.wilcoxon on samples for each of its methods
  sl_*         a 7×6×5 mask, get_volume_searchlight (radii 2, 2.5, 1.5; thresholds; truncation) and
               get_searchlight_RDMs (correlation, euclidean) of 12 observations of 4 events
  versions.json

Where rsatoolbox 0.3.2 has a bug, the expected value is computed here from the formula with numpy,
and the file name says so (`*_formula`): poisson-cv averaged over folds (rsatoolbox keeps the last
fold, `*_lastfold`), the unbalanced correlation with NaN channels (rsatoolbox centres with all P
channels), the unbalanced 'equal' weighting (rsatoolbox gives self-pairs weight 0).

The whitened comparators with a diagonal or full pattern covariance are also computed from the
definition (`*_formula`: V formed densely and solved exactly); rsatoolbox's own outputs are kept
(`*_rsatoolbox`: its approximate diagonal form; `*_rsatoolbox_cg`: conjugate gradients, rtol 1e-5).

The tRSA paper code (doerlbh/TopologicalRSA at 18e5beb00eed, utils_transform.py) is imported from
the file named by the environment variable TRSA_CODE for tr_paper_* and geo_paper_*:
  git --git-dir=<mirror of doerlbh/TopologicalRSA> show 18e5beb:utils_transform.py > /tmp/u.py
  TRSA_CODE=/tmp/u.py /work/venv-fixtures/bin/python Tests/Fixtures/rsa/make_rsa.py

Generated with numpy 2.4.6, scipy 1.17.1, rsatoolbox 0.3.2, networkx 3.6.1.
Deterministic: numpy.random.default_rng(5005).
Run from the repo root:  /work/venv-fixtures/bin/python Tests/Fixtures/rsa/make_rsa.py
"""
import warnings
from importlib.metadata import version
import sys
from pathlib import Path

import numpy as np
import scipy
import rsatoolbox as rsa
from rsatoolbox.data import Dataset, TemporalDataset
from rsatoolbox.data.noise import cov_from_residuals, prec_from_residuals, cov_from_unbalanced
from rsatoolbox.rdm import calc_rdm, calc_rdm_unbalanced, calc_rdm_movie
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import save_array, write_versions  # noqa: E402

warnings.filterwarnings("ignore")
OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(5005)


def save(name, arr, dtype=np.float64):
    save_array(OUT, name, arr, dtype)


def save_labels(name, labels):
    np.save(OUT / f"{name}.npy", np.array(labels))


def vec(rdms):
    """Dissimilarity vectors after sorting conditions like Neurometry (calc_rdm already does)."""
    return rdms.get_vectors()


# ---------------------------------------------------------------- balanced data set
cond_names = ["c1", "c2", "c10", "c3", "c20", "c4"]
run_values = [3, 1, 10, 2]
n_chan = 11
signal = 0.4 * rng.standard_normal((len(cond_names), n_chan))
rows, conds, runs = [], [], []
for r in run_values:
    for c in range(len(cond_names)):
        reps = 2 if (cond_names[c], r) in {("c2", 1), ("c10", 3)} else 1
        for _ in range(reps):
            rows.append(signal[c] + rng.standard_normal(n_chan))
            conds.append(cond_names[c])
            runs.append(r)
order = rng.permutation(len(rows))
meas = np.array(rows)[order]
conds = np.array(conds)[order]
runs = np.array(runs, dtype=np.int64)[order]
save("bal_measurements", meas)
save_labels("bal_conditions", conds)
save("bal_runs", runs, np.int64)
ds = Dataset(meas, obs_descriptors={"conds": conds, "runs": runs})

# residuals and precision (rsatoolbox's own averaging)
means, values, _ = rsa.data.average_dataset_by(ds, "conds")
inverse = np.array([list(values).index(c) for c in conds])
resid = meas - means[inverse]
dof = len(meas) - len(values)
prec = prec_from_residuals(resid, dof=dof, method="shrinkage_diag")
save("bal_precision", prec)
save_labels("bal_sorted_conditions", calc_rdm(ds, method="euclidean", descriptor="conds").pattern_descriptors["conds"])

save("bal_rdm_euclidean", vec(calc_rdm(ds, method="euclidean", descriptor="conds")))
save("bal_rdm_euclidean_removemean", vec(calc_rdm(ds, method="euclidean", descriptor="conds", remove_mean=True)))
save("bal_rdm_correlation", vec(calc_rdm(ds, method="correlation", descriptor="conds")))
save("bal_rdm_mahalanobis", vec(calc_rdm(ds, method="mahalanobis", descriptor="conds", noise=prec)))
save("bal_rdm_crossnobis", vec(calc_rdm(ds, method="crossnobis", descriptor="conds", cv_descriptor="runs")))
save("bal_rdm_crossnobis_noise",
     vec(calc_rdm(ds, method="crossnobis", descriptor="conds", cv_descriptor="runs", noise=prec)))
save("bal_rdm_crossnobis_removemean",
     vec(calc_rdm(ds, method="crossnobis", descriptor="conds", cv_descriptor="runs", remove_mean=True)))
# one condition per row (no descriptor): the first 7 rows, first 5 channels
ds_rows = Dataset(meas[:7, :5].copy())
save("bal_rows_measurements", meas[:7, :5])
save("bal_rows_rdm_euclidean", vec(calc_rdm(ds_rows, method="euclidean")))
save("bal_rows_rdm_correlation", vec(calc_rdm(ds_rows, method="correlation")))

# default folds (k-th repetition of each condition): equal repetitions needed -> drop the extras
keep = []
seen = set()
for i, (c, r) in enumerate(zip(conds, runs)):
    if (c, r) not in seen:
        seen.add((c, r))
        keep.append(i)
keep = np.array(keep)
save("bal_equal_index", keep, np.int64)
ds_eq = Dataset(meas[keep], obs_descriptors={"conds": conds[keep]})
save("bal_rdm_crossnobis_defaultfolds", vec(calc_rdm(ds_eq, method="crossnobis", descriptor="conds")))

# crossnobis with one noise precision per run (rsatoolbox's list form: pairs of runs); made from a
# separate generator so that the fixtures after this point are unchanged
run_rng = np.random.default_rng(5006)
run_precisions = [prec_from_residuals(run_rng.standard_normal((25, n_chan)), method="shrinkage_eye")
                  for _ in run_values]
save("bal_run_precisions", np.array(run_precisions).reshape(len(run_values) * n_chan, n_chan))
save("bal_rdm_crossnobis_runnoise",
     vec(calc_rdm(ds, method="crossnobis", descriptor="conds", cv_descriptor="runs",
                  noise=[p.copy() for p in run_precisions])))

# numeric labels: sorted numerically (2 < 10 < 100)
num_map = {"c1": 10, "c2": 9, "c10": 100, "c3": 2, "c20": 21, "c4": 1}
num_conds = np.array([num_map[c] for c in conds], dtype=np.int64)
save("num_conditions", num_conds, np.int64)
ds_num = Dataset(meas, obs_descriptors={"conds": num_conds, "runs": runs})
r_num = calc_rdm(ds_num, method="euclidean", descriptor="conds")
save("num_sorted_conditions", r_num.pattern_descriptors["conds"], np.int64)
save("num_rdm_euclidean", vec(r_num))

# ---------------------------------------------------------------- poisson
counts = rng.poisson(3.0, size=meas.shape).astype(np.float64)
save("pois_measurements", counts)
ds_p = Dataset(counts, obs_descriptors={"conds": conds, "runs": runs})
save("pois_rdm_poisson", vec(calc_rdm(ds_p, method="poisson", descriptor="conds")))
save("pois_rdm_poissoncv_lastfold",
     vec(calc_rdm(ds_p, method="poisson_cv", descriptor="conds", cv_descriptor="runs")))


def poisson_cv_formula(x, cond, run, lam=1.0, w=0.1):
    labels = sorted(set(cond))
    folds = sorted(set(run))
    total = 0
    for f in folds:
        a = np.array([x[(cond == c) & (run != f)].mean(0) for c in labels])
        b = np.array([x[(cond == c) & (run == f)].mean(0) for c in labels])
        a = (a + lam * w) / (1 + w)
        b = (b + lam * w) / (1 + w)
        k = a @ np.log(b).T
        d = np.diag(k)[None, :] + np.diag(k)[:, None] - k - k.T
        total = total + d[np.triu_indices(len(labels), 1)] / x.shape[1]
    return total / len(folds)


save("pois_rdm_poissoncv_average_formula", poisson_cv_formula(counts, conds, runs)[None, :])

# ---------------------------------------------------------------- noise covariances
res_tall = rng.standard_normal((30, 9)) @ rng.standard_normal((9, 9)) * 0.5
res_wide = rng.standard_normal((20, 25)) @ rng.standard_normal((25, 25)) * 0.2
save("noise_residuals_tall", res_tall)
save("noise_residuals_wide", res_wide)
for method in ["shrinkage_diag", "shrinkage_eye", "diag", "full"]:
    tag = method.replace("_", "")
    save(f"noise_tall_cov_{tag}", cov_from_residuals(res_tall, method=method))
    save(f"noise_tall_prec_{tag}", prec_from_residuals(res_tall, method=method))
    save(f"noise_tall_cov_{tag}_dof20", cov_from_residuals(res_tall, dof=20, method=method))
    if method != "full":
        save(f"noise_wide_cov_{tag}", cov_from_residuals(res_wide, method=method))
        save(f"noise_wide_prec_{tag}", prec_from_residuals(res_wide, method=method))
save("noise_bal_cov_unbalanced", cov_from_unbalanced(ds, "conds", method="shrinkage_diag"))

# ---------------------------------------------------------------- unbalanced data set
u_names = ["b", "a10", "a2", "c", "a1"]
u_rows, u_conds, u_runs = [], [], []
u_signal = 0.5 * rng.standard_normal((len(u_names), 8))
for run in [1, 2, 3]:
    for c, name in enumerate(u_names):
        reps = [1, 2, 3, 1, 2][c] if run != 2 else [2, 1, 0, 1, 1][c]
        for _ in range(reps):
            u_rows.append(u_signal[c] + rng.standard_normal(8))
            u_conds.append(name)
            u_runs.append(run)
u_order = rng.permutation(len(u_rows))
u_meas = np.array(u_rows)[u_order]
u_conds = np.array(u_conds)[u_order]
u_runs = np.array(u_runs, dtype=np.int64)[u_order]
u_nan = u_meas.copy()
u_nan[2, [1, 5]] = np.nan
u_nan[7, 5] = np.nan
u_nan[11, [0, 1, 2]] = np.nan
save("unb_measurements", u_meas)
save("unb_measurements_nan", u_nan)
save_labels("unb_conditions", u_conds)
save("unb_runs", u_runs, np.int64)
u_prec = prec_from_residuals(rng.standard_normal((40, 8)), method="shrinkage_eye")
save("unb_precision", u_prec)


def unb(data, method, **kw):
    d = Dataset(data, obs_descriptors={"conds": u_conds, "runs": u_runs})
    r = calc_rdm_unbalanced(d, method=method, descriptor="conds", **kw)
    r.sort_by(conds="alpha")  # rsatoolbox keeps first-occurrence order; Neurometry sorts
    return r


r = unb(u_meas, "euclidean")
save_labels("unb_sorted_conditions", r.pattern_descriptors["conds"])
save("unb_rdm_euclidean", vec(r))
save("unb_rdm_euclidean_nan", vec(unb(u_nan, "euclidean")))
# rsatoolbox 0.3.2's weighting='equal' gives the self-pairs weight 0 (`weights[idx] += 1 / 2` is an
# integer division in its Cython code); kept for the record, the test uses the formula below.
save("unb_rdm_euclidean_nan_equal_rsatoolbox", vec(unb(u_nan, "euclidean", weighting="equal")))
save("unb_rdm_euclidean_cv_nan", vec(unb(u_nan, "euclidean", cv_descriptor="runs")))
save("unb_rdm_crossnobis_nan", vec(unb(u_nan, "crossnobis", cv_descriptor="runs")))
save("unb_rdm_crossnobis_noise", vec(unb(u_meas, "crossnobis", cv_descriptor="runs", noise=u_prec)))
save("unb_rdm_mahalanobis_noise", vec(unb(u_meas, "mahalanobis", noise=u_prec)))
save("unb_rdm_correlation", vec(unb(u_meas, "correlation")))
u_counts = np.abs(u_nan) * 2
save("unb_counts_nan", u_counts)
save("unb_rdm_poisson_nan", vec(unb(u_counts, "poisson")))
save("unb_rdm_poissoncv_nan", vec(unb(u_counts, "poisson_cv", cv_descriptor="runs")))


def unbalanced_correlation_formula(x, cond):
    """calc_rdm_unbalanced's correlation with centring over the jointly valid channels."""
    labels = sorted(set(cond))
    k = len(labels)
    code = np.array([labels.index(c) for c in cond])
    s = np.zeros((k, k))
    w = np.zeros((k, k))
    n = len(x)
    for a in range(n):
        for b in range(a, n):
            f = ~np.isnan(x[a]) & ~np.isnan(x[b])
            m = f.sum()
            if m == 0:
                continue
            xa, xb = x[a, f], x[b, f]
            if np.sum(xa ** 2) > 0 and np.sum(xb ** 2) > 0:
                r = np.sum((xa - xa.mean()) * (xb - xb.mean())) / np.sqrt(
                    np.sum((xa - xa.mean()) ** 2) * np.sum((xb - xb.mean()) ** 2))
            else:
                r = 1.0
            sim = r * m / 2
            half = 0.5 if a == b else 1.0
            ca, cb = code[a], code[b]
            s[ca, cb] += half * sim
            w[ca, cb] += half * m
            if ca != cb:
                s[cb, ca] += half * sim
                w[cb, ca] += half * m
    g = s / w
    d = np.diag(g)[None, :] + np.diag(g)[:, None] - 2 * g
    return d[np.triu_indices(k, 1)][None, :]


def unbalanced_euclidean_equal_formula(x, cond):
    """calc_rdm_unbalanced(weighting='equal') as documented: every pair of observations weight 1,
    each observation with itself weight 1/2."""
    labels = sorted(set(cond))
    k = len(labels)
    code = np.array([labels.index(c) for c in cond])
    s = np.zeros((k, k))
    w = np.zeros((k, k))
    for a in range(len(x)):
        for b in range(a, len(x)):
            f = ~np.isnan(x[a]) & ~np.isnan(x[b])
            if f.sum() == 0:
                continue
            value = np.sum(x[a, f] * x[b, f]) / f.sum()
            half = 0.5 if a == b else 1.0
            ca, cb = code[a], code[b]
            s[ca, cb] += half * value
            w[ca, cb] += half
            if ca != cb:
                s[cb, ca] += half * value
                w[cb, ca] += half
    g = s / w
    d = np.diag(g)[None, :] + np.diag(g)[:, None] - 2 * g
    return d[np.triu_indices(k, 1)][None, :]


save("unb_rdm_euclidean_nan_equal_formula", unbalanced_euclidean_equal_formula(u_nan, u_conds))
save("unb_rdm_correlation_nan_formula", unbalanced_correlation_formula(u_nan, u_conds))

# ---------------------------------------------------------------- time-resolved
t_conds = np.array(["x2", "x10", "x1", "x2", "x10", "x1", "y", "y"])
t_meas = rng.standard_normal((8, 7, 9))
save("time_measurements", t_meas)
save_labels("time_conditions", t_conds)
tds = TemporalDataset(t_meas, obs_descriptors={"conds": t_conds},
                      time_descriptors={"time": np.linspace(0.0, 0.8, 9)})
movie = calc_rdm_movie(tds, method="euclidean", descriptor="conds")
save("time_rdm_euclidean", movie.get_vectors())
save("time_rdm_euclidean_times", movie.rdm_descriptors["time"])
bins = [np.linspace(0.0, 0.8, 9)[[0, 1, 2]], np.linspace(0.0, 0.8, 9)[[3, 4]],
        np.linspace(0.0, 0.8, 9)[[5, 6, 7, 8]]]
movie_b = calc_rdm_movie(tds, method="correlation", descriptor="conds", bins=bins)
save("time_rdm_correlation_binned", movie_b.get_vectors())
save("time_rdm_correlation_binned_times", movie_b.rdm_descriptors["time"])

# ---------------------------------------------------------------- comparators
from scipy.spatial.distance import pdist, squareform
from rsatoolbox.rdm import RDMs, compare
from rsatoolbox.rdm.compare import _get_v
import importlib
rtransform = importlib.import_module("rsatoolbox.rdm.transform")


def sq_euclid_rdms(k, n, p, noise):
    base = rng.standard_normal((n, p))
    return np.array([pdist(base + noise * rng.standard_normal((n, p)), "sqeuclidean") / p for _ in range(k)])


n_c = 8
cmp_a = sq_euclid_rdms(3, n_c, 6, 1.0)
cmp_b = sq_euclid_rdms(4, n_c, 6, 1.5)
# ties: one RDM rounded to one decimal, one with a block of equal values
cmp_a[1] = np.round(cmp_a[1], 1)
cmp_b[2, ::3] = cmp_b[2, 0]
save("cmp_a", cmp_a)
save("cmp_b", cmp_b)
sigma_diag = rng.uniform(0.5, 2.0, n_c)
g = rng.standard_normal((n_c, n_c + 4))
sigma_full = g @ g.T / (n_c + 4) + 0.3 * np.eye(n_c)
save("cmp_sigma_diag", sigma_diag)
save("cmp_sigma_full", sigma_full)
A, B = RDMs(cmp_a), RDMs(cmp_b)
for m in ["cosine", "corr", "spearman", "rho-a", "tau-a", "tau-b", "cosine_cov", "corr_cov", "bures", "bures_metric"]:
    save(f"cmp_{m.replace('_', '-')}", compare(A, B, method=m))
save("cmp_cosine-cov_diag_rsatoolbox", compare(A, B, method="cosine_cov", sigma_k=sigma_diag))
save("cmp_corr-cov_diag_rsatoolbox", compare(A, B, method="corr_cov", sigma_k=sigma_diag))
save("cmp_cosine-cov_full_rsatoolbox_cg", compare(A, B, method="cosine_cov", sigma_k=sigma_full))


def whitened_formula(v1, v2, sigma, centre):
    """x'V^-1y / sqrt(...) with V = (C S C')o(C S C') formed densely and solved exactly."""
    valid = ~np.isnan(v1).any(0)
    v1, v2 = v1[:, valid], v2[:, valid]
    if centre:
        v1 = v1 - v1.mean(1, keepdims=True)
        v2 = v2 - v2.mean(1, keepdims=True)
    V = _get_v(n_c, sigma).toarray()[valid][:, valid]
    a = np.linalg.solve(V, v1.T).T
    b = np.linalg.solve(V, v2.T).T
    return (v1 @ b.T) / np.sqrt(np.sum(v1 * a, 1))[:, None] / np.sqrt(np.sum(v2 * b, 1))[None, :]


for tag, sig in [("diag", sigma_diag), ("full", sigma_full)]:
    save(f"cmp_cosine-cov_{tag}_formula", whitened_formula(cmp_a, cmp_b, sig, False))
    save(f"cmp_corr-cov_{tag}_formula", whitened_formula(cmp_a, cmp_b, sig, True))

# missing pairs (the same in both sets)
nan_a, nan_b = cmp_a.copy(), cmp_b.copy()
for k in [3, 17]:
    nan_a[:, k] = np.nan
    nan_b[:, k] = np.nan
save("cmp_nan_a", nan_a)
save("cmp_nan_b", nan_b)
NA, NB = RDMs(nan_a), RDMs(nan_b)
for m in ["cosine", "corr", "spearman", "rho-a", "tau-a", "tau-b", "cosine_cov", "corr_cov"]:
    save(f"cmp_nan_{m.replace('_', '-')}", compare(NA, NB, method=m))
save("cmp_nan_cosine-cov_diag_rsatoolbox", compare(NA, NB, method="cosine_cov", sigma_k=sigma_diag))
save("cmp_nan_cosine-cov_full_formula", whitened_formula(nan_a, nan_b, sigma_full, False))
# a constant RDM: corr reported as 0
const = np.vstack([np.full(cmp_a.shape[1], 0.7), cmp_a[0]])
save("cmp_const_a", const)
save("cmp_const_corr", compare(RDMs(const), B, method="corr"))

# ---------------------------------------------------------------- transforms
tr = cmp_b[0] - 0.4 * cmp_b[0].mean()  # has negative values (like a crossnobis RDM)
tr[5] = tr[9]  # a tie
save("tr_input", tr[None, :])


def fresh(v, measure="squared euclidean"):
    """A new RDMs on a copy: rsatoolbox 0.3.2's transforms modify their input (and the caller's
    numpy array) in place."""
    return RDMs(np.array(v, dtype=np.float64).reshape(1, -1).copy(), dissimilarity_measure=measure)


save("tr_rank", rtransform.rank_transform(fresh(tr)).get_vectors())
save("tr_sqrt", rtransform.sqrt_transform(fresh(tr)).get_vectors())
save("tr_positive", rtransform.positive_transform(fresh(tr)).get_vectors())
save("tr_minmax", rtransform.minmax_transform(fresh(tr)).get_vectors())
save("tr_geotopological_raw_0.1_0.6", rtransform.geotopological_transform(fresh(tr), 0.1, 0.6).get_vectors())
tr_nan = tr.copy()
tr_nan[[2, 11]] = np.nan
save("tr_nan_input", tr_nan[None, :])
save("tr_nan_rank", rtransform.rank_transform(fresh(tr_nan)).get_vectors())
# geodesic: rsatoolbox form; a duplicated condition gives a zero dissimilarity (dropped edge)
pts = rng.standard_normal((9, 3))
pts[4] = pts[1]
geo = pdist(pts, "sqeuclidean")
save("geo_input", geo[None, :])
save("geo_rsatoolbox", rtransform.geodesic_transform(fresh(geo)).get_vectors())

# the tRSA paper code (doerlbh/TopologicalRSA, commit 18e5beb, utils_transform.py), imported from
# the file named by TRSA_CODE if given; otherwise these fixtures are kept as they are.
import os
import importlib.util
trsa_path = os.environ.get("TRSA_CODE")
if trsa_path:
    spec = importlib.util.spec_from_file_location("trsa_utils_transform", trsa_path)
    trsa = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(trsa)
    save("tr_paper_gt_0.2_0.8", trsa.gt_transform(tr.copy(), gt_type="lu", l=0.2, u=0.8)[None, :])
    save("tr_paper_gt_0_0.075", trsa.gt_transform(tr.copy(), gt_type="lu", l=0.0, u=0.075)[None, :])
    save("geo_paper_twostep", trsa.geodesic_transform(geo.copy(), gd_type="twostep")[None, :])
    save("geo_paper_pshortest_0.3", trsa.geodesic_transform(geo.copy(), gd_type="p_shortest", p=0.3)[None, :])

# ---------------------------------------------------------------- models and inference
from scipy.optimize import minimize_scalar
import scipy.stats
from rsatoolbox.model import ModelFixed, ModelSelect, ModelWeighted, ModelInterpolate
from rsatoolbox.model.fitter import fit_select, fit_regress, fit_regress_nn, _loss
from rsatoolbox.inference import eval_fixed, eval_bootstrap_pattern, eval_bootstrap_rdm, eval_bootstrap
from rsatoolbox.inference.noise_ceiling import boot_noise_ceiling
from rsatoolbox.util.inference_util import pool_rdm

n_inf, n_subj = 9, 7
truth = rng.standard_normal((n_inf, 12))
subjects = np.array([pdist(truth + 1.2 * rng.standard_normal((n_inf, 12)), "sqeuclidean") / 12
                     for _ in range(n_subj)])
model_rdms = np.array([pdist(truth + s * rng.standard_normal((n_inf, 12)), "sqeuclidean") / 12
                       for s in [0.3, 1.0, 3.0]])
model_rdms = np.vstack([model_rdms, np.round(model_rdms[1] * 2) / 2])  # a model with ties
save("inf_data", subjects)
save("inf_models", model_rdms)
D = RDMs(subjects)
models = [ModelFixed(f"m{k}", model_rdms[k].copy()) for k in range(len(model_rdms))]
for m in ["cosine", "corr", "spearman", "rho-a", "tau-a", "cosine_cov", "corr_cov"]:
    tag = m.replace("_", "-")
    save(f"inf_pool_{tag}", pool_rdm(RDMs(subjects.copy()), method=m).get_vectors())
    save(f"inf_nc_{tag}", np.array(boot_noise_ceiling(RDMs(subjects.copy()), method=m, rdm_descriptor="index")))

# eval_fixed with its variances and t-tests
res = eval_fixed(models, RDMs(subjects.copy()), method="corr")
save("inf_fixed_evaluations", res.evaluations[0])
save("inf_fixed_noise_ceiling", res.noise_ceiling)
save("inf_fixed_model_var", res.model_var)
save("inf_fixed_diff_var", res.diff_var)
save("inf_fixed_nc_var", res.noise_ceil_var)
pp, pz, pn = res.test_all(test_type="t-test")
save("inf_fixed_p_pairwise", pp)
save("inf_fixed_p_zero", pz)
save("inf_fixed_p_noise", pn)


class IndexLog:
    """Records what numpy.random.randint returns, to hand the same samples to Neurometry."""
    def __init__(self):
        self.calls = []
        self.original = np.random.randint

    def __call__(self, *args, **kw):
        out = self.original(*args, **kw)
        self.calls.append(np.array(out))
        return out


def logged(fn, *args, **kw):
    log = IndexLog()
    np.random.randint = log
    try:
        result = fn(*args, **kw)
    finally:
        np.random.randint = log.original
    return result, log.calls


np.random.seed(11)
res_p, calls = logged(eval_bootstrap_pattern, models, RDMs(subjects.copy()), method="corr", N=25)
save("inf_bootp_conditions", np.array(calls), np.int64)
save("inf_bootp_evaluations", res_p.evaluations)
save("inf_bootp_noise_ceiling", res_p.noise_ceiling)
save("inf_bootp_variances", res_p.variances)
save("inf_bootp_model_var", res_p.model_var)
save("inf_bootp_diff_var", res_p.diff_var)
save("inf_bootp_nc_var", res_p.noise_ceil_var)
pp, pz, pn = res_p.test_all(test_type="t-test")
save("inf_bootp_t-test_p_pairwise", pp)
save("inf_bootp_t-test_p_zero", pz)
save("inf_bootp_t-test_p_noise", pn)
# test_all(test_type='bootstrap') crashes in rsatoolbox 0.3.2 with per-sample noise ceilings
# (it reshapes the N lower bounds to (2, 1)); its pieces are called directly, and the test
# against the ceiling is computed as intended (`*_formula`).
from rsatoolbox.util.inference_util import bootstrap_pair_tests
ev = res_p.evaluations
save("inf_bootp_bootstrap_p_pairwise", bootstrap_pair_tests(ev))
save("inf_bootp_bootstrap_p_zero", ((ev <= 0).sum(axis=0) + 1) / ev.shape[0])
save("inf_bootp_bootstrap_p_noise_formula",
     (((res_p.noise_ceiling[0][:, None] - ev) <= 0).sum(axis=0) + 1) / ev.shape[0])

np.random.seed(12)
res_r, calls = logged(eval_bootstrap_rdm, models, RDMs(subjects.copy()), method="rho-a", N=20)
save("inf_bootr_rdms", np.array(calls), np.int64)
save("inf_bootr_evaluations", res_r.evaluations)
save("inf_bootr_noise_ceiling", res_r.noise_ceiling)

np.random.seed(13)
res_b, calls = logged(eval_bootstrap, models, RDMs(subjects.copy()), method="corr", N=15)
save("inf_bootb_rdms", np.array(calls[0::2]), np.int64)
save("inf_bootb_conditions", np.array(calls[1::2]), np.int64)
save("inf_bootb_evaluations", res_b.evaluations)
save("inf_bootb_noise_ceiling", res_b.noise_ceiling)
save("inf_bootb_model_var", res_b.model_var)
save("inf_bootb_diff_var", res_b.diff_var)
save("inf_bootb_nc_var", res_b.noise_ceil_var)

# dual bootstrap of fixed models (k_rdm = k_pattern = 1: no cross-validation inside)
from rsatoolbox.inference import eval_dual_bootstrap
np.random.seed(14)
res_d, calls = logged(eval_dual_bootstrap, models, RDMs(subjects.copy()), method="corr", N=15,
                      k_pattern=1, k_rdm=1)
save("inf_dual_rdms", np.array(calls[0::2]), np.int64)
save("inf_dual_conditions", np.array(calls[1::2]), np.int64)
save("inf_dual_evaluations_by_type", res_d.evaluations[:, :, 0, 0, :].transpose(2, 0, 1).reshape(-1, len(models)))
save("inf_dual_means", res_d.get_means())
save("inf_dual_model_var", res_d.model_var)
save("inf_dual_diff_var", res_d.diff_var)
save("inf_dual_nc_var", res_d.noise_ceil_var)
pp, pz, pn = res_d.test_all(test_type="t-test")
save("inf_dual_p_pairwise", pp)
save("inf_dual_p_zero", pz)
save("inf_dual_p_noise", pn)

# model fitting
sel = ModelSelect("sel", model_rdms.copy())
save("fit_select_corr", np.array([fit_select(sel, RDMs(subjects.copy()), method="corr")], dtype=np.float64))
w = ModelWeighted("w", model_rdms[:3].copy())
# rsatoolbox 0.3.2's fit_regress_nn never returns here: its active-set loop stops only when every
# gradient component is below an absolute 100·eps, and rounding leaves 2.8e-14 at a passive
# weight, which it selects again forever. The non-negative fits are therefore computed as
# fit_regress_nn defines them (pool_rdm of util.pooling, model RDMs centred for corr, ridge as
# extra rows), solved by scipy.optimize.nnls (`*_formula`).
from scipy.optimize import nnls
from rsatoolbox.util.pooling import pool_rdm as pool_rdm_fit


def nnls_formula(model_vectors, method, ridge=0.0):
    y = pool_rdm_fit(RDMs(subjects.copy()), method=method).get_vectors()[0]
    a = model_vectors.copy()
    if method == "corr":
        a = a - a.mean(1, keepdims=True)
    k = a.shape[0]
    big_a = np.vstack([a.T, np.sqrt(ridge) * np.eye(k)])
    big_y = np.concatenate([y, np.zeros(k)])
    theta, _ = nnls(big_a, big_y)
    return theta / np.sqrt(np.sum(theta ** 2))


for m in ["cosine", "corr"]:
    save(f"fit_regress_{m}", fit_regress(w, RDMs(subjects.copy()), method=m))
    save(f"fit_nnls_{m}_formula", nnls_formula(model_rdms[:3], m))
    save(f"fit_nnls_{m}_ridge_formula", nnls_formula(model_rdms[:3], m, ridge=0.5))
    save(f"fit_regress_{m}_ridge", fit_regress(w, RDMs(subjects.copy()), method=m, ridge_weight=0.5))
# a weighted model whose unconstrained fit has a negative weight
neg = np.vstack([model_rdms[1], model_rdms[0] + model_rdms[1], model_rdms[3]])
w_neg = ModelWeighted("wneg", neg.copy())
save("fit_neg_models", neg)
save("fit_neg_regress_cosine", fit_regress(w_neg, RDMs(subjects.copy()), method="cosine"))
save("fit_neg_nnls_cosine_formula", nnls_formula(neg, "cosine"))
# interpolation: rsatoolbox's loop with scipy's bounded minimiser at a tight tolerance
ip = ModelInterpolate("ip", model_rdms[:3].copy())
best = None
for i in range(2):
    def loss(wt, i=i):
        th = np.zeros(3)
        th[i], th[i + 1] = wt, 1 - wt
        return _loss(th, ip, RDMs(subjects.copy()), method="corr")
    r = minimize_scalar(loss, bounds=(0, 1), method="bounded", options={"xatol": 1e-12})
    if best is None or r.fun < best[0]:
        th = np.zeros(3)
        th[i], th[i + 1] = r.x, 1 - r.x
        best = (r.fun, th)
save("fit_interpolate_corr_formula", best[1])

# Student t tails (scipy)
t_values = np.array([-4.0, -1.3, 0.0, 0.2, 1.0, 2.5, 7.0, 30.0])
dofs = np.array([1.0, 2.0, 3.0, 6.0, 19.0, 59.0, 200.0])
save("t_values", t_values)
save("t_dofs", dofs)
save("t_cdf", np.array([[scipy.stats.t.cdf(t, d) for t in t_values] for d in dofs]))
save("t_sf", np.array([[scipy.stats.t.sf(t, d) for t in t_values] for d in dofs]))

# sign-rank tests: rsatoolbox's 'ranksum' tests of the fixed evaluation, and scipy.stats.wilcoxon
# on samples taking each of its paths (exact; ties or zeros with n <= 13: all sign flips;
# asymptotic: ties with 13 < n <= 50, and n > 50)
pp, pz, pn = res.test_all(test_type="ranksum")
save("inf_fixed_ranksum_p_pairwise", pp)
save("inf_fixed_ranksum_p_zero", pz)
save("inf_fixed_ranksum_p_noise", pn)
w_samples = [
    rng.standard_normal(9) + 0.5,
    np.array([1.0, -2, 3, 3, -4, 5, 6, -7, 8, 9]),
    np.array([1.0, 0, 3, 4.5, -4, 5, 6, -7, 8, 9, -0.5, 2.5]),
    np.round(rng.standard_normal(30) * 3) / 2 + 0.4,
    rng.standard_normal(70) + 0.2,
]
for k, w in enumerate(w_samples):
    save(f"wilcoxon_{k}_d", w)
    save(f"wilcoxon_{k}_p", np.array([scipy.stats.wilcoxon(w).pvalue]))

# ---------------------------------------------------------------- searchlight
from rsatoolbox.util.searchlight import get_volume_searchlight, get_searchlight_RDMs
sl_shape = (7, 6, 5)
sl_mask = np.zeros(sl_shape, dtype=bool)
sl_mask[1:6, 1:5, 0:4] = True
sl_mask[3, 2, 4] = True
sl_mask[1, 1, 0] = False
save("sl_mask", sl_mask, np.float64)
for radius, threshold, truncate, tag in [(2, 0.5, False, "r2_t05"), (2.5, 0.7, True, "r25_t07_trunc"),
                                         (1.5, 1.0, False, "r15_t1")]:
    centers, neighbors = get_volume_searchlight(sl_mask, radius=radius, threshold=threshold,
                                                truncate_at_boundary=truncate)
    save(f"sl_{tag}_centers", centers, np.int64)
    save(f"sl_{tag}_sizes", [len(n) for n in neighbors], np.int64)
    save(f"sl_{tag}_neighbors", np.concatenate([np.sort(n) for n in neighbors]), np.int64)
sl_events = np.array(["e3", "e1", "e10", "e2", "e1", "e3", "e2", "e10", "e1", "e2", "e3", "e10"])
sl_data = rng.standard_normal((len(sl_events), int(np.prod(sl_shape))))
save("sl_data", sl_data)
save_labels("sl_events", sl_events)
centers, neighbors = get_volume_searchlight(sl_mask, radius=2, threshold=0.5)
for method in ["correlation", "euclidean"]:
    r = get_searchlight_RDMs(sl_data, centers, neighbors, sl_events, method=method, verbose=False)
    save(f"sl_rdms_{method}", r.get_vectors())

write_versions(
    OUT, {"scipy": scipy.__version__, "rsatoolbox": version("rsatoolbox"), "networkx": version("networkx"),
          "trsa_code": "doerlbh/TopologicalRSA 18e5beb00eed038c2aae83cb8ef7e03b45425339 utils_transform.py"},
    indent=2, end="")
print("wrote", len(list(OUT.glob("*.npy"))), "arrays")
