/// Eigendecomposition `A = V·diag(w)·Vᵀ` of a real symmetric n×n matrix (numpy `eigh`).
///
/// - `values`: n eigenvalues in ascending order; `vectors`: n×n orthogonal matrix whose
///   column i is the eigenvector of `values[i]` (numpy's convention).
/// - LAPACK `dsyevd` (divide and conquer). Only the upper triangle (row-major) of A is read; the
///   caller is responsible for symmetry (use `symmetrized` after accumulating rounding error).
/// - Eigenvectors are unique only up to sign (and rotation within repeated eigenvalues).
public struct SymmetricEigendecomposition: Sendable {
  /// The n eigenvalues, in ascending order.
  public let values: [Double]
  /// The n × n orthogonal matrix of eigenvectors: column i belongs to `values[i]` (unique only up to sign).
  public let vectors: Matrix

  /// `V·diag(f(w))·Vᵀ`: a function of the matrix, e.g. `{ $0.squareRoot() }` for the square root.
  public func applying(_ f: (Double) -> Double) -> Matrix {
    let scaled = vectors.scalingColumns(by: values.map(f))
    return gemm(scaled, vectors, transposeB: true).symmetrized
  }
}

extension Matrix {
  /// Eigenvalues (ascending) and eigenvectors (columns) of a symmetric matrix.
  public func symmetricEigen() throws -> SymmetricEigendecomposition {
    let (w, storage) = try syevd(vectors: true, "symmetricEigen")
    // Column-major output: eigenvector i is column i, i.e. row i of the row-major reading.
    return SymmetricEigendecomposition(
      values: w, vectors: Matrix(rows: rows, columns: rows, elements: storage).transposed)
  }

  /// The `count` largest eigenvalues (ascending, like `symmetricEigen`) and their eigenvectors
  /// (columns of an n × count matrix) of a symmetric matrix, by LAPACK `dsyevr` (relatively robust
  /// representations): O(n³) for the reduction to tridiagonal form but only O(n·count) after it, so
  /// much cheaper than the full decomposition when few pairs are needed. Vectors are unique only up
  /// to sign.
  public func largestEigenpairs(count: Int) throws -> SymmetricEigendecomposition {
    try requireSquare("largestEigenpairs")
    try requireFinite("largestEigenpairs")
    let n = rows
    let k = Swift.min(Swift.max(count, 0), n)
    guard k > 0 else { return SymmetricEigendecomposition(values: [], vectors: Matrix(rows: n, columns: 0)) }
    var a = elements
    var w = [Double](repeating: 0, count: n)
    var z = [Double](repeating: 0, count: n * k)
    var found = 0
    let info = a.withUnsafeMutableBufferPointer { pa in
      w.withUnsafeMutableBufferPointer { pw in
        z.withUnsafeMutableBufferPointer { pz in
          lapackSyevrIndexRange(
            n: n, a: pa.baseAddress!, il: n - k + 1, iu: n, w: pw.baseAddress!, z: pz.baseAddress!, found: &found)
        }
      }
    }
    if info > 0 || found != k {
      throw NeurometryError.didNotConverge(
        operation: "largestEigenpairs (LAPACK dsyevr)",
        message: "\(found) of \(k) eigenpairs of a \(n)×\(n) matrix (info \(info))")
    }
    // Column-major n × k: vector j is row j of the row-major k × n reading.
    return SymmetricEigendecomposition(
      values: Array(w[0..<k]), vectors: Matrix(rows: k, columns: n, elements: z).transposed)
  }

  /// Eigenvalues only (ascending) of a symmetric matrix.
  public func symmetricEigenvalues() throws -> [Double] {
    try syevd(vectors: false, "symmetricEigenvalues").values
  }

  /// LAPACK `dsyevd` on a copy: eigenvalues and the overwritten storage (eigenvectors when asked).
  private func syevd(vectors: Bool, _ operation: String) throws -> (values: [Double], storage: [Double]) {
    try requireSquare(operation)
    try requireFinite(operation)
    let n = rows
    guard n > 0 else { return ([], []) }
    var a = elements
    var w = [Double](repeating: 0, count: n)
    let info = a.withUnsafeMutableBufferPointer { pa in
      w.withUnsafeMutableBufferPointer { pw in
        lapackSyevd(jobz: vectors ? "V" : "N", n: n, a: pa.baseAddress!, w: pw.baseAddress!)
      }
    }
    if info > 0 {
      throw NeurometryError.didNotConverge(
        operation: "\(operation) (LAPACK dsyevd)", message: "failed to converge on a \(n)×\(n) matrix (info \(info))")
    }
    return (w, a)
  }

  /// The square root S of a symmetric positive semi-definite matrix (S·S = A, S symmetric PSD):
  /// `V·diag(√max(w, 0))·Vᵀ`. Eigenvalues below zero, which rounding produces for PSD matrices
  /// of deficient rank, are clipped to 0 (documented choice; scipy's `sqrtm` would return complex
  /// values there). For a positive definite A this equals `scipy.linalg.sqrtm(A)`.
  public func psdSquareRoot() throws -> Matrix {
    try symmetricEigen().applying { Swift.max($0, 0).squareRoot() }
  }
}
