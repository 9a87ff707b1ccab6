"""Held-out predictions for `neurometry encode --predictions` (Tests/Fixtures/encoding/outputs_*).

On the loo_tall inputs (40 stimuli × 6 features → 5 targets, make_encoding.py), ridge with one
penalty (α = 1, intercept fitted, so no inner selection is involved):
  outputs_kfold5_predictions.npy       sklearn cross_val_predict(Ridge(alpha=1), cv=KFold(5))
  outputs_fold_ids.npy                 a fold id per stimulus (0..3, and -1 = always trained on)
  outputs_predefined_predictions.npy   cross_val_predict with PredefinedSplit(test_fold=fold ids)
                                       (rows of stimuli with id -1 are NaN: never predicted)
  outputs_predefined_scores.npy        Pearson r per target over the predicted stimuli, per fold,
                                       then averaged over folds (scipy pearsonr)

Generated with numpy 2.4.6, scipy 1.17.1, scikit-learn 1.9.1. Deterministic:
numpy.random.default_rng(7701). Run from the repo root:
  /work/venv-fixtures/bin/python Tests/Fixtures/encoding/make_encode_outputs.py
"""
from pathlib import Path

import numpy as np
import scipy.stats
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold, PredefinedSplit, cross_val_predict

OUT = Path(__file__).resolve().parent
x = np.load(OUT / "loo_tall_x.npy")
y = np.load(OUT / "loo_tall_y.npy")
model = Ridge(alpha=1.0, fit_intercept=True)
np.save(OUT / "outputs_kfold5_predictions.npy", cross_val_predict(model, x, y, cv=KFold(5)))

rng = np.random.default_rng(7701)
ids = rng.permutation(np.arange(40) % 5) - 1  # 8 stimuli each of -1, 0, 1, 2, 3
np.save(OUT / "outputs_fold_ids.npy", ids.astype(np.int64))
split = PredefinedSplit(test_fold=ids)
pred = np.full(y.shape, np.nan)
scores = []
for train, test in split.split():
    fitted = Ridge(alpha=1.0, fit_intercept=True).fit(x[train], y[train])
    pred[test] = fitted.predict(x[test])
    scores.append([scipy.stats.pearsonr(y[test][:, j], pred[test][:, j])[0] for j in range(y.shape[1])])
np.save(OUT / "outputs_predefined_predictions.npy", pred)
np.save(OUT / "outputs_predefined_scores.npy", np.mean(scores, axis=0))
print("folds", split.get_n_splits(), "scores", np.mean(scores, axis=0))
