import NeurometryLinearAlgebra

/// The result of `BandedRidgeCV.fit`. Arrays indexed by target have one entry (column) per column
/// of Y; NaN for targets dropped for NaN, constant, or without any defined CV score.
public struct BandedRidgeFit: Sendable, Codable {
  /// Column ranges of X, one per band, as given to `BandedRidgeCV` (rows of the per-band matrices).
  public let bands: [Range<Int>]
  /// Chosen α per target (himalaya `best_alphas_` = 1/Σ_b exp(δ_b)).
  public let alphas: [Double]
  /// Band weights γ per band (rows) and target (columns); each column sums to 1.
  public let bandWeights: Matrix
  /// log(γ_b/α) per band and target (himalaya `deltas_`).
  public let deltas: Matrix
  /// The effective penalty of each band, α/γ_b = exp(−δ_b).
  public let bandAlphas: Matrix
  /// Mean CV score per target at its (γ, α), without the tie-break slope.
  public let cvScores: [Double]
  /// Best mean CV score over α for every γ tried (rows) and target (himalaya `cv_scores_`
  /// without the slope), and the α that reached it.
  public let iterationScores: Matrix
  /// The α that reached each entry of `iterationScores` (γ tried × target; NaN where undefined).
  public let iterationAlphas: Matrix
  /// The weight vectors γ tried, in order.
  public let weightsTried: [[Double]]
  /// p × t coefficients in X's column order (0 for features outside every band), when stored.
  public let coefficients: Matrix?
  /// Intercept per target, ȳ − x̄·β (0 without `fitIntercept`; a constant target's value with it).
  public let intercepts: [Double]
  /// The factorisation used: `.primal` (Gram matrix of the features) or `.dual` (per-band kernels).
  public let solver: RidgeSolver
  /// The candidate penalties α, as given.
  public let alphaGrid: [Double]
  /// The splitter, as `CrossValidation.summary` describes it.
  public let crossValidation: String
  /// The selection criterion the CV scores are in.
  public let score: EncodingScore
  /// Whether X and Y were centred and an intercept fitted.
  public let fitIntercept: Bool
  /// Columns of Y dropped because they hold NaN (`NaNTargetPolicy.drop`), increasing.
  public let droppedTargets: [Int]
  /// Columns of Y constant over all samples (α, γ and scores NaN), increasing.
  public let constantTargets: [Int]
  /// Things worth knowing: dropped and constant targets, NaN fold scores, targets without a CV score.
  public let warnings: [String]
  /// The facts `warnings` are written from (columns of the Y the fit was given), for callers that
  /// combine fits of blocks of targets (`TargetNotes.combined(_:)`).
  public var notes = TargetNotes()

  func requireCoefficients(_ x: Matrix) throws -> Matrix {
    guard let coefficients else {
      throw NeurometryError.invalidInput(
        context: "banded ridge predict",
        message: "the fit was made without storing coefficients (storeCoefficients: false)")
    }
    guard x.columns == coefficients.rows else {
      throw NeurometryError.shapeMismatch(
        context: "banded ridge predict", message: "X has \(x.columns) features but the fit has \(coefficients.rows)")
    }
    try x.requireFinite("banded ridge predict")
    return coefficients
  }

  /// Predictions X·β + intercept.
  public func predict(_ x: Matrix) throws -> Matrix {
    gemm(x, try requireCoefficients(x)).subtractingFromColumns(intercepts.map { -$0 })
  }

  /// Each band's share of the predictions, X_b·β_b (no intercept): the predictions are their sum
  /// plus the intercepts (himalaya `predict(X, split=True)`).
  public func predictBands(_ x: Matrix) throws -> [Matrix] {
    let beta = try requireCoefficients(x)
    return bands.map { r in
      gemm(x[rows: 0..<x.rows, columns: r], beta[rows: r, columns: 0..<beta.columns])
    }
  }

  /// himalaya's `r2_score_split` (product measure, correlations included): the R² of the summed
  /// band predictions split into one part per band, r2_b = Σ_i (2·y_i·ŷ_b,i − ŷ_b,i·Σ_c ŷ_c,i) / Σ_i y_i²,
  /// so that Σ_b r2_b = 1 − ‖y − Σ_b ŷ_b‖² / ‖y‖². `truth` must be centred (zero mean per target);
  /// returns bands × targets.
  public static func splitR2(truth: Matrix, bandPredictions: [Matrix]) throws -> Matrix {
    for (b, m) in bandPredictions.enumerated() where m.rows != truth.rows || m.columns != truth.columns {
      throw NeurometryError.shapeMismatch(
        context: "split R²",
        message: "band \(b) predictions are \(m.rows)×\(m.columns), truth is \(truth.rows)×\(truth.columns)")
    }
    let (n, t) = (truth.rows, truth.columns)
    var total = Matrix(rows: n, columns: t)
    for m in bandPredictions { total = total + m }
    var out = Matrix(rows: bandPredictions.count, columns: t)
    var sst = [Double](repeating: 0, count: t)
    for i in 0..<n {
      for j in 0..<t { sst[j] += truth[i, j] * truth[i, j] }
    }
    for (b, m) in bandPredictions.enumerated() {
      for j in 0..<t {
        var s = 0.0
        for i in 0..<n { s += (2 * truth[i, j] - total[i, j]) * m[i, j] }
        out[b, j] = sst[j] > 0 ? s / sst[j] : .nan
      }
    }
    return out
  }
}
