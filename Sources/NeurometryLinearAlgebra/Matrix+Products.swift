/// Matrix products through BLAS (OpenBLAS `dgemm`, `dsyrk`, `dgemv`, `ddot`).
///
/// Shapes are checked with preconditions: a shape mismatch inside Neurometry is a programmer
/// error; user-facing functions validate their inputs first and throw `NeurometryError`.

/// `α·op(A)·op(B)`, where op is the identity or the transpose. Cost 2·m·n·k flops.
///
/// The result buffer is not zero-filled first (β = 0 makes BLAS overwrite every element), which
/// saves a full pass over large outputs.
public func gemm<A: StridedMatrix, B: StridedMatrix>(
  _ a: A, _ b: B, transposeA: Bool = false, transposeB: Bool = false, alpha: Double = 1
) -> Matrix {
  let m = transposeA ? a.columns : a.rows
  let k = transposeA ? a.rows : a.columns
  let kb = transposeB ? b.columns : b.rows
  let n = transposeB ? b.rows : b.columns
  precondition(k == kb, "gemm: inner dimensions differ (\(m)×\(k) times \(kb)×\(n))")
  let elements = [Double](unsafeUninitializedCapacity: m * n) { buffer, initialized in
    if k == 0 || m == 0 || n == 0 {
      buffer.initialize(repeating: 0)
    } else {
      a.withStridedPointer { pa, lda in
        b.withStridedPointer { pb, ldb in
          blasGemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
            a: pa, lda: lda, b: pb, ldb: ldb, beta: 0, c: buffer.baseAddress!, ldc: n)
        }
      }
    }
    initialized = m * n
  }
  return Matrix(rows: m, columns: n, elements: elements)
}

/// `C ← α·op(A)·op(B) + β·C` in place (C must already have the result's shape).
public func gemm<A: StridedMatrix, B: StridedMatrix>(
  _ a: A, _ b: B, into c: inout Matrix, transposeA: Bool = false, transposeB: Bool = false,
  alpha: Double = 1, beta: Double = 0
) {
  let m = transposeA ? a.columns : a.rows
  let k = transposeA ? a.rows : a.columns
  let kb = transposeB ? b.columns : b.rows
  let n = transposeB ? b.rows : b.columns
  precondition(k == kb, "gemm: inner dimensions differ (\(m)×\(k) times \(kb)×\(n))")
  precondition(c.rows == m && c.columns == n, "gemm: output is \(c.rows)×\(c.columns), expected \(m)×\(n)")
  guard m > 0 && n > 0 else { return }
  if k == 0 {
    if beta != 1 { c = c.map { $0 * beta } }
    return
  }
  a.withStridedPointer { pa, lda in
    b.withStridedPointer { pb, ldb in
      c.elements.withUnsafeMutableBufferPointer { pc in
        blasGemm(
          transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
          a: pa, lda: lda, b: pb, ldb: ldb, beta: beta, c: pc.baseAddress!, ldc: n)
      }
    }
  }
}

/// Which Gram matrix to form from an n×p matrix X.
public enum GramSide: Sendable {
  /// X·Xᵀ (n×n): inner products between rows (observations).
  case rows
  /// Xᵀ·X (p×p): inner products between columns (channels).
  case columns
}

/// `α·X·Xᵀ` (side `.rows`) or `α·Xᵀ·X` (side `.columns`) through `dsyrk`, which computes one
/// triangle (half the flops of a general product); the other triangle is mirrored, so the
/// result is exactly symmetric.
public func gram<X: StridedMatrix>(_ x: X, side: GramSide, alpha: Double = 1) -> Matrix {
  let n = side == .rows ? x.rows : x.columns
  let k = side == .rows ? x.columns : x.rows
  var c = Matrix(rows: n, columns: n)
  guard n > 0, k > 0 else { return c }
  x.withStridedPointer { px, ldx in
    c.elements.withUnsafeMutableBufferPointer { pc in
      blasSyrk(
        transpose: side == .columns, n: n, k: k, alpha: alpha, a: px, lda: ldx, beta: 0,
        c: pc.baseAddress!, ldc: n)
    }
  }
  c.mirrorUpperToLower()
  return c
}

extension Matrix {
  /// `self · other`.
  public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { gemm(lhs, rhs) }

  /// `selfᵀ · other` without forming the transpose.
  public func transposeTimes<B: StridedMatrix>(_ other: B) -> Matrix { gemm(self, other, transposeA: true) }

  /// `self · otherᵀ` without forming the transpose.
  public func timesTranspose<B: StridedMatrix>(_ other: B) -> Matrix { gemm(self, other, transposeB: true) }

  /// `self · x` for a vector x of length `columns` (or `selfᵀ · x` with `transpose`, x of length `rows`).
  public func times(vector x: [Double], transpose: Bool = false) -> [Double] {
    precondition(
      x.count == (transpose ? rows : columns), "times(vector:): length \(x.count) does not match \(rows)×\(columns)")
    var y = [Double](repeating: 0, count: transpose ? columns : rows)
    guard rows > 0 && columns > 0 else { return y }
    elements.withUnsafeBufferPointer { a in
      x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
          blasGemv(
            transpose: transpose, m: rows, n: columns, alpha: 1, a: a.baseAddress!, lda: columns,
            x: px.baseAddress!, beta: 0, y: py.baseAddress!)
        }
      }
    }
    return y
  }

  /// Copies the upper triangle onto the lower one (for results of `dsyrk`).
  public mutating func mirrorUpperToLower() {
    precondition(isSquare, "mirrorUpperToLower: matrix is \(rows)×\(columns)")
    let n = rows
    // In 64 × 64 tiles, so that the column-wise reads of the upper triangle stay in cache (a
    // plain double loop misses the cache on every read: ~30 ms for n = 2,048).
    let tile = 64
    elements.withUnsafeMutableBufferPointer { e in
      for i0 in stride(from: 0, to: n, by: tile) {
        for j0 in stride(from: 0, through: i0, by: tile) {
          for i in i0..<Swift.min(i0 + tile, n) {
            for j in j0..<Swift.min(j0 + tile, i) { e[i * n + j] = e[j * n + i] }
          }
        }
      }
    }
  }

  /// `(A + Aᵀ)/2`, to remove rounding asymmetry.
  public var symmetrized: Matrix {
    precondition(isSquare, "symmetrized: matrix is \(rows)×\(columns)")
    var out = self
    let n = rows
    out.elements.withUnsafeMutableBufferPointer { e in
      for i in 0..<n {
        for j in 0..<i {
          let v = 0.5 * (e[i * n + j] + e[j * n + i])
          e[i * n + j] = v
          e[j * n + i] = v
        }
      }
    }
    return out
  }

  /// Element-wise sum. Shapes must agree.
  public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
    precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "+: shapes differ")
    return Matrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map { $0 + $1 })
  }

  /// Element-wise difference. Shapes must agree.
  public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
    precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "-: shapes differ")
    return Matrix(rows: lhs.rows, columns: lhs.columns, elements: zip(lhs.elements, rhs.elements).map { $0 - $1 })
  }

  /// Every element times a scalar.
  public static func * (lhs: Double, rhs: Matrix) -> Matrix { rhs.map { lhs * $0 } }

  /// Frobenius norm `sqrt(Σ a_ij²)`.
  public var frobeniusNorm: Double {
    dot(elements, elements).squareRoot()
  }

  /// Sum of the diagonal.
  public var trace: Double { diagonalElements.reduce(0, +) }
}

/// Inner product `xᵀy` of two equally long vectors (BLAS `ddot`).
public func dot(_ x: [Double], _ y: [Double]) -> Double {
  precondition(x.count == y.count, "dot: lengths \(x.count) and \(y.count) differ")
  guard !x.isEmpty else { return 0 }
  return x.withUnsafeBufferPointer { px in
    y.withUnsafeBufferPointer { py in blasDot(x.count, px.baseAddress!, py.baseAddress!) }
  }
}
