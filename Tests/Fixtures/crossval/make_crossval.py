"""Reference fixtures for Neurometry's cross-validated RSA model evaluation (rsatoolbox
`inference.crossval`, `bootstrap_crossval` and the set builders of `inference.crossvalsets`).

Writes into this script's folder (Tests/Fixtures/crossval/):
  data.npy, conditions.npy       7 subject RDMs over 16 string conditions stored in the order
                                 Neurometry sorts them ('c0' < 'c1' < 'c10' < 'c2' < ...); for
                                 sets_leave_one_out_pattern condition c is in group c % 4
  select.npy, weighted.npy, interpolate.npy, fixed.npy
                                 model RDMs (4 for a select model, 3 weighted, 3 interpolation, 1 fixed)
  cv_<name>_folds.json           the train/test/ceiling sets rsatoolbox built (indices: RDM and
                                 condition positions; "ceiling_rdms": null for ceil_set=None)
  cv_<name>_evaluations.npy      crossval evaluations, models x folds
  cv_<name>_noise_ceiling.npy    crossval noise ceiling (2 x 1, or 2 x folds without ceil_set)
  bcv_<name>_samples.json        for each bootstrap sample: the RDM and condition indices numpy drew
                                 (null: not resampled) and, per cross-validation repetition, the
                                 k-fold sets rsatoolbox built from them (indices: original positions)
  bcv_<name>_evaluations.npy     bootstrap_crossval evaluations, samples x models x folds x n_cv
  bcv_<name>_noise_ceiling.npy   its noise ceilings, 2 x samples x n_cv
  bcv_<name>_variances.npy, _model_var, _diff_var, _nc_var, _means, _p_pairwise, _p_zero, _p_noise
  dual_corr_*                    eval_dual_bootstrap of the fitted models (k_rdm = k_pattern = 2,
                                 n_cv = 2): samples with the folds of each type (both, subjects,
                                 conditions) and repetition, evaluations (samples x type x models x
                                 folds x n_cv), ceilings (samples x type x bound x n_cv), the three
                                 corrected covariances, variances, means and t-tests
  versions.json

Fitters: select models fit_select; weighted models fit_regress (rsatoolbox) or, for the `nnls` runs,
non-negative least squares as fit_regress_nn defines it, solved by scipy.optimize.nnls (rsatoolbox
0.3.2's fit_regress_nn can loop forever, see Tests/Fixtures/rsa/make_rsa.py); the -cov runs fit_regress
with the whitened systems solved exactly (`fit_regress_exact`; rsatoolbox uses conjugate gradients
at rtol 1e-5); interpolation models rsatoolbox's fit_interpolate loop (its `_loss`) with scipy's
bounded minimiser at xatol 1e-10, then the end points w = 0 and 1, which scipy's bounded Brent never
evaluates (rsatoolbox 0.3.2 misses a best weight there: a bug), then the weight refined to the root
of the loss's derivative (fourth-order central difference, scipy's brentq), which function values
locate only to ~1.5e-8·|w|; fixed models fit_mock.

The indices are recorded by wrapping rsatoolbox's bootstrap_sample* and sets_k_fold functions in
rsatoolbox.inference.evaluate, so Neurometry is handed exactly the samples and folds numpy drew.

rsatoolbox 0.3.2 bugs found here: sets_of_k_rdm calls sets_k_fold_rdm(..., k=n_groups), whose
parameter is k_rdm, and raises TypeError (recorded in versions.json under "bugs"); fit_interpolate
misses a best weight at 0 or 1 (above; in bcv_both_corr it picks a weight with mean corr 0.36
below the end point's).

Generated with numpy 2.4.6, scipy 1.17.1, rsatoolbox 0.3.2. Deterministic: default_rng(7007) for
the data, numpy.random.seed(...) per run for rsatoolbox's own draws.
Run from the repo root:  /work/venv-fixtures/bin/python Tests/Fixtures/crossval/make_crossval.py
"""
import json
import warnings
from importlib.metadata import version
import sys
from pathlib import Path

import numpy as np
import scipy
from scipy.optimize import brentq, minimize_scalar, nnls
from scipy.spatial.distance import pdist

import rsatoolbox.inference.evaluate as ev
from rsatoolbox.inference import crossval, bootstrap_crossval
from rsatoolbox.inference.crossvalsets import (sets_k_fold, sets_k_fold_pattern, sets_k_fold_rdm,
                                                sets_leave_one_out_pattern, sets_leave_one_out_rdm,
                                                sets_of_k_pattern, sets_of_k_rdm)
from rsatoolbox.model import ModelFixed, ModelSelect, ModelWeighted, ModelInterpolate
from rsatoolbox.model.fitter import fit_select, fit_regress, fit_mock, _loss
from rsatoolbox.rdm import RDMs
from rsatoolbox.util.pooling import pool_rdm as pool_rdm_fit
from rsatoolbox.util.rdm_utils import _parse_nan_vectors
from rsatoolbox.util.matrix import get_v
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import save_array, write_versions  # noqa: E402

warnings.filterwarnings("ignore")
OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(7007)


def save(name, arr, dtype=np.float64):
    save_array(OUT, name, arr, dtype, order="K")


# ---------------------------------------------------------------- data and models
n_cond, n_subj, p = 16, 7, 13
labels = sorted([f"c{i}" for i in range(n_cond)])  # 'c0', 'c1', 'c10', 'c2', ...
truth = rng.standard_normal((n_cond, p))
subjects = np.array([pdist(truth + 1.1 * rng.standard_normal((n_cond, p)), "sqeuclidean") / p
                     for _ in range(n_subj)])


def model_rdms(scales):
    return np.array([pdist(truth + s * rng.standard_normal((n_cond, p)), "sqeuclidean") / p for s in scales])


sel_rdms = model_rdms([0.4, 1.0, 2.0, 4.0])
sel_rdms[3] = np.round(sel_rdms[3] * 2) / 2  # ties
w_rdms = model_rdms([0.8, 1.5, 3.0])
ip_rdms = model_rdms([0.2, 2.5, 5.0])
fix_rdms = model_rdms([1.3])
save("data", subjects)
np.save(OUT / "conditions.npy", np.array(labels))
save("select", sel_rdms)
save("weighted", w_rdms)
save("interpolate", ip_rdms)
save("fixed", fix_rdms)


groups = [i % 4 for i in range(n_cond)]  # condition groups for sets_leave_one_out_pattern


def data():
    return RDMs(subjects.copy(), pattern_descriptors={"conds": list(labels), "group": list(groups)})


def models():
    def m(x):
        return RDMs(x.copy(), pattern_descriptors={"group": list(groups)})
    return [ModelSelect("select", m(sel_rdms)), ModelWeighted("weighted", m(w_rdms)),
            ModelInterpolate("interpolate", m(ip_rdms)), ModelFixed("fixed", m(fix_rdms))]


def fit_interpolate_tight(model, data, method="cosine", pattern_idx=None, pattern_descriptor=None, sigma_k=None):
    best = None
    for i in range(model.n_rdm - 1):
        def loss(w, i=i):
            th = np.zeros(model.n_param)
            th[i], th[i + 1] = w, 1 - w
            return _loss(th, model, data, method=method, pattern_idx=pattern_idx,
                         pattern_descriptor=pattern_descriptor, sigma_k=sigma_k)
        r = minimize_scalar(loss, bounds=(0, 1), method="bounded", options={"xatol": 1e-10})
        w, fw = r.x, r.fun
        for edge in (0.0, 1.0):  # scipy's bounded Brent never evaluates the end points
            fe = loss(edge)
            if fe < fw:
                w, fw = edge, fe
        w, fw = polish(loss, w, fw)
        if best is None or fw < best[0]:
            th = np.zeros(model.n_param)
            th[i], th[i + 1] = w, 1 - w
            best = (fw, th)
    return best[1]


def polish(loss, w, fw, h=1e-3):
    """The root of the loss's derivative near an interior minimum w (the fourth-order central
    difference, h = 1e-3), by scipy's brentq: function values locate a minimum only to ~1.5e-8·|w|,
    the derivative's root to ~1e-12."""
    if not (2 * h < w < 1 - 2 * h):
        return w, fw

    def d(t):
        return (-loss(t + 2 * h) + 8 * loss(t + h) - 8 * loss(t - h) + loss(t - 2 * h)) / (12 * h)
    delta = 1e-7
    while delta <= 1e-6 and d(w - delta) * d(w + delta) > 0:
        delta *= 2
    if d(w - delta) * d(w + delta) > 0:
        return w, fw
    root = brentq(d, w - delta, w + delta, xtol=1e-16, rtol=1e-15, maxiter=200)
    return root, loss(root)


def fit_nnls_formula(model, data, method="cosine", pattern_idx=None, pattern_descriptor=None, sigma_k=None):
    pred = model.rdm_obj
    if pattern_idx is not None and pattern_descriptor is not None:
        pred = pred.subsample_pattern(pattern_descriptor, pattern_idx)
    vectors = pred.get_vectors()
    y = pool_rdm_fit(data, method=method).get_vectors()
    vectors, y, _ = _parse_nan_vectors(vectors, y)
    if method == "corr":
        vectors = vectors - vectors.mean(1, keepdims=True)
    elif method != "cosine":
        raise ValueError(method)
    theta, _ = nnls(vectors.T, y[0])
    return theta / np.sqrt(np.sum(theta ** 2))


def pool_exact(data, method):
    """util.pooling.pool_rdm (the pooling rsatoolbox's fitters use), with the whitened norms of
    cosine_cov / corr_cov solved exactly instead of by conjugate gradients (rtol 1e-5)."""
    if method not in ("cosine_cov", "corr_cov"):
        return pool_rdm_fit(data, method=method).get_vectors()
    x = data.get_vectors()
    if method == "corr_cov":
        x = x - np.nanmean(x, axis=1, keepdims=True)
    v = get_v(data.n_cond, None)
    v = v.toarray() if hasattr(v, "toarray") else np.asarray(v)
    ok = np.all(np.isfinite(x), axis=0)
    xo = x[:, ok]
    norms = np.einsum("ij,ij->i", xo, np.linalg.solve(v[ok][:, ok], xo.T).T).reshape(-1, 1)
    x = x / np.sqrt(norms)
    y = np.array([np.mean(x, axis=0)])  # no NaN columns differ between RDMs here
    if method == "corr_cov":
        y = y - np.nanmin(y) + 0.01
    return y


def fit_regress_exact(model, data, method="cosine", pattern_idx=None, pattern_descriptor=None, sigma_k=None):
    """fit_regress with V solved exactly in the pooling and the regression (rsatoolbox 0.3.2 solves
    them by conjugate gradients to a relative tolerance of 1e-5, which moves the weights by ~1e-6)."""
    pred = model.rdm_obj
    if pattern_idx is not None and pattern_descriptor is not None:
        pred = pred.subsample_pattern(pattern_descriptor, pattern_idx)
    vectors = pred.get_vectors()
    y = pool_exact(data, method)
    vectors, y, nan_idx = _parse_nan_vectors(vectors, y)
    if method in ("corr", "corr_cov"):
        vectors = vectors - vectors.mean(1, keepdims=True)
    if method == "corr_cov":
        y = y - np.mean(y)
    if method in ("cosine", "corr"):
        X = vectors @ vectors.T
        b = vectors @ y.T
    else:
        v = get_v(pred.n_cond, sigma_k)
        v = (v.toarray() if hasattr(v, "toarray") else np.asarray(v))[nan_idx[0]][:, nan_idx[0]]
        v_inv_x = np.linalg.solve(v, vectors.T).T
        X = vectors @ v_inv_x.T
        b = v_inv_x @ y.T
    theta = np.linalg.solve(X, b).flatten()
    return theta / np.sqrt(np.sum(theta ** 2))


def fitters(weighted):
    return [fit_select, weighted, fit_interpolate_tight, fit_mock]


# ---------------------------------------------------------------- recording folds and samples
def ints(v):
    return [int(x) for x in v]


def unique_in_order(v):
    return list(dict.fromkeys(ints(v)))


def fold_dicts(train_set, test_set, ceil_set, by_group=False):
    def conditions(values):  # group values -> condition positions
        return [c for c in range(n_cond) if groups[c] in set(ints(values))] if by_group else ints(values)
    out = []
    for i, (train, test) in enumerate(zip(train_set, test_set)):
        out.append({
            "train_rdms": unique_in_order(train[0].rdm_descriptors["index"]),
            "test_rdms": unique_in_order(test[0].rdm_descriptors["index"]),
            "train_conditions": conditions(train[1]),
            "test_conditions": conditions(test[1]),
            "ceiling_rdms": None if ceil_set is None else unique_in_order(ceil_set[i][0].rdm_descriptors["index"]),
        })
    return out


def write_json(name, obj):
    (OUT / f"{name}.json").write_text(json.dumps(obj, indent=1) + "\n")


# ---------------------------------------------------------------- crossval on fixed sets
def run_crossval(name, sets, method, weighted_fitter, pattern_descriptor="index"):
    train_set, test_set, ceil_set = sets
    write_json(f"cv_{name}_folds", fold_dicts(train_set, test_set, ceil_set, by_group=pattern_descriptor == "group"))
    res = crossval(models(), data(), train_set, test_set, ceil_set=ceil_set, method=method,
                   fitter=fitters(weighted_fitter), pattern_descriptor=pattern_descriptor)
    save(f"cv_{name}_evaluations", res.evaluations[0])
    save(f"cv_{name}_noise_ceiling", np.asarray(res.noise_ceiling, dtype=np.float64).reshape(2, -1))


np.random.seed(21)
run_crossval("kfold_corr", sets_k_fold(data(), k_rdm=2, k_pattern=3, random=True), "corr", fit_regress)
np.random.seed(22)
run_crossval("kfold_cosine_nnls", sets_k_fold(data(), k_rdm=3, k_pattern=2, random=True), "cosine",
             fit_nnls_formula)
np.random.seed(23)
run_crossval("pattern_corrcov", sets_k_fold_pattern(data(), k=3, random=True), "corr_cov", fit_regress_exact)
np.random.seed(24)
run_crossval("rdm_cosine", sets_k_fold_rdm(data(), k_rdm=3, random=True), "cosine", fit_regress)
run_crossval("loo_rdm_corr", sets_leave_one_out_rdm(data()), "corr", fit_nnls_formula)
run_crossval("ofk_pattern_cosinecov", sets_of_k_pattern(data(), pattern_descriptor="index", k=4), "cosine_cov",
             fit_regress_exact)
# leave one group of conditions out (conditions c with c % 4 == g; the ceiling pools all RDMs)
run_crossval("loo_pattern_corr", sets_leave_one_out_pattern(data(), "group"), "corr", fit_regress,
             pattern_descriptor="group")
bugs = {}
try:
    sets_of_k_rdm(data(), k=2)
except TypeError as e:
    bugs["sets_of_k_rdm"] = f"TypeError: {e}"


# ---------------------------------------------------------------- bootstrap_crossval
class Recorder:
    """Wraps rsatoolbox's sampling and set-building functions to record what they return."""

    def __init__(self):
        self.samples = []
        self.originals = {}

    def wrap_sample(self, name, kind):
        original = getattr(ev, name)
        self.originals[name] = original

        def wrapped(*args, **kw):
            out = original(*args, **kw)
            if kind == "both":
                entry = {"rdms": ints(out[1]), "conditions": ints(out[2])}
            elif kind == "pattern":
                entry = {"rdms": None, "conditions": ints(out[1])}
            else:
                entry = {"rdms": ints(out[1]), "conditions": None}
            entry["repetitions"] = []
            self.samples.append(entry)
            return out
        setattr(ev, name, wrapped)

    def wrap_sets(self):
        original = ev.sets_k_fold
        self.originals["sets_k_fold"] = original

        def wrapped(*args, **kw):
            out = original(*args, **kw)
            self.samples[-1]["repetitions"].append(fold_dicts(*out))
            return out
        ev.sets_k_fold = wrapped

    def restore(self):
        for name, f in self.originals.items():
            setattr(ev, name, f)


def run_bootstrap_crossval(name, seed, method, weighted_fitter, **kw):
    rec = Recorder()
    rec.wrap_sample("bootstrap_sample", "both")
    rec.wrap_sample("bootstrap_sample_pattern", "pattern")
    rec.wrap_sample("bootstrap_sample_rdm", "rdm")
    rec.wrap_sets()
    np.random.seed(seed)
    try:
        res = bootstrap_crossval(models(), data(), method=method, fitter=fitters(weighted_fitter), **kw)
    finally:
        rec.restore()
    write_json(f"bcv_{name}_samples", rec.samples)
    save(f"bcv_{name}_evaluations", res.evaluations)
    save(f"bcv_{name}_noise_ceiling", res.noise_ceiling)
    save(f"bcv_{name}_variances", res.variances)
    save(f"bcv_{name}_model_var", res.model_var)
    save(f"bcv_{name}_diff_var", res.diff_var)
    save(f"bcv_{name}_nc_var", res.noise_ceil_var)
    save(f"bcv_{name}_means", res.get_means())
    pp, pz, pn = res.test_all(test_type="t-test")
    save(f"bcv_{name}_p_pairwise", pp)
    save(f"bcv_{name}_p_zero", pz)
    save(f"bcv_{name}_p_noise", pn)
    return res


run_bootstrap_crossval("both_corr", 31, "corr", fit_regress, k_rdm=2, k_pattern=2, N=12, n_cv=2)
run_bootstrap_crossval("pattern_cosine", 32, "cosine", fit_nnls_formula, k_rdm=2, k_pattern=2, N=10, n_cv=3,
                       boot_type="pattern")
run_bootstrap_crossval("rdm_corrcov", 33, "corr_cov", fit_regress_exact, k_rdm=3, k_pattern=1, N=10, n_cv=2,
                       boot_type="rdm")
# k_pattern = 3 needs 9 distinct conditions of 16: some samples are invalid (NaN)
run_bootstrap_crossval("both_k3_cosine", 35, "cosine", fit_regress, k_rdm=2, k_pattern=3, N=16, n_cv=2)
run_bootstrap_crossval("both_nocv_cosine", 34, "cosine", fit_regress, k_rdm=1, k_pattern=1, N=9, n_cv=1,
                       use_correction=False)

# eval_dual_bootstrap of fitted models (k_rdm = k_pattern = 2, n_cv = 2): each sample
# cross-validated on its subjects and conditions, on its subjects only and on its conditions only
from rsatoolbox.inference import eval_dual_bootstrap


def run_dual(name, seed, method, weighted_fitter, n_cv, **kw):
    rec = Recorder()
    rec.wrap_sample("bootstrap_sample", "both")
    rec.wrap_sets()
    np.random.seed(seed)
    try:
        res = eval_dual_bootstrap(models(), data(), method=method, fitter=fitters(weighted_fitter), n_cv=n_cv, **kw)
    finally:
        rec.restore()
    for entry in rec.samples:  # sets_k_fold ran per repetition for types 0, 1, 2 in turn
        reps = entry.pop("repetitions")
        entry["types"] = [[reps[3 * i + t] for i in range(len(reps) // 3)] for t in range(3)]
    write_json(f"dual_{name}_samples", rec.samples)
    save(f"dual_{name}_evaluations", res.evaluations.transpose(0, 4, 1, 2, 3))  # N x type x M x folds x n_cv
    save(f"dual_{name}_noise_ceiling", res.noise_ceiling.transpose(1, 3, 0, 2))  # N x type x bound x n_cv
    save(f"dual_{name}_variances", res.variances)  # type x (M + 2) x (M + 2)
    save(f"dual_{name}_model_var", res.model_var)
    save(f"dual_{name}_diff_var", res.diff_var)
    save(f"dual_{name}_nc_var", res.noise_ceil_var)
    save(f"dual_{name}_means", res.get_means())
    pp, pz, pn = res.test_all(test_type="t-test")
    save(f"dual_{name}_p_pairwise", pp)
    save(f"dual_{name}_p_zero", pz)
    save(f"dual_{name}_p_noise", pn)


run_dual("corr", 41, "corr", fit_regress, 2, k_rdm=2, k_pattern=2, N=10)

write_versions(OUT, {"scipy": scipy.__version__, "rsatoolbox": version("rsatoolbox"), "bugs": bugs})
