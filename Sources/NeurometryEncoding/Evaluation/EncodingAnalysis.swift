import NeurometryLinearAlgebra

/// The whole encoding analysis the CLI's `encode` runs, reusable from scripts: cross-validated
/// held-out scores per target, the data's noise ceiling from repetitions (optional), normalised
/// scores, and summaries (median over targets, by region when targets carry one).
public struct EncodingAnalysis: Sendable {
  /// The cross-validated evaluation: model, splitter, score and NaN-target policy.
  public var evaluation: CrossValidatedEncoding
  /// How the ceiling is estimated from repetitions (default Brain-Score's: 10 halvings, seed 1).
  public var ceiling: SplitHalfReliability
  /// How scores are divided by the ceiling (default `.explainedVariance`).
  public var normalization: CeilingNormalization
  /// Ceilings at or below this give NaN normalised scores.
  public var minimumCeiling: Double
  /// Normalised scores above this are set to it (nil, the default: kept as they are; Brain-Score
  /// once used 1.1).
  public var clampAt: Double?
  /// Also compute Brain-Score's aggregate (per-split median over targets, mean and error over
  /// splits, (raw/ceiling)²); set by `BrainScorePreset`.
  public var brainScoreAggregate: Bool = false

  /// Defaults: Brain-Score's ceiling settings, explained-variance normalisation, no clamping.
  public init(
    evaluation: CrossValidatedEncoding, ceiling: SplitHalfReliability = SplitHalfReliability(),
    normalization: CeilingNormalization = .explainedVariance, minimumCeiling: Double = 0, clampAt: Double? = nil
  ) {
    self.evaluation = evaluation
    self.ceiling = ceiling
    self.normalization = normalization
    self.minimumCeiling = minimumCeiling
    self.clampAt = clampAt
  }

  /// Runs the analysis. `repetitions` (R matrices of stimuli × targets) give the ceiling; `regions`
  /// (one label per target) the per-region summaries.
  ///
  /// - Complexity: the evaluation's (`CrossValidatedEncoding.evaluate`), plus O(S·R·n·t) for the
  ///   ceiling of R repetitions over S halvings (`SplitHalfReliability.estimate`) and O(t·log t) for
  ///   the summaries.
  public func run(
    x: Matrix, y: Matrix, repetitions: [Matrix]? = nil, regions: SampleLabels? = nil,
    names: EncodingInputNames = EncodingInputNames()
  ) throws -> EncodingResult {
    try Self.require(regions, for: y, names: names)
    return try run(
      evaluation: try evaluation.evaluate(x, y, names: names), y: y, repetitions: repetitions, regions: regions,
      names: names)
  }

  /// The analysis of an evaluation already made (`evaluation.evaluate`, or
  /// `CrossValidatedEncoding.merge` of a split run's blocks) of Y: the ceiling from `repetitions`,
  /// normalised scores and summaries, as `run(x:y:repetitions:regions:names:)`.
  ///
  /// - Complexity: O(S·R·n·t) for the ceiling and O(t·log t) for the summaries.
  public func run(
    evaluation scored: EncodingEvaluation, y: Matrix, repetitions: [Matrix]? = nil, regions: SampleLabels? = nil,
    names: EncodingInputNames = EncodingInputNames()
  ) throws -> EncodingResult {
    try Self.require(regions, for: y, names: names)
    var warnings = scored.warnings
    var ceiling: ReliabilityCeiling? = nil
    var normalized: [Double]? = nil
    if let repetitions {
      if let first = repetitions.first, first.rows != y.rows || first.columns != y.columns {
        throw NeurometryError.shapeMismatch(
          context: "encode",
          message:
            "repetitions are \(first.rows)×\(first.columns) (stimuli × targets) but \(names.y) is \(y.rows)×\(y.columns)"
        )
      }
      let c = try self.ceiling.estimate(repetitions)
      warnings += c.warnings
      if evaluation.score != .negativeMeanSquaredError {
        let n = try normalization.normalize(
          scores: scored.scores, ceilings: c.perTarget, score: evaluation.score, minimumCeiling: minimumCeiling,
          clampAt: clampAt)
        normalized = n.values
        warnings += n.warnings
      } else {
        warnings.append("scores are negative mean squared errors: no ceiling-normalised scores")
      }
      ceiling = c
    }
    let summary = try EncodingSummary(
      scores: scored.scores, normalized: normalized, ceilings: ceiling?.perTarget, regions: regions)
    let brainScore = brainScoreAggregate ? try BrainScorePreset.aggregate(scored, ceiling: ceiling) : nil
    return EncodingResult(
      evaluation: scored, ceiling: ceiling, normalized: normalized, normalization: normalization, summary: summary,
      brainScore: brainScore, warnings: warnings)
  }

  /// Throws unless `regions` (when given) has one label per column of Y.
  static func require(_ regions: SampleLabels?, for y: Matrix, names: EncodingInputNames) throws {
    if let regions, regions.count != y.columns {
      throw NeurometryError.shapeMismatch(
        context: "encode",
        message: "\(regions.count.grouped) region labels for \(y.columns.grouped) targets in \(names.y)")
    }
  }
}
