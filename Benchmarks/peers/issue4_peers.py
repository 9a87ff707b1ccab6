#!/usr/bin/env python3
"""Peer (reference) side of the loader workloads of issue 4, which ../shared/bench does not have.

    python issue4_peers.py --list                         # names and definitions (standard library only)
    python issue4_peers.py --names                        # just the names, one a line (for run.sh)
    python issue4_peers.py --make-data [--small] [names]  # write the inputs into --data (no timing)
    python issue4_peers.py [--small] [--repeat 3] [--warmup 1] [--out peers.json] [--fresh] [names]

Workloads (the Swift side, Benchmarks/Sources/neurometry-bench/Workloads/LoaderWorkloads.swift, runs
the same names on the same files):

  nwb-binning  an NWB file written by pynwb: 500 units with 200,000 spikes in total (seed 401) and
               1,000 trials of 100 conditions (integer column 'stimulus', 10 trials each). Timed: open
               it with pynwb (NWBHDF5IO.read), bulk-read units.spike_times / spike_times_index and
               trials start_time / stimulus, count every unit's spikes in [start, start + 0.5) with
               numpy.searchsorted(side="left"), divide by 0.5 s, and average per condition
               (np.unique order) -> a 100 x 500 pattern matrix (saved as the peer output).
  glm-betas    a 64 x 64 x 40 x 300 float32 NIfTI-1 series (.nii, uncompressed, TR 2 s, seed 402)
               written by nibabel, 20 conditions x 4 events in events.tsv, a brain mask. Timed:
               nilearn FirstLevelModel(t_r=2, hrf_model="spm", drift_model="cosine", high_pass=0.01,
               noise_model="ols", signal_scaling=False, mask_img=mask, minimize_memory=True)
               .fit(bold, events), then compute_contrast(condition, output_type="effect_size") for
               each condition, masked back with the model's masker -> 20 x n_voxels betas (the
               peer output). This is the nilearn pipeline a user runs (not
               make_first_level_design_matrix + lstsq).

--small writes small inputs for a smoke check of the pipeline (50 units x 5,000 spikes, 10 conditions
x 5 trials; 16 x 16 x 10 x 100 scans, 20 conditions x 1 event); the size is recorded in each
dataset's SEED file, and inputs of the other size are regenerated.

Data folder (--data): default Benchmarks/.peer-bench/.data, the folder run.sh gives both sides.
Each dataset is a folder <data>/<dataset>/ whose SEED file is written last; peer outputs go to
<data>/outputs/<workload>.npy. Results (--out, default peers-issue4.json) have the shape of
../shared/bench/run_peers.py's peers.json and are updated entry by entry unless --fresh; when the
file already has a "_meta" (written by run_peers.py), this script's meta goes to "_meta_issue4".

Requirements: Benchmarks/peers/requirements.txt (numpy, scipy, pandas, h5py, pynwb, hdmf, nibabel,
nilearn, threadpoolctl).
"""
import argparse
import os
import sys

BLAS_ENV_VARS = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
ENV_AT_START = {k: os.environ.get(k) for k in BLAS_ENV_VARS}

import gc  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from importlib import metadata  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Callable, Dict  # noqa: E402

# FirstLevelModel.fit with mask_img set says it will use the given mask (it does): harmless.
warnings.filterwarnings("ignore", message=".*Generation of a mask has been requested.*")

HERE = Path(__file__).resolve().parent
DEFAULT_DATA = HERE.parent / ".peer-bench" / ".data"
PACKAGES = ("numpy", "scipy", "pandas", "h5py", "hdmf", "pynwb", "nibabel", "nilearn", "threadpoolctl")

# Sizes: full (the benchmark) and small (smoke check only).
SIZES = {
    "nwb-binning": {
        "full": dict(units=500, spikes=200_000, conditions=100, repeats=10),
        "small": dict(units=50, spikes=5_000, conditions=10, repeats=5),
    },
    "glm-betas": {
        "full": dict(shape=(64, 64, 40), scans=300, conditions=20, repeats=4),
        "small": dict(shape=(16, 16, 10), scans=100, conditions=20, repeats=1),
    },
}
WINDOW = (0.0, 0.5)        # nwb-binning: seconds from each trial's start_time, half-open
TR = 2.0                   # glm-betas


@dataclass
class Workload:
    name: str
    dataset: str
    seed: int
    peer: str
    doc: str
    make: Callable
    load: Callable
    run: Callable


# ---------------------------------------------------------------------------------------------
# nwb-binning
# ---------------------------------------------------------------------------------------------

def make_nwb(folder: Path, seed: int, size: dict) -> None:
    from datetime import datetime, timezone

    import numpy as np
    from pynwb import NWBHDF5IO, NWBFile

    rng = np.random.default_rng(seed)
    n_units, n_cond, reps = size["units"], size["conditions"], size["repeats"]
    n_trials = n_cond * reps
    stimulus = np.concatenate([rng.permutation(n_cond) for _ in range(reps)]).astype(np.int64)
    starts = 2.0 + np.arange(n_trials) * 1.0 + rng.uniform(0, 0.05, n_trials)
    duration = starts[-1] + 2.0
    # Spikes per unit: exactly size["spikes"] in total, unit rates gamma-distributed.
    weights = rng.gamma(2.0, 1.0, n_units)
    per_unit = rng.multinomial(size["spikes"], weights / weights.sum())
    preferred = rng.integers(0, n_cond, n_units)
    nwb = NWBFile(session_description="Neurometry benchmark nwb-binning", identifier=f"nwb-binning-{seed}",
                  session_start_time=datetime(2024, 1, 1, tzinfo=timezone.utc))
    for u in range(n_units):
        n = int(per_unit[u])
        tuned = rng.binomial(n, 0.3)                         # 30 % in windows of the preferred condition
        trials_u = np.flatnonzero(stimulus == preferred[u])
        t = np.concatenate([rng.uniform(0, duration, n - tuned),
                            starts[rng.choice(trials_u, tuned)] + rng.uniform(0, WINDOW[1], tuned)])
        nwb.add_unit(spike_times=np.sort(t))
    nwb.add_trial_column(name="stimulus", description="condition id (0 .. n-1)")
    for i in range(n_trials):
        nwb.add_trial(start_time=float(starts[i]), stop_time=float(starts[i] + 0.8), stimulus=int(stimulus[i]))
    with NWBHDF5IO(str(folder / "session.nwb"), "w") as io:
        io.write(nwb)
    (folder / "params.json").write_text(json.dumps(
        {"units": n_units, "spikes": int(per_unit.sum()), "trials": n_trials, "conditions": n_cond,
         "window": list(WINDOW), "condition_column": "stimulus"}, indent=1) + "\n")


def load_nwb(folder: Path):
    return {"path": str(folder / "session.nwb")}


def run_nwb(d):
    import numpy as np
    from pynwb import NWBHDF5IO

    with NWBHDF5IO(d["path"], "r") as io:
        nwb = io.read()
        times = nwb.units.spike_times.data[:]
        index = nwb.units.spike_times_index.data[:]
        start = nwb.trials["start_time"].data[:]
        stimulus = nwb.trials["stimulus"].data[:]
    bounds = np.concatenate([[0], index])
    lo, hi = start + WINDOW[0], start + WINDOW[1]
    rates = np.empty((start.size, index.size))
    for u in range(index.size):
        t = times[bounds[u]:bounds[u + 1]]
        rates[:, u] = np.searchsorted(t, hi, side="left") - np.searchsorted(t, lo, side="left")
    rates /= WINDOW[1] - WINDOW[0]
    labels, which = np.unique(stimulus, return_inverse=True)
    sums = np.zeros((labels.size, index.size))
    np.add.at(sums, which, rates)
    return sums / np.bincount(which)[:, None]


# ---------------------------------------------------------------------------------------------
# glm-betas
# ---------------------------------------------------------------------------------------------

def make_glm(folder: Path, seed: int, size: dict) -> None:
    import nibabel as nib
    import numpy as np
    import pandas as pd
    from nilearn.glm.first_level import make_first_level_design_matrix

    rng = np.random.default_rng(seed)
    shape, scans, n_cond, reps = size["shape"], size["scans"], size["conditions"], size["repeats"]
    conditions = [f"cond{c:02d}" for c in range(n_cond)]
    n_events = n_cond * reps
    spacing = (scans * TR - 30.0) / n_events
    onsets = 8.0 + np.arange(n_events) * spacing + rng.uniform(0, 0.3 * spacing, n_events).round(3)
    trial_type = np.concatenate([rng.permutation(conditions) for _ in range(reps)])
    events = pd.DataFrame({"onset": onsets, "duration": 1.0, "trial_type": trial_type})
    events.to_csv(folder / "events.tsv", sep="\t", index=False)
    i, j, k = np.meshgrid(*[np.arange(n) for n in shape], indexing="ij")
    centre = [(n - 1) / 2 for n in shape]
    radius = [0.47 * n for n in shape]
    mask = (sum(((a - c) / r) ** 2 for a, c, r in zip((i, j, k), centre, radius)) <= 1).astype(np.uint8)
    affine = np.diag([3.0, 3.0, 3.0, 1.0])
    affine[:3, 3] = [-3.0 * c for c in centre]
    nib.save(nib.Nifti1Image(mask, affine), folder / "mask.nii")
    design = make_first_level_design_matrix(np.arange(scans) * TR, events, hrf_model="spm", drift_model=None)
    x = design[conditions].to_numpy()
    inside = np.flatnonzero(mask.ravel(order="C"))
    # scans x voxels (C order of (x, y, z)), then written as (x, y, z, t).
    data = rng.standard_normal((scans, mask.size), dtype=np.float32) * np.float32(8.0)
    data += np.float32(1000.0)
    betas = rng.standard_normal((n_cond, inside.size)).astype(np.float32) * np.float32(5.0)
    data[:, inside] += (x @ betas).astype(np.float32)
    data[:, inside] += np.linspace(0, 20, scans, dtype=np.float32)[:, None]
    volume = data.T.reshape(shape + (scans,))
    img = nib.Nifti1Image(volume, affine)
    img.header.set_xyzt_units("mm", "sec")
    img.header["pixdim"][4] = TR
    nib.save(img, folder / "bold.nii")
    (folder / "params.json").write_text(json.dumps(
        {"shape": list(shape), "scans": scans, "tr": TR, "conditions": conditions, "events": n_events,
         "mask_voxels": int(inside.size)}, indent=1) + "\n")


def load_glm(folder: Path):
    params = json.loads((folder / "params.json").read_text())
    return {"bold": str(folder / "bold.nii"), "events": str(folder / "events.tsv"),
            "mask": str(folder / "mask.nii"), "conditions": params["conditions"]}


def run_glm(d):
    import nibabel as nib
    import numpy as np
    import pandas as pd
    from nilearn.glm.first_level import FirstLevelModel

    events = pd.read_csv(d["events"], sep="\t")
    model = FirstLevelModel(t_r=TR, hrf_model="spm", drift_model="cosine", high_pass=0.01, noise_model="ols",
                            signal_scaling=False, mask_img=nib.load(d["mask"]), minimize_memory=True)
    model.fit(nib.load(d["bold"]), events=events)
    masker = model.masker_
    return np.vstack([np.asarray(masker.transform(model.compute_contrast(c, output_type="effect_size")),
                                 dtype=np.float64).ravel() for c in d["conditions"]])


WORKLOADS = [
    Workload("nwb-binning", "nwb-binning", 401, "pynwb+numpy",
             "pynwb read of units (500, 200k spikes) and trials (1000, 100 conditions), searchsorted counts "
             "in [start, start+0.5), rates averaged per condition -> 100 x 500", make_nwb, load_nwb, run_nwb),
    Workload("glm-betas", "glm-betas", 402, "nibabel+nilearn",
             "nilearn FirstLevelModel(noise_model='ols', signal_scaling=False, mask) on a 64x64x40x300 float32 "
             "series, 20 conditions; effect_size per condition, masked -> 20 x n_voxels", make_glm, load_glm, run_glm),
]
BY_NAME = {w.name: w for w in WORKLOADS}


# ---------------------------------------------------------------------------------------------
# Data and timing (as ../shared/bench/run_peers.py)
# ---------------------------------------------------------------------------------------------

def stamp(w: Workload, size: str) -> str:
    return f"seed={w.seed} size={size}"


def ensure_data(data_dir: Path, w: Workload, size: str) -> Path:
    """The dataset folder, written when missing or of another seed/size (SEED written last)."""
    folder = data_dir / w.dataset
    seed_file = folder / "SEED"
    if seed_file.exists() and seed_file.read_text().strip() == stamp(w, size):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    if seed_file.exists():
        seed_file.unlink()
    t0 = time.perf_counter()
    w.make(folder, w.seed, SIZES[w.dataset][size])
    seed_file.write_text(stamp(w, size) + "\n")
    print(f"# {folder}/ written ({size}, {time.perf_counter() - t0:.1f} s)", flush=True)
    return folder


def versions():
    v = {"python": platform.python_version()}
    for p in PACKAGES:
        try:
            v[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            v[p] = None
    return v


def blas_info():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return [{"note": "threadpoolctl not installed"}]
    return [{k: (os.path.basename(v) if k == "filepath" else v) for k, v in pool.items()
             if k in ("user_api", "internal_api", "version", "num_threads", "architecture", "threading_layer",
                      "filepath")} for pool in threadpool_info()]


def cpu_counters():
    try:
        f = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        hz = os.sysconf("SC_CLK_TCK")
        busy = (f[0] + f[1] + f[2] + f[5] + f[6]) / hz
        steal = (f[7] if len(f) > 7 else 0) / hz
    except (OSError, ValueError, IndexError):
        busy = steal = float("nan")
    t = os.times()
    return busy, steal, t.user + t.system


def machine_facts():
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu_model": model, "platform": platform.platform()}


def prepare():
    """Imports outside the timed region (as run_peers.prepare)."""
    import nibabel  # noqa: F401
    import nilearn.glm.first_level  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import pynwb  # noqa: F401


def time_workload(w, folder, repeat, warmup, save_outputs, data_dir, size):
    import numpy as np

    data = w.load(folder)
    result = None
    for _ in range(warmup):
        result = w.run(data)
    runs = []
    load_before = os.getloadavg()[0]
    busy0, steal0, own0 = cpu_counters()
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        result = w.run(data)
        runs.append(time.perf_counter() - t0)
    busy1, steal1, own1 = cpu_counters()
    load_after = os.getloadavg()[0]
    if save_outputs and result is not None:
        out_dir = data_dir / "outputs"
        out_dir.mkdir(parents=True, exist_ok=True)
        np.save(out_dir / f"{w.name}.npy", np.asarray(result, dtype=np.float64))
    return {
        "median_s": statistics.median(runs), "min_s": min(runs), "max_s": max(runs), "runs": runs,
        "warmup": warmup, "versions": versions(), "threads": blas_info(), "peer": w.peer,
        "loadavg_1min": [round(load_before, 2), round(load_after, 2)],
        "cpu_own_s": round(own1 - own0, 2), "cpu_others_s": round(max(busy1 - busy0 - (own1 - own0), 0.0), 2),
        "cpu_steal_s": round(steal1 - steal0, 2), "env": {k: os.environ.get(k) for k in BLAS_ENV_VARS},
        "dataset": w.dataset, "size": size, "output_shape": list(np.shape(result)),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workloads", nargs="*", help="names (default: all); see --list")
    ap.add_argument("--data", default=str(DEFAULT_DATA), help=f"data folder (default {DEFAULT_DATA})")
    ap.add_argument("--small", action="store_true", help="small inputs, for a smoke check of the pipeline")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per workload (default 3)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    ap.add_argument("--out", default="peers-issue4.json", help="JSON to write/update")
    ap.add_argument("--fresh", action="store_true", help="overwrite --out instead of updating it")
    ap.add_argument("--threads", type=int, default=None, help="limit BLAS threads (threadpoolctl)")
    ap.add_argument("--no-save-outputs", action="store_true", help="do not write <data>/outputs/<workload>.npy")
    ap.add_argument("--make-data", action="store_true", help="only write the inputs, then exit")
    ap.add_argument("--list", action="store_true", help="list workloads and exit")
    ap.add_argument("--names", action="store_true", help="print the workload names and exit")
    args = ap.parse_args()

    if args.names:
        print("\n".join(w.name for w in WORKLOADS))
        return 0
    if args.list:
        for w in WORKLOADS:
            print(f"{w.name:22s} [{w.peer}] {w.doc}")
        return 0
    names = args.workloads or [w.name for w in WORKLOADS]
    unknown = [n for n in names if n not in BY_NAME]
    if unknown:
        ap.error(f"unknown workload(s): {', '.join(unknown)} (see --list)")
    if args.repeat < 1 or args.warmup < 0:
        ap.error("--repeat must be at least 1 and --warmup not negative")
    data_dir = Path(args.data).resolve()
    size = "small" if args.small else "full"
    folders = {n: ensure_data(data_dir, BY_NAME[n], size) for n in names}
    if args.make_data:
        return 0

    limiter = None
    if args.threads is not None:
        from threadpoolctl import threadpool_limits
        limiter = threadpool_limits(limits=args.threads)
    prepare()
    out_path = Path(args.out)
    results = json.loads(out_path.read_text()) if out_path.exists() and not args.fresh else {}
    meta = machine_facts()
    meta.update({"runner": "Benchmarks/peers/issue4_peers.py", "blas": blas_info(), "versions": versions(),
                 "env_at_start": ENV_AT_START, "threads_limit": args.threads, "repeat": args.repeat,
                 "warmup": args.warmup, "date": time.strftime("%Y-%m-%d"), "data_dir": str(data_dir), "size": size})
    results["_meta_issue4" if "_meta" in results else "_meta"] = meta
    print(f"# {meta['cpu_model']}, nproc={meta['nproc']}, " + ", ".join(
        f"{b.get('internal_api')} {b.get('version')} {b.get('architecture')} threads={b.get('num_threads')}"
        for b in meta["blas"]))
    header = f"{'workload':22s} {'median s':>10s} {'min s':>10s} {'max s':>10s}  note"
    print(header)
    print("-" * len(header))
    for name in names:
        w = BY_NAME[name]
        e = time_workload(w, folders[name], args.repeat, args.warmup, not args.no_save_outputs, data_dir, size)
        results[name] = e
        note = f"{size} inputs" if size != "full" else ""
        limit = max(0.05 * sum(e["runs"]), 0.1)
        if e["cpu_others_s"] > limit or e["cpu_steal_s"] > limit:
            note += f" [busy machine: others {e['cpu_others_s']} s, steal {e['cpu_steal_s']} s]"
        print(f"{name:22s} {e['median_s']:10.4f} {e['min_s']:10.4f} {e['max_s']:10.4f}  {note}", flush=True)
        out_path.write_text(json.dumps(results, indent=1))
    out_path.write_text(json.dumps(results, indent=1))
    if limiter is not None:
        limiter.restore_original_limits()
    print(f"# wrote {out_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
