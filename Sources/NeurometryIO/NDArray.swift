import NeurometryLinearAlgebra

/// An n-dimensional array as read from a file (NPY, NPZ member, HDF5 dataset, MATLAB variable),
/// always in C (row-major) order in memory, whatever order the file used.
///
/// Numeric data is widened once on reading: floats to `Double`, integers to `Int64`
/// (DESIGN.md §3: accumulation is in Double). `sourceType` keeps what the file said.
public struct NDArray: Sendable, Equatable {
  /// The element values, flattened in C order.
  public enum Values: Sendable, Equatable {
    /// Floating-point data (f2, f4, f8 in the file), widened to `Double`.
    case float64([Double])
    /// Integer data of any width and signedness, widened to `Int64` (uint64 values above `Int64.max`
    /// are refused on reading).
    case int64([Int64])
    /// Booleans (numpy `b1`, h5py's FALSE/TRUE enumeration, MATLAB `logical`).
    case bool([Bool])
    /// Text: numpy unicode (`U`) and byte (`S`) strings, HDF5 strings, MATLAB `char` rows and cellstrs.
    case string([String])
  }

  /// The dimensions, outermost first (`[]` for a 0-d scalar); their product is `count`.
  public let shape: [Int]
  /// The elements, flattened in C (row-major) order.
  public let values: Values
  /// The element type as stored in the file, e.g. `<f4`, `>i8`, `<U5` (numpy's `dtype.str`).
  public let sourceType: String
  /// True when the file stored the array in Fortran (column-major) order; the values here are
  /// already in C order.
  public let sourceWasFortranOrder: Bool

  /// An array from C-ordered values. `sourceType` defaults to the type Neurometry writes for `values`
  /// (`<f8`, `<i8`, `|b1`, `<Un`). Traps on a negative dimension or when `values.count` is not the product
  /// of `shape` (a programmer error).
  public init(shape: [Int], values: Values, sourceType: String? = nil, sourceWasFortranOrder: Bool = false) {
    let n = shape.reduce(1, *)
    precondition(shape.allSatisfy { $0 >= 0 }, "NDArray: negative dimension in \(shape)")
    precondition(values.count == n, "NDArray: \(values.count) values for shape \(shape)")
    self.shape = shape
    self.values = values
    self.sourceType = sourceType ?? values.defaultType
    self.sourceWasFortranOrder = sourceWasFortranOrder
  }

  /// A 2-D float64 array from a matrix.
  public init(_ matrix: Matrix) {
    self.init(shape: [matrix.rows, matrix.columns], values: .float64(matrix.elements))
  }

  /// Number of elements (the product of `shape`).
  public var count: Int { values.count }
  /// Number of axes (`shape.count`; 0 for a scalar).
  public var dimensions: Int { shape.count }
  /// `(120, 64)`, as numpy prints shapes.
  public var shapeDescription: String { NDArray.describe(shape: shape) }

  /// A shape as numpy prints it: `(120, 64)`, `(5,)` for one axis, `()` for a scalar.
  public static func describe(shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
  }

  /// True for float, integer and bool arrays.
  public var isNumeric: Bool {
    if case .string = values { return false }
    return true
  }

  /// The values as Doubles (integers and bools converted; bools as 0/1). Throws for strings.
  /// `context` names the file and field for the error.
  public func doubles(context: String) throws -> [Double] {
    switch values {
    case .float64(let v): return v
    case .int64(let v): return v.map(Double.init)
    case .bool(let v): return v.map { $0 ? 1 : 0 }
    case .string:
      throw NeurometryError.unsupported(
        path: context, field: nil, message: "holds strings (\(sourceType)), expected numbers")
    }
  }

  /// The values as integers. Throws for strings and for floats that are not whole numbers.
  public func integers(context: String) throws -> [Int64] {
    switch values {
    case .int64(let v): return v
    case .bool(let v): return v.map { $0 ? 1 : 0 }
    case .float64(let v):
      var out = [Int64]()
      out.reserveCapacity(v.count)
      for (i, x) in v.enumerated() {
        guard x.isFinite, x.rounded() == x, abs(x) < 0x1p63 else {
          throw NeurometryError.invalidInput(context: context, message: "element \(i) is \(x), expected a whole number")
        }
        out.append(Int64(x))
      }
      return out
    case .string:
      throw NeurometryError.unsupported(
        path: context, field: nil, message: "holds strings (\(sourceType)), expected integers")
    }
  }

  /// The values as strings (labels): strings as they are, integers in decimal, floats in their
  /// shortest round-trip form, bools as "True"/"False" (numpy's spelling).
  public var strings: [String] {
    switch values {
    case .string(let v): return v
    case .int64(let v): return v.map { String($0) }
    case .float64(let v): return v.map { $0.description }
    case .bool(let v): return v.map { $0 ? "True" : "False" }
    }
  }

  /// The array as a matrix: 2-D as is, 1-D as a column (n×1), 0-D as 1×1. Throws for other
  /// ranks (with the shape) and for strings.
  public func matrix(context: String) throws -> Matrix {
    let v = try doubles(context: context)
    switch shape.count {
    case 0: return Matrix(rows: 1, columns: 1, elements: v)
    case 1: return Matrix(rows: shape[0], columns: 1, elements: v)
    case 2: return Matrix(rows: shape[0], columns: shape[1], elements: v)
    default:
      throw NeurometryError.shapeMismatch(
        context: context, message: "expected a 2-D array, found shape \(shapeDescription)")
    }
  }

  /// The array reshaped to 2-D with the first axis kept and the others flattened in C order
  /// (how conv activations (stimuli, channels, height, width) become stimuli × features).
  public func flattenedToMatrix(context: String) throws -> Matrix {
    let v = try doubles(context: context)
    guard let first = shape.first else { return Matrix(rows: 1, columns: 1, elements: v) }
    let rest = shape.dropFirst().reduce(1, *)
    return Matrix(rows: first, columns: rest, elements: v)
  }

  /// The array as a stack of matrices along its first axis: shape (K, n, rest…) gives K matrices
  /// of n × ∏rest (trailing axes flattened in C order), as `x[k].reshape(n, -1)` would. Throws
  /// for fewer than 3 axes unless `allowMatrix` (then a 2-D array is a stack of one) and for
  /// strings.
  public func matrixStack(context: String, allowMatrix: Bool = false) throws -> [Matrix] {
    if allowMatrix && shape.count <= 2 { return [try matrix(context: context)] }
    guard shape.count >= 3 else {
      throw NeurometryError.shapeMismatch(
        context: context, message: "expected a stack of matrices (3-D or more), found shape \(shapeDescription)")
    }
    let v = try doubles(context: context)
    let (k, n) = (shape[0], shape[1])
    let width = shape.dropFirst(2).reduce(1, *)
    let size = n * width
    return (0..<k).map { i in Matrix(rows: n, columns: width, elements: Array(v[(i * size)..<((i + 1) * size)])) }
  }
}

extension NDArray.Values {
  /// Number of elements, whatever their type.
  public var count: Int {
    switch self {
    case .float64(let v): return v.count
    case .int64(let v): return v.count
    case .bool(let v): return v.count
    case .string(let v): return v.count
    }
  }

  /// The numpy type string Neurometry writes for these values.
  public var defaultType: String {
    switch self {
    case .float64: return "<f8"
    case .int64: return "<i8"
    case .bool: return "|b1"
    case .string(let v): return "<U\(Swift.max(1, v.map { $0.unicodeScalars.count }.max() ?? 1))"
    }
  }
}
