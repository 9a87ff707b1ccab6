import NeurometryLinearAlgebra

/// The refit on all samples, one target batch at a time, from one factorisation of the (centred)
/// features: with Z = Bᵀ·Y_batch (the factorisation's projection of the batch's targets) and one
/// α per target, column j of Z times g(α_j) gives target j's solution in the factorisation's
/// basis, from which coefficients (W·(G∘Z), only when asked for), intercepts (ȳ − x̄ᵀβ, computed
/// as (x̄ᵀW)·(G∘Z) without β) and predictions for new features follow.
///
/// A caller that already has Z for a batch (the leave-one-out fit scores every α from the same
/// Z) adds it directly and saves the second projection of the targets.
struct RidgeRefit {
  let factorization: RidgeFactorization
  let fitIntercept: Bool
  private let meanProjection: Matrix
  private let newProjection: Matrix?
  private let isConstant: Set<Int>
  private(set) var result: RidgeCV.Refit

  init(
    factorization: RidgeFactorization, xMean: [Double], targets t: Int, fitIntercept: Bool, storeCoefficients: Bool,
    xNew: Matrix?, constant: [Int]
  ) {
    let p = xMean.count
    self.factorization = factorization
    self.fitIntercept = fitIntercept
    meanProjection = factorization.projection(of: Matrix(rows: 1, columns: p, elements: xMean))
    newProjection = xNew.map { factorization.projection(of: fitIntercept ? $0.subtractingFromColumns(xMean) : $0) }
    isConstant = Set(constant)
    result = RidgeCV.Refit(
      coefficients: storeCoefficients ? Matrix(rows: p, columns: t) : nil,
      intercepts: [Double](repeating: 0, count: t), predictions: xNew.map { Matrix(rows: $0.rows, columns: t) })
  }

  /// Adds the targets `range` (columns of the full target matrix) from their projection `z`
  /// (k × range.count, unscaled), their α (indexed by target, NaN: constant) and, with an
  /// intercept, their training means.
  mutating func add(z projection: Matrix, range: Range<Int>, alphas: [Double], yMean: [Double]?) {
    var z = projection
    let k = z.rows
    let b = z.columns
    // One gain vector per distinct α (the grid is small), zero for constant targets.
    var gains: [Double: [Double]] = [:]
    let zero = [Double](repeating: 0, count: k)
    let perTarget = range.map { j -> [Double] in
      if isConstant.contains(j) || alphas[j].isNaN { return zero }
      if let g = gains[alphas[j]] { return g }
      let g = factorization.gains(alphas[j])
      gains[alphas[j]] = g
      return g
    }
    z.withUnsafeMutableBufferPointer { e in
      for r in 0..<k {
        for c in 0..<b { e[r * b + c] *= perTarget[c][r] }
      }
    }
    if let yMean {
      for (c, j) in range.enumerated() { result.intercepts[j] = yMean[c] }
    }
    if fitIntercept {
      let shift = gemm(meanProjection, z)
      for (c, j) in range.enumerated() { result.intercepts[j] -= shift[0, c] }
    }
    if result.coefficients != nil {
      RidgeCV.copyColumns(factorization.featureMap(z), into: &result.coefficients, at: range)
    }
    if let newProjection {
      var block = gemm(newProjection, z)
      if let yMean { block = block.subtractingFromColumns(yMean.map { -$0 }) }
      RidgeCV.copyColumns(block, into: &result.predictions, at: range)
    }
  }

  /// X_new·β + intercept (m × t) for a fit's stored coefficients; throws when none were stored
  /// or the feature count differs.
  static func predict(_ x: Matrix, coefficients: Matrix?, intercepts: [Double]) throws -> Matrix {
    guard let coefficients else {
      throw NeurometryError.invalidInput(
        context: "ridge predict", message: "the fit was made without storing coefficients (storeCoefficients: false)")
    }
    guard x.columns == coefficients.rows else {
      throw NeurometryError.shapeMismatch(
        context: "ridge predict", message: "X has \(x.columns) features but the fit has \(coefficients.rows)")
    }
    try x.requireFinite("ridge predict")
    return gemm(x, coefficients).subtractingFromColumns(intercepts.map { -$0 })
  }
}
