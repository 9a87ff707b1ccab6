// %% [markdown]
// # Networks against brains: RSA, CKA and shape metrics layer by layer
//
// Which layer of the toy network is most like the simulated V4 units (generated from **layer 2**)?
// Three families of measures answer differently: RSA compares dissimilarity structures, CKA
// compares kernels (and is dominated by the largest principal components), shape metrics align the
// two representations first (α = 1: rotations only; α = 0: any invertible linear map, like CCA).
// %%
import Foundation
import Neurometry
import NotebookSupport

let nwb = try NWBFile(path: "SampleData/study/ecephys/sub-monkeyA_ecephys.nwb")
let v4 = try SpikeTrains(nwb.units()).selecting("location", in: ["V4"])
let brain = try SpikePatterns(
  window: try SpikeWindow(start: 0.05, end: 0.25), alignment: .column("stim_on"), condition: "stimulus_id"
).fit(v4, try Trials(nwb.intervals())).patterns[0]
let ids = brain.observationDescriptors["condition"]!
let network = try Activations.read("SampleData/study/activations.h5").reordered(to: ids)
print("V4: \(brain.observationCount) images × \(brain.channelCount) units; \(network.layers.count) layers: "
  + network.layers.map { "\($0.name) (\($0.matrix.columns))" }.joined(separator: ", "))
// %% [markdown]
// ## Every measure, every layer
//
// RSA: correlation-distance RDMs compared by Pearson r. CKA: linear kernel, biased (Kornblith et
// al. 2019) and debiased (Song et al. 2012) HSIC. Shape: the angular distance after partial
// whitening α and the best rotation (Williams et al. 2021; zero-padding the narrower side) —
// smaller is more similar.
// %%
let brainRDM = try RDMEstimator(method: .correlation, conditionDescriptor: "condition").fit(brain)
var rows: [(String, [Double])] = []
for layer in network.layers {
  let rdm = try RDMEstimator(method: .correlation, conditionDescriptor: "stimulus").fit(network.patterns(layer: layer.name))
  let rsa = try RDMComparison(.corr).compare(rdm, brainRDM).values[0, 0]
  let cka = try CKA().compare(layer.matrix, brain.measurements).value
  let ckaDebiased = try CKA(estimator: .debiased).compare(layer.matrix, brain.measurements).value
  let shapes = try [0.0, 0.5, 1.0].map { try ShapeMetric(alpha: $0).distance(layer.matrix, brain.measurements).distance }
  rows.append((layer.name, [rsa, cka, ckaDebiased] + shapes))
}
print("layer     RSA     CKA   CKA(d)  shape0  shape½  shape1")
for (name, v) in rows { print(name.padding(toLength: 8, withPad: " ", startingAt: 0), v.map(f4).joined(separator: "  ")) }
// %% [markdown]
// ## The layer profile and the best layer
//
// For RSA and CKA the best layer is the largest value; for shape distances, the smallest. With
// α = 0 the metric allows any invertible linear map, and with fewer stimuli (64) than units or
// features every representation can be mapped onto any other exactly: the distance is 0 for all
// layers, and says nothing. Partial whitening (α = ½) keeps the answer.
// %%
let names = rows.map(\.0)
func best(_ column: Int, largest: Bool) -> String {
  let v = rows.map { $0.1[column] }
  return names[v.indices.max { largest ? v[$0] < v[$1] : v[$0] > v[$1] }!]
}
print("best by RSA: \(best(0, largest: true)), CKA: \(best(1, largest: true)), debiased CKA: \(best(2, largest: true))")
print("best by shape distance α=½: \(best(4, largest: false)), α=1: \(best(5, largest: false))")
let cca = try ShapeMetric(alpha: 0).distance(network.layers[1].matrix, brain.measurements)
print("α = 0 gives \(f4(cca.distance)) for every layer: \(cca.warnings.first ?? "")")
let rsa = rows.map { $0.1[0] }
show(
  LayerProfileFigure(
    layers: names, scores: rsa, lower: rsa, upper: rsa, ceiling: nil, best: rsa.indices.max { rsa[$0] < rsa[$1] },
    title: "V4: RSA per layer", yLabel: "Pearson r of RDMs"),
  "RSA profile across layers (V4 was simulated from layer 2)")
show(
  HeatmapFigure(
    values: rows.map { [$0.1[1], $0.1[2]] }, rowLabels: names, columnLabels: ["CKA", "debiased CKA"],
    title: "V4: CKA per layer", valueLabel: "CKA"),
  "Linear CKA, biased and debiased")
// %% [markdown]
// ## The same numbers from the command line
//
// `neurometry cka` and `neurometry shape` on the same matrices (written as .npy files) give the
// same values.
// %%
let dir = NSTemporaryDirectory() + "networks-brains-\(getpid())"
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
try NPYFile.write(network.layers[1].matrix, to: dir + "/layer2.npy", overwrite: true)
try NPYFile.write(brain.measurements, to: dir + "/v4.npy", overwrite: true)
let cka = try neurometry(["cka", dir + "/layer2.npy", dir + "/v4.npy", "--estimator", "debiased", "--json"])
try expectSame(rows[1].1[2], try number(in: cka, at: ["result", "value"]), "debiased CKA, layer 2")
let shape = try neurometry(["shape", dir + "/layer2.npy", dir + "/v4.npy", "--alpha", "0.5", "--json"])
try expectSame(rows[1].1[4], try number(in: shape, at: ["result", "distance"]), rtol: 1e-8, "shape distance α=½, layer 2")
