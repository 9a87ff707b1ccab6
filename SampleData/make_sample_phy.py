"""SampleData/phy/: a tiny synthetic Kilosort/Phy output folder written with numpy, and its trials, for
the spike examples (`neurometry inspect SampleData/phy`, `neurometry patterns --phy ...`).

  phy/params.py               dat_path, n_channels_dat = 1, dtype 'int16', offset, sample_rate = 30000.0
  phy/recording.dat           the raw data file params.py names: 10 s of one int16 channel (zeros; only
                              its length matters: it bounds the spike times)
  phy/spike_times.npy         uint64 sample indices, N×1 (as Kilosort 2.5 writes them)
  phy/spike_clusters.npy      int32 cluster of each spike (after "curation": clusters 3 and 9 merged into 3)
  phy/spike_templates.npy     uint32 Kilosort template of each spike (before curation)
  phy/amplitudes.npy          float64 amplitude of each spike
  phy/cluster_group.tsv       Phy's manual labels (good / mua / noise) for most clusters
  phy/cluster_KSLabel.tsv     Kilosort's automatic labels for every template
  phy_trials.tsv              40 trials: start_time, stop_time, stimulus (face/house/body/tool), stim_on

12 clusters fire Poisson spikes; the good and mua ones fire more in the 50–250 ms after stimulus
onset, each most for its preferred stimulus. Deterministic (seed 5). Run from the repository root:
  /work/venv-fixtures/bin/python SampleData/make_sample_phy.py
"""
import shutil
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
OUT = HERE / "phy"
shutil.rmtree(OUT, ignore_errors=True)
OUT.mkdir()
rng = np.random.default_rng(5)
rate, seconds = 30000.0, 10.0
n_samples = int(rate * seconds)
stimuli = ["face", "house", "body", "tool"]

(OUT / "params.py").write_text(
    "dat_path = 'recording.dat'\nn_channels_dat = 1\ndtype = 'int16'\noffset = 0\nsample_rate = 30000.0\n"
    "hp_filtered = False\n")
(OUT / "recording.dat").write_bytes(np.zeros(n_samples, np.int16).tobytes())

order = np.concatenate([rng.permutation(np.repeat(np.arange(4), 2)) for _ in range(5)])   # 40 trials
starts = 0.5 + np.arange(40) * 0.23 + rng.uniform(0, 0.02, 40).round(4)
onsets = starts + 0.02
labels = {0: "good", 1: "good", 2: "mua", 3: "good", 4: "noise", 5: "good", 6: "good", 7: "mua",
          8: "good", 10: "noise", 11: "good"}          # 12 has no manual label (KSLabel decides)
templates = list(range(13))                           # template 9 is merged into cluster 3
times, clusters, tmpl = [], [], []
for t in templates:
    cluster = 3 if t == 9 else t
    base = rng.uniform(3, 12)
    spikes = list(rng.uniform(0, seconds, rng.poisson(base * seconds)))
    if labels.get(cluster, "good") != "noise":
        preferred = t % 4
        for i, s in enumerate(order):
            gain = 6.0 if s == preferred else 1.5
            spikes += list(onsets[i] + rng.uniform(0.05, 0.25, rng.poisson(base * gain * 0.2)))
    samples = np.unique(np.clip(np.round(np.array(spikes) * rate), 0, n_samples - 1).astype(np.uint64))
    times.append(samples)
    clusters.append(np.full(samples.size, cluster, np.int32))
    tmpl.append(np.full(samples.size, t, np.uint32))
times, clusters, tmpl = (np.concatenate(a) for a in (times, clusters, tmpl))
order_by_time = np.argsort(times, kind="stable")
np.save(OUT / "spike_times.npy", times[order_by_time].reshape(-1, 1))
np.save(OUT / "spike_clusters.npy", clusters[order_by_time])
np.save(OUT / "spike_templates.npy", tmpl[order_by_time])
np.save(OUT / "amplitudes.npy", rng.uniform(20, 80, times.size))
(OUT / "cluster_group.tsv").write_text(
    "cluster_id\tgroup\n" + "".join(f"{c}\t{g}\n" for c, g in sorted(labels.items())))
(OUT / "cluster_KSLabel.tsv").write_text(
    "cluster_id\tKSLabel\n" + "".join(f"{t}\t{'good' if t % 3 else 'mua'}\n" for t in templates))
with open(HERE / "phy_trials.tsv", "w") as f:
    f.write("start_time\tstop_time\tstimulus\tstim_on\n")
    for s, o, k in zip(starts, onsets, order):
        f.write(f"{s:.4f}\t{s + 0.2:.4f}\t{stimuli[k]}\t{o:.4f}\n")
import json  # noqa: E402
import platform  # noqa: E402
versions_path = HERE / "versions.json"   # shared with the other make_sample_*.py scripts: update it
versions = json.loads(versions_path.read_text()) if versions_path.exists() else {}
versions.update({"python": platform.python_version(), "numpy": np.__version__})
versions_path.write_text(json.dumps(versions, indent=2) + "\n")
print({"spikes": int(times.size), "clusters": int(np.unique(clusters).size)})
