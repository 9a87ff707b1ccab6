extension Matrix {
  /// Throws `NeurometryError.invalidInput` naming `context` and the first non-finite element —
  /// the one finite-value check of every measure and loader (LAPACK routines may loop or return
  /// garbage on NaN/∞, so every decomposition checks first). The message reads
  /// "`subject` has a non-finite value (nan) at `rowName` i, `columnName` j[; `advice`]";
  /// `subject` defaults to "the r×c matrix", and `position` can describe (i, j) instead (a voxel's
  /// coordinates, a stimulus id). One vectorised scan (`firstNonFinite`), O(rows·columns).
  public func requireFinite(
    _ context: String, _ subject: String? = nil, rowName: String = "row", columnName: String = "column",
    advice: String? = nil, position: ((Int, Int) -> String)? = nil
  ) throws {
    if let (i, j) = firstNonFinite {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "\(subject ?? "the \(rows)×\(columns) matrix") has a non-finite value (\(self[i, j])) at \(position?(i, j) ?? "\(rowName) \(i), \(columnName) \(j)")"
          + (advice.map { "; " + $0 } ?? ""))
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
