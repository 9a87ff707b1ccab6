"""Reference draws of numpy's legacy generator numpy.random.RandomState (MT19937).

Writes expected.json next to this script: for seeds 0, 1, 42 and 4294967295, the first 32-bit
outputs, random_sample() doubles (as float.hex), permutations, shuffles, choice without
replacement, bounded integers above 2**32 (random_interval's 64-bit branch, via
randint(0, 2**40) which uses the same masked rejection), standard_normal, standard_exponential,
standard_gamma for shapes below, at and above 1, and dirichlet rows; and versions.json.

Generated with numpy 2.4.6 (see Tests/Fixtures/requirements.txt). Deterministic.
Run from the repo root:  python Tests/Fixtures/numpy_random/make_numpy_random.py
"""
import json
import sys
from pathlib import Path

import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import write_versions  # noqa: E402

OUT = Path(__file__).resolve().parent


def hexes(a):
    return [float(v).hex() for v in np.ravel(a)]


cases = {}
for seed in [0, 1, 42, 4294967295]:
    c = {}
    r = np.random.RandomState(seed)
    c["uint32"] = [int(v) for v in r.randint(0, 2**32, size=700, dtype=np.uint64)]
    r = np.random.RandomState(seed)
    c["random_sample"] = hexes(r.random_sample(9))
    r = np.random.RandomState(seed)
    c["permutation_37"] = [int(v) for v in r.permutation(37)]
    c["permutation_1"] = [int(v) for v in r.permutation(1)]
    c["permutation_2"] = [int(v) for v in r.permutation(2)]
    idx = np.arange(101)
    r.shuffle(idx)
    c["then_shuffle_101"] = [int(v) for v in idx]
    c["then_choice_20_of_53"] = [int(v) for v in r.choice(53, size=20, replace=False)]
    r = np.random.RandomState(seed)
    c["standard_normal"] = hexes(r.standard_normal(11))
    c["then_standard_exponential"] = hexes(r.standard_exponential(5))
    for shape in [0.1, 0.5, 1.0, 2.5, 7.0]:
        r = np.random.RandomState(seed)
        c[f"standard_gamma_{shape}"] = hexes(r.standard_gamma(shape, size=8))
    for conc in [0.1, 1.0]:
        r = np.random.RandomState(seed)
        c[f"dirichlet_{conc}_3x5"] = hexes(r.dirichlet([conc] * 3, 5))
    cases[str(seed)] = c

# random_interval's 64-bit branch: legacy randint(0, high) with high > 2**32 uses masked rejection
# on 64-bit draws (two 32-bit words, high first).
r = np.random.RandomState(7)
cases["interval64_seed_7_max_2pow40_minus_1"] = [int(v) for v in r.randint(0, 2**40, size=6, dtype=np.int64)]
r = np.random.RandomState(7)
cases["interval32_seed_7_max_999"] = [int(v) for v in r.randint(0, 1000, size=6, dtype=np.int64)]

(OUT / "expected.json").write_text(json.dumps(cases, indent=1) + "\n")
write_versions(OUT, {}, indent=2)
print("wrote", len(cases), "cases")
