import NeurometryLinearAlgebra

/// The result of `PLSRegression.fit`: the components and the coefficients in factored form.
/// Arrays indexed by target have one entry per column of Y (NaN for targets dropped for NaN).
public struct PLSFit: Sendable, Codable {
  /// R = (PᵀW)⁻¹·Cᵀ·diag(y_std) (k × t; zero columns for constant targets): β = diag(1/x_std)·W·R.
  public let coefficientRotation: Matrix
  /// Intercept per target: the target means (scikit-learn `intercept_`).
  public let intercepts: [Double]
  /// The feature means the features are centred with (scikit-learn `_x_mean`).
  public let xMean: [Double]
  /// Feature standard deviations used for scaling (1 without `scale`; zero deviations set to 1).
  public let xScale: [Double]
  /// Target standard deviations used for scaling (1 without `scale`; zero deviations set to 1).
  public let yScale: [Double]
  /// p × k weights w (scikit-learn `x_weights_`), loadings p (`x_loadings_`), t × k target
  /// loadings c (`y_loadings_`), n × k scores t of the training samples (`x_scores_`).
  public let xWeights: Matrix
  /// p × k loadings p of the deflated features (scikit-learn `x_loadings_`).
  public let xLoadings: Matrix
  /// t × k target loadings c (scikit-learn `y_loadings_`; NaN rows for dropped targets).
  public let yLoadings: Matrix
  /// n × k scores t of the training samples (scikit-learn `x_scores_`).
  public let xScores: Matrix
  /// Components fitted (after the cap and any early stop) and requested.
  public let components: Int
  /// Components asked for (`PLSRegression.components`), before the cap.
  public let requestedComponents: Int
  /// Whether X and Y were divided by their standard deviations.
  public let scale: Bool
  /// Columns of Y dropped because they hold NaN (`NaNTargetPolicy.drop`), increasing.
  public let droppedTargets: [Int]
  /// Columns of Y constant over all samples (zero coefficients), increasing.
  public let constantTargets: [Int]
  /// Things worth knowing: the component cap, early stops, dropped and constant targets.
  public let warnings: [String]
  /// The facts `warnings` are written from (columns of the Y the fit was given), for callers that
  /// combine fits of blocks of targets (`TargetNotes.combined(_:)`).
  public var notes = TargetNotes()

  /// W with its rows divided by the feature scales (p × k): β = (this)·R.
  var scaledWeights: Matrix { xWeights.scalingRows(by: xScale.map { 1 / $0 }) }

  /// p × t coefficients on centred features (scikit-learn `coef_ᵀ`), β = diag(1/x_std)·W·R:
  /// formed on each read (p·k·t multiply-adds); `predict` does not need them.
  public var coefficients: Matrix { gemm(scaledWeights, coefficientRotation) }

  /// Predictions (X − x̄)·β + ȳ, computed as ((X − x̄)·diag(1/x_std)·W)·R + ȳ without forming β.
  public func predict(_ x: Matrix) throws -> Matrix {
    guard x.columns == xWeights.rows else {
      throw NeurometryError.shapeMismatch(
        context: "pls predict", message: "X has \(x.columns) features but the fit has \(xWeights.rows)")
    }
    try x.requireFinite("pls predict")
    let scores = gemm(x.subtractingFromColumns(xMean), scaledWeights)
    return gemm(scores, coefficientRotation).subtractingFromColumns(intercepts.map { -$0 })
  }
}
