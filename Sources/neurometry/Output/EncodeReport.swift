import Foundation
import Neurometry

/// What `encode` prints (human summary, JSON result) and writes (.npz or .h5 of per-target arrays).
struct EncodeReport {
  let result: EncodingResult
  let inputs: EncodeInputs
  let output: String?
  /// Peak resident memory after the analysis (bytes).
  let peakMemoryBytes: Int?

  /// A Double for JSON: NaN and ±∞ become null.
  static func finite(_ x: Double?) -> Double? {
    guard let x, x.isFinite else { return nil }
    return x
  }

  struct Group: Encodable {
    let name: String
    let targets: Int
    let scoredTargets: Int
    let medianScore: Double?
    let meanScore: Double?
    let medianNormalized: Double?
    let medianCeiling: Double?
    enum CodingKeys: String, CodingKey {
      case name, targets, scoredTargets = "scored_targets", medianScore = "median_score", meanScore = "mean_score"
      case medianNormalized = "median_normalized", medianCeiling = "median_ceiling"
    }
    init(_ g: EncodingSummary.Group) {
      name = g.name
      targets = g.targets
      scoredTargets = g.scoredTargets
      medianScore = EncodeReport.finite(g.medianScore)
      meanScore = EncodeReport.finite(g.meanScore)
      medianNormalized = EncodeReport.finite(g.medianNormalized)
      medianCeiling = EncodeReport.finite(g.medianCeiling)
    }
  }

  struct Ceiling: Encodable {
    let center: Double?
    let error: Double?
    let splits: Int
    let repetitions: Int
  }

  struct BrainScore: Encodable {
    let raw: Double?
    let rawError: Double?
    let ceiling: Double?
    let ceilingError: Double?
    let ceiled: Double?
    let splitMedians: [Double?]
    enum CodingKeys: String, CodingKey {
      case raw, rawError = "raw_error", ceiling, ceilingError = "ceiling_error", ceiled, splitMedians = "split_medians"
    }
  }

  struct JSON: Encodable {
    let model: String
    let score: String
    let crossValidation: String
    let splits: Int
    let stimuli: Int
    let features: Int
    let targets: Int
    let summary: Group
    let regions: [Group]
    let ceiling: Ceiling?
    let normalization: String?
    let medianAlpha: Double?
    let droppedTargets: [Int]
    let constantTargets: [Int]
    let brainscore: BrainScore?
    let medianBandScores: [Double?]?
    let output: String?
    /// Peak resident memory of the run (getrusage ru_maxrss), bytes.
    let peakMemoryBytes: Int?
    enum CodingKeys: String, CodingKey {
      case model, score, crossValidation = "cv", splits, stimuli, features, targets, summary, regions, ceiling
      case normalization, medianAlpha = "median_alpha", droppedTargets = "dropped_targets"
      case constantTargets = "constant_targets", brainscore, medianBandScores = "median_band_scores", output
      case peakMemoryBytes = "peak_memory_bytes"
    }
  }

  var json: JSON {
    let e = result.evaluation
    return JSON(
      model: e.model, score: e.score.rawValue, crossValidation: e.crossValidation, splits: e.splits.count,
      stimuli: inputs.x.rows, features: inputs.x.columns, targets: inputs.y.columns, summary: Group(result.summary.all),
      regions: result.summary.regions.map(Group.init),
      ceiling: result.ceiling.map {
        Ceiling(
          center: Self.finite($0.center), error: Self.finite($0.error), splits: $0.halves.count,
          repetitions: $0.repetitions)
      }, normalization: result.normalized == nil ? nil : result.normalization.rawValue,
      medianAlpha: e.medianAlpha, droppedTargets: e.droppedTargets,
      constantTargets: e.constantTargets,
      brainscore: result.brainScore.map {
        BrainScore(
          raw: Self.finite($0.raw), rawError: Self.finite($0.rawError), ceiling: Self.finite($0.ceiling),
          ceilingError: Self.finite($0.ceilingError), ceiled: Self.finite($0.ceiled),
          splitMedians: $0.splitMedians.map { Self.finite($0) })
      },
      medianBandScores: e.medianBandScores, output: output, peakMemoryBytes: peakMemoryBytes)
  }

  func inputFields(activations: String, responses: String) -> [String: String] {
    ["activations": inputs.names.x, "responses": inputs.names.y]
  }

  struct Parameters: Encodable {
    let model: String
    let cv: String
    let score: String
    let normalization: String
    let ceilingSplits: Int
    let ceilingSeed: UInt32
    enum CodingKeys: String, CodingKey {
      case model, cv, score, normalization, ceilingSplits = "ceiling_splits", ceilingSeed = "ceiling_seed"
    }
  }

  func parameters(_ analysis: EncodingAnalysis) -> Parameters {
    Parameters(
      model: analysis.evaluation.model.name, cv: analysis.evaluation.crossValidation.summary,
      score: analysis.evaluation.score.rawValue, normalization: analysis.normalization.rawValue,
      ceilingSplits: analysis.ceiling.splits, ceilingSeed: analysis.ceiling.seed)
  }

  var human: String {
    let e = result.evaluation
    let s = result.summary.all
    var lines = [
      "\(e.model) encoding, \(inputs.x.rows.grouped) stimuli × \(inputs.x.columns.grouped) features → \(inputs.y.columns.grouped) targets",
      "held-out \(e.score.rawValue) over \(e.splits.count) splits (\(e.crossValidation)): median \(formatNumber(s.medianScore)), mean \(formatNumber(s.meanScore)) (\(s.scoredTargets) of \(s.targets) targets scored)",
    ]
    if let c = result.ceiling {
      lines.append(
        "noise ceiling (split-half, Spearman–Brown, \(c.halves.count) splits of \(c.repetitions) repetitions): median over targets \(formatNumber(s.medianCeiling)); Brain-Score aggregate \(formatNumber(c.center)) ± \(formatNumber(c.error))"
      )
      if result.normalized != nil {
        lines.append("normalised (\(result.normalization.rawValue)): median \(formatNumber(s.medianNormalized))")
      }
    }
    if let alphas = e.alphas?.filter({ !$0.isNaN }), !alphas.isEmpty {
      lines.append(
        "α per target: median \(formatNumber(e.medianAlpha)), range \(formatNumber(alphas.min())) … \(formatNumber(alphas.max()))"
      )
    }
    for g in result.summary.regions {
      lines.append(
        "  region \(g.name): \(g.targets) targets, median score \(formatNumber(g.medianScore))\(g.medianNormalized.map { ", normalised \(formatNumber($0))" } ?? "")"
      )
    }
    if let b = result.brainScore {
      lines.append(
        "Brain-Score: raw \(formatNumber(b.raw)) ± \(formatNumber(b.rawError)) (median over targets, mean over splits), ceiling \(formatNumber(b.ceiling)), ceiled (raw/ceiling)² \(formatNumber(b.ceiled))"
      )
    }
    for (b, median) in (e.medianBandScores ?? []).enumerated() {
      lines.append("  band \(b): median share of held-out R² \(formatNumber(median))")
    }
    if let output { lines.append("per-target arrays written to \(output)") }
    if let peakMemoryBytes {
      lines.append("peak memory \(formatNumber(Double(peakMemoryBytes) / 1_048_576)) MiB")
    }
    for w in result.warnings { lines.append("warning: \(w)") }
    return lines.joined(separator: "\n")
  }

  /// Per-target arrays: scores, split_scores, targets (labels), and when available alphas,
  /// split_alphas, ceiling, ceiling_splits, normalized, band_scores, band_alphas.
  static func arrays(_ result: EncodingResult, targets: [String]) -> [(name: String, array: NDArray)] {
    let e = result.evaluation
    func vector(_ v: [Double]) -> NDArray { NDArray(shape: [v.count], values: .float64(v)) }
    var arrays: [(name: String, array: NDArray)] = [
      ("scores", vector(e.scores)), ("split_scores", NDArray(e.splitScores)),
      ("targets", NDArray(shape: [targets.count], values: .string(targets))),
    ]
    if let a = e.alphas { arrays.append(("alphas", vector(a))) }
    if let a = e.splitAlphas { arrays.append(("split_alphas", NDArray(a))) }
    if let c = result.ceiling {
      arrays.append(("ceiling", vector(c.perTarget)))
      arrays.append(("ceiling_splits", NDArray(c.splitValues)))
    }
    if let n = result.normalized { arrays.append(("normalized", vector(n))) }
    if let b = e.bandScores { arrays.append(("band_scores", NDArray(b))) }
    if let b = e.bandAlphas { arrays.append(("band_alphas", NDArray(b))) }
    return arrays
  }

  /// The run's parameters, as HDF5 attributes of the root group.
  func attributes(_ parameters: Parameters) -> [(name: String, value: NDArray)] {
    func text(_ v: String) -> NDArray { NDArray(shape: [], values: .string([v])) }
    func integer(_ v: Int) -> NDArray { NDArray(shape: [], values: .int64([Int64(v)])) }
    return [
      ("activations", text(inputs.names.x)), ("responses", text(inputs.names.y)), ("model", text(parameters.model)),
      ("cv", text(parameters.cv)), ("score", text(parameters.score)), ("normalization", text(parameters.normalization)),
      ("ceiling_splits", integer(parameters.ceilingSplits)), ("ceiling_seed", integer(Int(parameters.ceilingSeed))),
      ("stimuli", integer(inputs.x.rows)), ("features", integer(inputs.x.columns)),
      ("neurometry_version", text(NeurometryVersion.string)),
    ]
  }

  /// Writes the per-target arrays to `path`: .npz (one member per array) or .h5/.hdf5 (one dataset
  /// per array at the root, `/targets` as strings, the parameters as root attributes), chosen by
  /// the extension; atomically, never over an existing file without `overwrite`.
  func write(_ parameters: Parameters, targets: [String], to path: String, overwrite: Bool) throws {
    let arrays = Self.arrays(result, targets: targets)
    let lower = path.lowercased()
    if lower.hasSuffix(".npz") {
      try NPZFile.write(arrays, to: path, overwrite: overwrite)
    } else if lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") {
      let attributes = attributes(parameters)
      try HDF5Writer.write(to: path, overwrite: overwrite) { w in
        for (name, array) in arrays { try w.write(array, at: "/" + name) }
        for (name, value) in attributes { try w.setAttribute(name, value) }
      }
    } else {
      throw NeurometryError.invalidInput(
        context: "--output \(path)",
        message: "per-target arrays are written as .npz or .h5; use a name ending in one of them")
    }
  }
}
