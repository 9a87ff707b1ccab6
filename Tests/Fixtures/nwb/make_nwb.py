"""NWB 2.x files written by pynwb, and the spike counts numpy computes from them.

Writes into this script's folder (Tests/Fixtures/nwb/):
  session1.nwb   7 units (one without spikes; spike_times ragged via spike_times_index; electrodes
                 ragged via electrodes_index; quality and location string columns, depth numeric),
                 23 trials (stimulus: strings incl. 'c10' < 'c2'; condition_id: int; stim_on:
                 event times; run: int), /intervals/epochs and a custom TimeIntervals 'blocks',
                 /acquisition/raw (ElectricalSeries, 1 kHz, int16, conversion + offset,
                 starting_time 2.5, chunked + gzip), /acquisition/speed (TimeSeries with timestamps),
                 /processing/behavior/position (TimeSeries, rate)
                 Some spikes sit exactly on window edges (start + a, start + b, interior bin edges).
  expected/      reference values as .npy (exact float64):
                 counts_start.npy (trials × units, window [start+a, start+b)),
                 counts_stim_on.npy (aligned on the stim_on column),
                 counts_bins.npy (trials × units × 4 equal bins), rates_start.npy,
                 mean_rates_by_stimulus.npy (conditions × units, conditions sorted as strings),
                 stimulus_order.npy, mean_rates_by_condition_id.npy, condition_id_order.npy,
                 raw_window.npy (raw ElectricalSeries samples 100..<350 times conversion plus offset)
  broken/        index_not_increasing.nwb, index_past_end.nwb, stop_before_start.nwb,
                 truncated.nwb, no_nwb_version.h5, nwb_version_1.nwb
  versions.json

Counting rule (DESIGN.md §3): a spike t counts in window [s + a, s + b) when s + a <= t < s + b,
computed as np.searchsorted(t, edges, side='left') differences (half-open). np.histogram would
put a spike exactly at the last edge into the last bin; the script checks that it differs.
Time bins: offsets o_k = a + (b - a) * k / n for k < n, o_n = b; edges s + o_k.

Deterministic (seeded). Run from the repo root:
  /work/venv-fixtures/bin/python Tests/Fixtures/nwb/make_nwb.py
"""
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path

import h5py
import hdmf
import numpy as np
import pynwb
from pynwb import NWBFile, NWBHDF5IO, TimeSeries
from pynwb.ecephys import ElectricalSeries
from pynwb.epoch import TimeIntervals
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # fixture_common.py
from fixture_common import write_versions  # noqa: E402

OUT = Path(__file__).resolve().parent
EXP = OUT / "expected"
BROKEN = OUT / "broken"
EXP.mkdir(exist_ok=True)
BROKEN.mkdir(exist_ok=True)
rng = np.random.default_rng(20240611)

A, B, NBINS = 0.05, 0.25, 4
N_TRIALS, N_UNITS = 23, 7
STIMULI = ["c1", "c2", "c10", "b", "c2"]

# --- trials ---
starts = np.round(np.sort(rng.uniform(1.0, 95.0, N_TRIALS)), 3) + rng.uniform(0, 1e-3, N_TRIALS)
starts = np.sort(starts)
stops = starts + 0.5
stim_on = starts + rng.uniform(0.01, 0.1, N_TRIALS)
stimulus = [STIMULI[i % len(STIMULI)] for i in range(N_TRIALS)]
condition_id = np.array([(3 * i) % 5 * 10 - 5 for i in range(N_TRIALS)])  # -5, 5, 15, ... numeric order
run = np.array([i // 8 for i in range(N_TRIALS)])


def offsets(a, b, n):
    return [a + (b - a) * k / n for k in range(n)] + [b]


# --- units: spike times, with spikes exactly on edges ---
spikes = []
for u in range(N_UNITS):
    if u == 4:
        spikes.append(np.array([]))
        continue
    rate = 5 + 7 * u
    t = rng.uniform(0, 100.0, rng.poisson(rate * 100))
    edge_spikes = []
    for i in range(N_TRIALS):
        if (i + u) % 3 == 0:
            edge_spikes.append(starts[i] + A)  # first edge: counts in the window
        if (i + u) % 4 == 0:
            edge_spikes.append(starts[i] + B)  # last edge: belongs to the next window, not this one
        if (i + u) % 5 == 0:
            edge_spikes.append(starts[i] + offsets(A, B, NBINS)[2])  # interior bin edge
        if (i + u) % 6 == 0:
            edge_spikes.append(stim_on[i] + B)
    spikes.append(np.sort(np.concatenate([t, edge_spikes])))

quality = ["good", "mua", "good", "noise", "good", "good", "mua"]
location = ["CA1", "CA1", "CA3", "DG", "CA3", "CA1", "DG"]
depth = np.array([120.5, 80.0, 300.25, 10.0, 55.5, 70.0, 999.0])

nwb = NWBFile(session_description="Neurometry NWB fixture", identifier="session1",
              session_start_time=datetime(2024, 6, 11, 9, 30, tzinfo=timezone.utc))
device = nwb.create_device(name="probe")
group = nwb.create_electrode_group(name="shank0", description="shank 0", location="hippocampus", device=device)
for e in range(4):
    nwb.add_electrode(group=group, location=["CA1", "CA1", "CA3", "DG"][e])
nwb.add_unit_column(name="quality", description="sorting quality")
nwb.add_unit_column(name="location", description="brain area")
nwb.add_unit_column(name="depth", description="depth in um")
for u in range(N_UNITS):
    nwb.add_unit(spike_times=spikes[u], electrodes=[u % 4] if u != 2 else [1, 2], quality=quality[u],
                 location=location[u], depth=depth[u], id=100 + 3 * u)
nwb.add_trial_column(name="stimulus", description="stimulus name")
nwb.add_trial_column(name="condition_id", description="numeric condition")
nwb.add_trial_column(name="stim_on", description="stimulus onset (s)")
nwb.add_trial_column(name="run", description="run index")
for i in range(N_TRIALS):
    nwb.add_trial(start_time=starts[i], stop_time=stops[i], stimulus=stimulus[i],
                  condition_id=int(condition_id[i]), stim_on=stim_on[i], run=int(run[i]))
nwb.add_epoch(start_time=0.0, stop_time=50.0, tags=["first"])
nwb.add_epoch(start_time=50.0, stop_time=100.0, tags=["second"])
blocks = TimeIntervals(name="blocks", description="blocks of trials")
blocks.add_column(name="label", description="block label")
for k in range(3):
    blocks.add_interval(start_time=k * 30.0, stop_time=k * 30.0 + 25.0, label=f"block{k}")
nwb.add_time_intervals(blocks)

raw = (rng.standard_normal((2000, 4)) * 300).astype(np.int16)
region = nwb.create_electrode_table_region(list(range(4)), "all electrodes")
from hdmf.backends.hdf5.h5_utils import H5DataIO
nwb.add_acquisition(ElectricalSeries(name="raw", data=H5DataIO(raw, compression="gzip", chunks=(500, 4)),
                                     electrodes=region, starting_time=2.5, rate=1000.0,
                                     conversion=0.195e-6, offset=-1e-4))
speed_t = np.sort(rng.uniform(0, 100, 300))
speed = rng.uniform(0, 30, 300)
nwb.add_acquisition(TimeSeries(name="speed", data=speed, timestamps=speed_t, unit="cm/s"))
behavior = nwb.create_processing_module(name="behavior", description="behaviour")
pos = rng.standard_normal((100, 2))
behavior.add(TimeSeries(name="position", data=pos, rate=10.0, starting_time=0.0, unit="m"))

path = OUT / "session1.nwb"
with NWBHDF5IO(str(path), "w") as io:
    io.write(nwb)

# --- reference counts from what pynwb reads back ---
with NWBHDF5IO(str(path), "r") as io:
    f = io.read()
    units = f.units.to_dataframe()
    trials = f.trials.to_dataframe()
    st = [np.asarray(x, dtype=float) for x in units["spike_times"]]
    t_start = trials["start_time"].to_numpy()
    t_on = trials["stim_on"].to_numpy()
    stim = trials["stimulus"].to_numpy().astype(str)
    cid = trials["condition_id"].to_numpy()
    raw_back = f.acquisition["raw"].data[100:350, :].astype(float) * f.acquisition["raw"].conversion \
        + f.acquisition["raw"].offset


def count(align, a, b):
    out = np.zeros((len(align), len(st)))
    for u, t in enumerate(st):
        lo = np.searchsorted(t, align + a, side="left")
        hi = np.searchsorted(t, align + b, side="left")
        out[:, u] = hi - lo
    return out


def count_bins(align, a, b, n):
    o = offsets(a, b, n)
    out = np.zeros((len(align), len(st), n))
    for u, t in enumerate(st):
        idx = np.stack([np.searchsorted(t, align + ok, side="left") for ok in o], axis=1)
        out[:, u, :] = np.diff(idx, axis=1)
    return out


counts = count(t_start, A, B)
# np.histogram closes its last bin: the half-open rule must differ on at least one edge spike.
hist = np.array([[np.histogram(t, bins=[s + A, s + B])[0][0] for t in st] for s in t_start])
assert (hist != counts).any(), "fixture must contain a spike exactly at start + b"
bins = count_bins(t_start, A, B, NBINS)
assert np.array_equal(bins.sum(axis=2), counts)
np.save(EXP / "counts_start.npy", counts)
np.save(EXP / "counts_stim_on.npy", count(t_on, A, B))
np.save(EXP / "counts_bins.npy", bins)
rates = counts / (B - A)
np.save(EXP / "rates_start.npy", rates)
order = sorted(set(stim))
np.save(EXP / "stimulus_order.npy", np.array(order))
np.save(EXP / "mean_rates_by_stimulus.npy", np.stack([rates[stim == c].mean(axis=0) for c in order]))
corder = np.sort(np.unique(cid))
np.save(EXP / "condition_id_order.npy", corder)
np.save(EXP / "mean_rates_by_condition_id.npy", np.stack([rates[cid == c].mean(axis=0) for c in corder]))
np.save(EXP / "raw_window.npy", raw_back)
np.save(EXP / "spike_counts_total.npy", np.array([len(t) for t in st]))

# --- broken files ---
def variant(name, edit):
    target = BROKEN / name
    shutil.copy(path, target)
    with h5py.File(target, "r+") as h:
        edit(h)


def not_increasing(h):
    idx = h["units/spike_times_index"][()]
    idx[2], idx[3] = idx[3], idx[2]
    h["units/spike_times_index"][...] = idx


def past_end(h):
    idx = h["units/spike_times_index"][()]
    idx[-1] = idx[-1] + 10
    h["units/spike_times_index"][...] = idx


def stop_before_start(h):
    stop = h["intervals/trials/stop_time"][()]
    stop[5] = h["intervals/trials/start_time"][5] - 0.25
    h["intervals/trials/stop_time"][...] = stop


variant("index_not_increasing.nwb", not_increasing)
variant("index_past_end.nwb", past_end)
variant("stop_before_start.nwb", stop_before_start)
variant("nwb_version_1.nwb", lambda h: h.attrs.__setitem__("nwb_version", "1.0.5"))
variant("no_nwb_version.h5", lambda h: h.attrs.__delitem__("nwb_version"))
data = path.read_bytes()
(BROKEN / "truncated.nwb").write_bytes(data[: len(data) * 2 // 3])

with h5py.File(path, "r") as h:
    nwb_version = h.attrs["nwb_version"]
    nwb_version = nwb_version.decode() if isinstance(nwb_version, bytes) else str(nwb_version)
    idx = h["units/spike_times_index"][()]
write_versions(OUT, {
    "pynwb": pynwb.__version__, "hdmf": hdmf.__version__, "h5py": h5py.__version__,
    "libhdf5 (h5py)": h5py.version.hdf5_version, "nwb_version": nwb_version, "spike_times_index": idx.tolist()})
