import NeurometryIO
import NeurometryLinearAlgebra

/// fMRI runs → condition-by-channel response patterns: per run, the first-level design from the
/// run's events (`design`), the OLS GLM (`glm`) on the region's channels, and the condition betas.
///
/// Outputs (`FMRIPatterns`):
/// - `perRun`: one row per (run, condition) present in that run, runs in the given order and
///   conditions in design order within each; descriptors "condition" and "run" — the input of
///   crossnobis (runs as folds);
/// - `averaged`: one row per condition (DESIGN.md §3 order), the mean of its per-run betas over
///   the runs that have it; descriptors "condition" and "runs" (how many);
/// - `residuals`: the GLM residuals of every scan (descriptors "run", "scan") with the
///   per-run degrees of freedom, for noise precision estimates (rsatoolbox
///   `prec_from_residuals`), unless `glm.keepResiduals` is false.
///
/// Every run must share the region's voxel grid (shape, and affine within `allclose`).
public struct FMRIPatternEstimator: Sendable {
  /// How each run's design is built from its events (HRF, drift, oversampling, …).
  public var design: FirstLevelDesign
  /// The least-squares fit of each run (signal scaling, batch size, whether residuals are kept).
  public var glm: GeneralLinearModel

  /// An estimator with nilearn's defaults unless given: SPM HRF, cosine drift at 0.01 Hz, OLS without
  /// scaling, residuals kept.
  public init(design: FirstLevelDesign = FirstLevelDesign(), glm: GeneralLinearModel = GeneralLinearModel()) {
    self.design = design
    self.glm = glm
  }

  /// Fits every run on the region's channels (mask voxels, or atlas-region means) and returns the
  /// per-run and run-averaged condition betas, and the residuals when `glm.keepResiduals`.
  /// Throws `NeurometryError.invalidInput` for no runs, repeated run labels, an empty mask or a run
  /// without events; `shapeMismatch` when a run's grid differs from the region's; and whatever the
  /// design or the GLM throws (non-finite data, a rank-deficient design, events outside the run).
  ///
  /// - Complexity: per run of T scans, P regressors and C channels: O(T · V) to read the region's V
  ///   voxels, O(T · P²) for the design's SVD, and O(P · T · C) for the betas (twice that with
  ///   residuals); then O(R · C) to average the R per-run rows.
  public func fit(runs: [FMRIRun], region: FMRIRegion) throws -> FMRIPatterns {
    guard !runs.isEmpty else {
      throw NeurometryError.invalidInput(context: "fMRI patterns", message: "no runs given")
    }
    let labels = runs.map { $0.label }
    guard Set(labels).count == labels.count else {
      throw NeurometryError.invalidInput(
        context: "fMRI patterns",
        message: "run labels repeat (\(labels.joined(separator: ", "))); every run needs its own label")
    }
    var warnings: [String] = []
    var channelDescriptors: [String: [String]]
    switch region {
    case .mask(let mask):
      guard !mask.voxels.isEmpty else {
        throw NeurometryError.invalidInput(context: mask.source, message: "the mask selects no voxels")
      }
      channelDescriptors = ["voxel": mask.voxelLabels]
    case .atlas(let atlas):
      channelDescriptors = ["region": atlas.names, "label": atlas.labels.map(String.init)]
      warnings += atlas.warnings
    }
    var designs: [DesignMatrix] = []
    var fits: [GLMFit] = []
    for run in runs {
      guard run.events.count > 0 else {
        throw NeurometryError.invalidInput(
          context: run.events.path, message: "has no events, so run \(run.label) gives no condition patterns")
      }
      let data: Matrix
      switch region {
      case .mask(let mask):
        try mask.grid.requireSame(as: run.series.grid, mask.source, run.series.source)
        data = try run.series.columns(mask.voxels, region: "the mask \(mask.source)")
      case .atlas(let atlas):
        data = try atlas.regionMeans(run.series)
      }
      let d = try design.make(events: run.events, scans: run.series.scanCount, repetitionTime: run.repetitionTime)
      warnings += d.warnings.map { "run \(run.label): \($0)" }
      fits.append(try glm.fit(data, design: d, context: "run \(run.label) (\(run.series.source))"))
      designs.append(d)
    }
    // Per-run rows.
    var rows: [[Double]] = []
    var rowConditions: [String] = []
    var rowRuns: [String] = []
    for (run, fit) in zip(runs, fits) {
      for c in 0..<fit.conditionCount {
        rows.append(fit.betas.row(c))
        rowConditions.append(fit.regressors[c])
        rowRuns.append(run.label)
      }
    }
    let channels = fits[0].betas.columns
    let perRun = try ResponsePatterns(
      measurements: Matrix(rows: rows.count, columns: channels, elements: rows.flatMap { $0 }),
      observationDescriptors: ["condition": rowConditions, "run": rowRuns], channelDescriptors: channelDescriptors,
      source: "fMRI patterns")
    // Averaged over runs.
    let conditions = Labels(text: rowConditions).distinctSorted
    var averagedRows: [Double] = []
    var counts: [String] = []
    for condition in conditions {
      let members = rowConditions.indices.filter { rowConditions[$0] == condition }
      var mean = [Double](repeating: 0, count: channels)
      for m in members {
        for c in 0..<channels { mean[c] += rows[m][c] }
      }
      averagedRows += mean.map { $0 / Double(members.count) }
      counts.append(String(members.count))
      if members.count < runs.count {
        warnings.append("condition '\(condition)' has events in \(members.count) of \(runs.count) runs")
      }
    }
    let averaged = try ResponsePatterns(
      measurements: Matrix(rows: conditions.count, columns: channels, elements: averagedRows),
      observationDescriptors: ["condition": conditions, "runs": counts], channelDescriptors: channelDescriptors,
      source: "fMRI patterns")
    var residuals: ResponsePatterns? = nil
    if glm.keepResiduals {
      let blocks = fits.compactMap { $0.residuals }
      let scanRuns = zip(runs, blocks).flatMap { run, r in [String](repeating: run.label, count: r.rows) }
      let scans = blocks.flatMap { r in (0..<r.rows).map(String.init) }
      residuals = try ResponsePatterns(
        measurements: Matrix.verticalConcatenation(blocks), observationDescriptors: ["run": scanRuns, "scan": scans],
        channelDescriptors: channelDescriptors, source: "fMRI residuals")
    }
    return FMRIPatterns(
      perRun: perRun, averaged: averaged, residuals: residuals, degreesOfFreedom: fits.map { $0.degreesOfFreedom },
      designs: designs, fits: fits, warnings: warnings)
  }
}
