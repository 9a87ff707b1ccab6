"""SampleData/study/: a synthetic ground-truth study for `neurometry report` -- which layer of a toy
network best matches each brain region? The answer is built in (V4 <- layer2, IT <- layer5,
EVC <- layer1, LOC <- layer4) so the report can be checked against it (check_study.py does so).

  stimuli.npz                           64 synthetic 16x16 images (img_001 ... img_064) and their factors
  activations.h5                        toy 6-layer network: /layer1 ... /layer6 (float32, N-d shapes kept)
                                        and /stimulus_ids (variable-length UTF-8), stimuli in id order
  activations.npz                       the same rows in a seeded shuffled order, with a stimulus_ids member
  ecephys/sub-monkeyA_ecephys.nwb       NWB 2.x (pynwb): 72 V4 units (read layer2) + 72 IT units (read layer5),
                                        units columns location/quality, 640 trials (10 repeats of each
                                        stimulus) with stimulus_id, stim_on, repeat; Poisson spikes
  func/sub-01_task-images_run-{1,2}_bold.nii.gz   int16 14x14x10 voxels x 315/313 scans, TR 1.5 s
  func/sub-01_task-images_run-{1,2}_events.tsv    onset, duration, trial_type (= stimulus id), 128 events each
  task-images_bold.json                 RepetitionTime, TaskName (BIDS inheritance, dataset root)
  anat/atlas.nii.gz, anat/atlas.tsv     labels 3 EVC (voxels read layer1), 8 LOC (voxels read layer4)
  study.yaml                            the study description read by `neurometry report`
  versions.json                         Python package versions used

Deterministic (seed 2026; gzip with mtime 0; fixed NWB dates: the .nwb differs between runs only in
its random HDF5 object ids). Run from the repository root:
  /work/venv-fixtures/bin/python SampleData/study/make_study.py
then verify the ground truth with
  /work/venv-fixtures/bin/python SampleData/study/check_study.py
"""
import gzip
import io
import json
import platform
from datetime import datetime, timezone
from pathlib import Path

import h5py
import hdmf
import nibabel as nib
import nilearn
import numpy as np
import pandas as pd
import pynwb
import scipy
from hdmf.backends.hdf5.h5_utils import H5DataIO
from nilearn.glm.first_level import make_first_level_design_matrix
from pynwb import NWBHDF5IO, NWBFile
from scipy.ndimage import gaussian_filter

OUT = Path(__file__).resolve().parent
SEED = 2026
N_STIM = 64
IDS = [f"img_{i:03d}" for i in range(1, N_STIM + 1)]
GROUND_TRUTH = {"V4": "layer2", "IT": "layer5", "EVC": "layer1", "LOC": "layer4"}


def rng_for(part):
    """An independent generator per part, so that tuning one part leaves the others unchanged."""
    return np.random.default_rng([SEED, part])


# ----------------------------------------------------------------------------------------- stimuli
def make_stimuli(rng, size=16):
    """A windowed grating (orientation, spatial frequency, phase, position, size, contrast) over a
    smooth random texture, plus a luminance offset: a few shape/texture factors per image."""
    yy, xx = np.mgrid[0:size, 0:size] - (size - 1) / 2
    images, factors = [], []
    for _ in range(N_STIM):
        f = dict(orientation=rng.uniform(0, np.pi), frequency=rng.uniform(0.08, 0.3),
                 phase=rng.uniform(0, 2 * np.pi), x=rng.uniform(-4, 4), y=rng.uniform(-4, 4),
                 size=rng.uniform(2.5, 5), contrast=rng.uniform(0.4, 1.0),
                 texture_scale=rng.uniform(1, 2.5), texture_contrast=rng.uniform(0.2, 0.6),
                 luminance=rng.uniform(-0.3, 0.3))
        grating = np.cos(2 * np.pi * f["frequency"] * (xx * np.cos(f["orientation"]) + yy * np.sin(f["orientation"]))
                         + f["phase"])
        envelope = np.exp(-((xx - f["x"]) ** 2 + (yy - f["y"]) ** 2) / (2 * f["size"] ** 2))
        texture = gaussian_filter(rng.normal(size=(size, size)), f["texture_scale"], mode="wrap")
        texture /= texture.std()
        images.append(f["contrast"] * grating * envelope + f["texture_contrast"] * texture + f["luminance"])
        factors.append(f)
    return np.array(images, np.float32), factors


# ----------------------------------------------------------------------------------------- network
NEG_SLOPE = 0.5   # the rectifier: relu(u) + NEG_SLOPE * relu(-u), an asymmetric full-wave rectifier


def batchnorm(x):
    """Standardise each unit over the batch of 64 stimuli (batch normalisation without learned scale)."""
    flat = x.reshape(len(x), -1)
    flat = (flat - flat.mean(0)) / (flat.std(0) + 1e-6)
    return flat.reshape(x.shape)


def rectify(u):
    return np.maximum(u, 0) + NEG_SLOPE * np.maximum(-u, 0)


def conv(x, w, stride):
    """x (N, C, H, W), w (O, C, k, k); circular 'same' padding, then keep every stride-th position."""
    n, _, h, wd = x.shape
    o, _, k, _ = w.shape
    p = k // 2
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), mode="wrap")
    out = np.zeros((n, o, h, wd))
    for i in range(k):
        for j in range(k):
            out += np.einsum("nchw,oc->nohw", xp[:, :, i:i + h, j:j + wd], w[:, :, i, j])
    return out[:, :, ::stride, ::stride]


def network(images, rng):
    """6 layers, fresh random (He-scaled) weights in each; every layer is batchnorm -> conv/dense ->
    batchnorm -> asymmetric rectifier. The strong even part of the rectifier is what makes the
    representational geometry of each layer differ from its neighbours'."""
    x = ((images - images.mean()) / images.std())[:, None].astype(np.float64)   # (64, 1, 16, 16)
    layers = {}
    for name, (out_ch, k) in {"layer1": (8, 5), "layer2": (16, 3), "layer3": (32, 3)}.items():
        fan_in = x.shape[1] * k * k
        w = rng.normal(0, np.sqrt(2 / fan_in), (out_ch, x.shape[1], k, k))
        x = rectify(batchnorm(conv(batchnorm(x) if name != "layer1" else x, w, stride=2)))
        layers[name] = x
    x = x.reshape(len(x), -1)
    for name, width in {"layer4": 256, "layer5": 128, "layer6": 64}.items():
        w = rng.normal(0, np.sqrt(2 / x.shape[1]), (x.shape[1], width))
        x = rectify(batchnorm(batchnorm(x) @ w))
        layers[name] = x
    return {k: v.astype(np.float32) for k, v in layers.items()}


def readout(layer, n_channels, rng):
    """A random linear readout of the layer that keeps its representational geometry: each stimulus's
    activation vector is centred and scaled to unit length (what correlation distance looks at), and
    its coordinates in the stimuli's subspace are randomly rotated onto n_channels channels (an
    orthonormal map whose channels sum to zero; needs n_channels > 64). So the channels' correlation-
    distance RDM equals the layer's exactly; the nonlinearity, per-channel gains and noise added later
    are what make the region differ. Returns (64 stimuli, n_channels), overall sd 1."""
    x = layer.reshape(len(layer), -1).astype(np.float64)
    x = x - x.mean(1, keepdims=True)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    u, s, _ = np.linalg.svd(x, full_matrices=False)
    g = rng.normal(size=(n_channels, len(s)))
    q, _ = np.linalg.qr(g - g.mean(0))
    y = (u * s) @ q.T
    return y / y.std()


# ----------------------------------------------------------------------------------------- spikes
N_UNITS = 72          # per region (> 64, see readout)
N_REPEATS = 10
WINDOW = (0.05, 0.25)  # response window after stim_on (s); the analysis window


def softplus(x):
    return np.log1p(np.exp(x))


def make_nwb(layers, path):
    rng = rng_for(3)
    rates, spont, region_of_unit = [], [], []
    for region in ("V4", "IT"):
        drive = readout(layers[GROUND_TRUTH[region]], N_UNITS, rng)          # (64 stimuli, units)
        baseline = rng.uniform(4, 7, N_UNITS)                                 # spontaneous rate, spikes/s
        gain = rng.uniform(12, 18, N_UNITS)
        slope = rng.uniform(1.0, 1.3, N_UNITS)
        offset = rng.uniform(-0.2, 0.2, N_UNITS)
        rates.append(baseline + gain * softplus(slope * drive - offset))        # rate in the response window
        spont.append(baseline)
        region_of_unit += [region] * N_UNITS
    # Interleave the two regions' units in the table (they are told apart by `location` only).
    order_units = rng.permutation(2 * N_UNITS)
    evoked = np.concatenate(rates, axis=1)[:, order_units]                     # (64 stimuli, 144 units)
    baseline = np.concatenate(spont)[order_units]
    region_of_unit = [region_of_unit[u] for u in order_units]

    # Trials: 10 repeats of each stimulus; each block of 64 is a fresh random order.
    stim = np.concatenate([rng.permutation(N_STIM) for _ in range(N_REPEATS)])
    repeat = np.zeros(len(stim), int)
    seen = np.zeros(N_STIM, int)
    for i, s in enumerate(stim):
        repeat[i] = seen[s]
        seen[s] += 1
    n_trials = len(stim)
    gaps = 0.8 + rng.uniform(0.0, 0.3, n_trials).round(3)       # trial-to-trial spacing (s)
    starts = np.round(1.0 + np.concatenate([[0], np.cumsum(gaps[:-1])]), 3)
    stim_on = np.round(starts + 0.2, 3)
    stops = np.round(stim_on + 0.45, 3)

    spikes = [[] for _ in range(2 * N_UNITS)]
    lo, hi = WINDOW
    for i in range(n_trials):
        for u in range(2 * N_UNITS):
            n0 = rng.poisson(baseline[u] * (stops[i] - starts[i]))
            n1 = rng.poisson((evoked[stim[i], u] - baseline[u]) * (hi - lo))
            t = np.concatenate([rng.uniform(starts[i], stops[i], n0),
                                stim_on[i] + rng.uniform(lo, hi, n1)])
            spikes[u].append(t)
    spikes = [np.sort(np.round(np.concatenate(t) * 30000) / 30000) for t in spikes]   # 30 kHz clock
    # Keep every spike at least 0.1 ms from a window edge so that the half-open window is unambiguous.
    edges = np.concatenate([stim_on + lo, stim_on + hi])
    for u, t in enumerate(spikes):
        near = np.abs(t[:, None] - edges[None, :]).min(1) < 1e-4
        t[near] += 2e-4
        spikes[u] = np.sort(t)

    nwb = NWBFile(session_description="Neurometry sample study: synthetic V4 and IT units viewing 64 images",
                  identifier="neurometry-study-sub-monkeyA",
                  session_start_time=datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc),
                  file_create_date=datetime(2026, 1, 1, 9, 0, tzinfo=timezone.utc),
                  experimenter=["Neurometry (synthetic)"], lab="none", institution="none",
                  experiment_description="Synthetic ground truth: V4 units read layer2, IT units layer5 of a toy network")
    nwb.subject = pynwb.file.Subject(subject_id="monkeyA", species="Macaca mulatta", sex="U",
                                     description="synthetic")
    nwb.add_unit_column(name="location", description="brain area of the unit (V4 or IT)")
    nwb.add_unit_column(name="quality", description="spike sorting quality")
    for u in range(2 * N_UNITS):
        nwb.add_unit(spike_times=spikes[u], location=region_of_unit[u], quality="good")
    nwb.units.spike_times.set_data_io(H5DataIO, {"compression": "gzip", "compression_opts": 6, "shuffle": True})
    nwb.add_trial_column(name="stimulus_id", description="stimulus shown (img_001 ... img_064)")
    nwb.add_trial_column(name="stim_on", description="stimulus onset time (s)")
    nwb.add_trial_column(name="repeat", description="repeat index of this stimulus (0-based)")
    for i in range(n_trials):
        nwb.add_trial(start_time=float(starts[i]), stop_time=float(stops[i]), stimulus_id=IDS[stim[i]],
                      stim_on=float(stim_on[i]), repeat=int(repeat[i]))
    with NWBHDF5IO(str(path), "w") as f:
        f.write(nwb)
    return {"units": 2 * N_UNITS, "trials": n_trials, "spikes": int(sum(len(t) for t in spikes)),
            "evoked Hz (min/median/max)": [round(float(v), 1) for v in np.percentile(evoked, [0, 50, 100])]}


# ----------------------------------------------------------------------------------------- fMRI
GRID, TR = (14, 14, 10), 1.5
AFFINE = np.array([[-3.0, 0, 0, 19.5], [0, 3.0, 0, -19.5], [0, 0, 3.0, -13.5], [0, 0, 0, 1]])
ATLAS = {3: "EVC", 8: "LOC"}
NOISE_SD = 2.5        # white noise per scan, image units (baseline ~1000)


def save_gz(img, path):
    buf = io.BytesIO()
    img.to_file_map(img.make_file_map({"image": buf, "header": buf}))
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as g:
        g.write(buf.getvalue())


def make_fmri(layers):
    rng = rng_for(4)
    (OUT / "func").mkdir(parents=True, exist_ok=True)
    (OUT / "anat").mkdir(parents=True, exist_ok=True)
    i, j, k = np.meshgrid(*[np.arange(n) for n in GRID], indexing="ij")
    brain = ((i - 6.5) / 6.6) ** 2 + ((j - 6.5) / 6.6) ** 2 + ((k - 4.5) / 4.8) ** 2 <= 1
    atlas = np.zeros(GRID, np.int16)
    atlas[4:10, 0:4, 2:7] = 3                      # EVC: occipital pole
    atlas[1:4, 3:7, 2:6] = 8                       # LOC: lateral occipital, both hemispheres
    atlas[10:13, 3:7, 2:6] = 8
    atlas[~brain] = 0
    betas = np.zeros((N_STIM,) + GRID)
    for label, name in ATLAS.items():
        inside = atlas == label
        drive = readout(layers[GROUND_TRUTH[name]], int(inside.sum()), rng)     # (64, voxels)
        mean_amp = rng.uniform(15, 25, inside.sum())     # every voxel responds to every image ...
        gain = rng.uniform(12, 18, inside.sum())         # ... and by how much depends on the layer
        betas[:, inside] = mean_amp + gain * drive
    intensity = np.where(brain, rng.uniform(900, 1100, GRID), 50.0)
    n_scans = []
    for run in (1, 2):
        order = np.concatenate([rng.permutation(N_STIM), rng.permutation(N_STIM)])   # each image twice
        isi = rng.uniform(3.0, 4.0, len(order))
        onsets = np.round(9.0 + np.concatenate([[0], np.cumsum(isi[:-1])]), 2)
        events = pd.DataFrame({"onset": onsets, "duration": 1.0, "trial_type": [IDS[s] for s in order]})
        events.to_csv(OUT / "func" / f"sub-01_task-images_run-{run}_events.tsv", sep="\t", index=False,
                      na_rep="n/a")
        scans = int(np.ceil((onsets[-1] + 20.0) / TR))
        n_scans.append(scans)
        frame_times = np.arange(scans) * TR
        design = make_first_level_design_matrix(frame_times, events, hrf_model="spm", drift_model=None)
        x = design[IDS].to_numpy()                                      # (scans, 64)
        signal = np.tensordot(x, betas, axes=(1, 0))                    # (scans, *GRID)
        t = frame_times / frame_times[-1]
        drift = (rng.uniform(-15, 15, GRID)[..., None] * t
                 + rng.uniform(-6, 6, GRID)[..., None] * np.cos(np.pi * t))   # slower than 0.01 Hz
        noise = rng.normal(0, NOISE_SD, GRID + (scans,))
        data = intensity[..., None] * (1 + drift / 1000) + np.moveaxis(signal, 0, -1) + noise
        data[~brain] = intensity[~brain][:, None] + rng.normal(0, 2, (int((~brain).sum()), scans))
        img = nib.Nifti1Image(np.round(data).astype(np.int16), AFFINE)
        img.header.set_xyzt_units("mm", "sec")
        img.header["pixdim"][4] = TR
        save_gz(img, OUT / "func" / f"sub-01_task-images_run-{run}_bold.nii.gz")
    (OUT / "task-images_bold.json").write_text(json.dumps({"RepetitionTime": TR, "TaskName": "images"}, indent=1) + "\n")
    atlas_img = nib.Nifti1Image(atlas, AFFINE)
    atlas_img.header.set_xyzt_units("mm")
    save_gz(atlas_img, OUT / "anat" / "atlas.nii.gz")
    (OUT / "anat" / "atlas.tsv").write_text("index\tname\n0\tBackground\n" +
                                           "".join(f"{k}\t{v}\n" for k, v in ATLAS.items()))
    return {"brain voxels": int(brain.sum()), "scans per run": n_scans,
            "ROI voxels": {v: int((atlas == k).sum()) for k, v in ATLAS.items()}}


# ----------------------------------------------------------------------------------------- study.yaml
STUDY_YAML = """\
# Neurometry study: which layer of the toy network best matches each brain region? (README.md)
name: Neurometry sample study
seed: 2026
bootstrap: 1000
activations:
  file: activations.h5
  layers: all
regions:
""" + "".join(f"""\
  - name: {r}
    spikes:
      nwb: ecephys/sub-monkeyA_ecephys.nwb
      units: {{location: {r}}}
      window: [{WINDOW[0]}, {WINDOW[1]}]
      align: stim_on
      condition: stimulus_id
""" for r in ("V4", "IT")) + "".join(f"""\
  - name: {r}
    fmri:
      bold: [func/sub-01_task-images_run-1_bold.nii.gz, func/sub-01_task-images_run-2_bold.nii.gz]
      atlas: anat/atlas.nii.gz
      labels: anat/atlas.tsv
      roi: {r}
      condition: trial_type
""" for r in ("EVC", "LOC")) + """\
measures:
  rsa: {rdm: correlation, comparator: corr}
  cka: {kernel: linear, estimator: biased}
  encoding: {model: ridge, folds: 5, alphas: [0.1, 1, 10, 100, 1000, 10000, 100000]}
"""


def main():
    images, factors = make_stimuli(rng_for(1))
    np.savez(OUT / "stimuli.npz", images=images, stimulus_ids=np.array(IDS),
             **{k: np.array([f[k] for f in factors], np.float32) for k in factors[0]})
    layers = network(images, rng_for(2))

    with h5py.File(OUT / "activations.h5", "w", track_order=True) as f:   # h5py: no timestamps by default
        for name, a in layers.items():
            f.create_dataset(name, data=a)
        f.create_dataset("stimulus_ids", data=IDS, dtype=h5py.string_dtype("utf-8"))
        f.attrs["description"] = "Toy 6-layer network (make_study.py); rows follow /stimulus_ids"
    perm = rng_for(5).permutation(N_STIM)
    np.savez(OUT / "activations.npz", stimulus_ids=np.array(IDS)[perm], **{k: v[perm] for k, v in layers.items()})

    (OUT / "ecephys").mkdir(exist_ok=True)
    spikes = make_nwb(layers, OUT / "ecephys" / "sub-monkeyA_ecephys.nwb")
    fmri = make_fmri(layers)
    (OUT / "study.yaml").write_text(STUDY_YAML)
    versions = {"python": platform.python_version(), "numpy": np.__version__, "scipy": scipy.__version__,
                "h5py": h5py.__version__, "pynwb": pynwb.__version__, "hdmf": hdmf.__version__,
                "nibabel": nib.__version__, "nilearn": nilearn.__version__, "pandas": pd.__version__}
    (OUT / "versions.json").write_text(json.dumps(versions, indent=2) + "\n")
    print({"layers": {k: v.shape for k, v in layers.items()}, "spikes": spikes, "fmri": fmri})


if __name__ == "__main__":
    main()
