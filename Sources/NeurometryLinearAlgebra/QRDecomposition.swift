extension Matrix {
  /// The n × n upper-triangular factor R of the thin QR decomposition A = Q·R of an m × n matrix
  /// with m ≥ n (numpy `linalg.qr(a, mode="r")`, up to the signs of R's rows), by Householder
  /// reflections (LAPACK `dgelqf` on the row-major storage read as Aᵀ, so no copy is transposed:
  /// Aᵀ = L·Q gives R = Lᵀ). Cost 2·m·n² − 2n³/3, mostly BLAS3.
  ///
  /// R has A's singular values and right singular vectors, which makes SVD(R) a cheaper route to
  /// them when m is well above n: RᵀR = AᵀA. Throws `invalidInput` on NaN/∞ or when m < n.
  public func qrFactorR() throws -> Matrix {
    try requireFinite("qrFactorR")
    guard rows >= columns else {
      throw NeurometryError.shapeMismatch(
        context: "qrFactorR", message: "needs at least as many rows as columns, found \(rows)×\(columns)")
    }
    let (m, n) = (rows, columns)
    guard n > 0 else { return Matrix(rows: 0, columns: 0) }
    var a = elements
    var tau = [Double](repeating: 0, count: n)
    _ = a.withUnsafeMutableBufferPointer { pa in
      tau.withUnsafeMutableBufferPointer { pt in
        lapackGelqf(m: n, n: m, a: pa.baseAddress!, lda: n, tau: pt.baseAddress!)
      }
    }
    var r = Matrix(rows: n, columns: n)
    r.withUnsafeMutableBufferPointer { out in
      for i in 0..<n {
        for j in i..<n { out[i * n + j] = a[i * n + j] }
      }
    }
    return r
  }
}
