// %% [markdown]
// # Spikes to RSA: which layer does IT look like?
//
// The sample study (SampleData/study) simulates 72 IT units recorded while 64 images were shown
// 10 times each; the units are noisy readouts of **layer 5** of a toy network. We go from the NWB
// file to spike-count patterns, build representational dissimilarity matrices (RDMs), and ask which
// layer's RDM the brain's RDM resembles — with a noise ceiling that says how good a model could be,
// and a bootstrap that says how sure we are.
// %%
import Neurometry
import NotebookSupport

let nwb = try NWBFile(path: "SampleData/study/ecephys/sub-monkeyA_ecephys.nwb")
let units = try SpikeTrains(nwb.units()).selecting("location", in: ["IT"])
let trials = try Trials(nwb.intervals())
print("\(units.count) IT units, \(trials.count) trials")
// %% [markdown]
// ## Spike counts in a window
//
// Each trial contributes the firing rate of every unit between 50 and 250 ms after the stimulus
// onset (`stim_on`): windows are half-open, `onset + 0.05 ≤ t < onset + 0.25`, as numpy's function
// searchsorted counts them. Averaging the trials of each image gives a 64 × 72 pattern matrix;
// keeping every trial, with its `repeat` as the run, is what cross-validated distances need.
// %%
let window = try SpikeWindow(start: 0.05, end: 0.25)
let means = try SpikePatterns(window: window, alignment: .column("stim_on"), condition: "stimulus_id")
  .fit(units, trials).patterns[0]
let perTrial = try SpikePatterns(
  window: window, alignment: .column("stim_on"), condition: "stimulus_id", perTrial: true, run: "repeat"
).fit(units, trials).patterns[0]
print("condition means: \(means.observationCount) × \(means.channelCount); trials: \(perTrial.observationCount) × \(perTrial.channelCount)")
// %% [markdown]
// ## Two RDMs of the same neurons
//
// The **correlation distance** 1 − r between condition means is the classic RDM; it is biased
// upwards by noise (every pattern is noisier than its true value). **Crossnobis** compares the
// difference of two conditions in one run with the same difference in the other runs, so noise
// averages out: its expected value is the true squared distance, and it can be negative.
// %%
let correlationRDM = try RDMEstimator(method: .correlation, conditionDescriptor: "condition").fit(means)
let crossnobisRDM = try RDMEstimator(method: .crossnobis, conditionDescriptor: "condition", runDescriptor: "run")
  .fit(perTrial)
let (c, x) = (correlationRDM.dissimilarities.row(0), crossnobisRDM.dissimilarities.row(0))
print("correlation RDM: \(c.count) pairs, mean \(f4(c.reduce(0, +) / Double(c.count)))")
print("crossnobis RDM: mean \(f4(x.reduce(0, +) / Double(x.count))), \(x.filter { $0 < 0 }.count) negative pairs")
show(RDMFigure(dissimilarities: c, conditions: correlationRDM.conditionCount, title: "IT, correlation distance"), "IT correlation RDM (64 images)")
show(RDMFigure(dissimilarities: x, conditions: crossnobisRDM.conditionCount, title: "IT, crossnobis"), "IT crossnobis RDM")
// %% [markdown]
// ## Models: one RDM per layer
//
// Each layer of the network gives a model RDM over the same 64 images (correlation distance
// between its activation patterns). The activations are stored in another order; matching is by
// stimulus id.
// %%
let network = try Activations.read("SampleData/study/activations.h5").reordered(to: correlationRDM.conditions)
let models = try network.layers.map { layer in
  try RSAModel.fixed(
    layer.name, RDMEstimator(method: .correlation, conditionDescriptor: "stimulus").fit(network.patterns(layer: layer.name)))
}
print(models.map(\.name).joined(separator: ", "))
// %% [markdown]
// ## Evaluation with a noise ceiling and a bootstrap
//
// To estimate how well *any* model could do, we need several data RDMs: here five "sessions",
// each from two of the ten repeats. The **noise ceiling** is the range within which the true model
// would score given this noise (lower bound: each session against the others; upper: against all).
// Bootstrapping the images tells us how much each model's score depends on which images were shown.
// %%
let sessions = try RDMs.concatenating((0..<5).map { s in
  let keep = perTrial.observationDescriptors["run"]!.indices.filter {
    let r = Int(perTrial.observationDescriptors["run"]![$0])!
    return r / 2 == s
  }
  let subset = try ResponsePatterns(
    measurements: perTrial.measurements.selectingRows(keep),
    observationDescriptors: ["condition": keep.map { perTrial.observationDescriptors["condition"]![$0] }])
  return try RDMEstimator(method: .correlation, conditionDescriptor: "condition").fit(subset)
})
let evaluation = try ModelEvaluator(comparison: RDMComparison(.corr))
  .bootstrap(models, data: sessions, scheme: .bootstrapPatterns, count: 200, seed: 1)
let summary = try ModelEvaluationSummary(evaluation, correction: .fdr)
print("noise ceiling \(f4(summary.noiseCeiling.lower)) – \(f4(summary.noiseCeiling.upper))")
for m in summary.models { print("\(m.name): \(f4(m.mean)) ± \(f4(m.sem ?? .nan))") }
let best = summary.models.max { $0.mean < $1.mean }!
print("best: \(best.name) (the simulated IT reads out layer 5)")
show(
  LayerProfileFigure(
    layers: summary.models.map(\.name), scores: summary.models.map(\.mean),
    lower: summary.models.map { $0.mean - 1.96 * ($0.sem ?? 0) }, upper: summary.models.map { $0.mean + 1.96 * ($0.sem ?? 0) },
    ceiling: (summary.noiseCeiling.lower, summary.noiseCeiling.upper),
    best: summary.models.firstIndex { $0.name == best.name }, title: "IT: layer RDMs vs sessions (corr)",
    yLabel: "Pearson r"),
  "Model performance per layer with 95% bootstrap intervals and the noise ceiling")
// %% [markdown]
// ## The same numbers from the command line
//
// `neurometry patterns` and `neurometry rdm` compute the crossnobis RDM from the same file; the
// notebook and the CLI must agree.
// %%
let scratch = NSTemporaryDirectory() + "rsa-spikes-\(getpid()).h5"
_ = try neurometry([
  "patterns", "--spikes", "SampleData/study/ecephys/sub-monkeyA_ecephys.nwb", "--window", "0.05:0.25", "--align",
  "stim_on", "--condition", "stimulus_id", "--unit-filter", "location=IT", "--per-trial", "--runs", "repeat",
  "--output", scratch, "--force",
])
let cli = try neurometry(["rdm", scratch, "--method", "crossnobis", "--json"])
try expectSame(x[0], try number(in: cli, at: ["result", "rdms", "dissimilarities", 0, 0]), "crossnobis, first pair")
try expectSame(x[2015], try number(in: cli, at: ["result", "rdms", "dissimilarities", 0, 2015]), "crossnobis, last pair")
