"""Reference fixtures for the geo-topological transform where rsatoolbox 0.3.2 departs from its
definition (Tests/Fixtures/rsa/, files prefixed gtdev_).

The definition (Lin & Kriegeskorte 2023, tRSA): with l = quantile(d, low), u = quantile(d, up),
  gt(d) = 0 for d < l,  (d - l) / (u - l) for l <= d <= u,  1 for d > u.
rsatoolbox 0.3.2 (rsatoolbox/rdm/transform.py, geotopological_transform) rescales the middle band
in place and only then runs `dissimilarities[dissimilarities > gt_max] = 1`, on the already rescaled
values: whenever u < 1, every rescaled value in (u, 1) is set to 1 as well. Correlation distances
(in [0, 2]) with an upper quantile below 1 show it.

Writes into this script's folder, all .npy float64:
  gtdev_input                        1 x 45: correlation distances (1 - Pearson r) of 10 random
                                     patterns sharing a common component (so all are below 1), one
                                     tie (pair 31 set equal to pair 12)
  gtdev_rsatoolbox_<low>_<up>        1 x 45: rsatoolbox.rdm.transform.geotopological_transform
  gtdev_definition_<low>_<up>        1 x 45: the definition above with numpy (np.quantile, default
                                     'linear' method, as rsatoolbox), for (low, up) = (0.1, 0.6)
                                     and (0.25, 0.9)
  gtdev_versions.json                (fixture_common.write_versions would overwrite the folder's
                                     versions.json of make_rsa.py, so written here by hand)

The script asserts that the two outputs differ at one pair or more for each (low, up), and that the
definition code reproduces rsatoolbox on make_rsa.py's tr_input.npy for (0.1, 0.6), where the upper
quantile is above 1 and the two agree (that fixture is read, not rewritten).

Generated with numpy 2.4.6, rsatoolbox 0.3.2 (Python 3.11). Deterministic: default_rng(5107).
Run from the repo root:  /work/venv-fixtures/bin/python Tests/Fixtures/rsa/make_geotopological_deviation.py
"""
import importlib
import json
import platform
import sys
import warnings
from importlib.metadata import version
from pathlib import Path

import numpy as np
from rsatoolbox.rdm import RDMs
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import save_array  # noqa: E402

warnings.filterwarnings("ignore")
# the module itself: `rsatoolbox.rdm.transform` the attribute is a function of that name
rtransform = importlib.import_module("rsatoolbox.rdm.transform")
OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(5107)
THRESHOLDS = [(0.1, 0.6), (0.25, 0.9)]


def save(name, arr):
    save_array(OUT, name, arr)


def fresh(v, measure="correlation"):
    """A new RDMs on a copy: rsatoolbox 0.3.2's transforms modify their input in place."""
    return RDMs(np.array(v, dtype=np.float64).reshape(1, -1).copy(), dissimilarity_measure=measure)


def geotopological_definition(d, low, up):
    """0 below the lower quantile, linear in between, 1 above the upper quantile (raw thresholds)."""
    d = np.asarray(d, dtype=np.float64)
    gt_min, gt_max = np.quantile(d, low), np.quantile(d, up)
    mid = (d - gt_min) / (gt_max - gt_min)
    return np.where(d < gt_min, 0.0, np.where(d > gt_max, 1.0, mid))


# ---------------------------------------------------------------- input: correlation distances
n_cond, n_chan = 10, 30
shared = rng.standard_normal(n_chan)
patterns = 1.2 * shared[None, :] + rng.standard_normal((n_cond, n_chan))
r = np.corrcoef(patterns)
iu = np.triu_indices(n_cond, k=1)  # rsatoolbox's vector order (row-major upper triangle)
d = 1.0 - r[iu]
d[31] = d[12]  # a tie
assert d.shape == (45,)
assert np.all(d > 0) and np.all(d < 1), (d.min(), d.max())
save("gtdev_input", d[None, :])
print(f"input: 45 correlation distances in [{d.min():.6f}, {d.max():.6f}]")

# ---------------------------------------------------------------- check the definition code
tr = np.load(OUT / "tr_input.npy")[0]
tr_ref = rtransform.geotopological_transform(fresh(tr, "squared euclidean"), 0.1, 0.6).get_vectors()[0]
assert np.quantile(tr, 0.6) > 1
assert np.array_equal(geotopological_definition(tr, 0.1, 0.6), tr_ref), "definition vs rsatoolbox on tr_input"
assert np.array_equal(tr_ref, np.load(OUT / "tr_geotopological_raw_0.1_0.6.npy")[0])
print("tr_input (0.1, 0.6): definition == rsatoolbox (bitwise)")

# ---------------------------------------------------------------- the two transforms
for low, up in THRESHOLDS:
    ours = geotopological_definition(d, low, up)
    theirs = rtransform.geotopological_transform(fresh(d), low, up).get_vectors()[0]
    gt_min, gt_max = np.quantile(d, low), np.quantile(d, up)
    assert gt_max < 1
    diff = np.abs(ours - theirs)
    differ = np.flatnonzero(diff > 0)
    assert differ.size >= 1, (low, up)
    # every difference is a rescaled middle value in (gt_max, 1) that rsatoolbox set to 1
    mid = (d >= gt_min) & (d <= gt_max)
    expected_differ = np.flatnonzero(mid & (ours > gt_max) & (ours < 1))
    assert np.array_equal(differ, expected_differ)
    assert np.all(theirs[differ] == 1.0)
    assert np.array_equal(ours[diff == 0], theirs[diff == 0])
    save(f"gtdev_rsatoolbox_{low}_{up}", theirs[None, :])
    save(f"gtdev_definition_{low}_{up}", ours[None, :])
    print(f"({low}, {up}): gt_min = {gt_min:.17g}, gt_max = {gt_max:.17g}; "
          f"{differ.size} of 45 pairs differ (indices {differ.tolist()}), max |difference| = {diff.max():.17g}")

versions = {"python": platform.python_version(), "numpy": np.__version__, "rsatoolbox": version("rsatoolbox")}
(OUT / "gtdev_versions.json").write_text(json.dumps(versions, indent=2))
print("wrote", len(list(OUT.glob("gtdev_*.npy"))), "gtdev_ arrays and gtdev_versions.json")
