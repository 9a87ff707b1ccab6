import NeurometryLinearAlgebra

/// Alignments within a group, as netrep's `align`.
enum Procrustes {
  /// T in the group maximising ⟨A·T, B⟩ (minimising ‖A·T − B‖) from the cross-product C = AᵀB:
  /// orthogonal U·Vᵀ of C's SVD, the permutation matrix of the assignment maximising C, or the
  /// identity.
  static func align(cross c: Matrix, group: ShapeGroup) throws -> Matrix {
    switch group {
    case .orthogonal:
      let s = try c.svd()
      return gemm(s.u, s.vt)
    case .permutation, .identity:
      let (rows, columns) =
        group == .identity
        ? ShapeGroup.identityAssignment(widths: (c.rows, c.columns)) : try LinearAssignment.solve(c, maximize: true)
      var t = Matrix(rows: c.rows, columns: c.columns)
      for (i, j) in zip(rows, columns) { t[i, j] = 1 }
      return t
    }
  }

  /// A Haar-random p×p orthogonal matrix: the orthogonal polar factor U·Vᵀ of a Gaussian matrix.
  static func randomOrthogonal(_ p: Int, seed: UInt64, stream: UInt64) throws -> Matrix {
    var g = RandomStream(seed: seed, stream: stream)
    let s = try Matrix(rows: p, columns: p, elements: g.gaussians(p * p)).svd()
    return gemm(s.u, s.vt)
  }
}
