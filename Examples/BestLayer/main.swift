import Neurometry

let nwb = try NWBFile(path: "SampleData/study/ecephys/sub-monkeyA_ecephys.nwb")
let it = try SpikeTrains(nwb.units()).selecting("location", in: ["IT"])
let window = try SpikeWindow(start: 0.05, end: 0.25)
let rates = SpikePatterns(window: window, alignment: .column("stim_on"), condition: "stimulus_id")
let brain = try rates.fit(it, try Trials(nwb.intervals())).patterns[0]
let brainRDM = try RDMEstimator(method: .correlation, conditionDescriptor: "condition").fit(brain)
let network = try Activations.read("SampleData/study/activations.h5").reordered(to: brainRDM.conditions)
let layerRDM = RDMEstimator(method: .correlation, conditionDescriptor: "stimulus")
let scores = try network.layers.map { layer in
  let rhoA = try RDMComparison(.rhoA).compare(layerRDM.fit(network.patterns(layer: layer.name)), brainRDM)
  return (layer.name, rhoA.values[0, 0], try CKA().compare(layer.matrix, brain.measurements).value)
}
for (name, rhoA, cka) in scores { print("\(name): rho-a \(rhoA), linear CKA \(cka)") }
print("best layer (rho-a): \(scores.max { $0.1 < $1.1 }?.0 ?? "none")")
