"""rsatoolbox noise precisions from the GLM residuals of the fMRI fixture (Tests/Fixtures/fmri/glm).

Writes into Tests/Fixtures/fmri/noise/:
  run{1,2}_atlas_residuals.npy     residuals of the atlas-region GLM (ROI means − design · lstsq betas,
                                   all from glm/), scans × 4 regions
  {roi}_{tag}_run{r}_cov.npy       rsatoolbox cov_from_residuals(residuals_r, dof=dof_r, method)
  {roi}_{tag}_run{r}_prec.npy      rsatoolbox prec_from_residuals(residuals_r, dof=dof_r, method)
  {roi}_{tag}_average_prec.npy     the mean of the two runs' precisions (Neurometry's default
                                   combination for one precision over runs)
  {roi}_{tag}_list_prec.npy        prec_from_residuals([res1, res2], method) (rsatoolbox's list form,
                                   default dof n − 1 per run), stacked runs × P × P
  {roi}_crossnobis_{average,perrun}.npy
                                   rsatoolbox calc_rdm(method='crossnobis', descriptor='condition',
                                   cv_descriptor='run') of the two runs' condition betas
                                   (glm/run{r}_lstsq_betas rows a, c10, c2, or the atlas betas) with
                                   noise = the shrinkage_diag average precision, or the list of the two
                                   runs' shrinkage_diag precisions (rsatoolbox's pairwise form)
  noise.json                       dof per run; what rsatoolbox's list form does with a list of dofs
  where roi is "voxels" (glm/run{r}_lstsq_residuals.npy, 69 mask voxels; 'full' is singular there:
  60 and 52 scans for 69 voxels) or "atlas" (4 regions; all four methods), tag is shrinkage_diag,
  shrinkage_eye, diag, full, and dof_r = scans − design columns (the GLM's residual degrees of freedom:
  60 − 6 = 54, 52 − 6 = 46; the designs are full rank).

rsatoolbox 0.3.2 with a list of residuals and a list of dofs recurses with the whole list for each
entry (`cov_from_residuals(residuals, …, dof=dof[i])`, not `residual`), so prec_from_residuals returns
for run i the stack of all runs' precisions at dof[i]; the intended per-run precision is entry [i][i],
which equals prec_from_residuals(residuals_i, dof=dof_i) saved here (checked below).

Generated with numpy 2.4.6 and rsatoolbox 0.3.2 (/work/venv-fixtures). Deterministic (no randomness).
Run from the repo root after make_fmri.py:  python Tests/Fixtures/fmri/make_fmri_noise.py
"""
import json
import sys
from pathlib import Path

import numpy as np
from rsatoolbox.data import Dataset
from rsatoolbox.rdm import calc_rdm
from importlib.metadata import version
from rsatoolbox.data.noise import cov_from_residuals, prec_from_residuals
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import write_versions  # noqa: E402

HERE = Path(__file__).resolve().parent
GLM = HERE / "glm"
OUT = HERE / "noise"
OUT.mkdir(exist_ok=True)

residuals = {"voxels": [], "atlas": []}
dofs = []
for run in (1, 2):
    design = np.load(GLM / f"run{run}_design.npy")
    assert np.linalg.matrix_rank(design) == design.shape[1]
    dofs.append(design.shape[0] - np.linalg.matrix_rank(design))
    residuals["voxels"].append(np.load(GLM / f"run{run}_lstsq_residuals.npy"))
    roi = np.load(GLM / f"run{run}_atlas_means.npy")
    atlas_res = roi - design @ np.load(GLM / f"run{run}_atlas_lstsq_betas.npy")
    np.save(OUT / f"run{run}_atlas_residuals.npy", atlas_res)
    residuals["atlas"].append(atlas_res)

methods = {"voxels": ["shrinkage_diag", "shrinkage_eye", "diag"],
           "atlas": ["shrinkage_diag", "shrinkage_eye", "diag", "full"]}
notes = {"dof": [int(d) for d in dofs], "scans": [int(r.shape[0]) for r in residuals["atlas"]]}
for roi, tags in methods.items():
    for tag in tags:
        precs = []
        for run, (res, dof) in enumerate(zip(residuals[roi], dofs), start=1):
            np.save(OUT / f"{roi}_{tag}_run{run}_cov.npy", cov_from_residuals(res.copy(), dof=int(dof), method=tag))
            prec = prec_from_residuals(res.copy(), dof=int(dof), method=tag)
            np.save(OUT / f"{roi}_{tag}_run{run}_prec.npy", prec)
            precs.append(prec)
        np.save(OUT / f"{roi}_{tag}_average_prec.npy", np.mean(np.stack(precs), axis=0))
        listed = prec_from_residuals([r.copy() for r in residuals[roi]], method=tag)
        np.save(OUT / f"{roi}_{tag}_list_prec.npy", np.stack(listed))
        # rsatoolbox's list + list-of-dofs form (see the docstring): entry [i][i] is run i's precision.
        nested = prec_from_residuals([r.copy() for r in residuals[roi]], dof=[int(d) for d in dofs], method=tag)
        for i in range(2):
            assert np.asarray(nested[i]).shape == (2,) + precs[i].shape
            assert np.array_equal(np.asarray(nested[i])[i], precs[i])
for roi, betas_name in (("voxels", "lstsq_betas"), ("atlas", "atlas_lstsq_betas")):
    rows = np.vstack([np.load(GLM / f"run{run}_{betas_name}.npy")[:3] for run in (1, 2)])
    ds = Dataset(rows, obs_descriptors={"condition": ["a", "c10", "c2"] * 2, "run": ["1"] * 3 + ["2"] * 3})
    average = np.load(OUT / f"{roi}_shrinkage_diag_average_prec.npy")
    per_run = [np.load(OUT / f"{roi}_shrinkage_diag_run{r}_prec.npy") for r in (1, 2)]
    for name, noise in (("average", average), ("perrun", per_run)):
        rdm = calc_rdm(ds, method="crossnobis", descriptor="condition", cv_descriptor="run", noise=noise)
        np.save(OUT / f"{roi}_crossnobis_{name}.npy", rdm.get_vectors()[0])
notes["list_with_dof_list"] = ("rsatoolbox 0.3.2 returns, for run i, all runs' precisions at dof[i] "
                               "(shape runs x P x P); entry [i][i] equals the per-run call")
(OUT / "noise.json").write_text(json.dumps(notes, indent=1) + "\n")
write_versions(OUT, {"rsatoolbox": version("rsatoolbox")})
print("wrote", len(list(OUT.iterdir())), "files; dof", dofs)
