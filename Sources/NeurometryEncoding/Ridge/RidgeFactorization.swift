import NeurometryLinearAlgebra

/// One factorisation of a (centred) training feature matrix X (n × p), from which ridge
/// predictions and coefficients for every penalty α follow by matrix products:
///
///   ŷ(X_new) = P(X_new) · diag(g(α)) · Bᵀ · Y_train,    β = W · diag(g(α)) · Bᵀ · Y_train
///
/// - primal (SVD X = U·S·Vᵀ, k = min(n, p)): B = U, P(X_new) = X_new·V, W = V, g = s/(s²+α); for
///   tall X (n ≥ 1.25·p) the SVD is taken of R from X = Q·R and U = X·V·S⁻¹;
/// - dual (eigen K = X·Xᵀ = Q·Λ·Qᵀ, k = n): B = Q, P(X_new) = X_new·Xᵀ·Q, W = Xᵀ·Q,
///   g = 1/(max(λ, 0)+α);
/// - primal through the Gram matrix (tall X, when the caller gives its smallest α and the
///   regularised problem is well conditioned): eigen XᵀX = V·Λ·Vᵀ (one SYRK and one `dsyevd`, about
///   half the cost of QR + SVD), B = X·V (= U·S, no division by small singular values),
///   P(X_new) = X_new·V, W = V, g = 1/(λ+α); the hat matrix is B·diag(1/(λ+α))·Bᵀ. Forming XᵀX
///   squares the conditioning: the relative error of the ridge solution is about ε·√n·κ_α with
///   κ_α = (λ_max + α)/(λ_min + α), so this path is taken only when κ_α ≤ 10⁴ for the smallest α
///   on the grid (error ≲ 1e-10); otherwise QR + SVD.
struct RidgeFactorization {
  let form: RidgeSolver
  /// Singular values (primal) or eigenvalues clipped at 0 (dual), length k.
  let spectrum: [Double]
  /// B, n × k.
  let basis: Matrix
  /// Vᵀ (k × p) for the primal form, X (n × p) for the dual form.
  private let features: Matrix
  /// Primal form through the Gram matrix: `spectrum` holds λ = s², B = U·S.
  private(set) var throughGram = false

  /// The largest κ_α = (λ_max + α)/(λ_min + α) for which the Gram path is used.
  static let gramConditionLimit = 1e4

  init(_ x: Matrix, form: RidgeSolver, smallestPenalty: Double? = nil) throws {
    self.form = form
    if form != .dual, let alpha = smallestPenalty, x.rows * 4 >= x.columns * 5 {
      let e = try gram(x, side: .columns).symmetricEigen()
      let lambda = e.values.map { Swift.max($0, 0) }
      let (low, high) = (lambda.first ?? 0, lambda.last ?? 0)
      if (high + alpha) / (low + alpha) <= Self.gramConditionLimit {
        spectrum = lambda
        basis = gemm(x, e.vectors)
        features = e.vectors.transposed
        throughGram = true
        return
      }
    }
    switch form {
    case .dual:
      let e = try gram(x, side: .rows).symmetricEigen()
      spectrum = e.values.map { Swift.max($0, 0) }
      basis = e.vectors
      features = x
    case .primal, .auto:
      let (m, n) = (x.rows, x.columns)
      if m * 4 >= n * 5 {
        // Tall: SVD of the n × n factor R of X = Q·R (same singular values and V, half the slow
        // bidiagonalisation of an SVD of X), then U = X·V·S⁻¹ by one product. Columns beyond the
        // numerical rank (s ≤ s₀·max(m, n)·ε) are dropped (their gain would be ~0 anyway).
        let f = try x.qrFactorR().svd()
        let cutoff = (f.singularValues.first ?? 0) * Double(Swift.max(m, n)) * Double.ulpOfOne
        let s = f.singularValues.map { $0 > cutoff ? $0 : 0 }
        spectrum = s
        basis = gemm(x, f.vt, transposeB: true).scalingColumns(by: s.map { $0 > 0 ? 1 / $0 : 0 })
        features = f.vt
      } else {
        let f = try x.svd()
        spectrum = f.singularValues
        basis = f.u
        features = f.vt
      }
    }
  }

  var rank: Int { spectrum.count }

  /// g(α) for each component.
  func gains(_ alpha: Double) -> [Double] {
    if throughGram { return spectrum.map { 1 / ($0 + alpha) } }
    switch form {
    case .dual: return spectrum.map { 1 / ($0 + alpha) }
    case .primal, .auto: return spectrum.map { $0 / ($0 * $0 + alpha) }
    }
  }

  /// Diagonal weights of the hat matrix X·(XᵀX + αI)⁻¹·Xᵀ = B·diag(f(α))·Bᵀ: f = s²/(s²+α)
  /// (primal) or λ/(λ+α) (dual).
  func hatWeights(_ alpha: Double) -> [Double] {
    if throughGram { return spectrum.map { 1 / ($0 + alpha) } }
    switch form {
    case .dual: return spectrum.map { $0 / ($0 + alpha) }
    case .primal, .auto: return spectrum.map { $0 * $0 / ($0 * $0 + alpha) }
    }
  }

  /// P(X_new): X_new·V (primal) or X_new·Xᵀ·Q (dual); m × k.
  func projection(of xNew: Matrix) -> Matrix {
    switch form {
    case .dual: return gemm(gemm(xNew, features, transposeB: true), basis)
    case .primal, .auto: return gemm(xNew, features, transposeB: true)
    }
  }

  /// W·M for a k × b matrix M: V·M (primal) or Xᵀ·(Q·M) (dual); p × b.
  func featureMap(_ m: Matrix) -> Matrix {
    switch form {
    case .dual: return gemm(features, gemm(basis, m), transposeA: true)
    case .primal, .auto: return gemm(features, m, transposeA: true)
    }
  }

  /// Bᵀ·Y (k × b).
  func project<Y: StridedMatrix>(targets y: Y) -> Matrix { gemm(basis, y, transposeA: true) }
}
