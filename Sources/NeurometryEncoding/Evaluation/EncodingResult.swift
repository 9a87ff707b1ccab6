import NeurometryLinearAlgebra

/// What `EncodingAnalysis.run` returns.
public struct EncodingResult: Sendable, Codable {
  /// The cross-validated held-out scores per target and split (`CrossValidatedEncoding.evaluate`).
  public let evaluation: EncodingEvaluation
  /// The split-half noise ceiling per target (`SplitHalfReliability.estimate`), when repetitions were
  /// given.
  public let ceiling: ReliabilityCeiling?
  /// Ceiling-normalised score per target (when repetitions were given).
  public let normalized: [Double]?
  /// How `normalized` was computed from the scores and the ceilings.
  public let normalization: CeilingNormalization
  /// Medians over targets of the scores, normalised scores and ceilings, overall and per region.
  public let summary: EncodingSummary
  /// Brain-Score's aggregate, with the Brain-Score preset.
  public let brainScore: BrainScoreAggregate?
  /// Everything worth knowing, from the evaluation, the ceiling and the normalisation, in that order.
  public let warnings: [String]
}
