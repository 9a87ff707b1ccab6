"""Whole-brain-sized searchlight input for issue 15 (Benchmarks/wholebrain/run.sh): a 72x86x72 volume with an
ellipsoid mask of 192,320 voxels, 100 conditions x 8 runs (800 float32 volumes, 1.43 GB uncompressed NIfTI), a
5-category signal in the x > 0 half plus N(0,1) noise; conds.npy, runs.npy (int64), model.npz (categorical RDM).
numpy 2.4.6, nibabel 5.4.2; numpy.random.default_rng(15). Usage: python make.py OUTPUT_DIR
"""
import sys
from pathlib import Path

import numpy as np, nibabel as nib

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(15)
shape = (72, 86, 72)
g = np.stack(np.meshgrid(*[np.linspace(-1, 1, s) for s in shape], indexing="ij"))
mask = ((g ** 2).sum(0) < 0.95 ** 2)
print("mask voxels", int(mask.sum()))
n_cond, runs = 100, 8
cats = np.repeat(np.arange(5), n_cond // 5)
signal = rng.standard_normal((5, 10))[cats] + 0.5 * rng.standard_normal((n_cond, 10))
weights = (rng.standard_normal((10,) + shape) * (g[0] > 0)).astype(np.float32)
data = np.empty(shape + (n_cond * runs,), dtype=np.float32)
conds, run_labels = [], []
for r in range(runs):
    for c in range(n_cond):
        t = r * n_cond + c
        data[..., t] = np.tensordot(signal[c], weights, axes=1) + rng.standard_normal(shape).astype(np.float32)
        conds.append(c); run_labels.append(r)
affine = np.diag([2.0, 2.0, 2.0, 1.0])
nib.save(nib.Nifti1Image(data, affine), out / "betas.nii")
nib.save(nib.Nifti1Image(mask.astype(np.uint8), affine), out / "mask.nii.gz")
np.save(out / "conds.npy", np.array(conds, dtype=np.int64))
np.save(out / "runs.npy", np.array(run_labels, dtype=np.int64))
model = (cats[:, None] != cats[None, :]).astype(float)[np.triu_indices(n_cond, 1)]
np.savez(out / "model.npz", dissimilarities=model[None, :], conditions=np.arange(n_cond).astype(str))
print("written", data.nbytes / 1e9, "GB")
