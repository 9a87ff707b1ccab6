import NeurometryLinearAlgebra

/// Held-out scores of an encoding model, per target and per split (`CrossValidatedEncoding`).
/// Arrays indexed by target have one entry per column of Y (NaN for dropped or constant targets).
public struct EncodingEvaluation: Sendable, Codable {
  /// "ridge", "ridge-loo", "pls", "banded-ridge".
  public let model: String
  /// How each target's predictions were scored on the test samples.
  public let score: EncodingScore
  /// The outer splitter, as `CrossValidation.summary` describes it (e.g. "kfold:5").
  public let crossValidation: String
  /// The outer train/test splits, in the order of the rows of `splitScores`.
  public let splits: [CrossValidationSplit]
  /// Mean held-out score per target over splits (NaN split scores skipped).
  public let scores: [Double]
  /// Held-out score per split (rows) and target (columns).
  public let splitScores: Matrix
  /// α per target chosen on all samples (ridge models), when requested.
  public let alphas: [Double]?
  /// α per split and target chosen inside each training set (ridge models).
  public let splitAlphas: Matrix?
  /// Banded ridge: each band's share of the held-out R² (bands × targets, mean over splits;
  /// himalaya's `r2_score_split` with responses and features centred by the training means).
  public let bandScores: Matrix?
  /// Banded ridge: the final model's effective penalty of each band, α/γ_b (bands × targets;
  /// `BandedRidgeFit.bandAlphas`), when final α are reported.
  public let bandAlphas: Matrix?
  /// Columns of Y dropped because they hold NaN (`NaNTargetPolicy.drop`), increasing.
  public let droppedTargets: [Int]
  /// Samples × targets: each sample's prediction by the model fitted without it, when asked for
  /// (`CrossValidatedEncoding.keepPredictions`; a sample no split tests has a row of NaN).
  public var heldOutPredictions: Matrix? = nil
  /// Features × targets coefficients of the model refit on all samples (ŷ = X·β + intercept, in X's
  /// column order), when asked for (`CrossValidatedEncoding.keepCoefficients`).
  public var coefficients: Matrix? = nil
  /// Intercept per target of that refit (0 without an intercept).
  public var intercepts: [Double]? = nil
  /// Columns of Y constant over all samples (scores NaN), increasing.
  public let constantTargets: [Int]

  /// Median over targets of the final α (ridge models; nil without α or when none is finite).
  public var medianAlpha: Double? { alphas.flatMap(Quantile.medianOfFinite) }

  /// Banded ridge: per band, the median over targets of its share of the held-out R² (NaN
  /// skipped; nil for a band with no finite share).
  public var medianBandScores: [Double?]? {
    bandScores.map { m in (0..<m.rows).map { Quantile.medianOfFinite(m.row($0)) } }
  }
  /// Things worth knowing: dropped and constant targets, NaN split scores left out, and model warnings
  /// (once, prefixed "in every split:" when every split gave them).
  public let warnings: [String]
}
