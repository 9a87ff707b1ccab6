import NeurometryLinearAlgebra

/// Split-half reliability of each target, corrected to the full number of repetitions
/// (`SplitHalfReliability.estimate`), and its Brain-Score aggregate.
public struct ReliabilityCeiling: Sendable, Codable {
  /// Per target: mean over splits of the Spearman–Brown corrected split-half correlation
  /// (NaN splits skipped; NaN when the target is constant in every split).
  public let perTarget: [Double]

  /// Median of `perTarget` over the targets with a finite ceiling (nil when there is none).
  public var medianPerTarget: Double? { Quantile.medianOfFinite(perTarget) }
  /// Corrected split-half correlation per split (rows) and target (columns).
  public let splitValues: Matrix
  /// Per split: median over targets (NaN skipped) — Brain-Score's per-split aggregate.
  public let splitMedians: [Double]
  /// Mean of `splitMedians`: Brain-Score's internal-consistency ceiling ("center").
  public let center: Double
  /// Standard error of `splitMedians`: std (ddof 0) / √splits, Brain-Score's "error".
  public let error: Double
  /// Repetition indices of the two halves in each split.
  public let halves: [CrossValidationSplit]
  /// The number of repetitions R the ceiling was estimated from.
  public let repetitions: Int
  /// Things worth knowing: targets without a defined reliability (constant within a half in every
  /// split).
  public let warnings: [String]
}
