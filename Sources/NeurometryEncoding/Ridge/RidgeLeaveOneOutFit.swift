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
  public let intercepts: [Double]
  public let solver: RidgeSolver
  public let alphaGrid: [Double]
  public let score: EncodingScore
  public let fitIntercept: Bool
  public let droppedTargets: [Int]
  public let constantTargets: [Int]
  public let warnings: [String]

  /// Predictions X_new·β + intercept.
  public func predict(_ x: Matrix) throws -> Matrix {
    try RidgeRefit.predict(x, coefficients: coefficients, intercepts: intercepts)
  }
}
