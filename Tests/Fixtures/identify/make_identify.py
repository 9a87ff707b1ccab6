"""Reference values for the identifiability analysis (issue 17): Wilson score intervals from
statsmodels (`proportion_confint(method="wilson")`) and standard normal quantiles from scipy
(`scipy.stats.norm.ppf`), written to identify_expected.json. Versions in versions.json.

Run: python make_identify.py
"""

import json

import scipy
import statsmodels
from scipy.stats import norm
from statsmodels.stats.proportion import proportion_confint

wilson = []
for successes, trials, confidence in [
    (0, 10, 0.95), (1, 10, 0.95), (8, 10, 0.95), (10, 10, 0.95), (57, 100, 0.95), (57, 100, 0.9),
    (600, 600, 0.95), (150, 600, 0.99), (3, 7, 0.8), (1, 1, 0.95), (499, 1000, 0.999),
]:
    lower, upper = proportion_confint(successes, trials, alpha=1 - confidence, method="wilson")
    wilson.append({"successes": successes, "trials": trials, "confidence": confidence,
                   "lower": float(lower), "upper": float(upper)})

quantiles = []
for p in [1e-300, 1e-100, 1e-12, 1e-6, 0.001, 0.02, 0.02425, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.97575,
          0.995, 0.999999, 1 - 1e-12]:
    quantiles.append({"p": p, "quantile": float(norm.ppf(p))})

with open("identify_expected.json", "w") as f:
    json.dump({"wilson": wilson, "quantiles": quantiles}, f, indent=1)
with open("versions.json", "w") as f:
    json.dump({"scipy": scipy.__version__, "statsmodels": statsmodels.__version__}, f, indent=1)
print(len(wilson), "intervals,", len(quantiles), "quantiles")
