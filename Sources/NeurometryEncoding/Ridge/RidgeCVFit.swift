import NeurometryLinearAlgebra

/// The result of `RidgeCV.fit`: per-target penalties and cross-validation scores, the refit
/// coefficients, and what produced them. Arrays indexed by target have one entry per column of Y
/// (NaN for targets dropped for NaN, and α/score NaN for constant targets).
public struct RidgeCVFit: Sendable, Codable {
  /// Chosen α per target.
  public let alphas: [Double]
  /// Mean CV score per target at its chosen α (without himalaya's 1e-10·log α tie-break slope).
  public let cvScores: [Double]
  /// CV score per fold (rows) and target (columns) at the chosen α.
  public let foldScores: Matrix
  /// Mean CV score for every α of the grid (rows, in `alphaGrid` order) and target (columns).
  public let meanScores: Matrix
  /// p × t coefficients of the refit on all samples (nil when `storeCoefficients` was false).
  public let coefficients: Matrix?
  /// Intercept per target (0 without `fitIntercept`).
  public let intercepts: [Double]
  /// The factorisation used: `.primal` (SVD of X) or `.dual` (eigendecomposition of X·Xᵀ).
  public let solver: RidgeSolver
  /// The candidate penalties α, in the order of the rows of `meanScores`.
  public let alphaGrid: [Double]
  /// The splitter, as `CrossValidation.summary` describes it (e.g. "kfold:5").
  public let crossValidation: String
  /// The train/test splits, in the order of the rows of `foldScores`.
  public let splits: [CrossValidationSplit]
  /// The selection criterion the CV scores are in.
  public let score: EncodingScore
  /// Whether X and Y were centred and an intercept fitted.
  public let fitIntercept: Bool
  /// Whether himalaya's one-standard-deviation rule chose α.
  public let conservative: Bool
  /// Columns of Y dropped because they hold NaN (`NaNTargetPolicy.drop`), increasing.
  public let droppedTargets: [Int]
  /// Columns of Y constant over all samples (α and scores NaN), increasing.
  public let constantTargets: [Int]
  /// Things worth knowing: dropped and constant targets, NaN fold scores, targets without a defined
  /// CV score.
  public let warnings: [String]
  /// The facts `warnings` are written from (columns of the Y the fit was given), for callers that
  /// combine fits of blocks of targets (`TargetNotes.combined(_:)`).
  public var notes = TargetNotes()

  /// Predictions X_new·β + intercept (m × t). Throws when the fit kept no coefficients or the
  /// feature count differs.
  public func predict(_ x: Matrix) throws -> Matrix {
    try RidgeRefit.predict(x, coefficients: coefficients, intercepts: intercepts)
  }
}
