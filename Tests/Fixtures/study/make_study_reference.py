"""Reference values for `neurometry report` on the sample study (SampleData/study/, see its README.md).

Reads the study's files with the established Python libraries and computes, for every layer of
activations.h5 and every region of study.yaml, what the report shows:

  stimuli   the activation stimulus ids sorted as text (img_001 ... img_064)
  layers    /layer1 ... /layer6 of activations.h5, float32 -> float64, flattened per stimulus in C
            order (x.reshape(64, -1)), rows matched to the stimuli by /stimulus_ids
  V4, IT    pynwb: the units whose `location` is V4 / IT, in units-table order; for every trial of
            /intervals/trials (table order) each unit's spike count in [stim_on + 0.05,
            stim_on + 0.25) divided by the window width (0.25 - 0.05 = 0.2 s); region pattern = the
            mean rate per stimulus (sum in trial order, then divide). Repetition r = the r-th trial
            of every stimulus in table order (R = 10).
  EVC, LOC  nibabel + nilearn: per run, FirstLevelModel(t_r=1.5, hrf_model='spm',
            drift_model='cosine', high_pass=0.01, noise_model='ols', signal_scaling=False,
            minimize_memory=False, slice_time_ref=0.0) with the run's events (trial_type = stimulus
            id), mask = atlas > 0; the effect_size map of each stimulus is its beta. Channels = the
            voxels of atlas label 3 (EVC) / 8 (LOC) in C order of the (i, j, k) volume
            (np.flatnonzero(atlas.ravel(order='C') == label), Neurometry's VoxelMask / LabelAtlas
            order). Region pattern = mean of the two runs' betas; repetitions = run 1, run 2 (R = 2).
            Checked: np.linalg.lstsq on nilearn's design matrix gives the same betas (1e-9 relative).

  rsa       correlation-distance RDMs (1 - Pearson r between stimulus rows, condensed upper
            triangle in scipy.spatial.distance.pdist order) of every layer and region, compared by
            Pearson r. The stored values are rsatoolbox's (rdm.calc_rdm(method='correlation') and
            rdm.compare(method='corr')); numpy (pdist + np.corrcoef) must agree to 1e-12.
  cka       linear CKA, biased HSIC, columns centred (Kornblith et al. 2019, ICML):
            ||Yc^T Xc||_F^2 / (||Xc^T Xc||_F ||Yc^T Yc||_F), checked against the Gram form
            <H K H, H L H> / (||H K H|| ||H L H||) (K = X X^T). No pip-installable CKA without
            PyTorch exists, so the third-party oracle is optional: with KORNBLITH_CKA_CODE naming a
            .py file holding the numpy functions of Kornblith's reference notebook
            (google-research/google-research, representation_similarity/Demo.ipynb: gram_linear,
            center_gram, cka, feature_space_linear_cka), the values are checked against it too.
  ceilings  split-half, single subject: halvings of the R repetition indices from scikit-learn's
            ShuffleSplit(n_splits=10, train_size=0.5, random_state=1).split(np.arange(R)) (train =
            first half, test = second half); A, B = the means of the repetitions in either half
            (stimuli x channels).
              rsa       m = Pearson r of the correlation RDMs of A and B (rsatoolbox, numpy checked);
                        rho = mean over halvings of 2m / (1 + m); ceiling = sqrt(rho)
              cka       m = linear CKA(A, B); the same Spearman-Brown, mean, sqrt
              encoding  per channel j, r = Pearson r(A[:, j], B[:, j]); rho_j = mean over the
                        halvings (NaN ones skipped) of 2r / (1 + r); ceiling = mean over channels
                        (NaN skipped) of sqrt(max(rho_j, 0))
  mds       the 10 condensed RDM vectors (6 layers, then V4, IT, EVC, LOC), each centred and scaled
            to unit norm (z_k); D_kl = max(0, 1 - z_k . z_l), 0 on the diagonal; classical MDS
            B = -1/2 J (D*D) J, the two largest eigenpairs (numpy.linalg.eigh), coordinates
            v sqrt(lambda), each axis's sign chosen so that its largest-|.| coordinate is positive;
            mds_explained = (lambda1 + lambda2) / (sum of the positive eigenvalues).

Writes, beside this script: study_reference.json (plain JSON numbers; Python's float repr is the
shortest text that reads back as the same float64, so the values are exact) and versions.json.
Prints the tables and exits with status 1 unless every region's best layer by RSA is its
generating layer (V4 <- layer2, IT <- layer5, EVC <- layer1, LOC <- layer4).

Generated with numpy 2.4.6, scipy 1.17.1, h5py 3.16.0, pynwb 4.2.0, hdmf 6.2.0, nibabel 5.4.2,
nilearn 0.14.1, pandas 3.1.1, scikit-learn 1.9.1, rsatoolbox 0.3.2 (Python 3.11). Deterministic.
Run from the repo root:  /work/venv-fixtures/bin/python Tests/Fixtures/study/make_study_reference.py
(optionally with KORNBLITH_CKA_CODE=/path/to/kornblith_cka.py in front).
"""
import importlib.util
import json
import os
import sys
import warnings
from importlib.metadata import version
from pathlib import Path

import h5py
import nibabel as nib
import numpy as np
import pandas as pd
import rsatoolbox
import scipy
from nilearn.glm.first_level import FirstLevelModel
from pynwb import NWBHDF5IO
from scipy.spatial.distance import pdist
from sklearn.model_selection import ShuffleSplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import write_versions  # noqa: E402

OUT = Path(__file__).resolve().parent
STUDY = OUT.parent.parent.parent / "SampleData" / "study"
REGIONS = ["V4", "IT", "EVC", "LOC"]
TRUTH = {"V4": "layer2", "IT": "layer5", "EVC": "layer1", "LOC": "layer4"}
WINDOW = (0.05, 0.25)
LABELS = {"EVC": 3, "LOC": 8}
TR = 1.5


def close(a, b, rtol=1e-12, atol=0.0, what=""):
    a, b = np.asarray(a, float), np.asarray(b, float)
    assert a.shape == b.shape and np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True), \
        f"{what}: max |diff| {np.nanmax(np.abs(a - b))}"


# ---------------------------------------------------------------------------------------- loading
def load_layers():
    with h5py.File(STUDY / "activations.h5", "r") as f:
        ids = [s.decode() if isinstance(s, bytes) else str(s) for s in f["stimulus_ids"][()]]
        names = sorted((k for k in f if k.startswith("layer")), key=lambda k: int(k[len("layer"):]))
        raw = {k: f[k][()] for k in names}
    stimuli = sorted(ids)
    rows = [ids.index(s) for s in stimuli]
    layers = {}
    for k, a in raw.items():
        assert a.dtype == np.float32, (k, a.dtype)
        layers[k] = a[rows].reshape(len(rows), -1).astype(np.float64)
    return stimuli, layers


def spike_region_data(stimuli):
    """{region: (patterns stimuli x units, [R repetition matrices])} from the NWB file."""
    with NWBHDF5IO(str(STUDY / "ecephys" / "sub-monkeyA_ecephys.nwb"), "r") as io:
        nwb = io.read()
        units = nwb.units.to_dataframe()
        trials = nwb.trials.to_dataframe()
    on = trials["stim_on"].to_numpy(np.float64)
    lo, hi = on + WINDOW[0], on + WINDOW[1]
    width = WINDOW[1] - WINDOW[0]
    assert width == 0.2
    stim = [str(s) for s in trials["stimulus_id"]]
    where = {s: [i for i, t in enumerate(stim) if t == s] for s in stimuli}   # trials of each stimulus, table order
    r = min(len(v) for v in where.values())
    assert r == 10 and all(len(v) == r for v in where.values())
    out = {}
    for region in ("V4", "IT"):
        sel = units[units["location"] == region]
        assert len(sel) == 72
        rates = np.zeros((len(trials), len(sel)))       # trials x units
        for c, t in enumerate(sel["spike_times"]):
            t = np.asarray(t, np.float64)
            assert np.all(np.diff(t) >= 0)
            rates[:, c] = (np.searchsorted(t, hi, "left") - np.searchsorted(t, lo, "left")) / width
        patterns = np.zeros((len(stimuli), len(sel)))
        for i, s in enumerate(stimuli):                 # sum in trial order, then divide
            for t in where[s]:
                patterns[i] += rates[t]
            patterns[i] /= len(where[s])
        close(patterns, np.array([rates[where[s]].mean(0) for s in stimuli]), 1e-13, what=f"{region} means")
        reps = [rates[[where[s][k] for s in stimuli]] for k in range(r)]
        out[region] = (patterns, reps)
    return out


def fmri_region_data(stimuli):
    """{region: (patterns stimuli x voxels, [run 1 betas, run 2 betas])} from nilearn's GLM."""
    atlas_img = nib.load(STUDY / "anat" / "atlas.nii.gz")
    atlas = np.asarray(atlas_img.dataobj)
    names = pd.read_csv(STUDY / "anat" / "atlas.tsv", sep="\t")
    assert dict(zip(names["name"], names["index"]))["EVC"] == 3 and dict(zip(names["name"], names["index"]))["LOC"] == 8
    voxels = {r: np.flatnonzero(atlas.ravel(order="C") == LABELS[r]) for r in ("EVC", "LOC")}
    assert len(voxels["EVC"]) == 90 and len(voxels["LOC"]) == 86
    mask = nib.Nifti1Image((atlas > 0).astype(np.uint8), atlas_img.affine)
    runs = []
    for run in (1, 2):
        img = nib.load(STUDY / "func" / f"sub-01_task-images_run-{run}_bold.nii.gz")
        assert np.allclose(img.affine, atlas_img.affine) and img.shape[:3] == atlas.shape
        events = pd.read_csv(STUDY / "func" / f"sub-01_task-images_run-{run}_events.tsv", sep="\t")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)   # "a mask was given at masker creation"
            flm = FirstLevelModel(t_r=TR, hrf_model="spm", drift_model="cosine", high_pass=0.01,
                                  noise_model="ols", signal_scaling=False, minimize_memory=False,
                                  slice_time_ref=0.0, mask_img=mask).fit(img, events)
            betas = np.array([np.asarray(flm.compute_contrast(s, output_type="effect_size").dataobj,
                                         np.float64).ravel(order="C") for s in stimuli])   # stimuli x voxels
        # the same betas by least squares on nilearn's design matrix
        design = flm.design_matrices_[0]
        data = np.asarray(img.dataobj, np.float64).reshape(-1, img.shape[-1])           # C order of (i, j, k)
        inside = np.concatenate([voxels["EVC"], voxels["LOC"]])
        beta, *_ = np.linalg.lstsq(design.to_numpy(), data[inside].T, rcond=None)
        beta = pd.DataFrame(beta, index=design.columns).loc[stimuli].to_numpy()
        close(betas[:, inside], beta, 1e-9, 1e-9, f"run {run}: nilearn vs lstsq betas")
        runs.append(betas)
    out = {}
    for region in ("EVC", "LOC"):
        reps = [b[:, voxels[region]] for b in runs]
        out[region] = ((reps[0] + reps[1]) / 2, reps)
    return out


# ---------------------------------------------------------------------------------------- measures
def rdm_numpy(x):
    return pdist(x, "correlation")


def rdms_rsatoolbox(named):
    """rsatoolbox correlation RDMs of {name: stimuli x channels} (one RDMs object, in dict order)."""
    sets = [rsatoolbox.data.Dataset(x, descriptors={"name": k}) for k, x in named.items()]
    rdms = rsatoolbox.rdm.calc_rdm(sets, method="correlation")
    return rdms


def pearson(a, b):
    return float(np.corrcoef(a, b)[0, 1])


def cka_feature(x, y):
    xc, yc = x - x.mean(0), y - y.mean(0)
    return np.linalg.norm(yc.T @ xc) ** 2 / (np.linalg.norm(xc.T @ xc) * np.linalg.norm(yc.T @ yc))


def cka_gram(x, y):
    n = x.shape[0]
    h = np.eye(n) - np.ones((n, n)) / n
    k, l = h @ (x @ x.T) @ h, h @ (y @ y.T) @ h
    return float(np.sum(k * l) / (np.linalg.norm(k) * np.linalg.norm(l)))


def linear_cka(x, y):
    a, b = cka_feature(x, y), cka_gram(x, y)
    close(a, b, 1e-10, what="CKA feature vs Gram form")
    if KORNBLITH is not None:
        close(a, KORNBLITH.feature_space_linear_cka(x, y), 1e-12, what="CKA vs Kornblith feature_space_linear_cka")
        close(a, KORNBLITH.cka(KORNBLITH.gram_linear(x), KORNBLITH.gram_linear(y)), 1e-10,
              what="CKA vs Kornblith cka(gram_linear)")
    return float(a)


def rsa_compare(a, b):
    """Pearson r of two condensed RDM vectors: rsatoolbox's compare(method='corr'), numpy checked."""
    v = float(rsatoolbox.rdm.compare(rsatoolbox.rdm.RDMs(a[None, :]), rsatoolbox.rdm.RDMs(b[None, :]),
                                     method="corr")[0, 0])
    close(v, pearson(a, b), 1e-12, what="rsatoolbox compare corr vs np.corrcoef")
    return v


def halvings(r):
    return list(ShuffleSplit(n_splits=10, train_size=0.5, random_state=1).split(np.arange(r)))


def half_means(reps):
    reps = np.asarray(reps)
    return [(reps[train].mean(0), reps[test].mean(0)) for train, test in halvings(len(reps))]


def spearman_brown(m):
    return 2 * m / (1 + m)


def rsa_ceiling(reps):
    ms = []
    for a, b in half_means(reps):
        t = rdms_rsatoolbox({"A": a, "B": b})
        ra, rb = t.dissimilarities[0], t.dissimilarities[1]
        close(ra, rdm_numpy(a), 1e-12, 1e-14, "ceiling RDM A")
        close(rb, rdm_numpy(b), 1e-12, 1e-14, "ceiling RDM B")
        ms.append(rsa_compare(rdm_numpy(a), rdm_numpy(b)))
    rho = np.mean([spearman_brown(m) for m in ms])
    return float(np.sqrt(rho)), ms


def cka_ceiling(reps):
    ms = [linear_cka(a, b) for a, b in half_means(reps)]
    rho = np.mean([spearman_brown(m) for m in ms])
    return float(np.sqrt(rho)), ms


def column_pearson(a, b):
    ac, bc = a - a.mean(0), b - b.mean(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (ac * bc).sum(0) / np.sqrt((ac * ac).sum(0) * (bc * bc).sum(0))


def encoding_ceiling(reps):
    values = []
    for a, b in half_means(reps):
        r = column_pearson(a, b)
        for j in range(a.shape[1]):        # scipy's pearsonr agrees
            if np.isfinite(r[j]):
                close(r[j], scipy.stats.pearsonr(a[:, j], b[:, j]).statistic, 1e-12, 1e-15, "column r")
        values.append(spearman_brown(r))
    values = np.array(values)             # halvings x channels
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # all-NaN columns -> NaN
        rho = np.nanmean(values, axis=0)
    defined = rho[~np.isnan(rho)]
    return float(np.mean(np.sqrt(np.maximum(defined, 0)))), int(np.isnan(rho).sum())


def classical_mds(vectors):
    z = []
    for v in vectors:
        c = v - v.mean()
        z.append(c / np.linalg.norm(c))
    z = np.array(z)
    d = np.maximum(0.0, 1.0 - z @ z.T)
    np.fill_diagonal(d, 0.0)
    d = (d + d.T) / 2
    n = len(d)
    j = np.eye(n) - np.ones((n, n)) / n
    b = -0.5 * j @ (d * d) @ j
    b = (b + b.T) / 2
    lam, vec = np.linalg.eigh(b)          # ascending
    order = np.argsort(lam)[::-1]
    lam, vec = lam[order], vec[:, order]
    coords = np.zeros((n, 2))
    for k in range(2):
        if lam[k] <= 0:
            continue
        axis = vec[:, k] * np.sqrt(lam[k])
        if axis[np.argmax(np.abs(axis))] < 0:
            axis = -axis
        coords[:, k] = axis
    explained = float(lam[:2][lam[:2] > 0].sum() / lam[lam > 0].sum())
    # check: the configuration reproduces D where B is (nearly) rank 2 -> at least the top-2 Gram
    close(coords @ coords.T, vec[:, :2] @ np.diag(lam[:2]) @ vec[:, :2].T, 1e-10, 1e-12, "MDS Gram")
    return coords, explained, lam


# ---------------------------------------------------------------------------------------- main
KORNBLITH = None
if os.environ.get("KORNBLITH_CKA_CODE"):
    spec = importlib.util.spec_from_file_location("kornblith_cka", os.environ["KORNBLITH_CKA_CODE"])
    KORNBLITH = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(KORNBLITH)


def main():
    stimuli, layers = load_layers()
    layer_names = list(layers)
    assert layer_names == [f"layer{i}" for i in range(1, 7)]
    regions = {**spike_region_data(stimuli), **fmri_region_data(stimuli)}
    regions = {r: regions[r] for r in REGIONS}

    # RDMs: rsatoolbox, numpy checked
    all_patterns = {**layers, **{r: regions[r][0] for r in REGIONS}}
    t = rdms_rsatoolbox(all_patterns)
    rdm = {}
    for i, name in enumerate(all_patterns):
        v = t.dissimilarities[i]
        close(v, rdm_numpy(all_patterns[name]), 1e-12, 1e-14, f"RDM {name}: rsatoolbox vs pdist")
        rdm[name] = rdm_numpy(all_patterns[name])

    rsa = {r: [rsa_compare(rdm[l], rdm[r]) for l in layer_names] for r in REGIONS}
    # the batch comparison of rsatoolbox: all layers against each region at once
    for r in REGIONS:
        m = rsatoolbox.rdm.compare(rsatoolbox.rdm.RDMs(np.array([rdm[l] for l in layer_names])),
                                   rsatoolbox.rdm.RDMs(rdm[r][None, :]), method="corr")[:, 0]
        close(m, rsa[r], 1e-12, what=f"RSA batch {r}")
    cka = {r: [linear_cka(layers[l], regions[r][0]) for l in layer_names] for r in REGIONS}

    ceilings = {"rsa": {}, "cka": {}, "encoding": {}}
    halving_values = {"rsa": {}, "cka": {}}
    undefined = {}
    for r in REGIONS:
        reps = regions[r][1]
        assert len(reps) == (10 if r in ("V4", "IT") else 2)
        close(np.mean(reps, axis=0), regions[r][0], 1e-12, 1e-12, f"{r}: mean of repetitions = pattern")
        ceilings["rsa"][r], halving_values["rsa"][r] = rsa_ceiling(reps)
        ceilings["cka"][r], halving_values["cka"][r] = cka_ceiling(reps)
        ceilings["encoding"][r], undefined[r] = encoding_ceiling(reps)

    vectors = [rdm[l] for l in layer_names] + [rdm[r] for r in REGIONS]
    coords, explained, lam = classical_mds(vectors)

    result = {
        "stimuli": stimuli,
        "layers": layer_names,
        "regions": REGIONS,
        "rsa": rsa,
        "cka": cka,
        "ceilings": ceilings,
        "mds": [[float(x), float(y)] for x, y in coords],
        "mds_explained": explained,
        "region_rdm_first_pairs": {r: [float(v) for v in rdm[r][:5]] for r in REGIONS},
        "layer_rdm_first_pairs": {l: [float(v) for v in rdm[l][:5]] for l in layer_names},
        "channels": {r: int(regions[r][0].shape[1]) for r in REGIONS},
        "repetitions": {r: len(regions[r][1]) for r in REGIONS},
        "halvings": [[train.tolist(), test.tolist()] for train, test in halvings(10)],
        "halvings_r2": [[train.tolist(), test.tolist()] for train, test in halvings(2)],
        "versions": None,
    }
    versions = {"scipy": scipy.__version__, "h5py": h5py.__version__, "pynwb": version("pynwb"),
                "hdmf": version("hdmf"), "nibabel": nib.__version__, "nilearn": version("nilearn"),
                "pandas": pd.__version__, "scikit-learn": version("scikit-learn"),
                "rsatoolbox": version("rsatoolbox"),
                "cka_oracle": "Kornblith notebook (KORNBLITH_CKA_CODE)" if KORNBLITH is not None else "numpy only"}
    write_versions(OUT, versions, sort_keys=True)
    result["versions"] = json.loads((OUT / "versions.json").read_text())
    (OUT / "study_reference.json").write_text(json.dumps(result, indent=1) + "\n")

    # ------------------------------------------------------------------ report
    print(f"{len(stimuli)} stimuli; channels {result['channels']}; repetitions {result['repetitions']}")
    for measure, table in (("RSA", rsa), ("CKA", cka)):
        print(f"\n{measure}      " + " ".join(f"{r:>10}" for r in REGIONS))
        for i, l in enumerate(layer_names):
            print(f"{l:8} " + " ".join(f"{table[r][i]:10.6f}" for r in REGIONS))
    print("\nceilings " + " ".join(f"{r:>10}" for r in REGIONS))
    for m in ("rsa", "cka", "encoding"):
        print(f"{m:8} " + " ".join(f"{ceilings[m][r]:10.6f}" for r in REGIONS))
    print("channels without a defined encoding reliability:", undefined)
    print("\nMDS (explained %.6f; eigenvalues %s)" % (explained, np.array2string(lam, precision=5)))
    for name, (x, y) in zip(layer_names + REGIONS, coords):
        print(f"  {name:8} {x:10.6f} {y:10.6f}")
    ok = True
    for r in REGIONS:
        best = layer_names[int(np.argmax(rsa[r]))]
        best_cka = layer_names[int(np.argmax(cka[r]))]
        good = best == TRUTH[r]
        ok &= good
        print(f"{r}: best by RSA {best} (truth {TRUTH[r]}){'' if good else '  FAIL'}; best by CKA {best_cka}")
    print("wrote", OUT / "study_reference.json")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
