extension Matrix {
  /// The error of a Cholesky-based LAPACK routine (`dpotrf`, `dposv`) whose `info` > 0: the
  /// leading minor of that order of this square matrix is not positive.
  func notPositiveDefinite(_ operation: String, info: Int) -> NeurometryError {
    .notPositiveDefinite(
      operation: operation,
      message: "the leading minor of order \(info) of the \(rows)×\(columns) matrix is not positive")
  }

  /// The error of an LU-based LAPACK routine (`dgesv`, `dgetrf`) whose `info` > 0: the pivot
  /// U(info − 1, info − 1) of this square matrix is exactly zero.
  func singularLU(_ operation: String, info: Int) -> NeurometryError {
    .singularMatrix(
      operation: operation,
      message: "U(\(info - 1), \(info - 1)) is exactly zero in the LU factorisation of the \(rows)×\(columns) matrix")
  }
}
