import NeurometryLinearAlgebra

/// What `EncodingAnalysis.run` returns.
public struct EncodingResult: Sendable, Codable {
  public let evaluation: EncodingEvaluation
  public let ceiling: ReliabilityCeiling?
  /// Ceiling-normalised score per target (when repetitions were given).
  public let normalized: [Double]?
  public let normalization: CeilingNormalization
  public let summary: EncodingSummary
  /// Brain-Score's aggregate, with the Brain-Score preset.
  public let brainScore: BrainScoreAggregate?
  public let warnings: [String]
}
