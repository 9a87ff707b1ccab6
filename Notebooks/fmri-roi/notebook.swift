// %% [markdown]
// # fMRI ROI analysis: GLM betas, crossnobis RDMs and topological RSA
//
// Two BIDS runs of the sample study show the 64 images twice each per run. The early visual ROI
// ("EVC", atlas label 3) was simulated from **layer 1** of the toy network. We fit nilearn's
// first-level GLM per run to get one beta pattern per image and run, build a crossnobis RDM across
// the two runs, and then ask with topological RSA (tRSA, Lin & Kriegeskorte 2024) whether the
// layer ranking depends on the geometry's small or large distances.
// %%
import Foundation
import Neurometry
import NotebookSupport

let bold = (1...2).map { "SampleData/study/func/sub-01_task-images_run-\($0)_bold.nii.gz" }
let (runs, warnings) = try FMRIRun.loadRuns(bold: bold)
let atlas = try LabelAtlas.read("SampleData/study/anat/atlas.nii.gz", labels: "SampleData/study/anat/atlas.tsv")
let k = atlas.names.firstIndex(of: "EVC")!
let roi = VoxelMask(grid: atlas.grid, voxels: atlas.regionVoxels[k], source: "EVC")
print("\(runs.count) runs (TR \(runs[0].repetitionTime) s, events from the BIDS sidecars); EVC: \(roi.voxels.count) voxels")
for w in warnings { print("warning:", w) }
// %% [markdown]
// ## GLM betas per run
//
// Each image is a regressor (its events convolved with the SPM HRF), with a cosine drift basis
// (128 s cut-off) — nilearn's `FirstLevelModel` defaults. The betas of every (run, image) are the
// patterns; residuals are not kept.
// %%
let fit = try FMRIPatternEstimator(glm: GeneralLinearModel(keepResiduals: false)).fit(runs: runs, region: .mask(roi))
print("patterns: \(fit.perRun.observationCount) (run, image) × \(fit.perRun.channelCount) voxels")
// %% [markdown]
// ## A crossnobis RDM across runs
//
// Crossnobis multiplies the difference of two images' betas in run 1 by the same difference in
// run 2 (and vice versa): noise that is independent between runs cancels, so an image pair that
// does not differ scores around zero instead of a positive bias.
// %%
let brain = try RDMEstimator(method: .crossnobis, conditionDescriptor: "condition", runDescriptor: "run").fit(fit.perRun)
let d = brain.dissimilarities.row(0)
print("\(brain.conditionCount) images; mean crossnobis \(f4(d.reduce(0, +) / Double(d.count))), \(d.filter { $0 < 0 }.count) of \(d.count) pairs below 0")
show(RDMFigure(dissimilarities: d, conditions: brain.conditionCount, title: "EVC crossnobis"), "EVC crossnobis RDM")
// %% [markdown]
// ## Layers against EVC, through a grid of geo-topological thresholds
//
// The geo-topological transform keeps the RDM's middle distances and clamps the rest: distances
// below the lower quantile become 0 (treated as "the same"), above the upper quantile 1 ("far").
// (0, 1) keeps the whole geometry as ranks; narrower bands keep only its topology. If layer 1 is
// EVC's model, it should stay ahead whatever the band.
// %%
let network = try Activations.read("SampleData/study/activations.h5").reordered(to: brain.conditions)
let layerRDMs = try RDMs.concatenating(network.layers.map { layer in
  try RDMEstimator(method: .correlation, conditionDescriptor: "stimulus").fit(network.patterns(layer: layer.name))
})
let bands: [(Double, Double)] = [(0, 1), (0.1, 0.9), (0.2, 0.8), (0.3, 0.7), (0.4, 0.6)]
var table: [[Double]] = []
for (lower, upper) in bands {
  let t = RDMTransform.geoTopological(try GeoTopologicalTransform(lower: lower, upper: upper, scale: .ranks))
  let r = try RDMComparison(.corr).compare(try t.apply(layerRDMs), try t.apply(brain)).values.column(0)
  table.append(r)
  let best = r.indices.max { r[$0] < r[$1] }!
  print("band \(lower)–\(upper): " + r.map(f4).joined(separator: "  ") + "  → best \(network.layers[best].name)")
}
show(
  HeatmapFigure(
    values: table, rowLabels: bands.map { "\($0.0)–\($0.1)" }, columnLabels: network.layers.map(\.name),
    title: "EVC vs layers after the geo-topological transform", valueLabel: "Pearson r"),
  "Rows: quantile bands; columns: layers. Layer 1 stays best in every band.")
// %% [markdown]
// ## The same numbers from the command line
//
// `neurometry patterns --mask` fits the same GLM on the ROI's voxels and `neurometry rdm` builds the
// crossnobis RDM; they must agree with the notebook.
// %%
let dir = NSTemporaryDirectory() + "fmri-roi-\(getpid())"
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
let image = try NIfTIImage.read("SampleData/study/anat/atlas.nii.gz")
try NIfTIImage.write(
  values: image.values.map { $0 == Double(atlas.labels[k]) ? 1 : 0 }, shape: Array(image.shape.prefix(3)),
  affine: image.affine.rows, to: dir + "/evc.nii.gz", dataType: .uint8, overwrite: true)
_ = try neurometry(["patterns", "--bold", bold[0], "--bold", bold[1], "--mask", dir + "/evc.nii.gz", "--output", dir + "/betas.h5", "--force"])
let cli = try neurometry(["rdm", dir + "/betas.h5", "--method", "crossnobis", "--json"])
try expectSame(d[0], try number(in: cli, at: ["result", "rdms", "dissimilarities", 0, 0]), rtol: 1e-9, "crossnobis, first pair")
try expectSame(d[100], try number(in: cli, at: ["result", "rdms", "dissimilarities", 0, 100]), rtol: 1e-9, "crossnobis, pair 100")
