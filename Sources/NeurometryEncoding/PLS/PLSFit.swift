import NeurometryLinearAlgebra

/// The result of `PLSRegression.fit`: coefficients in the original units and the components.
/// Arrays indexed by target have one entry per column of Y (NaN for targets dropped for NaN).
public struct PLSFit: Sendable, Codable {
  /// p × t coefficients on centred features (scikit-learn `coef_ᵀ`).
  public let coefficients: Matrix
  /// Intercept per target: the target means (scikit-learn `intercept_`).
  public let intercepts: [Double]
  public let xMean: [Double]
  /// Feature standard deviations used for scaling (1 without `scale`; zero deviations set to 1).
  public let xScale: [Double]
  public let yScale: [Double]
  /// p × k weights w (scikit-learn `x_weights_`), loadings p (`x_loadings_`), t × k target
  /// loadings c (`y_loadings_`), n × k scores t of the training samples (`x_scores_`).
  public let xWeights: Matrix
  public let xLoadings: Matrix
  public let yLoadings: Matrix
  public let xScores: Matrix
  /// Components fitted (after the cap and any early stop) and requested.
  public let components: Int
  public let requestedComponents: Int
  public let scale: Bool
  public let droppedTargets: [Int]
  public let constantTargets: [Int]
  public let warnings: [String]

  /// Predictions (X − x̄)·β + ȳ.
  public func predict(_ x: Matrix) throws -> Matrix {
    guard x.columns == coefficients.rows else {
      throw NeurometryError.shapeMismatch(
        context: "pls predict", message: "X has \(x.columns) features but the fit has \(coefficients.rows)")
    }
    try x.requireFinite("pls predict")
    return gemm(x.subtractingFromColumns(xMean), coefficients).subtractingFromColumns(intercepts.map { -$0 })
  }
}
