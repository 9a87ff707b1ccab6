"""A large synthetic model–brain study for the report benchmark (issue 12): 8 layers × 4,096 features
over 1,000 stimuli, 3 regions × 300 channels (4 repetitions each, as patterns .npy + _conditions.npy),
RSA + CKA + encoding, 1,000 bootstrap samples. numpy only, seeded. Writes into the folder given
(default Benchmarks/.report-data/large, gitignored):

  python3 Benchmarks/report/make_large_study.py [FOLDER]
"""
import sys
from pathlib import Path

import numpy as np

out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / ".report-data" / "large")
out.mkdir(parents=True, exist_ok=True)
rng = np.random.default_rng(12)
n, p, layers, regions, channels, reps = 1000, 4096, 8, 3, 300, 4
ids = np.array([f"stim_{i:04d}" for i in range(n)])
x = rng.standard_normal((n, 64))
acts = {}
for l in range(layers):
    w = rng.standard_normal((x.shape[1], p)) / np.sqrt(x.shape[1])
    x = np.maximum(x @ w, 0) - 0.3 * np.maximum(-(x @ w), 0)
    x = (x - x.mean(0)) / (x.std(0) + 1e-9)
    acts[f"layer{l + 1}"] = x.astype(np.float32)
order = rng.permutation(n)
np.savez(out / "activations.npz", stimulus_ids=ids[order], **{k: v[order] for k, v in acts.items()})
truth = {"A": 1, "B": 4, "C": 6}
for name, l in truth.items():
    readout = rng.standard_normal((p, channels)) / np.sqrt(p)
    signal = acts[f"layer{l + 1}"].astype(np.float64) @ readout
    rows, labels = [], []
    for _ in range(reps):
        perm = rng.permutation(n)
        rows.append(signal[perm] + rng.standard_normal((n, channels)) * signal.std())
        labels.append(ids[perm])
    np.save(out / f"{name}.npy", np.concatenate(rows))
    np.save(out / f"{name}_conditions.npy", np.concatenate(labels))
(out / "study.yaml").write_text(
    "name: Large synthetic study (benchmark)\nseed: 1\nbootstrap: 1000\n"
    "activations: {file: activations.npz}\nregions:\n"
    + "".join(f"  - name: {k}\n    patterns: {{file: {k}.npy}}\n" for k in truth)
    + "measures:\n  rsa: {rdm: correlation, comparator: corr}\n  cka: {kernel: linear}\n"
    "  encoding: {folds: 5, alphas: [1, 100, 10000, 1000000]}\n")
print(out, {k: f"layer{v + 1}" for k, v in truth.items()})
