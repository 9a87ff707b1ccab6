"""Synthetic sample data for Neurometry's examples and demos.

Writes into this script's folder (SampleData/):
  responses.npy      (24, 60) float64  trial-averaged firing rates (spikes/s), conditions x neurons
  conditions.npy     (24,) <U9         condition labels, same row order ('face_01' ... 'object_06')
  activations.npz    'conv1' (24,8,4,4), 'conv2' (24,16,2,2), 'fc' (24,32), all float32
  broken/truncated.npy  a (120, 64) float64 file cut to its header plus 4096 bytes
  versions.json      ({"python", "numpy", "scipy"}, updated: the other make_sample_*.py scripts add theirs)

Generated with numpy 2.4.6 (scipy 1.17.1 installed, not used); see Tests/Fixtures/requirements.txt.
Deterministic: numpy.random.default_rng(1234). Run from the repo root:
  python SampleData/make_sample_data.py
"""
import json
import platform
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent
rng = np.random.default_rng(1234)

CATEGORIES = ["face", "body", "animal", "object"]
N_PER, N_NEURONS = 6, 60
category = np.repeat(np.arange(4), N_PER)  # row -> category index
conditions = np.array([f"{c}_{i:02d}" for c in CATEGORIES for i in range(1, N_PER + 1)])

# --- firing rates: gamma baseline per neuron, modulated per stimulus, a few category-tuned units ---
baseline = rng.gamma(shape=2.0, scale=4.0, size=N_NEURONS)           # ~8 spikes/s on average
stim_gain = rng.gamma(shape=8.0, scale=1 / 8.0, size=(24, N_NEURONS))  # per-stimulus variability ~ +-35%
tuning = np.ones((4, N_NEURONS))
preferred = rng.choice(N_NEURONS, size=12, replace=False)  # 12 strongly tuned units, 3 per category
for k, unit in enumerate(preferred):
    tuning[k % 4, unit] = rng.uniform(2.5, 5.0)  # 2.5-5x rate for the preferred category
tuning *= rng.uniform(0.8, 1.25, size=(4, N_NEURONS))          # weak mixed selectivity everywhere
rates = baseline * tuning[category] * stim_gain
responses = np.round(rates + rng.normal(0, 0.3, rates.shape), 3).clip(min=0.0)

# --- fake network activations: category signal grows with depth, ReLU'd ---
def layer(shape, signal):
    proto = rng.normal(size=(4, *shape))                       # one prototype per category
    x = signal * proto[category] + rng.normal(size=(24, *shape))
    return np.maximum(x, 0).astype(np.float32)


activations = {"conv1": layer((8, 4, 4), 0.3), "conv2": layer((16, 2, 2), 0.8), "fc": layer((32,), 1.5)}

np.save(OUT / "responses.npy", responses)
np.save(OUT / "conditions.npy", conditions)
np.savez(OUT / "activations.npz", **activations)

(OUT / "broken").mkdir(exist_ok=True)
tmp = OUT / "broken" / "_full.npy"
np.save(tmp, rng.normal(size=(120, 64)))
data = tmp.read_bytes()
tmp.unlink()
header_len = 10 + int.from_bytes(data[8:10], "little")  # format 1.0 header
(OUT / "broken" / "truncated.npy").write_bytes(data[:header_len + 4096])

versions_path = OUT / "versions.json"   # shared with the other make_sample_*.py scripts: update, do not replace
versions = json.loads(versions_path.read_text()) if versions_path.exists() else {}
versions.update({"python": platform.python_version(), "numpy": np.__version__,
                 "scipy": __import__("scipy").__version__})
versions_path.write_text(json.dumps(versions, indent=2) + "\n")
print("responses", responses.shape, "rate range", responses.min(), responses.max())
print("tuned units (category, unit):", [(CATEGORIES[k % 4], int(u)) for k, u in enumerate(preferred)])
