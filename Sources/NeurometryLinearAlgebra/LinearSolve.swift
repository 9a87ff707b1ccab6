extension Matrix {
  /// X with `A·X = B` for a square A (numpy `linalg.solve`), by LU with partial pivoting (LAPACK
  /// `dgesv`). Throws `singularMatrix` when a pivot is exactly zero.
  public func solve(_ b: Matrix) throws -> Matrix {
    let (x, info) = try solving(b, "solve") { lapackGesv(n: $0, nrhs: $1, a: $2, b: $3) }
    if info > 0 { throw singularLU("solve (LAPACK dgesv)", info: info) }
    return x
  }

  /// X with `A·X = B` for a symmetric positive definite A, by Cholesky (LAPACK `dposv`); about
  /// twice as fast as `solve`. Throws `notPositiveDefinite` otherwise.
  public func solvePositiveDefinite(_ b: Matrix) throws -> Matrix {
    let (x, info) = try solving(b, "solvePositiveDefinite") { lapackPosv(n: $0, nrhs: $1, a: $2, b: $3) }
    if info > 0 { throw notPositiveDefinite("solvePositiveDefinite (LAPACK dposv)", info: info) }
    return x
  }

  /// Validates A·X = B (square, matching rows, finite) and runs a LAPACK solver on copies.
  private func solving(
    _ b: Matrix, _ operation: String,
    _ solver: (Int, Int, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Int
  ) throws -> (solution: Matrix, info: Int) {
    try requireSquare(operation)
    guard b.rows == rows else {
      throw NeurometryError.shapeMismatch(
        context: operation, message: "A is \(rows)×\(columns) but B has \(b.rows) rows")
    }
    try requireFinite(operation)
    try b.requireFinite("\(operation) (right-hand side)")
    var a = elements
    var x = b
    guard rows > 0 && b.columns > 0 else { return (x, 0) }
    let info = a.withUnsafeMutableBufferPointer { pa in
      x.elements.withUnsafeMutableBufferPointer { px in solver(rows, b.columns, pa.baseAddress!, px.baseAddress!) }
    }
    return (x, info)
  }

  /// A⁻¹ of a square matrix (numpy `linalg.inv`), by LU (LAPACK `dgetrf` + `dgetri`). Throws
  /// `singularMatrix` on an exactly zero pivot. Prefer `solve` when you need A⁻¹·B.
  public func inverse() throws -> Matrix {
    try requireSquare("inverse")
    try requireFinite("inverse")
    var a = elements
    guard rows > 0 else { return self }
    let info = a.withUnsafeMutableBufferPointer { lapackInverse(n: rows, a: $0.baseAddress!) }
    if info > 0 { throw singularLU("inverse (LAPACK dgetrf)", info: info) }
    return Matrix(rows: rows, columns: columns, elements: a)
  }

  /// A⁻¹ of a symmetric positive definite matrix, by Cholesky (LAPACK `dpotrf` + `dpotri`); the
  /// result is exactly symmetric.
  public func inversePositiveDefinite() throws -> Matrix {
    try requireSquare("inversePositiveDefinite")
    try requireFinite("inversePositiveDefinite")
    let n = rows
    var a = elements
    guard n > 0 else { return self }
    var info = a.withUnsafeMutableBufferPointer { lapackPotrf(n: n, a: $0.baseAddress!) }
    if info == 0 { info = a.withUnsafeMutableBufferPointer { lapackPotri(n: n, a: $0.baseAddress!) } }
    if info > 0 { throw notPositiveDefinite("inversePositiveDefinite (LAPACK dpotrf)", info: info) }
    // dpotri filled the column-major upper triangle = row-major lower triangle.
    var inv = Matrix(rows: n, columns: n, elements: a)
    inv.elements.withUnsafeMutableBufferPointer { e in
      for i in 0..<n {
        for j in 0..<i { e[j * n + i] = e[i * n + j] }
      }
    }
    return inv
  }
}

/// Solution of a least-squares problem `min ‖A·X − B‖_F` (minimum norm when A is rank deficient).
public struct LeastSquaresSolution: Sendable {
  /// n×k solution X.
  public let solution: Matrix
  /// Effective rank of A: singular values above `rcond · s_max` count.
  public let rank: Int
  /// Singular values of A, descending.
  public let singularValues: [Double]
}

extension Matrix {
  /// Least squares `min ‖A·X − B‖` with the minimum-norm solution for rank-deficient A (numpy
  /// `linalg.lstsq`), by SVD (LAPACK `dgelsd`). `rcond` defaults to numpy's `ε·max(m, n)`:
  /// singular values below `rcond · s_max` are treated as zero.
  public func leastSquares(_ b: Matrix, rcond: Double? = nil) throws -> LeastSquaresSolution {
    guard b.rows == rows else {
      throw NeurometryError.shapeMismatch(
        context: "leastSquares", message: "A is \(rows)×\(columns) but B has \(b.rows) rows")
    }
    try requireFinite("leastSquares")
    try b.requireFinite("leastSquares (right-hand side)")
    let (m, n, k) = (rows, columns, b.columns)
    let ldb = Swift.max(m, n)
    guard m > 0 && n > 0 && k > 0 else {
      return LeastSquaresSolution(solution: Matrix(rows: n, columns: k), rank: 0, singularValues: [])
    }
    var a = elements
    var bb = [Double](repeating: 0, count: ldb * k)
    bb.replaceSubrange(0..<(m * k), with: b.elements)
    var s = [Double](repeating: 0, count: Swift.min(m, n))
    var rank = 0
    let r = rcond ?? Double.ulpOfOne * Double(Swift.max(m, n))
    let info = a.withUnsafeMutableBufferPointer { pa in
      bb.withUnsafeMutableBufferPointer { pb in
        s.withUnsafeMutableBufferPointer { ps in
          lapackGelsd(
            m: m, n: n, nrhs: k, a: pa.baseAddress!, b: pb.baseAddress!, s: ps.baseAddress!, rcond: r, rank: &rank)
        }
      }
    }
    if info > 0 {
      throw NeurometryError.didNotConverge(
        operation: "leastSquares (LAPACK dgelsd)",
        message: "the SVD of the \(m)×\(n) matrix did not converge (info \(info))")
    }
    return LeastSquaresSolution(
      solution: Matrix(rows: n, columns: k, elements: Array(bb[0..<(n * k)])), rank: rank, singularValues: s)
  }
}
