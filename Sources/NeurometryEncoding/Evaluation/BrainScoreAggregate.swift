import NeurometryLinearAlgebra

/// Brain-Score's numbers for one model layer and one region.
public struct BrainScoreAggregate: Sendable, Codable, Equatable {
  /// Median over neuroids of the held-out Pearson r, per split.
  public let splitMedians: [Double]
  /// Mean of `splitMedians` ("raw" score, Brain-Score's center).
  public let raw: Double
  /// Standard error of `splitMedians` (std ddof 0 / √splits).
  public let rawError: Double
  /// Internal-consistency ceiling (center) and its error, when repetitions were given.
  public let ceiling: Double?
  /// The ceiling's standard error over its halvings (`ReliabilityCeiling.error`), when repetitions were
  /// given.
  public let ceilingError: Double?
  /// (raw / ceiling)²: the ceiled score Brain-Score reports.
  public let ceiled: Double?
}
