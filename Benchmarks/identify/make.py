"""Inputs of Benchmarks/identify/run.sh: 10 candidate layers at the sample study's sizes.

The sample study (SampleData/study) has 64 stimuli and 6 layers of 64-512 features; this adds 4
more layers (tanh of a fixed random projection of layers 2-5, 96-384 features) so that 10 layers
are compared, and writes study files for one region (V4, 72 units, 10 repetitions) and for all
four regions, reading the sample study's recordings in place.

    python make.py OUT_DIR        (numpy; the version used is printed)
"""
import os
import sys

import numpy as np

root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sample = os.path.join(root, "SampleData", "study")
out = sys.argv[1]
os.makedirs(out, exist_ok=True)
print("numpy", np.__version__)

z = np.load(os.path.join(sample, "activations.npz"))
ids = z["stimulus_ids"]
layers = {k: z[k].reshape(len(ids), -1).astype(np.float64) for k in z.files if k != "stimulus_ids"}
rng = np.random.default_rng(2026)
for k, (source, width) in enumerate([("layer2", 384), ("layer3", 96), ("layer4", 192), ("layer5", 160)]):
    x = layers[source]
    w = rng.standard_normal((x.shape[1], width)) / np.sqrt(x.shape[1])
    layers[f"extra{k + 1}"] = np.tanh(x @ w)
assert len(layers) == 10
np.savez(os.path.join(out, "activations.npz"), stimulus_ids=ids, **layers)

regions = {
    "V4": f"""    spikes:
      nwb: {sample}/ecephys/sub-monkeyA_ecephys.nwb
      units: {{location: V4}}
      window: [0.05, 0.25]
      align: stim_on
      condition: stimulus_id""",
    "IT": f"""    spikes:
      nwb: {sample}/ecephys/sub-monkeyA_ecephys.nwb
      units: {{location: IT}}
      window: [0.05, 0.25]
      align: stim_on
      condition: stimulus_id""",
}
for roi in ["EVC", "LOC"]:
    regions[roi] = f"""    fmri:
      bold: [{sample}/func/sub-01_task-images_run-1_bold.nii.gz, {sample}/func/sub-01_task-images_run-2_bold.nii.gz]
      atlas: {sample}/anat/atlas.nii.gz
      labels: {sample}/anat/atlas.tsv
      roi: {roi}
      condition: trial_type"""


def study(names):
    body = "\n".join(f"  - name: {n}\n{regions[n]}" for n in names)
    return f"""name: identification benchmark
seed: 2026
bootstrap: 2
activations: {{file: activations.npz}}
regions:
{body}
measures:
  rsa: {{rdm: correlation, comparator: corr}}
  cka: {{kernel: linear, estimator: biased}}
  encoding: {{model: ridge, folds: 5, alphas: [0.1, 1, 10, 100, 1000, 10000, 100000]}}
"""


with open(os.path.join(out, "one-region.yaml"), "w") as f:
    f.write(study(["V4"]))
with open(os.path.join(out, "sample-regions.yaml"), "w") as f:
    f.write(study(["V4", "IT", "EVC", "LOC"]))
print("written:", out)
