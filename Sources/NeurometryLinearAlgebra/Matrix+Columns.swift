/// Column statistics, centring and scaling.
///
/// Means are accumulated by BLAS `dgemv` (Aᵀ·1/n); subtraction and scaling are one pass over the
/// row-major storage. Conventions follow numpy: `mean(axis=0)`, `std(axis=0, ddof=…)`.
extension Matrix {
  /// Mean of each column, `(1/n)·Σ_i a_ij` (numpy `x.mean(axis=0)`). NaN for a matrix with no rows.
  public var columnMeans: [Double] {
    guard rows > 0 else { return [Double](repeating: .nan, count: columns) }
    let ones = [Double](repeating: 1.0 / Double(rows), count: rows)
    return times(vector: ones, transpose: true)
  }

  /// Mean of each row.
  public var rowMeans: [Double] {
    guard columns > 0 else { return [Double](repeating: .nan, count: rows) }
    return times(vector: [Double](repeating: 1.0 / Double(columns), count: columns))
  }

  /// The matrix with `vector[j]` subtracted from every element of column j.
  public func subtractingFromColumns(_ vector: [Double]) -> Matrix {
    combiningColumns(with: vector, "subtractingFromColumns", -)
  }

  /// The matrix with every element of column j multiplied by `vector[j]`.
  public func scalingColumns(by vector: [Double]) -> Matrix {
    combiningColumns(with: vector, "scalingColumns", *)
  }

  /// `op(a_ij, vector[j])` for every element, one pass over the row-major storage.
  private func combiningColumns(with vector: [Double], _ name: String, _ op: (Double, Double) -> Double) -> Matrix {
    precondition(vector.count == columns, "\(name): \(vector.count) values for \(columns) columns")
    var out = self
    let c = columns
    out.elements.withUnsafeMutableBufferPointer { e in
      vector.withUnsafeBufferPointer { v in
        for i in 0..<rows {
          let base = i * c
          for j in 0..<c { e[base + j] = op(e[base + j], v[j]) }
        }
      }
    }
    return out
  }

  /// The matrix with every element of row i multiplied by `vector[i]`.
  public func scalingRows(by vector: [Double]) -> Matrix {
    precondition(vector.count == rows, "scalingRows: \(vector.count) values for \(rows) rows")
    var out = self
    let c = columns
    out.elements.withUnsafeMutableBufferPointer { e in
      for i in 0..<rows {
        let s = vector[i]
        let base = i * c
        for j in 0..<c { e[base + j] *= s }
      }
    }
    return out
  }

  /// Columns centred to mean zero, and the means that were removed.
  public func centeringColumns() -> (centered: Matrix, means: [Double]) {
    let m = columnMeans
    return (subtractingFromColumns(m), m)
  }

  /// Columns centred to mean zero.
  public var columnCentered: Matrix { centeringColumns().centered }

  /// Standard deviation of each column, `sqrt(Σ_i (a_ij − mean_j)² / (n − ddof))` (numpy
  /// `x.std(axis=0, ddof=ddof)`). Computed from the centred matrix (two-pass), not from sums of
  /// squares, so it stays accurate for large means. NaN when `n − ddof ≤ 0`.
  public func columnStandardDeviations(ddof: Int = 0) -> [Double] {
    let denominator = Double(rows - ddof)
    guard denominator > 0 else { return [Double](repeating: .nan, count: columns) }
    let centered = columnCentered
    var sums = [Double](repeating: 0, count: columns)
    let c = columns
    centered.elements.withUnsafeBufferPointer { e in
      sums.withUnsafeMutableBufferPointer { s in
        for i in 0..<rows {
          let base = i * c
          for j in 0..<c { s[j] += e[base + j] * e[base + j] }
        }
      }
    }
    return sums.map { ($0 / denominator).squareRoot() }
  }

  /// The element-wise mean of equally shaped matrices (e.g. the average over repetitions of
  /// stimuli × targets responses), summed in order then divided once. Traps on an empty list or
  /// unequal shapes (a programmer error). O(count · rows · columns).
  public static func mean(of matrices: [Matrix]) -> Matrix {
    precondition(!matrices.isEmpty, "Matrix.mean(of:): no matrices")
    let count = Double(matrices.count)
    return matrices.dropFirst().reduce(matrices[0], +).map { $0 / count }
  }

  /// Double-centring in place: A ← H·A·H with H = I − 11ᵀ/n, i.e. Aᵢⱼ − r̄ᵢ − c̄ⱼ + m̄ (row means
  /// r̄, column means c̄, grand mean m̄) — the one implementation behind CKA's biased centring
  /// (Kornblith et al. 2019), the Bures comparators' −½HDH (rsatoolbox) and classical MDS
  /// (Torgerson 1952). With `symmetric` the column means are taken to be the row means (one GEMV
  /// instead of two passes; exact for a symmetric A up to rounding). Square matrices only.
  /// O(n²).
  public mutating func doubleCenter(symmetric: Bool = false) {
    precondition(isSquare, "doubleCenter: \(rows)×\(columns) is not square")
    let n = rows
    guard n > 0 else { return }
    let r = rowMeans
    let c = symmetric ? r : columnMeans
    let half = r.reduce(0, +) / Double(n) / 2
    let rs = r.map { $0 - half }
    let cs = c.map { $0 - half }
    withUnsafeMutableBufferPointer { g in
      for i in 0..<n {
        let ri = rs[i]
        let row = i * n
        for j in 0..<n { g[row + j] -= ri + cs[j] }
      }
    }
  }

  /// H·A·H (see `doubleCenter`).
  public func doubleCentered(symmetric: Bool = false) -> Matrix {
    var m = self
    m.doubleCenter(symmetric: symmetric)
    return m
  }

  /// Columns centred and, with `scale`, divided by their standard deviation (`ddof` as numpy):
  /// scikit-learn's `StandardScaler` and PLS `_center_scale_xy`, the one standardiser of every
  /// measure. A column whose values are all equal is constant: its mean is its value exactly, its
  /// centred values are exactly 0 (a sum of n copies of 0.1 divided by n is not 0.1 in floating
  /// point, and scaling the rounding residue would blow it up to ±1) and its scale is 1
  /// (scikit-learn's `_handle_zeros_in_scale`, so the transform stays invertible); its index is
  /// listed in `constantColumns`, so the caller can warn or throw by name. Without `scale` every
  /// scale is 1. O(rows·columns), two passes.
  public func standardizingColumns(ddof: Int = 1, scale: Bool = true) -> (
    standardized: Matrix, means: [Double], scales: [Double], constantColumns: [Int]
  ) {
    var means = columnMeans
    let constant = (0..<columns).filter { j in
      guard rows > 0 else { return true }
      let first = elements[j]
      return (0..<rows).allSatisfy { elements[$0 * columns + j] == first }
    }
    for j in constant where rows > 0 { means[j] = elements[j] }
    var centered = subtractingFromColumns(means)
    for j in constant {
      for i in 0..<rows { centered[i, j] = 0 }
    }
    guard scale else { return (centered, means, [Double](repeating: 1, count: columns), constant) }
    let scales = centered.columnStandardDeviations(ddof: ddof).map { $0 > 0 ? $0 : 1 }
    return (centered.scalingColumns(by: scales.map { 1 / $0 }), means, scales, constant)
  }

  /// Sum of squares of each row, `Σ_j a_ij²`.
  public var rowSquaredNorms: [Double] {
    // One BLAS dot per row (vectorised; a plain loop is one serial add chain per row).
    elements.withUnsafeBufferPointer { e in
      (0..<rows).map { i in
        guard let base = e.baseAddress else { return 0 }
        return blasDot(columns, base + i * columns, base + i * columns)
      }
    }
  }
}
