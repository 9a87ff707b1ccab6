extension Matrix {
  /// Throws `NeurometryError.invalidInput` naming `operation` and the first non-finite element.
  /// LAPACK routines may loop or return garbage on NaN/∞, so every decomposition checks first.
  public func requireFinite(_ operation: String) throws {
    if let (i, j) = firstNonFinite {
      throw NeurometryError.invalidInput(
        context: operation,
        message: "the \(rows)×\(columns) matrix has a non-finite value (\(self[i, j])) at row \(i), column \(j)")
    }
  }

  /// Throws unless the matrix is square.
  public func requireSquare(_ operation: String) throws {
    guard isSquare else {
      throw NeurometryError.shapeMismatch(
        context: operation, message: "expected a square matrix, found \(rows)×\(columns)")
    }
  }
}
