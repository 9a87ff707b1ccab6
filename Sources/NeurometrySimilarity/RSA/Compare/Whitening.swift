import NeurometryLinearAlgebra

/// Maps RDM vectors to a space where the whitened inner product xᵀV⁻¹y is the plain dot product
/// (see `RDMComparison` for the mathematics). Internal to the whitened comparators.
struct Whitening: Sendable {
  enum Kind: Sendable {
    /// Σ = I: double-centring of −½D.
    case identity
    /// rsatoolbox's diagonal form: double-centring, then entry (i, j) / (σᵢσⱼ).
    case rsatoolboxDiagonal(standardDeviations: [Double])
    /// Exact V⁻¹ whitening for a general Σ.
    case exact(sigma: Matrix, inverseFactor: Matrix)
  }

  let conditions: Int
  let kind: Kind

  /// Largest number of present pairs for which the q×q matrix V is formed (missing pairs with a
  /// general Σ): 6,000 pairs is a 288 MB matrix.
  static let densePairLimit = 6_000

  init(covariance: PatternCovariance, conditions n: Int, diagonal: DiagonalWhitening, context: String) throws {
    conditions = n
    switch covariance {
    case .identity:
      kind = .identity
    case .diagonal(let d):
      guard d.count == n else {
        throw NeurometryError.shapeMismatch(
          context: context, message: "the pattern covariance has \(d.count) variances for \(n) conditions")
      }
      if let k = d.firstIndex(where: { !($0 > 0 && $0.isFinite) }) {
        throw NeurometryError.invalidInput(
          context: context, message: "pattern variance \(k) is \(d[k]); variances must be positive and finite")
      }
      if diagonal == .rsatoolbox {
        kind = .rsatoolboxDiagonal(standardDeviations: d.map { $0.squareRoot() })
      } else {
        kind = try Self.exact(.diagonal(d), n: n, context: context)
      }
    case .full(let sigma):
      guard sigma.rows == n, sigma.columns == n else {
        throw NeurometryError.shapeMismatch(
          context: context, message: "the pattern covariance is \(sigma.rows)×\(sigma.columns), expected \(n)×\(n)")
      }
      kind = try Self.exact(sigma, n: n, context: context)
    }
  }

  /// Σ, and L⁻¹ with L·Lᵀ = P·Σ·Pᵀ (P = [−1 | I]).
  static func exact(_ sigma: Matrix, n: Int, context: String) throws -> Kind {
    try sigma.requireFinite(context + ": pattern covariance")
    let reduced = Matrix(rows: n - 1, columns: n - 1) { k, l in
      sigma[k + 1, l + 1] - sigma[k + 1, 0] - sigma[0, l + 1] + sigma[0, 0]
    }.symmetrized
    do {
      let factor = try reduced.cholesky()
      return .exact(sigma: sigma, inverseFactor: try factor.inverse())
    } catch {
      throw NeurometryError.notPositiveDefinite(
        operation: context,
        message: "the pattern covariance restricted to condition contrasts (PΣPᵀ) is not positive definite (\(error))")
    }
  }

  /// The whitened representation of each row of `x` (RDM vectors over the `valid` pairs).
  func whiten(_ x: Matrix, valid: [Int], complete: Bool, context: String) throws -> Matrix {
    let n = conditions
    switch kind {
    case .identity, .rsatoolboxDiagonal:
      guard complete else { return try projectWithMissing(x, valid: valid, context: context) }
      var sd: [Double]? = nil
      if case .rsatoolboxDiagonal(let s) = kind { sd = s }
      let rows = (0..<x.rows).map { r -> [Double] in
        var g = CondensedIndex.square(x.row(r), n: n).map { -0.5 * $0 }.doubleCentered()
        if let sd {
          g = Matrix(rows: n, columns: n) { i, j in g[i, j] / sd[i] / sd[j] }
        }
        return g.elements
      }
      return Matrix(rows: x.rows, columns: n * n, elements: rows.flatMap { $0 })
    case .exact(let sigma, let inverseFactor):
      guard complete else { return try denseWhitening(x, valid: valid, sigma: sigma, context: context) }
      let rows = (0..<x.rows).map { r -> [Double] in
        let d = x.row(r)
        let gamma = Matrix(rows: n - 1, columns: n - 1) { k, l in
          let d0k = d[CondensedIndex.index(0, k + 1, n)]
          let d0l = d[CondensedIndex.index(0, l + 1, n)]
          let dkl = k == l ? 0 : d[CondensedIndex.index(k + 1, l + 1, n)]
          return 0.5 * (d0k + d0l - dkl)
        }
        return gemm(gemm(inverseFactor, gamma), inverseFactor, transposeB: true).elements
      }
      return Matrix(rows: x.rows, columns: (n - 1) * (n - 1), elements: rows.flatMap { $0 })
    }
  }

  /// rsatoolbox's weighted double-centring with missing pairs: w = −½[x, 0ₙ] over the present
  /// pairs and the n diagonal entries, minus its projection on the row/column effects
  /// (weights ½ for pairs, 1 for the diagonal); then the optional diagonal scaling and √2 for
  /// the pairs (each stands for two symmetric entries).
  func projectWithMissing(_ x: Matrix, valid: [Int], context: String) throws -> Matrix {
    let n = conditions
    let m = valid.count
    let pairs = CondensedIndex.pairs(n)
    var a = Matrix(rows: m + n, columns: n)
    var omegaA = Matrix(rows: m + n, columns: n)
    for (r, k) in valid.enumerated() {
      let (i, j) = pairs[k]
      a[r, i] = 1
      a[r, j] = 1
      omegaA[r, i] = 0.5
      omegaA[r, j] = 0.5
    }
    for i in 0..<n {
      a[m + i, i] = 1
      omegaA[m + i, i] = 1
    }
    let w = Matrix.horizontalConcatenation([x.map { -0.5 * $0 }, Matrix(rows: x.rows, columns: n)])
    let normal = gemm(a, omegaA, transposeA: true)
    // w − w·A·(AᵀΩA)⁻¹·(ΩA)ᵀ; AᵀΩA is positive definite when every condition has a present pair.
    let coefficients: Matrix  // ((w·A)·(AᵀΩA)⁻¹)ᵀ, n × N
    do {
      coefficients = try normal.solve(gemm(a, w, transposeA: true, transposeB: true))
    } catch {
      throw NeurometryError.invalidInput(
        context: context, message: "a condition has no present pair, so the RDMs cannot be centred (\(error))")
    }
    let out = w - gemm(coefficients, omegaA, transposeA: true, transposeB: true)
    var scale = [Double](repeating: 1, count: m + n)
    if case .rsatoolboxDiagonal(let sd) = kind {
      for (r, k) in valid.enumerated() { scale[r] = 1 / (sd[pairs[k].i] * sd[pairs[k].j]) }
      for i in 0..<n { scale[m + i] = 1 / (sd[i] * sd[i]) }
    }
    for r in 0..<m { scale[r] *= 2.0.squareRoot() }
    return out.scalingColumns(by: scale)
  }

  /// Whitening by the Cholesky factor of V restricted to the present pairs:
  /// V_pq = (c_pᵀΣc_q)², c the pair contrasts; returns (L⁻¹xᵀ)ᵀ with LLᵀ = V.
  func denseWhitening(_ x: Matrix, valid: [Int], sigma: Matrix, context: String) throws -> Matrix {
    let m = valid.count
    guard m <= Self.densePairLimit else {
      throw NeurometryError.unsupported(
        path: context, field: nil,
        message:
          "whitening with missing pairs and a non-identity pattern covariance forms a \(m)×\(m) matrix; at most \(Self.densePairLimit) present pairs are supported"
      )
    }
    let pairs = valid.map { CondensedIndex.pairs(conditions)[$0] }
    let v = Matrix(rows: m, columns: m) { p, q in
      let (i, j) = pairs[p]
      let (k, l) = pairs[q]
      let c = sigma[i, k] - sigma[i, l] - sigma[j, k] + sigma[j, l]
      return c * c
    }
    let factor: Matrix
    do {
      factor = try v.symmetrized.cholesky()
    } catch {
      throw NeurometryError.notPositiveDefinite(
        operation: context, message: "the covariance of the present distances is not positive definite (\(error))")
    }
    return try factor.solve(x.transposed).transposed
  }
}
