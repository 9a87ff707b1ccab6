"""SampleData/spikes.nwb: a small synthetic NWB 2.x session written by pynwb, for the spike
examples (`neurometry inspect SampleData/spikes.nwb`, `neurometry patterns --spikes ...`).

40 units (quality good/mua, location V1/V4), 120 trials of 6 stimuli (string labels face/body/…
with two repetitions per run, 4 runs), a stim_on event column, and Poisson spikes whose rate rises
after stimulus onset for each unit's preferred stimulus. Deterministic (seed 3). Run from the
repository root:
  /work/venv-fixtures/bin/python SampleData/make_sample_spikes.py
"""
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from pynwb import NWBFile, NWBHDF5IO

OUT = Path(__file__).resolve().parent / "spikes.nwb"
rng = np.random.default_rng(3)
stimuli = ["face", "body", "animal", "object", "scene", "word"]
n_units, n_trials = 40, 120
order = np.concatenate([rng.permutation(np.repeat(np.arange(6), 5)) for _ in range(4)])
starts = 2.0 + np.arange(n_trials) * 1.5 + rng.uniform(0, 0.2, n_trials)
onsets = starts + 0.1
preferred = rng.integers(0, 6, n_units)
duration = starts[-1] + 2.0

nwb = NWBFile(session_description="Neurometry sample: synthetic spikes", identifier="sample-spikes",
              session_start_time=datetime(2024, 1, 1, tzinfo=timezone.utc))
nwb.add_unit_column(name="quality", description="sorting quality")
nwb.add_unit_column(name="location", description="area")
for u in range(n_units):
    base = rng.uniform(2, 10)
    t = list(rng.uniform(0, duration, rng.poisson(base * duration)))
    for i in range(n_trials):
        gain = 4.0 if order[i] == preferred[u] else 1.0 + 0.3 * ((order[i] + u) % 3)
        extra = rng.poisson(base * gain * 0.3)
        t += list(onsets[i] + 0.05 + rng.uniform(0, 0.3, extra))
    nwb.add_unit(spike_times=np.sort(t), quality="good" if u % 4 else "mua", location="V1" if u < 25 else "V4")
nwb.add_trial_column(name="stimulus", description="stimulus category")
nwb.add_trial_column(name="stim_on", description="stimulus onset (s)")
nwb.add_trial_column(name="run", description="run index")
for i in range(n_trials):
    nwb.add_trial(start_time=starts[i], stop_time=starts[i] + 1.0, stimulus=stimuli[order[i]],
                  stim_on=onsets[i], run=i // 30)
with NWBHDF5IO(str(OUT), "w") as io:
    io.write(nwb)
