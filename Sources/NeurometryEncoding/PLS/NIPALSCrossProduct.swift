import NeurometryLinearAlgebra

/// NIPALS's cross-product C = X_kᵀY_k (p × q) under deflation C′ = C − τ·p·cᵀ (τ = t·t), in one of
/// two forms:
///
/// - `full` (when p·q doubles fit in the budget): C itself, updated by rank one. Its Gram on the
///   smaller side is formed per component (p·q·min(p, q)/2 multiply-adds) and the leading left
///   singular vector taken from its top eigenvector: errors ~ ε·σ₁·σ_k.
/// - `gram` (larger): only G on the smaller side, CᵀC (q × q, when q ≤ p) or C·Cᵀ (p × p), with
///   every product with C matrix-free through the deflated X_k and Y_k (C·v = X_kᵀ(Y_k·v)) and G
///   kept by a rank-two update:
///     CᵀC:  G′ = G − τ·(c·sᵀ + s·cᵀ) + τ²·‖p‖²·c·cᵀ,  s = Cᵀp = Y_kᵀ(X_k·p)
///     C·Cᵀ: G′ = G − τ·(p·rᵀ + r·pᵀ) + τ²·‖c‖²·p·pᵀ,  r = C·c = X_kᵀ(Y_k·c)
///   The first G is accumulated over blocks of C of at most `blockBytes`. Memory min(p, q)²
///   instead of p·q and no Gram per component, but rounding in G grows like ε·σ₁²: on the
///   scikit-learn fixtures it agrees to 1e-10 relative instead of 2e-12 (PLSReferenceTests).
struct NIPALSCrossProduct {
  private enum Storage {
    case full(Matrix)
    case gram(Matrix, targetsSide: Bool)
  }
  private var storage: Storage

  /// `full` when p·q·8 ≤ `budgetBytes`, else `gram`.
  init(x: Matrix, y: Matrix, budgetBytes: Int, blockBytes: Int = 32 << 20) {
    let (n, p, q) = (x.rows, x.columns, y.columns)
    if p * q * 8 <= budgetBytes {
      storage = .full(gemm(x, y, transposeA: true))
      return
    }
    let targetsSide = q <= p
    let side = targetsSide ? q : p
    let other = targetsSide ? p : q
    let width = Swift.max(1, Swift.min(other, blockBytes / (8 * Swift.max(side, 1))))
    var g = Matrix(rows: side, columns: side)
    for start in stride(from: 0, to: other, by: width) {
      let block = start..<Swift.min(start + width, other)
      if targetsSide {
        let c = gemm(x[rows: 0..<n, columns: block], y, transposeA: true)  // features block × q
        gemm(c, c, into: &g, transposeA: true, beta: 1)
      } else {
        let c = gemm(x, y[rows: 0..<n, columns: block], transposeA: true)  // p × targets block
        gemm(c, c, into: &g, transposeB: true, beta: 1)
      }
    }
    storage = .gram(g, targetsSide: targetsSide)
  }

  /// Whether C is held whole (p × q).
  var isFull: Bool {
    if case .full = storage { return true }
    return false
  }

  /// The unit leading left singular vector u of C (p) for the current X_k, Y_k.
  func leadingLeftSingularVector(x: Matrix, y: Matrix) throws -> [Double] {
    switch storage {
    case .full(let c):
      let (p, q) = (c.rows, c.columns)
      if q == 1 { return Self.normalized(c.column(0)) }
      if p <= q { return try gram(c, side: .rows).largestEigenpairs(count: 1).vectors.column(0) }
      let v = try gram(c, side: .columns).largestEigenpairs(count: 1).vectors.column(0)
      return Self.normalized(c.times(vector: v))
    case .gram(let g, let targetsSide):
      if y.columns == 1 { return Self.normalized(x.times(vector: y.column(0), transpose: true)) }
      let v = try g.largestEigenpairs(count: 1).vectors.column(0)
      if !targetsSide { return v }
      return Self.normalized(x.times(vector: y.times(vector: v), transpose: true))
    }
  }

  /// Target j of Y_k is about to be set to 0: column j of C becomes 0.
  mutating func zeroTarget(_ j: Int, x: Matrix, y: Matrix) {
    switch storage {
    case .full(var c):
      storage = .full(Matrix(rows: 0, columns: 0))
      for f in 0..<c.rows { c[f, j] = 0 }
      storage = .full(c)
    case .gram(var g, let targetsSide):
      storage = .gram(Matrix(rows: 0, columns: 0), targetsSide: targetsSide)
      if targetsSide {
        for i in 0..<g.rows {
          g[i, j] = 0
          g[j, i] = 0
        }
      } else if (0..<y.rows).contains(where: { y[$0, j] != 0 }) {
        let c = x.times(vector: y.column(j), transpose: true)  // C's column j
        Self.subtractSymmetric(&g, c, c.map { $0 / 2 })
      }
      storage = .gram(g, targetsSide: targetsSide)
    }
  }

  /// The deflation by t (τ = t·t, loadings p and c), given X_k and Y_k before it.
  mutating func deflate(x: Matrix, y: Matrix, tt: Double, p: [Double], c: [Double]) {
    switch storage {
    case .full(var m):
      storage = .full(Matrix(rows: 0, columns: 0))
      gemm(
        Matrix(rows: p.count, columns: 1, elements: p.map { $0 * tt }), Matrix(rows: 1, columns: c.count, elements: c),
        into: &m, alpha: -1, beta: 1)
      storage = .full(m)
    case .gram(var g, let targetsSide):
      storage = .gram(Matrix(rows: 0, columns: 0), targetsSide: targetsSide)
      let (a, b, norm) =
        targetsSide
        ? (c, y.times(vector: x.times(vector: p), transpose: true), dot(p, p))
        : (p, x.times(vector: y.times(vector: c), transpose: true), dot(c, c))
      // τ·(a·bᵀ + b·aᵀ) − τ²·norm·a·aᵀ = a·dᵀ + d·aᵀ with d = τ·b − (τ²·norm/2)·a.
      let half = tt * tt * norm / 2
      Self.subtractSymmetric(&g, a, zip(b, a).map { tt * $0 - half * $1 })
      storage = .gram(g, targetsSide: targetsSide)
    }
  }

  /// G ← G − (a·dᵀ + d·aᵀ), one rank-two BLAS product.
  private static func subtractSymmetric(_ g: inout Matrix, _ a: [Double], _ d: [Double]) {
    let m = a.count
    let left = Matrix(rows: m, columns: 2) { i, k in k == 0 ? a[i] : d[i] }
    let right = Matrix(rows: m, columns: 2) { i, k in k == 0 ? d[i] : a[i] }
    gemm(left, right, into: &g, transposeB: true, alpha: -1, beta: 1)
  }

  private static func normalized(_ v: [Double]) -> [Double] {
    let norm = dot(v, v).squareRoot()
    return norm > 0 ? v.map { $0 / norm } : v
  }
}
