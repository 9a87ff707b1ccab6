"""Reference scores per target between given predictions and observations, for
`neurometry ceiling --predictions P --observations Y` (Tests/Fixtures/encoding/scores_*).

Writes scores_observed.npy (30 stimuli × 7 targets; target 4 constant), scores_predicted.npy
(the observations plus noise, target 6 a constant prediction) and the scores of every target:
scores_pearson.npy (scipy.stats.pearsonr, NaN where either side is constant),
scores_r2.npy (sklearn.metrics.r2_score(multioutput="raw_values"), NaN for the constant target:
scikit-learn reports 0 or 1 there, Neurometry NaN — see EncodingScore), scores_neg-mse.npy
(−mean squared error per target, sklearn.metrics.mean_squared_error(multioutput="raw_values")).

Generated with numpy 2.4.6, scipy 1.17.1, scikit-learn 1.9.1. Deterministic:
numpy.random.default_rng(7601). Run from the repo root:
  /work/venv-fixtures/bin/python Tests/Fixtures/encoding/make_scores.py
"""
import sys
from pathlib import Path

import numpy as np
import scipy.stats
from sklearn.metrics import mean_squared_error, r2_score

OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(7601)
y = rng.standard_normal((30, 7)) * np.array([1, 2, 0.5, 3, 1, 1, 1])
y[:, 4] = 1.25
p = y + 0.8 * rng.standard_normal((30, 7))
p[:, 6] = -0.5
np.save(OUT / "scores_observed.npy", y)
np.save(OUT / "scores_predicted.npy", p)
with np.errstate(all="ignore"):
    import warnings
    warnings.simplefilter("ignore")
    pearson = np.array([scipy.stats.pearsonr(y[:, j], p[:, j])[0] for j in range(7)])
r2 = r2_score(y, p, multioutput="raw_values")
r2[4] = np.nan  # constant observations: undefined (scikit-learn's convention differs)
mse = -mean_squared_error(y, p, multioutput="raw_values")
np.save(OUT / "scores_pearson.npy", pearson)
np.save(OUT / "scores_r2.npy", r2)
np.save(OUT / "scores_neg-mse.npy", mse)
print("pearson", pearson)
print("r2", r2)
print("neg-mse", mse)
