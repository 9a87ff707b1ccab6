// %% [markdown]
// # Encoding models: ridge per target, banded ridge, and how close to the ceiling
//
// An encoding model predicts each neuron from a layer's features. We fit ridge regression with a
// penalty chosen per unit (inside each training fold, so the held-out score is honest), compare
// two feature spaces with banded ridge, and divide by each unit's split-half noise ceiling: how
// well could any model predict this unit, given that its responses to the same image vary?
// %%
import Foundation
import Neurometry
import NotebookSupport

let nwb = try NWBFile(path: "SampleData/study/ecephys/sub-monkeyA_ecephys.nwb")
let it = try SpikeTrains(nwb.units()).selecting("location", in: ["IT"])
let trials = try Trials(nwb.intervals())
let window = try SpikeWindow(start: 0.05, end: 0.25)
let means = try SpikePatterns(window: window, alignment: .column("stim_on"), condition: "stimulus_id").fit(it, trials)
  .patterns[0]
let perTrial = try SpikePatterns(
  window: window, alignment: .column("stim_on"), condition: "stimulus_id", perTrial: true, run: "repeat"
).fit(it, trials).patterns[0]
let ids = means.observationDescriptors["condition"]!
// One stimuli × units matrix per repeat, rows in the order of `ids`.
let conditions = perTrial.observationDescriptors["condition"]!
let repeats = perTrial.observationDescriptors["run"]!
let repetitions = (0..<10).map { r in
  Matrix(rows: ids.count, columns: perTrial.channelCount) { i, j in
    let row = conditions.indices.first { conditions[$0] == ids[i] && repeats[$0] == String(r) }!
    return perTrial.measurements[row, j]
  }
}
let network = try Activations.read("SampleData/study/activations.h5").reordered(to: ids)
print("IT: \(ids.count) images × \(means.channelCount) units, \(repetitions.count) repeats")
// %% [markdown]
// ## Ridge with a penalty per unit, layer by layer
//
// Five outer folds give held-out Pearson r per unit; inside each training set a 5-fold search picks
// α for every unit from the grid (himalaya's and scikit-learn's rule). The split-half ceiling is
// Brain-Score's (10 random halvings of the repeats, Spearman–Brown corrected), and the normalised
// score is the explained variance relative to the ceiling, sign(r)·r² / ceiling.
// %%
let alphas = [0.1, 1, 10, 100, 1000, 10000, 100000]
var medians: [(String, Double, Double)] = []
for layer in network.layers {
  let analysis = EncodingAnalysis(
    evaluation: CrossValidatedEncoding(model: .ridge(RidgeCV(alphas: alphas)), crossValidation: .kFold(folds: 5)))
  let result = try analysis.run(x: layer.matrix, y: means.measurements, repetitions: repetitions)
  medians.append((layer.name, result.summary.all.medianScore ?? .nan, result.summary.all.medianNormalized ?? .nan))
  if layer.name == "/layer5" {
    print("median ceiling over units: \(f4(result.summary.all.medianCeiling ?? .nan)); Brain-Score aggregate \(f4(result.ceiling?.center ?? .nan))")
    print("median α of layer 5: \(f4(result.evaluation.medianAlpha ?? .nan))")
  }
}
for (name, r, normalised) in medians { print("\(name): median r \(f4(r)), normalised \(f4(normalised))") }
show(
  LayerProfileFigure(
    layers: medians.map(\.0), scores: medians.map(\.1), lower: medians.map(\.1), upper: medians.map(\.1),
    ceiling: nil, best: medians.indices.max { medians[$0].1 < medians[$1].1 }, title: "IT: held-out r per layer",
    yLabel: "median Pearson r over units"),
  "Ridge encoding of IT from each layer (IT was simulated from layer 5)")
// %% [markdown]
// ## Banded ridge: layer 4 and layer 5 together
//
// With two feature spaces, banded ridge gives each its own penalty per unit and splits the held-out
// R² between them. If IT reads out layer 5, the layer-5 band should carry most of it.
// %%
let x = Matrix.horizontalConcatenation([network.layers[3].matrix, network.layers[4].matrix])
let banded = BandedRidgeCV(
  bands: BandedRidgeCV.consecutiveBands(sizes: [network.layers[3].matrix.columns, network.layers[4].matrix.columns]),
  alphas: alphas, search: .random(iterations: 20, seed: 0))
let bandedEvaluation = try CrossValidatedEncoding(model: .bandedRidge(banded), crossValidation: .kFold(folds: 5))
  .evaluate(x, means.measurements)
let shares = bandedEvaluation.medianBandScores ?? []
print("median share of held-out R²: layer 4 \(f4(shares[0] ?? .nan)), layer 5 \(f4(shares[1] ?? .nan))")
// %% [markdown]
// ## The same numbers from the command line
//
// `neurometry encode` on layer 5 (written as an .npy in the same stimulus order) with the same grid
// and folds gives the same median score.
// %%
let dir = NSTemporaryDirectory() + "encoding-models-\(getpid())"
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
try NPYFile.write(network.layers[4].matrix, to: dir + "/layer5.npy", overwrite: true)
try NPYFile.write(means.measurements, to: dir + "/it.npy", overwrite: true)
let cli = try neurometry([
  "encode", dir + "/layer5.npy", dir + "/it.npy", "--alphas", alphas.map { "\($0)" }.joined(separator: ","), "--json",
])
try expectSame(medians[4].1, try number(in: cli, at: ["result", "summary", "median_score"]), rtol: 1e-9, "median r, layer 5")
