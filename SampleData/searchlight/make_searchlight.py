"""A small searchlight study for the sharded (Slurm) example of Docs/slurm and the README:
beta maps of 24 conditions in 2 runs on a 16 x 16 x 10 grid (3 mm voxels), a brain-shaped mask,
and two model RDMs. The "category" model's geometry is planted in a ball of voxels (the
"object area"); elsewhere the voxels are noise, so the category map peaks there.

Run: python make_searchlight.py  (numpy, nibabel; versions written to versions.json).
Deterministic: numpy's default_rng(2026).
"""
import json
import sys

import nibabel as nib
import numpy as np

rng = np.random.default_rng(2026)
shape = (16, 16, 10)
conditions, runs = 24, 2
affine = np.diag([3.0, 3.0, 3.0, 1.0])
affine[:3, 3] = [-24.0, -24.0, -15.0]

# An ellipsoid mask (the "brain").
i, j, k = np.indices(shape)
mask = (((i - 7.5) / 7.5) ** 2 + ((j - 7.5) / 7.5) ** 2 + ((k - 4.5) / 4.8) ** 2) < 1.0

# Conditions: 4 categories x 6 exemplars; labels that sort as text differently from numbers.
labels = [f"c{n + 1}" for n in range(conditions)]
category = np.repeat(np.arange(4), 6)
# The object area: a ball of radius 3 voxels around (10, 6, 5).
area = ((i - 10) ** 2 + (j - 6) ** 2 + (k - 5) ** 2) < 9.0
prototypes = rng.standard_normal((4, area.sum()))

volumes = []
for run in range(runs):
    for c in range(conditions):
        v = rng.standard_normal(shape)
        v[area] += 1.5 * prototypes[category[c]]
        volumes.append(v)
betas = np.stack(volumes, axis=-1).astype(np.float32)
nib.save(nib.Nifti1Image(betas, affine), "betas.nii.gz")
nib.save(nib.Nifti1Image(mask.astype(np.uint8), affine), "mask.nii.gz")
with open("conditions.txt", "w") as f:
    f.write("\n".join(labels * runs) + "\n")
with open("runs.txt", "w") as f:
    f.write("\n".join(str(r + 1) for r in range(runs) for _ in range(conditions)) + "\n")

# Model RDMs over the conditions in Neurometry's (and rsatoolbox's) order: labels sorted as text.
order = sorted(range(conditions), key=lambda n: labels[n])
cat = category[order]
pairs = [(a, b) for a in range(conditions) for b in range(a + 1, conditions)]
category_rdm = np.array([float(cat[a] != cat[b]) for a, b in pairs])
random_rdm = rng.random(len(pairs))
np.savez(
    "models.npz",
    dissimilarities=np.stack([category_rdm, random_rdm]),
    conditions=np.array([labels[n] for n in order]),
    rdm_name=np.array(["category", "random"]),
)

versions = {"python": sys.version.split()[0], "numpy": np.__version__, "nibabel": nib.__version__}
with open("versions.json", "w") as f:
    json.dump(versions, f, indent=2)
print(f"mask voxels: {mask.sum()}, object-area voxels: {area.sum()}, volumes: {betas.shape[-1]}")
