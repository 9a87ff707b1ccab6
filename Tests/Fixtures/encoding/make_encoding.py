"""Reference fixtures for NeurometryEncoding (ridge, leave-one-out ridge, banded ridge, PLS,
cross-validation splitters, split-half ceilings, the Brain-Score preset).

Writes into this script's folder (Tests/Fixtures/encoding/):
  splits.json                 train/test indices of scikit-learn splitters (KFold, shuffled KFold,
                              GroupKFold on string groups, ShuffleSplit, StratifiedShuffleSplit)
  <case>_<array>.npy          inputs and expected outputs, float64, per case below
  cases.json                  per case: the reference call, its parameters, and the array names
  versions.json               python, numpy, scipy, scikit-learn, himalaya

Cases
  ridge_*      himalaya.ridge.RidgeCV (numpy backend, float64): best_alphas_, coef_, intercept_,
               cv_scores_ (these include himalaya's 1e-10*log(alpha) tie-break slope) and
               predictions on new samples
  loo_*        sklearn.linear_model.RidgeCV(alpha_per_target=True, cv=None): alpha_, coef_,
               intercept_, best_score_, cv_results_ (leave-one-out squared errors)
  banded_*     himalaya.ridge.BandedRidgeCV / solve_group_ridge_random_search: deltas_, coef_,
               cv_scores_, at fixed band weights and by seeded random search
  pls_*        sklearn.cross_decomposition.PLSRegression with tol=1e-30 and max_iter=100000, so
               NIPALS converges fully (the default tol=1e-6 leaves multi-target coefficients off by
               ~1e-5): coef_, intercept_, x_weights_, x_loadings_, y_loadings_, predictions
  ceiling_*    Brain-Score's internal-consistency ceiling, transcribed with numpy/scipy: split-half
               (sklearn ShuffleSplit(10, train_size=0.5, random_state=1) over repetitions),
               Pearson r per neuroid, Spearman-Brown 2r/(1+r), median over neuroids, mean over splits
  brainscore_* Brain-Score's PLS neural predictivity, transcribed: StratifiedShuffleSplit(10,
               train_size=0.9, random_state=1), PLSRegression(25, scale=False) (tight tolerance),
               Pearson r per neuroid, median over neuroids (NaN skipped), mean and SEM (ddof 0) over
               splits, ceiled score (r/ceiling)^2

Generated with numpy 2.4.6, scipy 1.17.1, scikit-learn 1.9.1, himalaya 0.4.11 (see
Tests/Fixtures/requirements.txt). Deterministic: numpy.random.default_rng(7007), then one fixed seed per later section.
Run from the repo root:  python Tests/Fixtures/encoding/make_encoding.py
"""
import json
import warnings
import sys
from pathlib import Path

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.model_selection import GroupKFold, KFold, ShuffleSplit, StratifiedShuffleSplit

import himalaya
from himalaya.backend import set_backend
from himalaya.ridge import BandedRidgeCV, RidgeCV as HimalayaRidgeCV
from himalaya.ridge import solve_group_ridge_random_search
from himalaya.scoring import correlation_score, l2_neg_loss, r2_score, r2_score_split
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import save_array, write_versions  # noqa: E402

set_backend("numpy", on_error="raise")
OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(7007)
CASES = {}


def save(case, name, arr):
    save_array(OUT, f"{case}_{name}", arr)
    CASES.setdefault(case, {}).setdefault("arrays", []).append(name)


def ints(a):
    return [int(v) for v in a]


# ---------------------------------------------------------------- splitters
def split_list(splitter, n, *args):
    return [{"train": ints(tr), "test": ints(te)} for tr, te in splitter.split(np.zeros(n), *args)]


groups = np.array(["c10", "c2", "c2", "c1", "c10", "c3", "c2", "c1", "c10", "c3", "c2", "c4", "c4"])
classes_str = np.array(["b", "a", "b", "c", "a", "b", "b", "c", "a", "b", "c", "a", "b", "c", "a", "b",
                        "a", "c", "b", "a", "b", "c", "a", "b", "c"])
classes_num = np.array([3, 1, 2, 1, 3, 3, 2, 1, 10, 10, 2, 3, 1, 2, 3, 10, 1, 2, 3])
splits = {
    "kfold_5_n23": split_list(KFold(5), 23),
    "kfold_3_n3": split_list(KFold(3), 3),
    "shuffled_kfold_5_seed0_n23": split_list(KFold(5, shuffle=True, random_state=0), 23),
    "shuffled_kfold_4_seed42_n10": split_list(KFold(4, shuffle=True, random_state=42), 10),
    "group_kfold_3": split_list(GroupKFold(3), len(groups), None, groups),
    "shuffle_split_10_train0.5_seed1_n7": split_list(ShuffleSplit(10, train_size=0.5, random_state=1), 7),
    "shuffle_split_3_test0.25_seed5_n12": split_list(ShuffleSplit(3, test_size=0.25, random_state=5), 12),
    "stratified_10_train0.9_seed1_str": split_list(
        StratifiedShuffleSplit(10, train_size=0.9, random_state=1), len(classes_str), classes_str),
    "stratified_5_test0.3_seed3_num": split_list(
        StratifiedShuffleSplit(5, test_size=0.3, random_state=3), len(classes_num), classes_num),
}
splits["_inputs"] = {"groups": groups.tolist(), "classes_str": classes_str.tolist(),
                     "classes_num": ints(classes_num)}
(OUT / "splits.json").write_text(json.dumps(splits) + "\n")


# ---------------------------------------------------------------- himalaya RidgeCV
def regression_data(n, p, t, noise=1.0, offset=0.0):
    x = rng.standard_normal((n, p)) + offset * rng.standard_normal(p)
    w = rng.standard_normal((p, t)) / np.sqrt(p)
    y = x @ w * np.logspace(-1, 1, t) + noise * rng.standard_normal((n, t)) + offset * rng.standard_normal(t)
    return x, y


def himalaya_ridge(case, x, y, alphas, cv, fit_intercept, score_func=None, conservative=False, cv_doc=""):
    solver_params = {}
    if score_func is not None:
        solver_params["score_func"] = score_func
    if conservative:
        solver_params["conservative"] = True
    model = HimalayaRidgeCV(alphas=alphas, cv=cv, fit_intercept=fit_intercept, solver_params=solver_params or None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(x, y)
    x_new = rng.standard_normal((5, x.shape[1]))
    save(case, "x", x)
    save(case, "y", y)
    save(case, "alphas", alphas)
    save(case, "best_alphas", model.best_alphas_)
    save(case, "coef", model.coef_)
    save(case, "cv_scores", model.cv_scores_)
    save(case, "x_new", x_new)
    save(case, "predictions", model.predict(x_new))
    if fit_intercept:
        save(case, "intercept", model.intercept_)
    CASES[case].update({"reference": "himalaya.ridge.RidgeCV", "cv": cv_doc, "fit_intercept": fit_intercept,
                        "score": (score_func or l2_neg_loss).__name__, "conservative": conservative})


x, y = regression_data(41, 7, 9)
himalaya_ridge("ridge_primal", x, y, np.logspace(-2, 4, 7), 5, False, cv_doc="kfold:5")
x, y = regression_data(23, 57, 6, offset=3.0)
himalaya_ridge("ridge_dual", x, y, np.logspace(-1, 5, 9), KFold(4), True, cv_doc="kfold:4")
x, y = regression_data(37, 11, 5, offset=2.0)
himalaya_ridge("ridge_r2", x, y, np.logspace(-3, 3, 8), KFold(5, shuffle=True, random_state=3), True, r2_score,
               cv_doc="shuffled-kfold:5:seed=3")
x, y = regression_data(len(groups) * 3, 6, 4, offset=1.0)
g3 = np.repeat(groups, 3)
himalaya_ridge("ridge_pearson", x, y, np.logspace(-2, 3, 6), list(GroupKFold(3).split(x, y, g3)), True,
               correlation_score, cv_doc="group-kfold:3 on groups repeated 3 times")
CASES["ridge_pearson"]["groups"] = g3.tolist()
x, y = regression_data(50, 8, 7, noise=2.0)
himalaya_ridge("ridge_conservative", x, y, np.logspace(-2, 4, 13), 5, True, conservative=True, cv_doc="kfold:5")
# Near-ties: features so small that the scores of large alphas differ by ~1e-20, far below the
# 1e-10*log(alpha) slope, which must then pick the largest alpha.
x, y = regression_data(30, 5, 4)
himalaya_ridge("ridge_tiebreak", x * 1e-5, y, np.array([1e4, 1e6, 1e8, 1e2]), 3, False, cv_doc="kfold:3")

# ---------------------------------------------------------------- scikit-learn RidgeCV (leave-one-out)
from sklearn.linear_model import RidgeCV as SklearnRidgeCV


def sklearn_loo(case, x, y, alphas, fit_intercept, scoring=None):
    model = SklearnRidgeCV(alphas=alphas, fit_intercept=fit_intercept, alpha_per_target=True, scoring=scoring,
                           store_cv_results=True)
    model.fit(x, y)
    save(case, "x", x)
    save(case, "y", y)
    save(case, "alphas", alphas)
    save(case, "alpha", model.alpha_)
    save(case, "coef", model.coef_.T)  # stored p x t
    save(case, "intercept", np.broadcast_to(model.intercept_, (y.shape[1],)))
    save(case, "best_score", model.best_score_)
    if scoring is None:
        save(case, "squared_errors", np.transpose(model.cv_results_, (2, 0, 1)))  # alphas x n x t
    CASES[case].update({"reference": "sklearn.linear_model.RidgeCV(alpha_per_target=True)",
                        "fit_intercept": fit_intercept, "scoring": scoring or "neg-mse (default)"})


x, y = regression_data(40, 6, 5, offset=2.0)
sklearn_loo("loo_tall", x, y, np.array([10.0, 0.1, 1.0, 100.0, 0.01]), True)
x, y = regression_data(15, 30, 4, offset=1.0)
sklearn_loo("loo_wide", x, y, np.logspace(-2, 3, 6), True)
x, y = regression_data(30, 8, 3)
sklearn_loo("loo_nointercept", x, y, np.logspace(-3, 3, 7), False)
x, y = regression_data(25, 5, 4, offset=1.0)
sklearn_loo("loo_r2", x, y, np.logspace(-3, 3, 7), True, scoring="r2")

# ---------------------------------------------------------------- PLS (fully converged NIPALS)
from sklearn.cross_decomposition import PLSRegression

TIGHT = dict(tol=1e-30, max_iter=100000)
rng = np.random.default_rng(7101)  # each section has its own stream, so sections stay independent


def latent_data(n, p, q, k, noise=0.5):
    t = rng.standard_normal((n, k))
    x = t @ rng.standard_normal((k, p)) + noise * rng.standard_normal((n, p)) + rng.standard_normal(p)
    y = t @ rng.standard_normal((k, q)) + noise * rng.standard_normal((n, q)) + 3 * rng.standard_normal(q)
    return x, y


def pls_case(case, x, y, k, scale, requested=None):
    model = PLSRegression(n_components=k, scale=scale, **TIGHT)
    model.fit(x, y)
    assert max(model.n_iter_) < TIGHT["max_iter"], "NIPALS did not converge"
    x_new = rng.standard_normal((6, x.shape[1]))
    save(case, "x", x)
    save(case, "y", y)
    save(case, "coef", model.coef_.T)  # p x q
    save(case, "intercept", model.intercept_)
    save(case, "x_weights", model.x_weights_)
    save(case, "x_loadings", model.x_loadings_)
    save(case, "y_loadings", model.y_loadings_)
    save(case, "x_new", x_new)
    save(case, "predictions", model.predict(x_new).reshape(6, -1))
    CASES[case].update({"reference": "sklearn PLSRegression(tol=1e-30, max_iter=100000)", "components": k,
                        "requested": requested or k, "scale": scale, "n_iter": ints(model.n_iter_)})


x, y = latent_data(50, 12, 7, 3)
pls_case("pls_scaled", x, y, 4, True)
x, y = latent_data(45, 9, 5, 4)
pls_case("pls_unscaled", x, y, 5, False)
x, y = latent_data(30, 8, 1, 2)
pls_case("pls_single", x, y, 3, True)
x, y = latent_data(40, 6, 4, 3)
pls_case("pls_narrow", x, y, 6, False, requested=25)
x, y = latent_data(20, 35, 4, 3)
x[:, 5] = 1.5  # a constant feature: scikit-learn leaves its zero deviation at 1
pls_case("pls_wide", x, y, 6, True)
# scikit-learn's default tolerance, for the size of the difference (documented, not a target)
x, y = [np.load(OUT / f"pls_scaled_{a}.npy") for a in ("x", "y")]
default = PLSRegression(n_components=4).fit(x, y)
save("pls_scaled", "coef_default_tol", default.coef_.T)

# ---------------------------------------------------------------- split-half ceilings (Brain-Score)
def brainscore_ceiling(reps, halves):
    """Brain-Score's InternalConsistency: per split, Pearson r per neuroid between the mean of each
    half of the repetitions, Spearman-Brown 2r/(1+r); median over neuroids (NaN skipped, as xarray);
    mean and standard error (std ddof 0 / sqrt(splits)) over splits."""
    values = []
    for train, test in halves:
        h1, h2 = reps[train].mean(0), reps[test].mean(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = np.array([scipy.stats.pearsonr(h1[:, j], h2[:, j])[0] for j in range(reps.shape[2])])
        values.append(2 * r / (1 + r))
    values = np.array(values)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        medians = np.nanmedian(values, axis=1)
        per_target = np.nanmean(values, axis=0)
    return values, medians, medians.mean(), medians.std() / np.sqrt(len(medians)), per_target


def repetitions_data(r, n, t, noise):
    signal = rng.standard_normal((n, t)) * np.linspace(0.2, 2.0, t)
    return signal[None] + noise * rng.standard_normal((r, n, t)), signal


rng = np.random.default_rng(7201)
reps, _ = repetitions_data(5, 30, 8, 1.0)
reps[:, :, 3] = 2.5  # a constant target: NaN reliability, skipped by the medians
case = "ceiling_random"
halves = list(ShuffleSplit(n_splits=10, train_size=0.5, random_state=1).split(np.zeros(5)))
values, medians, center, error, per_target = brainscore_ceiling(reps, halves)
save(case, "repetitions", reps)
save(case, "split_values", values)
save(case, "split_medians", medians)
save(case, "center", [center])
save(case, "error", [error])
save(case, "per_target", per_target)
CASES[case].update({"reference": "Brain-Score InternalConsistency (transcribed)", "splits": 10, "seed": 1,
                    "halves": [{"train": ints(a), "test": ints(b)} for a, b in halves]})
case = "ceiling_fixed"
reps, _ = repetitions_data(4, 17, 5, 0.7)
halves = [(np.array([0, 2]), np.array([1, 3]))]
values, medians, center, error, per_target = brainscore_ceiling(reps, halves)
save(case, "repetitions", reps)
save(case, "per_target", per_target)
save(case, "center", [center])
CASES[case].update({"reference": "Spearman-Brown split-half on a fixed split", "halves": [{"train": [0, 2], "test": [1, 3]}]})

# ---------------------------------------------------------------- end-to-end: nested CV ridge (CLI)
case = "cli"
rng = np.random.default_rng(7301)
n, t = 40, 12
reps, signal = repetitions_data(4, n, t, 0.8)
acts = {"early": rng.standard_normal((n, 3, 2, 2)),
        "late": signal @ rng.standard_normal((t, 9)) + 0.5 * rng.standard_normal((n, 9))}
np.savez(OUT / "cli_activations.npz", **acts)
np.save(OUT / "cli_repetitions.npy", reps)
y = reps.mean(0)
np.save(OUT / "cli_responses.npy", y)
regions = np.array(["V4", "IT", "V4", "IT", "IT", "V1", "V4", "IT", "V1", "IT", "V4", "IT"])
np.save(OUT / "cli_regions.npy", regions)
bad = y.copy(); bad[7, 5] = np.nan
np.save(OUT / "cli_nan_responses.npy", bad)
np.save(OUT / "cli_short_responses.npy", y[:39])
alphas = np.logspace(-2, 5, 15)
save(case, "alphas_logspace_-2_5_15", alphas)
x = acts["late"]
scores = []
for train, test in KFold(5).split(x):
    model = HimalayaRidgeCV(alphas=alphas, cv=5, fit_intercept=True)
    model.fit(x[train], y[train])
    pred = model.predict(x[test])
    scores.append([scipy.stats.pearsonr(y[test][:, j], pred[:, j])[0] for j in range(t)])
save(case, "split_scores", scores)
save(case, "scores", np.mean(scores, axis=0))
values, medians, center, error, per_target = brainscore_ceiling(
    reps, list(ShuffleSplit(n_splits=10, train_size=0.5, random_state=1).split(np.zeros(4))))
save(case, "ceiling", per_target)
CASES[case].update({"reference": "outer KFold(5); himalaya RidgeCV(logspace(-2,5,15), cv=5, fit_intercept=True) "
                    "per training set; scipy pearsonr per target; Brain-Score ceiling"})

# ---------------------------------------------------------------- banded ridge
rng = np.random.default_rng(7401)


def banded_data(n, sizes, t, weights):
    xs = [rng.standard_normal((n, s)) for s in sizes]
    y = sum(w * x @ rng.standard_normal((x.shape[1], t)) / np.sqrt(x.shape[1]) for w, x in zip(weights, xs))
    y = y + rng.standard_normal((n, t))
    return np.hstack(xs), y


def banded_fixed(case, sizes, n, t, gammas, alphas, cv, fit_intercept, cv_doc):
    x, y = banded_data(n, sizes, t, [1.0, 0.4, 0.2][:len(sizes)])
    starts = np.concatenate([[0], np.cumsum(sizes)])
    xs = [x[:, a:b] for a, b in zip(starts[:-1], starts[1:])]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = solve_group_ridge_random_search(xs, y, n_iter=np.array(gammas), alphas=alphas, cv=cv,
                                              fit_intercept=fit_intercept, return_weights=True, progress_bar=False)
    deltas, coef, cv_scores = out[:3]
    save(case, "x", x)
    save(case, "y", y)
    save(case, "alphas", alphas)
    save(case, "gammas", gammas)
    save(case, "deltas", deltas)
    save(case, "coef", coef)
    save(case, "cv_scores", cv_scores)
    if fit_intercept:
        save(case, "intercept", out[3])
    CASES[case].update({"reference": "himalaya solve_group_ridge_random_search(n_iter=fixed gammas)",
                        "sizes": ints(sizes), "fit_intercept": fit_intercept, "cv": cv_doc})
    return x, y, coef, starts


x, y, coef, starts = banded_fixed("banded_fixed", [4, 7], 45, 5, [[0.5, 0.5], [0.9, 0.1], [0.2, 0.8], [0.05, 0.95]],
                                  np.logspace(-2, 4, 7), 5, False, "kfold:5")
# himalaya's r2_score_split on new samples (centred), from the per-band predictions
x_new, _ = banded_data(20, [4, 7], 5, [1.0, 0.4])
y_new = x_new @ coef + rng.standard_normal((20, 5))
y_new = y_new - y_new.mean(0)
split_pred = np.stack([x_new[:, a:b] @ coef[a:b] for a, b in zip(starts[:-1], starts[1:])])
save("banded_fixed", "x_new", x_new)
save("banded_fixed", "y_new", y_new)
save("banded_fixed", "r2_split", r2_score_split(y_new, split_pred))
banded_fixed("banded_dual", [30, 20], 24, 4, [[0.5, 0.5], [0.7, 0.3], [0.1, 0.9]], np.logspace(-1, 4, 6), KFold(3),
             True, "kfold:3")

case = "banded_random"
x, y = banded_data(60, [3, 6, 5], 6, [1.0, 0.4, 0.2])
groups_b = np.repeat([0, 1, 2], [3, 6, 5])
model = BandedRidgeCV(groups=groups_b, solver="random_search", cv=KFold(4), fit_intercept=True, random_state=5,
                      solver_params=dict(n_iter=9, alphas=np.logspace(-2, 4, 7), progress_bar=False))
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    model.fit(x, y)
from himalaya.kernel_ridge import generate_dirichlet_samples
gammas = generate_dirichlet_samples(9, 3, concentration=[0.1, 1.0], random_state=5)
gammas[0] = 1 / 3
save(case, "x", x)
save(case, "y", y)
save(case, "alphas", np.logspace(-2, 4, 7))
save(case, "gammas", gammas)
save(case, "deltas", model.deltas_)
save(case, "coef", model.coef_)
save(case, "intercept", model.intercept_)
save(case, "cv_scores", model.cv_scores_)
save(case, "best_alphas", model.best_alphas_)
CASES[case].update({"reference": "himalaya BandedRidgeCV(random_search, n_iter=9, random_state=5)",
                    "sizes": [3, 6, 5], "cv": "kfold:4", "fit_intercept": True})

# ---------------------------------------------------------------- Brain-Score PLS preset (transcribed)
rng = np.random.default_rng(7501)
case = "brainscore"
n, p, t, r = 60, 40, 15, 6
objects = np.array([f"obj{k}" for k in rng.permutation(np.repeat(np.arange(6), 10))])
latent = rng.standard_normal((n, 8))
acts = latent @ rng.standard_normal((8, p)) + 0.7 * rng.standard_normal((n, p))
signal = latent @ rng.standard_normal((8, t)) * np.linspace(0.3, 1.5, t)
reps = signal[None] + 1.2 * rng.standard_normal((r, n, t))
reps[:, :, 4] = 1.0  # a silent neuroid: NaN correlations, skipped by the medians
y = reps.mean(0)
np.save(OUT / "brainscore_activations.npy", acts)
np.save(OUT / "brainscore_repetitions.npy", reps)
np.save(OUT / "brainscore_objects.npy", objects)
split_r = []
for train, test in StratifiedShuffleSplit(n_splits=10, train_size=0.9, random_state=1).split(np.zeros(n), objects):
    model = PLSRegression(n_components=25, scale=False, **TIGHT).fit(acts[train], y[train])
    pred = model.predict(acts[test])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        split_r.append([scipy.stats.pearsonr(pred[:, j], y[test][:, j])[0] for j in range(t)])
split_r = np.array(split_r)
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    medians = np.nanmedian(split_r, axis=1)
raw, raw_error = medians.mean(), medians.std() / np.sqrt(len(medians))
_, _, ceiling, ceiling_error, _ = brainscore_ceiling(
    reps, list(ShuffleSplit(n_splits=10, train_size=0.5, random_state=1).split(np.zeros(r))))
save(case, "split_scores", split_r)
save(case, "split_medians", medians)
save(case, "summary", [raw, raw_error, ceiling, ceiling_error, (raw / ceiling) ** 2])
CASES[case].update({"reference": "Brain-Score CrossRegressedCorrelation(pls_regression, pearsonr) + InternalConsistency, "
                    "transcribed; PLS with tol=1e-30", "summary": ["raw", "raw_error", "ceiling", "ceiling_error",
                                                                   "ceiled"]})

(OUT / "cases.json").write_text(json.dumps(CASES, indent=1) + "\n")
write_versions(
    OUT, {"scipy": scipy.__version__, "scikit-learn": sklearn.__version__, "himalaya": himalaya.__version__}, indent=2)
print("cases:", ", ".join(CASES))
