"""Fixtures for searchlight crossnobis with a noise precision per sphere (issue 15): for every
centre of get_volume_searchlight(sl_mask, radius=1.5, threshold=0.5), rsatoolbox's
prec_from_residuals(residuals[:, sphere], method='shrinkage_diag') and calc_rdm(..., method=
'crossnobis', descriptor='conds', cv_descriptor='runs', noise=that precision) on the sphere's
voxels. rsatoolbox's own searchlight cannot take a per-sphere noise, so the loop is written here.

Run from this folder: python make_searchlight_noise.py (rsatoolbox 0.3.2, numpy; versions in the
repository's Tests/Fixtures/requirements.txt).

sln_data       16 × 210  patterns: 4 conditions (c1, c10, c2, c3, text labels) × 4 runs, C order (x, y, z)
sln_conds      16        condition labels (<U3)
sln_runs       16        run labels (int)
sln_residuals  30 × 210  residuals (first-level model), rows = scans
sln_centers    centres (flat C-order indices)
sln_rdms       centres × 6 crossnobis dissimilarities (rsatoolbox's condition order: c1, c10, c2, c3)
"""
import numpy as np
import rsatoolbox
from rsatoolbox.data import Dataset
from rsatoolbox.data.noise import prec_from_residuals
from rsatoolbox.rdm import calc_rdm
from rsatoolbox.util.searchlight import get_volume_searchlight

rng = np.random.default_rng(1515)
mask = np.load("sl_mask.npy").astype(bool)
voxels = mask.size
conds = np.array(["c1", "c2", "c10", "c3"] * 4)
runs = np.repeat(np.arange(4), 4)
signal = rng.standard_normal((4, voxels))
data = np.stack([signal[k % 4] for k in range(16)]) + 0.8 * rng.standard_normal((16, voxels))
# Correlated noise across neighbouring voxels, so that each sphere's precision matters.
base = rng.standard_normal((30, voxels))
residuals = base + 0.6 * np.roll(base, 1, axis=1)
centers, neighbors = get_volume_searchlight(mask, radius=1.5, threshold=0.5)
rdms = []
for c, sphere in zip(centers, neighbors):
    sphere = np.sort(sphere)
    prec = prec_from_residuals(residuals[:, sphere], method="shrinkage_diag")
    ds = Dataset(data[:, sphere], obs_descriptors={"conds": conds, "runs": runs})
    rdm = calc_rdm(ds, method="crossnobis", descriptor="conds", cv_descriptor="runs", noise=prec)
    rdms.append(rdm.get_vectors()[0])
np.save("sln_data.npy", data)
np.save("sln_conds.npy", conds)
np.save("sln_runs.npy", runs.astype(np.int64))
np.save("sln_residuals.npy", residuals)
np.save("sln_centers.npy", np.asarray(centers, dtype=np.int64))
np.save("sln_rdms.npy", np.asarray(rdms))
from importlib.metadata import version
print(len(centers), "centres; rsatoolbox", version("rsatoolbox"), "numpy", np.__version__)
