"""nilearn/nibabel/numpy/pandas reference values for Neurometry's fMRI preprocessing.

Writes into this script's folder (Tests/Fixtures/fmri/):
  hrf/<name>.npy              nilearn spm_hrf / glover_hrf for several TRs, oversamplings, lengths, onsets
  designs/<case>_events.tsv   events of each design case (edge cases: labels that sort 'a' < 'c10' < 'c2',
                              numeric labels, zero durations, modulation, duplicates, negative onsets,
                              events running past the end)
  designs/<case>.npy          make_first_level_design_matrix(...).to_numpy(); names and parameters in
                              designs/cases.json
  bids/                       a tiny BIDS dataset: sub-01/func/sub-01_task-objects_run-{1,2}_bold.nii.gz
                              (float32, 6×5×4×T), their _events.tsv, task-objects_bold.json (RepetitionTime)
  mask.nii.gz, atlas.nii.gz, atlas.tsv, atlas.txt, mask_wrong_shape.nii.gz, mask_nonbinary.nii.gz
  glm/                        nilearn FirstLevelModel(noise_model='ols') betas per run (effect_size maps
                              masked by NiftiMasker), residuals, numpy lstsq betas, NiftiLabelsMasker
                              means and their lstsq betas, signal_scaling=0 betas
  events/                     TSV parsing cases + pandas' reading of them in events/expected.json
  versions.json

Generated with numpy 2.4.6, scipy 1.17.1, pandas 3.1.1, nibabel 5.4.2, nilearn 0.14.1
(/work/venv-fixtures). Deterministic (seeded default_rng; gzip with mtime 0). Run from the repo root:
  python Tests/Fixtures/fmri/make_fmri.py
"""
import gzip
import io
import json
import math
import warnings
import sys
from pathlib import Path

import nibabel as nib
import nilearn
import numpy as np
import pandas as pd
import scipy
from nilearn.glm.first_level import FirstLevelModel, glover_hrf, make_first_level_design_matrix, mean_scaling, spm_hrf
from nilearn.maskers import NiftiLabelsMasker, NiftiMasker
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import hex_float, write_versions  # noqa: E402

OUT = Path(__file__).resolve().parent
for sub in ("hrf", "designs", "glm", "events", "bids/sub-01/func"):
    (OUT / sub).mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(4242)
warnings.simplefilter("ignore")


def save_nifti_gz(img, path):
    buf = io.BytesIO()
    fm = img.make_file_map({"image": buf, "header": buf})
    img.to_file_map(fm)
    with open(path, "wb") as f:
        with gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
            g.write(buf.getvalue())


# ---------------------------------------------------------------- HRFs
hrf_cases = []
for model, fn in (("spm", spm_hrf), ("glover", glover_hrf)):
    for tr, over, length, onset in ((2.0, 50, 32.0, 0.0), (0.72, 50, 32.0, 0.0), (1.5, 16, 20.0, 0.5),
                                    (2.5, 1, 32.0, 0.0), (1.0, 7, 25.5, -0.3)):
        name = f"{model}_tr{tr}_os{over}_len{length}_on{onset}"
        np.save(OUT / "hrf" / f"{name}.npy", fn(tr, oversampling=over, time_length=length, onset=onset))
        hrf_cases.append({"name": name, "model": model, "tr": hex_float(tr), "oversampling": over,
                          "time_length": hex_float(length), "onset": hex_float(onset)})
(OUT / "hrf" / "cases.json").write_text(json.dumps(hrf_cases, indent=1) + "\n")

# ---------------------------------------------------------------- design matrices
def write_events(path, rows, columns):
    with open(path, "w", newline="") as f:
        f.write("\t".join(columns) + "\n")
        for r in rows:
            f.write("\t".join(str(v) for v in r) + "\n")


design_cases = []


def design_case(name, rows, columns, tr, n_scans, hrf="spm", drift="cosine", high_pass=0.01, drift_order=1,
                oversampling=50, min_onset=-24, slice_time_ref=0.0, confounds=None):
    ev_path = OUT / "designs" / f"{name}_events.tsv"
    write_events(ev_path, rows, columns)
    frame_times = np.linspace(slice_time_ref * tr, (n_scans - 1 + slice_time_ref) * tr, n_scans)
    events = pd.read_csv(ev_path, sep="\t")
    dm = make_first_level_design_matrix(frame_times, events, hrf_model=hrf, drift_model=drift,
                                        high_pass=high_pass, drift_order=drift_order,
                                        oversampling=oversampling, min_onset=min_onset,
                                        add_regs=None if confounds is None else confounds[1],
                                        add_reg_names=None if confounds is None else confounds[0])
    if confounds is not None:
        np.save(OUT / "designs" / f"{name}_confounds.npy", confounds[1])
    np.save(OUT / "designs" / f"{name}.npy", dm.to_numpy())
    np.save(OUT / "designs" / f"{name}_frame_times.npy", frame_times)
    design_cases.append({
        "name": name, "tr": hex_float(tr), "scans": n_scans, "hrf": hrf, "drift": drift or "none",
        "high_pass": hex_float(high_pass), "drift_order": drift_order, "oversampling": oversampling,
        "min_onset": hex_float(min_onset), "slice_time_ref": hex_float(slice_time_ref),
        "columns": [str(c) for c in dm.columns],
        "confounds": None if confounds is None else confounds[0]})


rows = []
for k, (cond, on, dur) in enumerate([("c10", 3.0, 2.0), ("c2", 10.5, 1.0), ("a", 17.25, 3.0), ("c2", 30.0, 1.0),
                                     ("c10", 41.0, 2.0), ("a", 50.5, 3.0), ("c2", 61.0, 1.0)]):
    rows.append([on, dur, cond, "n/a" if k % 3 == 0 else f"resp{k}"])
design_case("basic", rows, ["onset", "duration", "trial_type", "response"], 2.0, 37)

rows = [
    [-5.0, 2.0, "face", 1.0],        # before the first scan, within min_onset
    [0.0, 0.0, "face", 2.5],         # impulse at the first scan
    [7.3, 0.0, "house", 1.0],
    [7.3, 0.0, "house", 0.5],        # duplicate: amplitudes sum
    [12.0, 4.5, "face", -1.0],
    [33.3, 0.0, "house", 1.0],
    [70.0, 10.0, "face", 1.0],       # runs past the end of the run (75 s)
    [74.0, 0.5, "house", 2.0],
]
design_case("impulses", rows, ["onset", "duration", "trial_type", "modulation"], 1.5, 50, hrf="glover",
            high_pass=1.0 / 128, slice_time_ref=0.5)

rows = [[float(o), 1.5, c] for o, c in [(2, 10), (9.5, 2), (20, 1), (31.1, 10), (40, 2), (51, 1), (60.2, 2)]]
design_case("numeric", rows, ["onset", "duration", "trial_type"], 0.72, 101, drift="polynomial", drift_order=3,
            oversampling=16)

rows = [[1.0, 2.0, "x"], [20.0, 5.0, "y"], [40.0, 1.0, "x"]]
design_case("nodrift", rows, ["onset", "duration", "trial_type"], 2.5, 24, drift=None, oversampling=1)

rows = [[float(o), 3.0, c] for o, c in [(4, "b"), (30, "a"), (90, "b"), (150, "a"), (200, "b"), (260, "a")]]
design_case("long", rows, ["onset", "duration", "trial_type"], 1.25, 240, high_pass=1.0 / 100)

rows = [[3.0, 2.0, "go"], [15.0, 2.0, "stop"], [33.0, 2.0, "go"], [47.0, 2.0, "stop"]]
design_case("confounds", rows, ["onset", "duration", "trial_type"], 2.0, 30,
            confounds=(["motion_x", "csf"], rng.standard_normal((30, 2))))

(OUT / "designs" / "cases.json").write_text(json.dumps(design_cases, indent=1) + "\n")

# ---------------------------------------------------------------- BIDS runs, mask, atlas
shape = (6, 5, 4)
affine = np.array([[-3.0, 0, 0, 9.0], [0, 3.0, 0, -7.5], [0, 0, 3.5, -4.0], [0, 0, 0, 1]])
tr = 2.0
conds = ["c10", "c2", "a"]
runs = []
run_scans = [60, 52]
for run, n in enumerate(run_scans, start=1):
    onsets = np.sort(rng.choice(np.arange(4, n * tr - 30, 6.0), size=9, replace=False))
    labels = [conds[k % 3] for k in range(9)]
    rng.shuffle(labels)
    durations = rng.choice([1.0, 2.0, 3.0], size=9)
    ev = pd.DataFrame({"onset": onsets, "duration": durations, "trial_type": labels})
    ev_path = OUT / "bids/sub-01/func" / f"sub-01_task-objects_run-{run}_events.tsv"
    ev.to_csv(ev_path, sep="\t", index=False)
    frame_times = np.arange(n) * tr
    dm = make_first_level_design_matrix(frame_times, ev, hrf_model="spm", drift_model="cosine", high_pass=0.01)
    true_betas = rng.standard_normal((dm.shape[1], int(np.prod(shape)))) * 3
    true_betas[dm.columns.get_loc("constant")] = 100 + rng.standard_normal(int(np.prod(shape))) * 5
    y = dm.to_numpy() @ true_betas + rng.standard_normal((n, int(np.prod(shape))))
    data = y.T.reshape(shape + (n,)).astype(np.float32)  # C-order voxels -> (x, y, z, t)
    img = nib.Nifti1Image(data, affine)
    img.header.set_xyzt_units("mm", "sec")
    img.header["pixdim"][4] = tr
    save_nifti_gz(img, OUT / "bids/sub-01/func" / f"sub-01_task-objects_run-{run}_bold.nii.gz")
    runs.append((img, ev_path, ev))
(OUT / "bids" / "task-objects_bold.json").write_text(json.dumps({"RepetitionTime": tr, "TaskName": "objects"}) + "\n")

mask = (rng.random(shape) < 0.6).astype(np.uint8)
mask_img = nib.Nifti1Image(mask, affine)
save_nifti_gz(mask_img, OUT / "mask.nii.gz")
save_nifti_gz(nib.Nifti1Image(np.ones((6, 5, 3), np.uint8), affine), OUT / "mask_wrong_shape.nii.gz")
nonbinary = mask.astype(np.int16) * rng.integers(1, 4, shape)
save_nifti_gz(nib.Nifti1Image(nonbinary.astype(np.int16), affine), OUT / "mask_nonbinary.nii.gz")
atlas = rng.integers(0, 5, shape).astype(np.int16)
atlas[0, 0, 0] = 0
atlas_img = nib.Nifti1Image(atlas, affine)
save_nifti_gz(atlas_img, OUT / "atlas.nii.gz")
names = {1: "V1", 2: "V2", 3: "LOC", 4: "FFA"}
(OUT / "atlas.tsv").write_text("index\tname\tcolor\n0\tBackground\t#000000\n" +
                               "".join(f"{k}\t{v}\t#ffffff\n" for k, v in names.items()))
(OUT / "atlas.txt").write_text("# FSL-style label list\n0 Background 0 0 0 0\n" +
                               "".join(f"{k} {v} 255 255 255 0\n" for k, v in names.items()))

# ---------------------------------------------------------------- GLM references
glm = {"runs": [], "voxel_order": "numpy boolean indexing of the (x, y, z) mask, C order"}
masker = NiftiMasker(mask_img=mask_img).fit()
np.save(OUT / "glm" / "mask_voxels.npy", np.argwhere(mask.astype(bool)))
for run, (img, ev_path, ev) in enumerate(runs, start=1):
    n = img.shape[3]
    model = FirstLevelModel(t_r=tr, hrf_model="spm", drift_model="cosine", high_pass=0.01, noise_model="ols",
                            signal_scaling=False, mask_img=mask_img, minimize_memory=False)
    model.fit(img, events=str(ev_path))
    dm = model.design_matrices_[0]
    betas = np.vstack([masker.transform(model.compute_contrast(c, output_type="effect_size")).ravel()
                       for c in dm.columns])
    np.save(OUT / "glm" / f"run{run}_design.npy", dm.to_numpy())
    np.save(OUT / "glm" / f"run{run}_nilearn_betas.npy", betas)
    np.save(OUT / "glm" / f"run{run}_nilearn_residuals.npy", masker.transform(model.residuals[0]))
    y = masker.transform(img).astype(np.float64)
    y64 = img.get_fdata()[mask.astype(bool)].T  # float64, C-order voxels
    np.save(OUT / "glm" / f"run{run}_masked_data.npy", y64)
    lstsq = np.linalg.lstsq(dm.to_numpy(), y64, rcond=None)[0]
    np.save(OUT / "glm" / f"run{run}_lstsq_betas.npy", lstsq)
    np.save(OUT / "glm" / f"run{run}_lstsq_residuals.npy", y64 - dm.to_numpy() @ lstsq)
    scaled = FirstLevelModel(t_r=tr, hrf_model="spm", drift_model="cosine", high_pass=0.01, noise_model="ols",
                             signal_scaling=0, mask_img=mask_img).fit(img, events=str(ev_path))
    # nilearn's FirstLevelModel masks this float32 image to float32 and scales in float32; the exact
    # reference is nilearn's own mean_scaling applied to the float64 data, then lstsq.
    np.save(OUT / "glm" / f"run{run}_nilearn_scaled_betas.npy",
            np.vstack([masker.transform(scaled.compute_contrast(c, output_type="effect_size")).ravel()
                       for c in dm.columns]))
    y_scaled, _ = mean_scaling(y64, 0)
    np.save(OUT / "glm" / f"run{run}_scaled_lstsq_betas.npy", np.linalg.lstsq(dm.to_numpy(), y_scaled, rcond=None)[0])
    # NiftiLabelsMasker averages this float32 image in float32; the exact reference averages the
    # float64 voxels (numpy mean per label, voxels in C order).
    labels_masker = NiftiLabelsMasker(labels_img=atlas_img, strategy="mean", background_label=0)
    np.save(OUT / "glm" / f"run{run}_atlas_nilearn_means.npy", labels_masker.fit_transform(img))
    data64 = img.get_fdata()
    roi = np.stack([data64[atlas == lab].mean(axis=0) for lab in np.unique(atlas) if lab != 0], axis=1)
    np.save(OUT / "glm" / f"run{run}_atlas_means.npy", roi)
    np.save(OUT / "glm" / f"run{run}_atlas_lstsq_betas.npy", np.linalg.lstsq(dm.to_numpy(), roi, rcond=None)[0])
    glm["runs"].append({
        "run": run, "scans": n, "columns": [str(c) for c in dm.columns],
        "masker_dtype": str(y.dtype), "max_abs_nilearn_minus_lstsq": hex_float(np.abs(betas - lstsq).max()),
        "max_abs_beta": hex_float(np.abs(lstsq).max()),
        "atlas_labels": [int(x) for x in np.unique(atlas) if x != 0],
    })
(OUT / "glm" / "glm.json").write_text(json.dumps(glm, indent=1) + "\n")

# ---------------------------------------------------------------- TSV parsing cases
ev_dir = OUT / "events"
cases = {
    "crlf.tsv": b"onset\tduration\ttrial_type\r\n1.5\t2\tface\r\n3.25\t0\thouse\r\n",
    "quoted.tsv": b'onset\tduration\ttrial_type\tnote\n1\t1\t"a\tb"\t"say ""hi"""\n2\t1\tc\t"two\nlines"\n',
    "trailing_newlines.tsv": b"onset\tduration\ttrial_type\n0.5\t1\tx\n1.5\t1\ty\n\n\n",
    "na.tsv": b"onset\tduration\ttrial_type\tresponse_time\n1\t2\tface\tn/a\n4\t2\tn/a\t0.53\n8\t2\thouse\t\n",
    "bom.tsv": b"\xef\xbb\xbfonset\tduration\ttrial_type\n1e1\t2.5E-1\tz\n",
    "no_final_newline.tsv": b"onset\tduration\ttrial_type\n1\t2\tA",
    "utf8.tsv": "onset\tduration\ttrial_type\n1\t2\tgesicht\u00e9\n3\t2\t\u732b\n".encode(),
}
expected = {}
for name, content in cases.items():
    (ev_dir / name).write_bytes(content)
    df = pd.read_csv(ev_dir / name, sep="\t", na_values=["n/a", ""], keep_default_na=False, dtype=str)
    expected[name] = {"columns": [str(c) for c in df.columns],
                      "rows": [[None if (isinstance(v, float) and math.isnan(v)) else v for v in r]
                               for r in df.itertuples(index=False, name=None)]}
(ev_dir / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n")
broken = {
    "ragged.tsv": b"onset\tduration\ttrial_type\n1\t2\tface\n3\t2\n",
    "no_onset.tsv": b"start\tduration\ttrial_type\n1\t2\tface\n",
    "duration_na.tsv": b"onset\tduration\ttrial_type\n1\tn/a\tface\n",
    "onset_text.tsv": b"onset\tduration\ttrial_type\n1\t2\tface\nsoon\t2\thouse\n",
    "unclosed_quote.tsv": b'onset\tduration\ttrial_type\n1\t2\t"face\n',
    "duplicate_column.tsv": b"onset\tduration\tonset\n1\t2\t3\n",
    "negative_duration.tsv": b"onset\tduration\ttrial_type\n1\t-2\tface\n",
    "condition_na.tsv": b"onset\tduration\ttrial_type\n1\t2\tface\n5\t2\tn/a\n",
    "empty.tsv": b"",
    "late.tsv": b"onset\tduration\ttrial_type\n1\t2\tface\n130\t2\thouse\n",
    "early.tsv": b"onset\tduration\ttrial_type\n-30\t2\tface\n4\t2\thouse\n",
}
(ev_dir / "broken").mkdir(exist_ok=True)
for name, content in broken.items():
    (ev_dir / "broken" / name).write_bytes(content)

write_versions(OUT, {
    "scipy": scipy.__version__, "pandas": pd.__version__, "nibabel": nib.__version__, "nilearn": nilearn.__version__})
print("glm:", json.dumps(glm["runs"], indent=0)[:600])
