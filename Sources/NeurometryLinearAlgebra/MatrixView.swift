/// Read-only access to a strided block of doubles: `rows × columns`, row-major, with a leading
/// dimension (the distance between the starts of two consecutive rows) of at least `columns`.
///
/// `Matrix` (leading dimension = `columns`) and `MatrixView` (a rectangular block of a matrix,
/// without copying) conform; BLAS routines in Neurometry accept either.
public protocol StridedMatrix: Sendable {
  var rows: Int { get }
  var columns: Int { get }
  /// Calls `body` with a pointer to element (0, 0) and the leading dimension. For an empty
  /// matrix the pointer may point to a one-element dummy; it must not be read.
  func withStridedPointer<R>(_ body: (UnsafePointer<Double>, _ leadingDimension: Int) throws -> R) rethrows -> R
}

extension Matrix: StridedMatrix {
  /// Calls `body` with a pointer to the first element and the leading dimension `columns`; an empty matrix
  /// passes a one-element dummy (not to be read) and leading dimension `max(columns, 1)`.
  public func withStridedPointer<R>(_ body: (UnsafePointer<Double>, Int) throws -> R) rethrows -> R {
    if elements.isEmpty {
      let dummy = [0.0]
      return try dummy.withUnsafeBufferPointer { try body($0.baseAddress!, Swift.max(columns, 1)) }
    }
    return try elements.withUnsafeBufferPointer { try body($0.baseAddress!, columns) }
  }
}

/// A rectangular block of a `Matrix`, shared with it (no copy): rows `rowRange`, columns `columnRange`.
///
/// Made by `matrix[rows: 2..<5, columns: 0..<3]` or `matrix.rowBlock(0..<100)`; turned into an
/// independent matrix with `Matrix(view)`.
public struct MatrixView: StridedMatrix {
  /// The matrix the view reads from (shared, not copied).
  public let base: Matrix
  /// The rows of `base` in the view; row 0 of the view is `base`'s row `rowRange.lowerBound`.
  public let rowRange: Range<Int>
  /// The columns of `base` in the view; column 0 of the view is `base`'s column `columnRange.lowerBound`.
  public let columnRange: Range<Int>

  /// The block `rows × columns` of `base`, without copying. Traps if either range falls outside `base`
  /// (a programmer error).
  public init(_ base: Matrix, rows: Range<Int>, columns: Range<Int>) {
    precondition(
      rows.lowerBound >= 0 && rows.upperBound <= base.rows, "MatrixView rows \(rows) out of 0..<\(base.rows)")
    precondition(
      columns.lowerBound >= 0 && columns.upperBound <= base.columns,
      "MatrixView columns \(columns) out of 0..<\(base.columns)")
    self.base = base
    self.rowRange = rows
    self.columnRange = columns
  }

  /// Number of rows in the view (`rowRange.count`).
  public var rows: Int { rowRange.count }
  /// Number of columns in the view (`columnRange.count`).
  public var columns: Int { columnRange.count }

  /// Element (i, j) of the view, i.e. `base[rowRange.lowerBound + i, columnRange.lowerBound + j]`.
  public subscript(i: Int, j: Int) -> Double {
    base[rowRange.lowerBound + i, columnRange.lowerBound + j]
  }

  /// Calls `body` with a pointer to the view's element (0, 0) inside `base`'s storage and `base.columns` as
  /// the leading dimension; an empty view passes a one-element dummy (not to be read).
  public func withStridedPointer<R>(_ body: (UnsafePointer<Double>, Int) throws -> R) rethrows -> R {
    if rows == 0 || columns == 0 {
      let dummy = [0.0]
      return try dummy.withUnsafeBufferPointer { try body($0.baseAddress!, Swift.max(base.columns, 1)) }
    }
    return try base.elements.withUnsafeBufferPointer {
      try body($0.baseAddress! + rowRange.lowerBound * base.columns + columnRange.lowerBound, base.columns)
    }
  }
}

extension Matrix {
  /// A copy of any strided matrix as a contiguous `Matrix`.
  public init<M: StridedMatrix>(copying source: M) {
    var out = [Double](repeating: 0, count: source.rows * source.columns)
    let (r, c) = (source.rows, source.columns)
    if r > 0 && c > 0 {
      source.withStridedPointer { p, ld in
        out.withUnsafeMutableBufferPointer { o in
          for i in 0..<r {
            (o.baseAddress! + i * c).update(from: p + i * ld, count: c)
          }
        }
      }
    }
    self.init(rows: r, columns: c, elements: out)
  }

  /// The whole matrix as a view.
  public var view: MatrixView { MatrixView(self, rows: 0..<rows, columns: 0..<columns) }

  /// A block of rows and columns, shared with this matrix.
  public subscript(rows rows: Range<Int>, columns columns: Range<Int>) -> MatrixView {
    MatrixView(self, rows: rows, columns: columns)
  }

  /// A block of consecutive rows, shared with this matrix.
  public func rowBlock(_ rows: Range<Int>) -> MatrixView {
    MatrixView(self, rows: rows, columns: 0..<columns)
  }

  /// A new matrix made of the given rows, in the given order (repeats allowed, e.g. for a bootstrap).
  public func selectingRows<S: Sequence>(_ indices: S) -> Matrix where S.Element == Int {
    var out = [Double]()
    var n = 0
    elements.withUnsafeBufferPointer { e in
      for i in indices {
        precondition(i >= 0 && i < rows, "selectingRows: row \(i) out of 0..<\(rows)")
        out.append(contentsOf: e[(i * columns)..<((i + 1) * columns)])
        n += 1
      }
    }
    return Matrix(rows: n, columns: columns, elements: out)
  }

  /// A new matrix made of the given columns, in the given order.
  public func selectingColumns(_ indices: [Int]) -> Matrix {
    for j in indices { precondition(j >= 0 && j < columns, "selectingColumns: column \(j) out of 0..<\(columns)") }
    var out = [Double](repeating: 0, count: rows * indices.count)
    let c = indices.count
    elements.withUnsafeBufferPointer { e in
      out.withUnsafeMutableBufferPointer { o in
        for i in 0..<rows {
          let src = i * columns
          let dst = i * c
          for (k, j) in indices.enumerated() { o[dst + k] = e[src + j] }
        }
      }
    }
    return Matrix(rows: rows, columns: c, elements: out)
  }

  /// Matrices side by side: `[A | B | …]`; all must have the same number of rows.
  public static func horizontalConcatenation(_ blocks: [Matrix]) -> Matrix {
    guard let r = blocks.first?.rows else { return Matrix(rows: 0, columns: 0) }
    precondition(blocks.allSatisfy { $0.rows == r }, "horizontalConcatenation: row counts differ")
    let c = blocks.reduce(0) { $0 + $1.columns }
    var out = [Double]()
    out.reserveCapacity(r * c)
    for i in 0..<r {
      for b in blocks { out.append(contentsOf: b.elements[(i * b.columns)..<((i + 1) * b.columns)]) }
    }
    return Matrix(rows: r, columns: c, elements: out)
  }

  /// Matrices stacked: `[A; B; …]`; all must have the same number of columns.
  public static func verticalConcatenation(_ blocks: [Matrix]) -> Matrix {
    guard let c = blocks.first?.columns else { return Matrix(rows: 0, columns: 0) }
    precondition(blocks.allSatisfy { $0.columns == c }, "verticalConcatenation: column counts differ")
    return Matrix(rows: blocks.reduce(0) { $0 + $1.rows }, columns: c, elements: blocks.flatMap(\.elements))
  }

  /// The transpose, by cache-friendly 32×32 blocks.
  public var transposed: Matrix {
    let (r, c) = (rows, columns)
    var out = [Double](repeating: 0, count: r * c)
    let block = 32
    elements.withUnsafeBufferPointer { a in
      out.withUnsafeMutableBufferPointer { t in
        var i0 = 0
        while i0 < r {
          let i1 = Swift.min(i0 + block, r)
          var j0 = 0
          while j0 < c {
            let j1 = Swift.min(j0 + block, c)
            for i in i0..<i1 {
              for j in j0..<j1 { t[j * r + i] = a[i * c + j] }
            }
            j0 = j1
          }
          i0 = i1
        }
      }
    }
    return Matrix(rows: c, columns: r, elements: out)
  }
}
