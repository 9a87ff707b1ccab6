extension Matrix {
  /// The Cholesky factor L (lower triangular, positive diagonal) with `A = L·Lᵀ`, for a symmetric
  /// positive definite A (numpy `linalg.cholesky`). LAPACK `dpotrf`; only the lower triangle
  /// (row-major) of A is read.
  ///
  /// Throws `notPositiveDefinite` naming the order of the first leading minor that is not
  /// positive.
  public func cholesky() throws -> Matrix {
    try requireSquare("cholesky")
    try requireFinite("cholesky")
    let n = rows
    var a = elements
    // Row-major lower triangle = column-major upper triangle; dpotrf("U") gives U with A = UᵀU in
    // column-major, which read row-major is L = Uᵀ.
    let info = a.withUnsafeMutableBufferPointer { lapackPotrf(n: n, a: $0.baseAddress!) }
    if info > 0 { throw notPositiveDefinite("cholesky (LAPACK dpotrf)", info: info) }
    var l = Matrix(rows: n, columns: n, elements: a)
    l.elements.withUnsafeMutableBufferPointer { e in
      for i in 0..<n {
        for j in (i + 1)..<Swift.max(n, i + 1) { e[i * n + j] = 0 }
      }
    }
    return l
  }
}
