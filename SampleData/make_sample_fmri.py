"""SampleData/fmri/: a tiny synthetic BIDS-like fMRI dataset written by nibabel, for the fMRI examples
(`neurometry inspect`, `neurometry patterns --bold ... --mask/--atlas ...`).

  fmri/sub-01/func/sub-01_task-objects_run-{1,2}_bold.nii.gz   int16, 10×12×8 voxels × 60 scans, TR 2 s
  fmri/sub-01/func/sub-01_task-objects_run-{1,2}_events.tsv    onset, duration, trial_type (4 conditions:
                                                               body, face, house, tool; 3 events each)
  fmri/task-objects_bold.json                                  RepetitionTime 2.0, TaskName (BIDS inheritance)
  fmri/mask.nii.gz                                             uint8 brain mask (an ellipsoid, 0/1)
  fmri/atlas.nii.gz, fmri/atlas.tsv                            3 regions (1 V1, 2 FFA, 3 PPA) and their names

Each voxel is 1000 + a slow drift + noise; inside the atlas regions it also follows the design that
nilearn's make_first_level_design_matrix (SPM HRF) builds from the events, with region-specific
betas (FFA prefers faces, PPA houses, V1 responds to everything), so the patterns have structure.
Deterministic (seed 11; gzip with mtime 0). Run from the repository root:
  /work/venv-fixtures/bin/python SampleData/make_sample_fmri.py
"""
import gzip
import io
import json
from pathlib import Path

import nibabel as nib
import numpy as np
from nilearn.glm.first_level import make_first_level_design_matrix
import pandas as pd

OUT = Path(__file__).resolve().parent / "fmri"
FUNC = OUT / "sub-01" / "func"
FUNC.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(11)
shape, scans, tr = (10, 12, 8), 60, 2.0
conditions = ["body", "face", "house", "tool"]
affine = np.array([[-3.0, 0, 0, 13.5], [0, 3.0, 0, -16.5], [0, 0, 3.5, -12.25], [0, 0, 0, 1]])


def save_gz(img, path):
    buf = io.BytesIO()
    img.to_file_map(img.make_file_map({"image": buf, "header": buf}))
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
        g.write(buf.getvalue())


i, j, k = np.meshgrid(*[np.arange(n) for n in shape], indexing="ij")
mask = (((i - 4.5) / 4.6) ** 2 + ((j - 5.5) / 5.6) ** 2 + ((k - 3.5) / 3.8) ** 2 <= 1).astype(np.uint8)
atlas = np.zeros(shape, np.int16)
atlas[3:7, 1:4, 2:6] = 1           # V1: back of the "brain"
atlas[1:4, 6:10, 2:5] = 2          # FFA
atlas[6:9, 6:10, 2:5] = 3          # PPA
atlas[mask == 0] = 0
betas = {1: [2.0, 2.2, 1.8, 2.1], 2: [1.0, 4.0, 0.3, 0.8], 3: [0.4, 0.3, 4.0, 1.2]}

for run in (1, 2):
    order = np.concatenate([rng.permutation(conditions) for _ in range(3)])
    onsets = 6.0 + np.arange(12) * 8.5 + rng.uniform(0, 1.5, 12).round(2)
    events = pd.DataFrame({"onset": onsets, "duration": 2.0, "trial_type": order})
    events.to_csv(FUNC / f"sub-01_task-objects_run-{run}_events.tsv", sep="\t", index=False, na_rep="n/a")
    design = make_first_level_design_matrix(np.arange(scans) * tr, events, hrf_model="spm", drift_model=None)
    x = design[conditions].to_numpy()
    data = 1000 + rng.normal(0, 6, shape + (scans,))
    data += np.linspace(0, 15, scans) * rng.uniform(0.5, 1.5, shape)[..., None]    # slow drift
    for label, b in betas.items():
        gain = rng.uniform(0.7, 1.3, int((atlas == label).sum()))                   # per-voxel gain
        data[atlas == label] += 10 * gain[:, None] * (x @ np.array(b))[None, :]
    data[mask == 0] *= 0.05                                                           # dark outside
    img = nib.Nifti1Image(np.round(data).astype(np.int16), affine)
    img.header.set_xyzt_units("mm", "sec")
    img.header["pixdim"][4] = tr
    save_gz(img, FUNC / f"sub-01_task-objects_run-{run}_bold.nii.gz")

(OUT / "task-objects_bold.json").write_text(json.dumps({"RepetitionTime": tr, "TaskName": "objects"}, indent=1) + "\n")
save_gz(nib.Nifti1Image(mask, affine), OUT / "mask.nii.gz")
save_gz(nib.Nifti1Image(atlas, affine), OUT / "atlas.nii.gz")
(OUT / "atlas.tsv").write_text("index\tname\n0\tBackground\n1\tV1\n2\tFFA\n3\tPPA\n")
import platform  # noqa: E402
import nilearn  # noqa: E402
versions_path = OUT.parent / "versions.json"   # shared with the other make_sample_*.py scripts: update it
versions = json.loads(versions_path.read_text()) if versions_path.exists() else {}
versions.update({"python": platform.python_version(), "numpy": np.__version__, "nibabel": nib.__version__,
                 "nilearn": nilearn.__version__, "pandas": pd.__version__})
versions_path.write_text(json.dumps(versions, indent=2) + "\n")
print({"mask voxels": int(mask.sum()), "regions": {l: int((atlas == l).sum()) for l in betas}})
