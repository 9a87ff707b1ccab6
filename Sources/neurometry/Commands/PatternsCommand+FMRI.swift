import ArgumentParser
import Foundation
import Neurometry

/// What `neurometry patterns --bold … --json` reports.
struct FMRIPatternsReport: Encodable {
  struct Run: Encodable {
    let label: String
    let bold: String
    let events: String
    let scans: Int
    let repetitionTime: Double
    let repetitionTimeSource: String
    let regressors: [String]
    let degreesOfFreedom: Int

    enum CodingKeys: String, CodingKey {
      case label, bold, events, scans, repetitionTime = "repetition_time"
      case repetitionTimeSource = "repetition_time_source", regressors, degreesOfFreedom = "degrees_of_freedom"
    }
  }

  /// The noise precision written with --noise-precision.
  struct Noise: Encodable {
    let output: String
    let estimate: RunNoiseEstimates.Summary
    func encode(to encoder: Encoder) throws {
      try estimate.encode(to: encoder)
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(output, forKey: .output)
    }
    enum CodingKeys: String, CodingKey { case output }
  }

  let outputs: [String]
  let residualOutputs: [String]?
  let noise: Noise?
  let shape: [Int]
  /// Row labels of the patterns written.
  let conditions: [String]
  let runs: [Run]
  /// "voxels" (mask) or "regions" (atlas).
  let channelKind: String
  let channels: Int
  /// Atlas regions' names (nil for a mask).
  let regions: [String]?

  enum CodingKeys: String, CodingKey {
    case outputs, residualOutputs = "residual_outputs", noise, shape, conditions, runs, channelKind = "channel_kind",
      channels
    case regions
  }
}

struct FMRIPatternsParameters: Encodable {
  let hrf: String
  let drift: String
  let highPass: Double
  let driftOrder: Int
  let oversampling: Int
  let sliceTimeRef: Double
  let signalScaling: String
  let conditionColumn: String
  let average: Bool
  let noiseModel = "ols"

  enum CodingKeys: String, CodingKey {
    case hrf, drift, highPass = "high_pass", driftOrder = "drift_order", oversampling, sliceTimeRef = "slice_time_ref"
    case signalScaling = "signal_scaling", conditionColumn = "condition_column", average, noiseModel = "noise_model"
  }
}

extension PatternsCommand {
  /// BOLD runs + events + mask/atlas → GLM betas per (run, condition) or run-averaged, written
  /// and reported (and the residuals, when asked for).
  func runFMRI() throws {
    let f = fmriOptions
    let conditionColumn = condition ?? "trial_type"
    let (runs, loadWarnings) = try FMRIRun.loadRuns(
      bold: f.bold, events: events, repetitionTime: f.repetitionTime, conditionColumn: conditionColumn,
      dropMissingConditions: f.dropNaEvents)
    let region: FMRIRegion
    if let mask = f.mask {
      region = .mask(try VoxelMask.read(mask))
    } else if let atlas = f.atlas {
      region = .atlas(try LabelAtlas.read(atlas, labels: f.labels))
    } else {
      return
    }
    let estimator = FMRIPatternEstimator(
      design: f.design,
      glm: GeneralLinearModel(
        signalScaling: f.signalScaling, keepResiduals: f.residuals != nil || f.noisePrecision != nil))
    let fit = try estimator.fit(runs: runs, region: region)
    let patterns = f.average ? fit.averaged : fit.perRun
    // Nothing is written unless every output can be.
    if !force {
      for path in PatternsFile.paths(of: patterns, at: output)
        + (f.residuals.map { r in
          fit.residuals.map { PatternsFile.paths(of: $0, at: r) } ?? [r]
        } ?? []) + (f.noisePrecision.map { [$0] } ?? []) where FileManager.default.fileExists(atPath: path)
      {
        throw NeurometryError.outputExists(path: path)
      }
    }
    let measure =
      "GLM betas (OLS, \(f.signalScaling == .none ? "unscaled" : "percent of mean")), \(f.average ? "averaged over runs" : "per run")"
    var attributes = [
      "source": f.bold.joined(separator: ", "), "events": runs.map { $0.events.path }.joined(separator: ", "),
      "measure": measure, "hrf": f.hrf.rawValue, "drift": f.drift.rawValue, "high_pass": "\(f.highPass)",
      "condition": conditionColumn,
    ]
    attributes[f.mask != nil ? "mask" : "atlas"] = f.mask ?? f.atlas ?? ""
    // Estimated before anything is written, so an estimator error leaves no partial output.
    let noise = try f.noisePrecision.map { try noisePrecision(fit, runs: runs, output: $0) }
    let written = try PatternsFile.write([patterns], to: output, attributes: attributes, overwrite: force)
    var residualsWritten: [String]? = nil
    if let path = f.residuals, let residuals = fit.residuals {
      var a = attributes
      a["measure"] = "GLM residuals (OLS)"
      a["degrees_of_freedom"] = fit.degreesOfFreedom.map(String.init).joined(separator: ", ")
      residualsWritten = try PatternsFile.write([residuals], to: path, attributes: a, overwrite: force)
    }
    if let (array, report) = noise { try NPYFile.write(array, to: report.output, overwrite: force) }
    let conditions = patterns.observationDescriptors["condition"] ?? []
    let reportRuns = zip(runs, zip(fit.fits, fit.degreesOfFreedom)).map { run, pair in
      FMRIPatternsReport.Run(
        label: run.label, bold: run.series.source, events: run.events.path, scans: run.series.scanCount,
        repetitionTime: run.repetitionTime, repetitionTimeSource: run.repetitionTimeSource,
        regressors: pair.0.regressors, degreesOfFreedom: pair.1)
    }
    var regions: [String]? = nil
    if case .atlas(let atlas) = region { regions = atlas.names }
    let kind = regions == nil ? "voxels" : "regions"
    let report = FMRIPatternsReport(
      outputs: written, residualOutputs: residualsWritten, noise: noise?.report,
      shape: [patterns.observationCount, patterns.channelCount],
      conditions: conditions, runs: reportRuns, channelKind: kind, channels: patterns.channelCount, regions: regions)
    var inputs: [String: [String]] = ["bold": f.bold, "events": runs.map { $0.events.path }]
    inputs[f.mask != nil ? "mask" : "atlas"] = [f.mask ?? f.atlas ?? ""]
    if let labels = f.labels { inputs["labels"] = [labels] }
    let parameters = FMRIPatternsParameters(
      hrf: f.hrf.rawValue, drift: f.drift.rawValue, highPass: f.highPass, driftOrder: f.driftOrder,
      oversampling: f.oversampling, sliceTimeRef: f.sliceTimeRef, signalScaling: f.signalScaling.rawValue,
      conditionColumn: conditionColumn, average: f.average)
    var lines = [
      "fMRI: \(runs.count) run\(runs.count == 1 ? "" : "s"), \(patterns.channelCount) \(kind) from \(f.mask ?? f.atlas ?? "")"
    ]
    for r in reportRuns {
      lines.append(
        "  run \(r.label): \(r.bold), \(r.scans) scans, TR \(formatNumber(r.repetitionTime)) s (\(r.repetitionTimeSource)), events \(r.events)"
      )
    }
    lines += [
      "patterns: \(NDArray.describe(shape: report.shape)) \(measure)",
      "conditions (\(Set(conditions).count)): \(Labels(text: conditions).distinctSorted.prefix(12).joined(separator: ", "))",
      "wrote: \((written + (residualsWritten ?? []) + (noise.map { [$0.report.output] } ?? [])).joined(separator: ", "))",
    ]
    if let n = noise?.report.estimate {
      lines.insert(
        "noise precision (\(n.method.rawValue), \(n.combination == "average" ? "mean of \(n.runs.count) runs' precisions" : "one per run: \(n.runs.joined(separator: ", "))"), dof \(n.degreesOfFreedom.map(String.init).joined(separator: ", "))): \(NDArray.describe(shape: n.shape))",
        at: lines.count - 1)
    }
    try emit(
      inputs: inputs, parameters: parameters, result: report, warnings: loadWarnings + fit.warnings, lines: lines)
  }

  /// Each run's noise precision from its GLM residuals (dof = scans − design columns), as their
  /// mean (P × P) or, with --noise-per-run, stacked (runs × P × P, crossnobis's run order).
  func noisePrecision(_ fit: FMRIPatterns, runs: [FMRIRun], output path: String) throws -> (
    array: NDArray, report: FMRIPatternsReport.Noise
  ) {
    let f = fmriOptions
    let residuals = fit.fits.compactMap(\.residuals)
    guard residuals.count == runs.count else {
      throw NeurometryError.invalidInput(context: "--noise-precision", message: "the GLM kept no residuals")
    }
    let estimates = try NoiseCovarianceEstimator(method: f.noiseMethod).fit(
      runs: residuals, labels: runs.map(\.label), degreesOfFreedom: fit.degreesOfFreedom)
    let array = estimates.precisionArray(perRun: f.noisePerRun)
    let report = FMRIPatternsReport.Noise(output: path, estimate: estimates.summary(perRun: f.noisePerRun))
    return (array, report)
  }
}
