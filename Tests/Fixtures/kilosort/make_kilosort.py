"""Kilosort/Phy output folders written with numpy, for Neurometry's Phy reader tests.

Writes into this script's folder (Tests/Fixtures/kilosort/):
  curated/        Kilosort 2.5-style output after Phy curation: spike_times.npy (uint64, N×1),
                  spike_clusters.npy (int32), spike_templates.npy, params.py, continuous.dat (int16,
                  4 channels, zeros), cluster_group.tsv (partial curation), cluster_KSLabel.tsv, cluster_info.tsv
  templates_only/ spike_times.npy (int64, 1-D), spike_templates.npy only, params.py with a float
                  sample_rate written '30000.', a raw-string dat_path list, no labels, no .dat file
  info_only/      cluster_info.tsv (Phy export with 'id', 'group' partly empty, 'KSLabel'), unsorted spikes
  broken/*        no cluster file, spikes beyond the recording, length mismatch, executable params.py,
                  missing sample_rate, 2-D spike_times, negative spike
  expected.json   per folder and filter: kept cluster ids, labels, label sources, spike counts, and
                  every spike time in seconds (hex floats), computed with numpy as samples / sample_rate
  events/         the trials of curated/ as trials.tsv (start_time, stop_time, stimulus, stim_on, run),
                  bids_events.tsv (onset, duration with n/a, trial_type), starts.npy + stimuli.npy + runs.npy,
                  and trials.nwb (pynwb TimeIntervals); expected.json: numpy's trial-averaged rates of the
                  'good' clusters in [start, start + 0.05) per stimulus (hex floats) and per-trial counts in
                  2 bins of [stim_on − 0.01, stim_on + 0.03)
  versions.json

Generated with numpy 2.4.6 and pynwb 4.2.0 / hdmf 6.2.0 (/work/venv-fixtures). Deterministic (seeded default_rng). Run from the
repo root:  python Tests/Fixtures/kilosort/make_kilosort.py
"""
import json
import shutil
import sys
from pathlib import Path

import numpy as np
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import write_versions  # noqa: E402

OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(99)
for sub in ("curated", "templates_only", "info_only", "broken"):
    shutil.rmtree(OUT / sub, ignore_errors=True)
    (OUT / sub).mkdir(parents=True)

PARAMS = """dat_path = 'continuous.dat'
n_channels_dat = 4
dtype = 'int16'
offset = 0
sample_rate = 30000.0
hp_filtered = False
"""


def spikes(n, n_samples, clusters):
    times = np.sort(rng.integers(0, n_samples, n)).astype(np.uint64)
    ids = rng.choice(clusters, size=n).astype(np.int32)
    return times, ids


def tsv(path, header, rows):
    path.write_text("\t".join(header) + "\n" + "".join("\t".join(str(v) for v in r) + "\n" for r in rows))


expected = {}


def record(folder, name, filt, times, ids, rate, labels, sources):
    """labels: cluster -> label (lower-case), sources: cluster -> source string."""
    keep = {"good": {"good"}, "good+mua": {"good", "mua"}}
    out = []
    for c in sorted(set(int(i) for i in ids)):
        label = labels.get(c, "unsorted")
        if filt == "good" and label != "good":
            continue
        if filt == "good+mua" and label not in ("good", "mua"):
            continue
        if filt == "not-noise" and label == "noise":
            continue
        s = np.sort(times[ids == c].astype(np.int64))
        out.append({"id": c, "label": label, "source": sources.get(c), "count": int(s.size),
                    "samples": [int(x) for x in s], "seconds": [float(x).hex() for x in s.astype(np.float64) / rate]})
    expected.setdefault(folder, {})[filt] = out


# ---- curated
n_samples = 30000
raw = np.zeros((n_samples, 4), np.int16)  # the content does not matter, only its length
(OUT / "curated/continuous.dat").write_bytes(raw.tobytes())
cluster_ids = [0, 1, 2, 3, 5, 8, 13, 21]
t, c = spikes(600, n_samples, cluster_ids)
t[-1] = n_samples - 1  # the last sample of the recording is still inside
np.save(OUT / "curated/spike_times.npy", t.reshape(-1, 1))
np.save(OUT / "curated/spike_clusters.npy", c)
np.save(OUT / "curated/spike_templates.npy", (c % 5).astype(np.uint32))
(OUT / "curated/params.py").write_text(PARAMS)
group = {0: "good", 2: "noise", 5: "mua", 13: "good"}        # partial manual curation
kslabel = {k: ("good" if k % 2 else "mua") for k in cluster_ids}
tsv(OUT / "curated/cluster_group.tsv", ["cluster_id", "group"], sorted(group.items()))
tsv(OUT / "curated/cluster_KSLabel.tsv", ["cluster_id", "KSLabel"], sorted(kslabel.items()))
info = [[k, kslabel.get(k, "mua"), group.get(k, ""), 12.5, 1] for k in cluster_ids + [34]]   # 34: labelled, no spikes
tsv(OUT / "curated/cluster_info.tsv", ["cluster_id", "KSLabel", "group", "Amplitude", "ch"], info)
labels = {k: group.get(k, kslabel[k]) for k in cluster_ids}  # 34 has a label but no spikes
sources = {k: ("cluster_group.tsv 'group'" if k in group else "cluster_KSLabel.tsv 'KSLabel'") for k in cluster_ids}
for f in ("good", "good+mua", "not-noise", "all"):
    record("curated", "curated", f, t, c, 30000.0, labels, sources)

# ---- templates only
t2 = np.sort(rng.integers(0, 10**9, 300)).astype(np.int64)
c2 = rng.integers(0, 7, 300).astype(np.uint32)
np.save(OUT / "templates_only/spike_times.npy", t2)
np.save(OUT / "templates_only/spike_templates.npy", c2)
(OUT / "templates_only/params.py").write_text(
    "# Kilosort params\n"
    "dat_path = [r'D:\\data\\rec_g0_t0.imec0.ap.bin',\n            'second.bin']  # two files\n"
    "n_channels_dat = 385\ndtype = 'int16'\noffset = 0\nsample_rate = 30000.\nhp_filtered = True\n")
for f in ("all", "not-noise"):
    record("templates_only", "templates_only", f, t2, c2, 30000.0, {}, {})

# ---- cluster_info.tsv only (older Phy: 'id' column), unsorted spike_times
t3 = rng.integers(0, 25000 * 10, 200).astype(np.uint64)   # not sorted
c3 = rng.choice([4, 7, 9], 200).astype(np.int64)
np.save(OUT / "info_only/spike_times.npy", t3)
np.save(OUT / "info_only/spike_clusters.npy", c3)
(OUT / "info_only/params.py").write_text("sample_rate = 25_000\nn_channels_dat = 2\ndtype = 'int16'\n")
tsv(OUT / "info_only/cluster_info.tsv", ["id", "group", "KSLabel"], [[4, "", "good"], [7, "noise", "good"], [9, "Good", "mua"]])
labels3 = {4: "good", 7: "noise", 9: "good"}
sources3 = {4: "cluster_info.tsv 'KSLabel'", 7: "cluster_info.tsv 'group'", 9: "cluster_info.tsv 'group'"}
for f in ("good", "all"):
    record("info_only", "info_only", f, t3, c3, 25000.0, labels3, sources3)

# ---- broken folders
def broken(name, files):
    d = OUT / "broken" / name
    d.mkdir()
    for fname, content in files.items():
        if isinstance(content, np.ndarray):
            np.save(d / fname, content)
        else:
            (d / fname).write_bytes(content if isinstance(content, bytes) else content.encode())


small_t = np.array([[10], [20], [30]], dtype=np.uint64)
small_c = np.array([1, 1, 2], dtype=np.int32)
broken("no_clusters", {"params.py": PARAMS, "spike_times.npy": small_t})
broken("beyond_recording", {"params.py": PARAMS, "spike_times.npy": np.array([[5], [100], [1000]], np.uint64),
                            "spike_clusters.npy": small_c,
                            "continuous.dat": np.zeros((1000, 4), np.int16).tobytes()})
broken("length_mismatch", {"params.py": PARAMS, "spike_times.npy": small_t,
                           "spike_clusters.npy": np.array([1, 2], np.int32)})
broken("executable_params", {"params.py": "import os\nsample_rate = 30000\n", "spike_times.npy": small_t,
                             "spike_clusters.npy": small_c})
broken("expression_params", {"params.py": "sample_rate = 3e4 * 1\n", "spike_times.npy": small_t,
                             "spike_clusters.npy": small_c})
broken("no_sample_rate", {"params.py": "n_channels_dat = 4\ndtype = 'int16'\n", "spike_times.npy": small_t,
                          "spike_clusters.npy": small_c})
broken("two_d_times", {"params.py": PARAMS, "spike_times.npy": np.zeros((3, 2), np.uint64),
                       "spike_clusters.npy": small_c})
broken("negative_spike", {"params.py": "sample_rate = 1000\n", "spike_times.npy": np.array([5, -3, 9], np.int64),
                          "spike_clusters.npy": small_c})
broken("no_labels", {"params.py": "sample_rate = 1000\n", "spike_times.npy": small_t, "spike_clusters.npy": small_c})
broken("float_times", {"params.py": "sample_rate = 1000\n", "spike_times.npy": np.array([1.0, 2.5, 3.0]),
                       "spike_clusters.npy": small_c})

(OUT / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")


# ---- events/: the trials of the curated recording in every form `neurometry patterns --phy` reads
# (start_time/stop_time TSV, BIDS onset/duration TSV, .npy event times + per-trial .npy columns, an NWB
# trials table written by pynwb), and the spike counts numpy computes for them (searchsorted, side="left").
def make_events():
    from datetime import datetime, timezone
    import pynwb
    from pynwb import NWBFile, NWBHDF5IO

    ev_dir = OUT / "events"
    shutil.rmtree(ev_dir, ignore_errors=True)
    ev_dir.mkdir()
    erng = np.random.default_rng(7)   # its own stream: the folders above do not change
    rate = 30000.0
    good = [r for r in expected["curated"]["good"]]
    # 13 trials: 6 start exactly on a spike of a good cluster (edge cases), 6 at random, and the last one
    # so close to the end of the 1 s recording that its window reaches beyond it (as one random one does).
    on_spike = erng.choice(np.concatenate([np.array(r["samples"]) for r in good]), 6, replace=False) / rate
    starts = np.sort(np.concatenate([on_spike, erng.uniform(0.0, 0.9, 6)]))
    starts = np.append(starts, 0.97)
    n = starts.size
    stops = starts + 0.06
    stimuli = np.array(["c10", "c2", "b"] * 5)[:n]
    stim_on = starts + 0.01
    runs = np.arange(n) % 3
    rows = [[repr(float(a)), repr(float(b)), s, repr(float(o)), int(r)] for a, b, s, o, r in zip(starts, stops, stimuli, stim_on, runs)]
    tsv(ev_dir / "trials.tsv", ["start_time", "stop_time", "stimulus", "stim_on", "run"], rows)
    tsv(ev_dir / "bids_events.tsv", ["onset", "duration", "trial_type"],
        [[repr(float(a)), "0.06" if k % 2 else "n/a", s] for k, (a, s) in enumerate(zip(starts, stimuli))])
    np.save(ev_dir / "starts.npy", starts)
    np.save(ev_dir / "stimuli.npy", stimuli)
    np.save(ev_dir / "runs.npy", runs.astype(np.int64))
    nwb = NWBFile(session_description="trials of the curated Phy fixture", identifier="phy-trials",
                  session_start_time=datetime(2024, 1, 1, tzinfo=timezone.utc))
    nwb.add_trial_column(name="stimulus", description="stimulus")
    nwb.add_trial_column(name="stim_on", description="stimulus onset (s)")
    nwb.add_trial_column(name="run", description="run")
    for a, b, s, o, r in zip(starts, stops, stimuli, stim_on, runs):
        nwb.add_trial(start_time=float(a), stop_time=float(b), stimulus=str(s), stim_on=float(o), run=int(r))
    with NWBHDF5IO(str(ev_dir / "trials.nwb"), "w") as io:
        io.write(nwb)

    def counts(anchors, offsets):
        out = np.zeros((n, len(good), len(offsets) - 1))
        for u, r in enumerate(good):
            t = np.array(r["samples"], dtype=np.float64) / rate
            for i, s in enumerate(anchors):
                idx = np.searchsorted(t, s + np.asarray(offsets), side="left")
                out[i, u] = np.diff(idx)
        return out

    conds = np.unique(stimuli)               # 'b' < 'c10' < 'c2'
    c_start = counts(starts, [0.0, 0.05])[:, :, 0]
    rates = c_start / 0.05
    mean = np.stack([rates[stimuli == c].mean(axis=0) for c in conds])
    c_on = counts(stim_on, [-0.01, -0.01 + 0.04 * 1 / 2, 0.03])
    edge_hits = int(sum(np.isin(np.array(r["samples"]) / rate, starts).sum() for r in good))
    ev = {"units": [r["id"] for r in good], "conditions": [str(c) for c in conds],
          "trials_per_condition": [int((stimuli == c).sum()) for c in conds],
          "window": [0.0, 0.05], "mean_rates": [[float(x).hex() for x in row] for row in mean],
          "on_window": [-0.01, 0.03], "on_bins": 2,
          "on_counts": [[[float(x) for x in unit] for unit in trial] for trial in c_on],
          "spikes_on_trial_starts": edge_hits,
          "outside_recording_start": [int(i) for i in np.flatnonzero((starts < 0) | (starts + 0.05 > 1.0))],
          "outside_recording_on": [int(i) for i in np.flatnonzero((stim_on - 0.01 < 0) | (stim_on + 0.03 > 1.0))]}
    (ev_dir / "expected.json").write_text(json.dumps(ev, indent=1) + "\n")
    return pynwb.__version__


pynwb_version = make_events()
import hdmf  # noqa: E402
write_versions(OUT, {"pynwb": pynwb_version, "hdmf": hdmf.__version__})
print({k: {f: len(v) for f, v in d.items()} for k, d in expected.items()})
