import NeurometryLinearAlgebra

/// The result of `RidgeLeaveOneOut.fit` (scikit-learn's `RidgeCV(alpha_per_target=True)`):
/// per-target α and leave-one-out score, the refit on all samples, and what produced them.
public struct RidgeLeaveOneOutFit: Sendable, Codable {
  /// Chosen α per target (scikit-learn `alpha_`).
  public let alphas: [Double]
  /// Leave-one-out score per target at its α (scikit-learn `best_score_`).
  public let scores: [Double]
  /// Leave-one-out score for every α of the grid (rows) and target (columns).
  public let meanScores: Matrix
  /// Squared leave-one-out residuals per α: n × t each (scikit-learn `cv_results_`), when stored.
  public let squaredErrors: [Matrix]?
  /// p × t coefficients (scikit-learn `coef_ᵀ`), when stored.
  public let coefficients: Matrix?
  /// Intercept per target (scikit-learn `intercept_`; 0 without `fitIntercept`).
  public let intercepts: [Double]
  /// The factorisation used: `.primal` (SVD of X) or `.dual` (eigendecomposition of X·Xᵀ).
  public let solver: RidgeSolver
  /// The candidate penalties α, in the order of the rows of `meanScores`.
  public let alphaGrid: [Double]
  /// The leave-one-out criterion the scores are in.
  public let score: EncodingScore
  /// Whether X and Y were centred and an intercept fitted.
  public let fitIntercept: Bool
  /// Columns of Y dropped because they hold NaN (`NaNTargetPolicy.drop`), increasing.
  public let droppedTargets: [Int]
  /// Columns of Y constant over all samples (α and scores NaN), increasing.
  public let constantTargets: [Int]
  /// Things worth knowing: dropped and constant targets, targets without a defined score.
  public let warnings: [String]
  /// The facts `warnings` are written from (columns of the Y the fit was given), for callers that
  /// combine fits of blocks of targets (`TargetNotes.combined(_:)`).
  public var notes = TargetNotes()

  /// Predictions X_new·β + intercept.
  public func predict(_ x: Matrix) throws -> Matrix {
    try RidgeRefit.predict(x, coefficients: coefficients, intercepts: intercepts)
  }
}
