/// Thin singular value decomposition `A = U·diag(s)·Vᵀ` of an m×n matrix, k = min(m, n).
///
/// - `u`: m×k with orthonormal columns; `singularValues`: k values, descending, ≥ 0;
///   `vt`: k×n with orthonormal rows.
/// - Computed by LAPACK `dgesdd` (divide and conquer) on the row-major storage read as the
///   column-major Aᵀ, so no transposed copy is made: the SVD of Aᵀ = V·S·Uᵀ yields U and Vᵀ
///   directly in row-major order.
/// - Singular vectors are unique only up to sign (and rotation within repeated singular values);
///   compare reconstructions or subspaces, never raw vectors. Cost O(m·n·k).
public struct SingularValueDecomposition: Sendable {
  /// The left singular vectors: m × k with orthonormal columns, column i belonging to `singularValues[i]`.
  public let u: Matrix
  /// The k = min(m, n) singular values, in descending order, all ≥ 0.
  public let singularValues: [Double]
  /// The right singular vectors transposed (Vᵀ): k × n with orthonormal rows, row i belonging to `singularValues[i]`.
  public let vt: Matrix

  /// `U·diag(s)·Vᵀ`.
  public var reconstruction: Matrix { gemm(u.scalingColumns(by: singularValues), vt) }

  /// Number of singular values above `tolerance` (default: numpy's `matrix_rank` rule,
  /// `s_max · max(m, n) · ε`).
  public func rank(tolerance: Double? = nil) -> Int {
    let tol = tolerance ?? ((singularValues.first ?? 0) * Double(Swift.max(u.rows, vt.columns)) * Double.ulpOfOne)
    return singularValues.filter { $0 > tol }.count
  }
}

extension Matrix {
  /// The thin SVD. Throws `invalidInput` on NaN/∞ and `didNotConverge` if LAPACK reports failure.
  public func svd() throws -> SingularValueDecomposition {
    try requireFinite("svd")
    let (m, n) = (rows, columns)
    let k = Swift.min(m, n)
    if k == 0 {
      return SingularValueDecomposition(
        u: Matrix(rows: m, columns: 0), singularValues: [], vt: Matrix(rows: 0, columns: n))
    }
    var a = elements  // dgesdd destroys its input
    var s = [Double](repeating: 0, count: k)
    // Column-major view of the storage is Aᵀ (n×m). SVD(Aᵀ) = U'·S·VT', with U' n×k and VT' k×m.
    var uPrime = [Double](repeating: 0, count: n * k)  // = Vᵀ_A read row-major (k×n)
    var vtPrime = [Double](repeating: 0, count: k * m)  // = U_A read row-major (m×k)
    let info = a.withUnsafeMutableBufferPointer { pa in
      s.withUnsafeMutableBufferPointer { ps in
        uPrime.withUnsafeMutableBufferPointer { pu in
          vtPrime.withUnsafeMutableBufferPointer { pvt in
            lapackGesdd(
              jobz: "S", m: n, n: m, a: pa.baseAddress!, lda: n, s: ps.baseAddress!, u: pu.baseAddress!, ldu: n,
              vt: pvt.baseAddress!, ldvt: k)
          }
        }
      }
    }
    if info > 0 {
      throw NeurometryError.didNotConverge(
        operation: "svd (LAPACK dgesdd)", message: "\(info) superdiagonals did not converge for a \(m)×\(n) matrix")
    }
    return SingularValueDecomposition(
      u: Matrix(rows: m, columns: k, elements: vtPrime), singularValues: s,
      vt: Matrix(rows: k, columns: n, elements: uPrime))
  }

  /// Singular values only (descending), cheaper than `svd()`.
  public func singularValues() throws -> [Double] {
    try requireFinite("singularValues")
    let (m, n) = (rows, columns)
    let k = Swift.min(m, n)
    guard k > 0 else { return [] }
    var a = elements
    var s = [Double](repeating: 0, count: k)
    var dummyU = [0.0]
    var dummyVt = [0.0]
    let info = a.withUnsafeMutableBufferPointer { pa in
      s.withUnsafeMutableBufferPointer { ps in
        dummyU.withUnsafeMutableBufferPointer { pu in
          dummyVt.withUnsafeMutableBufferPointer { pvt in
            lapackGesdd(
              jobz: "N", m: n, n: m, a: pa.baseAddress!, lda: n, s: ps.baseAddress!, u: pu.baseAddress!, ldu: 1,
              vt: pvt.baseAddress!, ldvt: 1)
          }
        }
      }
    }
    if info > 0 {
      throw NeurometryError.didNotConverge(
        operation: "singularValues (LAPACK dgesdd)",
        message: "\(info) superdiagonals did not converge for a \(m)×\(n) matrix")
    }
    return s
  }
}
