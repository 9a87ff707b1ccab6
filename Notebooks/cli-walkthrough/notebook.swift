// %% [markdown]
// # The command line, step by step
//
// The same study, done with `neurometry` commands: what is in the files, spike patterns, an RDM,
// a layer comparison, CKA, and the whole model–brain report. Every cell runs the built binary
// (`swift build` at the repository root) and shows its output; the last cell checks that the
// library gives the same numbers.
// %%
import Foundation
import Neurometry
import NotebookSupport

let nwb = "SampleData/study/ecephys/sub-monkeyA_ecephys.nwb"
let dir = NSTemporaryDirectory() + "cli-walkthrough-\(getpid())"
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
print(try neurometry(["inspect", nwb]))
// %% [markdown]
// ## From spikes to patterns
//
// Rates of the IT units 50–250 ms after each stimulus onset, averaged per image.
// %%
print(try neurometry([
  "patterns", "--spikes", nwb, "--window", "0.05:0.25", "--align", "stim_on", "--condition", "stimulus_id",
  "--unit-filter", "location=IT", "--output", dir + "/it.h5", "--force",
]))
// %% [markdown]
// ## An RDM, and the layers' RDMs compared with it
//
// `neurometry rdm` writes the correlation-distance RDM; the `--json` output is what scripts read.
// %%
let rdmJSON = try neurometry(["rdm", dir + "/it.h5", "--method", "correlation", "--output", dir + "/it_rdm.npz", "--force", "--json"])
print(rdmJSON.split(separator: "\n").prefix(24).joined(separator: "\n") + "\n  …")
// %% [markdown]
// ## The whole study: the report
//
// `neurometry report` runs every measure of the study file (RSA, CKA, encoding) for every layer and
// region, with bootstrap intervals, noise ceilings and the probability that each layer is the best;
// it writes a self-contained HTML page and its JSON twin. The sample study also asks "would we
// know?" (`identify:` and `null:` in its file): how often each measure finds the layer that generated
// a surrogate brain as noisy as each region, and every score beside its permutation null. Here with
// 200 bootstrap samples, 5 surrogates per layer and no null, to keep the notebook quick (the study
// file's 100 surrogates and 1,000 permutations take about a minute in a release build).
// %%
let report = try neurometry([
  "report", "SampleData/study/study.yaml", "--output", dir + "/report.html", "--bootstrap", "200",
  "--identify-repetitions", "5", "--null-permutations", "0", "--force",
])
print(report)
// %% [markdown]
// ## The library gives the same numbers
//
// The first dissimilarity of the CLI's RDM, recomputed here with `SpikePatterns` and `RDMEstimator`.
// %%
let file = try NWBFile(path: nwb)
let units = try SpikeTrains(file.units()).selecting("location", in: ["IT"])
let means = try SpikePatterns(
  window: try SpikeWindow(start: 0.05, end: 0.25), alignment: .column("stim_on"), condition: "stimulus_id"
).fit(units, try Trials(file.intervals())).patterns[0]
let rdm = try RDMEstimator(method: .correlation, conditionDescriptor: "condition").fit(means)
try expectSame(rdm.dissimilarities[0, 0], try number(in: rdmJSON, at: ["result", "rdms", "dissimilarities", 0, 0]), "correlation distance, first pair")
try expectSame(rdm.dissimilarities[0, 2015], try number(in: rdmJSON, at: ["result", "rdms", "dissimilarities", 0, 2015]), "correlation distance, last pair")
