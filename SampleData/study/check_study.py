"""Checks the ground truth of SampleData/study/ (written by make_study.py) the way `neurometry report`
will compute it, reading the files back with h5py, numpy, pynwb, nibabel and nilearn:

  spikes  per trial, spikes of each unit in [stim_on + 0.05, stim_on + 0.25) / 0.2 s, averaged over the
          repeats of each stimulus_id; channels = the units of one `location`
  fMRI    per run, OLS betas of nilearn's design (SPM HRF, one regressor per trial_type, cosine drift
          with high-pass 0.01 Hz, constant), averaged over the 2 runs; channels = the ROI's voxels
  layers  activations.h5 flattened to stimuli x features, rows matched to the regions by stimulus id

  RSA       correlation-distance RDMs (condensed upper triangle) compared by Pearson r
  encoding  5-fold CV (contiguous folds in id order) ridge, RidgeCV(alphas 0.1 ... 1e5) fitted in each
            training fold; mean over channels of Pearson r(held-out prediction, data)
  CKA       linear, biased (HSIC of centred Gram matrices)
  bootstrap 1000 resamples of the stimuli (seed 2026): RSA on the resampled stimuli, dropping the pairs of
            a stimulus with its own copy; P(best) = how often each layer scores highest
  split-half  RDM correlation of odd vs even repeats (spikes) or run 1 vs run 2 (fMRI)

Prints a table and exits with status 1 if the generating layer is not first for RSA and encoding in
every region, or its bootstrap P(best) for RSA is below 0.9. Run from the repository root:
  /work/venv-fixtures/bin/python SampleData/study/check_study.py
"""
import sys
import warnings
from pathlib import Path

import h5py
import nibabel as nib
import numpy as np
import pandas as pd
from nilearn.glm.first_level import FirstLevelModel, make_first_level_design_matrix
from pynwb import NWBHDF5IO
from scipy.spatial.distance import pdist, squareform
from sklearn.linear_model import RidgeCV
from sklearn.model_selection import KFold

HERE = Path(__file__).resolve().parent
TRUTH = {"V4": "layer2", "IT": "layer5", "EVC": "layer1", "LOC": "layer4"}
WINDOW = (0.05, 0.25)
ALPHAS = [0.1, 1, 10, 100, 1000, 10000, 100000]
TR = 1.5


def load_layers():
    with h5py.File(HERE / "activations.h5", "r") as f:
        ids = [s.decode() if isinstance(s, bytes) else s for s in f["stimulus_ids"][()]]
        layers = {k: f[k][()] for k in f if k.startswith("layer")}
    npz = np.load(HERE / "activations.npz")
    where = {s: i for i, s in enumerate(ids)}
    rows = [where[s] for s in npz["stimulus_ids"]]
    for k, a in layers.items():     # the .npz holds the same rows, shuffled
        assert npz[k].dtype == a.dtype and npz[k].shape == a.shape and np.array_equal(npz[k], a[rows]), k
    return ids, layers


def spike_patterns(ids):
    with NWBHDF5IO(str(HERE / "ecephys" / "sub-monkeyA_ecephys.nwb"), "r") as io:
        nwb = io.read()
        units = nwb.units.to_dataframe()
        trials = nwb.trials.to_dataframe()
    on = trials["stim_on"].to_numpy()
    lo, hi = on + WINDOW[0], on + WINDOW[1]
    edge_gap = np.inf
    out = {}
    for region in ("V4", "IT"):
        sel = units[units["location"] == region]
        rates = np.zeros((len(trials), len(sel)))
        for c, t in enumerate(sel["spike_times"]):
            t = np.asarray(t)
            rates[:, c] = (np.searchsorted(t, hi, "left") - np.searchsorted(t, lo, "left")) / (hi - lo)
            if len(t):
                for e in (lo, hi):
                    k = np.clip(np.searchsorted(t, e), 1, len(t) - 1)
                    edge_gap = min(edge_gap, np.min(np.minimum(np.abs(t[k] - e), np.abs(t[k - 1] - e))))
        stim = trials["stimulus_id"].to_numpy()
        rep = trials["repeat"].to_numpy()
        mean = np.array([rates[stim == s].mean(0) for s in ids])
        halves = [np.array([rates[(stim == s) & (rep % 2 == h)].mean(0) for s in ids]) for h in (0, 1)]
        out[region] = (mean, halves)
    info = {"units": len(units), "trials": len(trials),
            "repeats per stimulus": sorted(set(trials.groupby("stimulus_id").size())),
            "min |spike - window edge| (s)": float(edge_gap),
            "mean window rate (Hz)": float(np.mean([out[r][0].mean() for r in out]))}
    return out, info


def fmri_patterns(ids):
    atlas = np.asarray(nib.load(HERE / "anat" / "atlas.nii.gz").dataobj)
    labels = pd.read_csv(HERE / "anat" / "atlas.tsv", sep="\t")
    index = dict(zip(labels["name"], labels["index"]))
    per_run, scans = [], []
    for run in (1, 2):
        img = nib.load(HERE / "func" / f"sub-01_task-images_run-{run}_bold.nii.gz")
        data = np.asarray(img.dataobj, dtype=np.float64)
        events = pd.read_csv(HERE / "func" / f"sub-01_task-images_run-{run}_events.tsv", sep="\t")
        frame_times = np.arange(data.shape[-1]) * TR
        scans.append(data.shape[-1])
        design = make_first_level_design_matrix(frame_times, events, hrf_model="spm", drift_model="cosine",
                                                high_pass=0.01)
        beta, *_ = np.linalg.lstsq(design.to_numpy(), data.reshape(-1, data.shape[-1]).T, rcond=None)
        beta = pd.DataFrame(beta, index=design.columns).loc[ids].to_numpy().reshape((len(ids),) + data.shape[:3])
        if run == 1:   # the same betas as nilearn's FirstLevelModel (OLS, no signal scaling)?
            mask = nib.Nifti1Image((atlas > 0).astype(np.uint8), img.affine)
            with warnings.catch_warnings():   # "a mask was given at masker creation": yes, on purpose
                warnings.simplefilter("ignore", RuntimeWarning)
                flm = FirstLevelModel(t_r=TR, hrf_model="spm", drift_model="cosine", high_pass=0.01,
                                      noise_model="ols", signal_scaling=False, minimize_memory=False,
                                      mask_img=mask).fit(img, events)
            b0 = np.asarray(flm.compute_contrast(ids[0], output_type="effect_size").dataobj)
            flm_diff = float(np.abs(b0[atlas > 0] - beta[0][atlas > 0]).max())
        per_run.append(beta)
    out = {}
    for region in ("EVC", "LOC"):
        inside = atlas == index[region]
        runs = [b[:, inside] for b in per_run]
        out[region] = ((runs[0] + runs[1]) / 2, runs)
    info = {"ROI labels": {r: int(index[r]) for r in ("EVC", "LOC")},
            "ROI voxels": {r: out[r][0].shape[1] for r in out}, "scans per run": scans,
            "max |lstsq - FirstLevelModel| beta (run 1, img_001)": flm_diff}
    return out, info


def rsa(a, b):
    return np.corrcoef(a, b)[0, 1]


def encoding(x, y):
    pred = np.zeros_like(y)
    for train, test in KFold(5).split(x):
        pred[test] = RidgeCV(alphas=ALPHAS).fit(x[train], y[train]).predict(x[test])
    return np.mean([np.corrcoef(pred[:, c], y[:, c])[0, 1] for c in range(y.shape[1])])


def cka(x, y):
    x = x - x.mean(0)
    y = y - y.mean(0)
    return np.linalg.norm(y.T @ x) ** 2 / (np.linalg.norm(x.T @ x) * np.linalg.norm(y.T @ y))


def bootstrap_best(region_rdm, layer_rdms, n=1000, seed=2026):
    rng = np.random.default_rng(seed)
    d_region = squareform(region_rdm)
    d_layers = np.array([squareform(d) for d in layer_rdms])
    n_stim = d_region.shape[0]
    iu = np.triu_indices(n_stim, 1)
    wins = np.zeros(len(layer_rdms), int)
    scores = []
    for _ in range(n):
        idx = rng.integers(0, n_stim, n_stim)
        keep = idx[iu[0]] != idx[iu[1]]            # drop a stimulus paired with its own copy
        a, b = idx[iu[0]][keep], idx[iu[1]][keep]
        r = [rsa(d_region[a, b], d[a, b]) for d in d_layers]
        wins[int(np.argmax(r))] += 1
        scores.append(r)
    return wins / n, np.array(scores)


def main():
    ids, layers = load_layers()
    names = list(layers)
    flat = {k: v.reshape(len(v), -1).astype(np.float64) for k, v in layers.items()}
    layer_rdms = {k: pdist(v, "correlation") for k, v in flat.items()}
    spikes, s_info = spike_patterns(ids)
    fmri, f_info = fmri_patterns(ids)
    regions = {**spikes, **fmri}
    print("activations:", {k: (v.shape, str(v.dtype)) for k, v in layers.items()})
    print("spikes:", s_info)
    print("fMRI:", f_info)
    print("\nRDM correlation between layers")
    print("        " + " ".join(f"{n:>7}" for n in names))
    for a in names:
        print(f"{a:7} " + " ".join(f"{rsa(layer_rdms[a], layer_rdms[b]):7.2f}" for b in names))
    ok = True
    for region, (pattern, halves) in regions.items():
        rdm = pdist(pattern, "correlation")
        half = rsa(pdist(halves[0], "correlation"), pdist(halves[1], "correlation"))
        p_best, boot = bootstrap_best(rdm, [layer_rdms[n] for n in names])
        split = "odd/even repeats" if region in spikes else "run 1 / run 2"
        print(f"\n{region}: {pattern.shape[1]} channels, ground truth {TRUTH[region]}; split-half RDM r "
              f"({split}) = {half:.3f} (Spearman-Brown {2 * half / (1 + half):.3f})")
        print(f"  {'layer':7} {'RSA':>7} {'boot sd':>7} {'P(best)':>7} {'encoding':>8} {'CKA':>7}")
        rows = {}
        for i, n in enumerate(names):
            rows[n] = (rsa(rdm, layer_rdms[n]), encoding(flat[n], pattern), cka(flat[n], pattern))
            mark = "  <- truth" if n == TRUTH[region] else ""
            print(f"  {n:7} {rows[n][0]:7.3f} {boot[:, i].std():7.3f} {p_best[i]:7.3f} {rows[n][1]:8.3f} "
                  f"{rows[n][2]:7.3f}{mark}")
        for m, label in enumerate(("RSA", "encoding", "CKA")):
            ranked = sorted(names, key=lambda n: -rows[n][m])
            margin = rows[ranked[0]][m] - rows[ranked[1]][m]
            good = ranked[0] == TRUTH[region]
            print(f"  {label}: best {ranked[0]} (margin {margin:.3f} over {ranked[1]}){'' if good else '  FAIL'}")
            if label != "CKA":
                ok &= good
        ok &= p_best[names.index(TRUTH[region])] >= 0.9
    print("\nground truth recovered:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
