import Foundation

/// A dense matrix of `Double`, stored contiguously in row-major order.
///
/// Neurometry's convention (DESIGN.md §3): rows are observations (conditions, stimuli, time
/// points), columns are channels (neurons, voxels, units, features). Element `(i, j)` is at
/// `elements[i * columns + j]`. `Matrix` is a value type (copy on write through its array).
///
/// Heavy operations (products, decompositions) live in extensions that call BLAS/LAPACK;
/// see `Matrix+Products.swift`, `SVD.swift`, `SymmetricEigen.swift` and friends.
public struct Matrix: Sendable, Equatable, Hashable {
  /// Number of rows (observations).
  public let rows: Int
  /// Number of columns (channels).
  public let columns: Int
  /// The elements in row-major order; `count == rows * columns`.
  public internal(set) var elements: [Double]

  /// A matrix from row-major elements. Traps if `elements.count != rows * columns` (a programmer error).
  public init(rows: Int, columns: Int, elements: [Double]) {
    precondition(rows >= 0 && columns >= 0, "Matrix: negative shape \(rows)×\(columns)")
    precondition(
      elements.count == rows * columns,
      "Matrix: \(elements.count) elements for shape \(rows)×\(columns)")
    self.rows = rows
    self.columns = columns
    self.elements = elements
  }

  /// A matrix with every element equal to `value`.
  public init(rows: Int, columns: Int, repeating value: Double = 0) {
    self.init(rows: rows, columns: columns, elements: [Double](repeating: value, count: rows * columns))
  }

  /// A matrix from an array of equally long rows. Traps on ragged input (a programmer error).
  public init(_ rowArrays: [[Double]]) {
    let r = rowArrays.count
    let c = rowArrays.first?.count ?? 0
    precondition(rowArrays.allSatisfy { $0.count == c }, "Matrix: rows of different lengths")
    self.init(rows: r, columns: c, elements: rowArrays.flatMap { $0 })
  }

  /// Builds a matrix element by element: `Matrix(rows: 3, columns: 3) { i, j in i == j ? 1 : 0 }`.
  public init(rows: Int, columns: Int, _ element: (Int, Int) throws -> Double) rethrows {
    var e = [Double]()
    e.reserveCapacity(rows * columns)
    for i in 0..<rows {
      for j in 0..<columns { e.append(try element(i, j)) }
    }
    self.init(rows: rows, columns: columns, elements: e)
  }

  /// The n×n identity.
  public static func identity(_ n: Int) -> Matrix {
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i * n + i] = 1 }
    return m
  }

  /// A square matrix with `diagonal` on its diagonal.
  public static func diagonal(_ diagonal: [Double]) -> Matrix {
    let n = diagonal.count
    var m = Matrix(rows: n, columns: n)
    for i in 0..<n { m.elements[i * n + i] = diagonal[i] }
    return m
  }

  /// `(rows, columns)`.
  public var shape: (rows: Int, columns: Int) { (rows, columns) }
  /// `rows * columns`.
  public var count: Int { elements.count }
  /// True when the matrix has no elements.
  public var isEmpty: Bool { elements.isEmpty }
  /// True when rows == columns.
  public var isSquare: Bool { rows == columns }

  /// Element `(i, j)`. Traps when out of range (a programmer error).
  public subscript(i: Int, j: Int) -> Double {
    @inlinable get {
      precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix index (\(i), \(j)) out of \(rows)×\(columns)")
      return elements[i * columns + j]
    }
    set {
      precondition(i >= 0 && i < rows && j >= 0 && j < columns, "Matrix index (\(i), \(j)) out of \(rows)×\(columns)")
      elements[i * columns + j] = newValue
    }
  }

  /// Row `i` as an array (a copy).
  public func row(_ i: Int) -> [Double] {
    precondition(i >= 0 && i < rows, "Matrix row \(i) out of \(rows)")
    return Array(elements[(i * columns)..<((i + 1) * columns)])
  }

  /// Column `j` as an array (a copy).
  public func column(_ j: Int) -> [Double] {
    precondition(j >= 0 && j < columns, "Matrix column \(j) out of \(columns)")
    return (0..<rows).map { elements[$0 * columns + j] }
  }

  /// The diagonal `(0,0), (1,1), …` up to `min(rows, columns)`.
  public var diagonalElements: [Double] {
    (0..<Swift.min(rows, columns)).map { elements[$0 * columns + $0] }
  }

  /// The rows as nested arrays (for printing and JSON).
  public var rowArrays: [[Double]] { (0..<rows).map(row) }

  /// Direct read access to the row-major storage.
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Double>) throws -> R) rethrows -> R {
    try elements.withUnsafeBufferPointer(body)
  }

  /// Direct write access to the row-major storage.
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R
  ) rethrows -> R {
    try elements.withUnsafeMutableBufferPointer(body)
  }

  /// Element-wise map into a new matrix of the same shape.
  public func map(_ transform: (Double) throws -> Double) rethrows -> Matrix {
    Matrix(rows: rows, columns: columns, elements: try elements.map(transform))
  }

  /// True when every element is finite (no NaN, no ±∞); see `allFinite`.
  public var isFinite: Bool { elements.withUnsafeBufferPointer(Self.allFinite) }

  /// True when every value is finite. One vectorised pass: Σ 0·x is 0 for finite x and NaN as
  /// soon as one value is NaN or infinite, summed in eight independent lanes (a single
  /// floating-point accumulator cannot be vectorised: its additions may not be reordered).
  public static func allFinite(_ d: UnsafeBufferPointer<Double>) -> Bool {
    var lanes = SIMD8<Double>()
    var k = 0
    if let base = d.baseAddress {
      let raw = UnsafeRawPointer(base)
      while k + 8 <= d.count {
        lanes += raw.loadUnaligned(fromByteOffset: k * 8, as: SIMD8<Double>.self) * 0
        k += 8
      }
    }
    var tail = 0.0
    while k < d.count {
      tail += d[k] * 0
      k += 1
    }
    return lanes.sum() == 0 && tail == 0
  }

  /// The first non-finite element as `(row, column)`, if any (the fast `isFinite` pass first).
  public var firstNonFinite: (row: Int, column: Int)? {
    guard !isFinite, let k = elements.firstIndex(where: { !$0.isFinite }) else { return nil }
    return (k / Swift.max(columns, 1), k % Swift.max(columns, 1))
  }
}

extension Matrix: CustomStringConvertible {
  /// The shape on one line, then at most the first 8 rows and 8 columns, each value printed with `%.6g`
  /// (an ellipsis marks rows or columns left out).
  public var description: String {
    let shown = rowArrays.prefix(8).map { r in
      r.prefix(8).map { String(format: "%.6g", $0) }.joined(separator: " ") + (r.count > 8 ? " …" : "")
    }
    return "Matrix \(rows)×\(columns)\n" + shown.joined(separator: "\n") + (rows > 8 ? "\n…" : "")
  }
}
