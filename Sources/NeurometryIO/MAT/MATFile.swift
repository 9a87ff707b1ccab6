import Foundation
import NeurometryLinearAlgebra

/// A MATLAB v7.3 MAT-file: an HDF5 file after a 512-byte user block whose text header reads
/// `MATLAB 7.3 MAT-file, …`. Each top-level dataset is a variable with a `MATLAB_class`
/// attribute.
///
/// MATLAB stores arrays column-major, so an m×n MATLAB matrix is an HDF5 dataset of shape
/// (n, m). Neurometry reverses the axes back: `array(named:)` returns MATLAB's shape (m×n, or
/// d1×d2×…×dk) in row-major (C) order with `sourceWasFortranOrder` set — `A(i, j)` in MATLAB is
/// row i, column j here. Read as:
/// - numeric classes (`double`, `single`, `int8`…`uint64`) → numbers; `logical` → Bool;
/// - `char` (UTF-16 code units) → one string per row of the char matrix (a 1×n char is one
///   string); rows of a multi-row char matrix lose MATLAB's padding spaces on the right;
/// - `cell` whose elements are char arrays (a cellstr) → strings, in MATLAB's row-major order;
/// - empty arrays (`MATLAB_empty`) → an array of the stored MATLAB shape with no elements.
/// - sparse matrices → dense arrays;
/// - structs, struct arrays and cells are navigated MATLAB style (`s/field`, `s(3)/field`,
///   `c{2}`; see `MATFile+Navigation`).
/// Complex values, function handles and objects are refused by name. MAT v5/v7 files (not HDF5) are refused with how to
/// convert them.
public final class MATFile: @unchecked Sendable {
  /// The MAT-file's path, as given to `init(path:)`; errors name it.
  public let path: String
  /// The underlying HDF5 file, for access beyond MATLAB variables (attributes, raw datasets, `#refs#`).
  public let hdf5: HDF5File
  /// The 116-byte text header (`MATLAB 7.3 MAT-file, Platform: …`), trimmed; nil when the
  /// HDF5 file has no MATLAB header.
  public let header: String?

  /// Opens a MAT-file; throws `unsupported` for MAT v4/v5/v7 files, `malformedFile` for
  /// files that are neither.
  public init(path: String) throws {
    self.path = path
    let head = try MATFile.head(path)
    if let v5 = MATFile.v5Description(head) {
      throw NeurometryError.unsupported(
        path: path, field: nil,
        message:
          "is a MATLAB \(v5) MAT-file (not HDF5); Neurometry reads v7.3 MAT-files. Convert it in MATLAB with `save('out.mat', '-v7.3')` (or `save -v7.3 out.mat`), or in Python with `x = scipy.io.loadmat(path)['name']; numpy.save('x.npy', x)`"
      )
    }
    let text = String(decoding: head.prefix(116), as: UTF8.self)
    header =
      text.hasPrefix("MATLAB")
      ? text.trimmingCharacters(in: CharacterSet(charactersIn: " \0").union(.whitespacesAndNewlines)) : nil
    hdf5 = try HDF5File(path: path)
  }

  static func head(_ path: String) throws -> [UInt8] {
    InputFiles.record(path)
    guard let handle = FileHandle(forReadingAtPath: path) else {
      if !FileManager.default.fileExists(atPath: path) { throw NeurometryError.fileNotFound(path: path) }
      throw NeurometryError.unreadableFile(path: path, reason: "cannot open it")
    }
    defer { try? handle.close() }
    return [UInt8]((try? handle.read(upToCount: 128)) ?? Data())
  }

  /// "v5"/"v7"/"v4"-style description when the first 128 bytes are a MAT v5 (or v7, the same
  /// format compressed) header, nil otherwise.
  static func v5Description(_ head: [UInt8]) -> String? {
    guard head.count >= 128, head.starts(with: Array("MATLAB".utf8)) else { return nil }
    // Bytes 124–125: version (0x0100 for v5/v7, 0x0200 for v7.3), 126–127: 'IM' or 'MI'.
    let little = head[126] == UInt8(ascii: "I") && head[127] == UInt8(ascii: "M")
    let version = little ? Int(head[124]) | Int(head[125]) << 8 : Int(head[125]) | Int(head[124]) << 8
    if version == 0x0200 { return nil }
    let text = String(decoding: head.prefix(20), as: UTF8.self)
    return text.contains("7.0") ? "v7" : "v5"
  }

  /// True when `head` (the first bytes of a file) starts with a MAT v5/v7 header.
  public static func isVersion5(_ head: [UInt8]) -> Bool { v5Description(head) != nil }

  /// The variables: top-level objects other than MATLAB's `#refs#` and `#subsystem#`.
  public func variableNames() throws -> [String] {
    try hdf5.children(of: "/").filter { !$0.hasPrefix("#") }
  }

  /// The `MATLAB_class` of a variable (`double`, `char`, `cell`, `struct`, …).
  public func matlabClass(_ name: String) throws -> String? {
    try hdf5.stringAttribute("MATLAB_class", of: HDF5File.normalise(name))
  }

  /// A variable, or a part of one named MATLAB style (`s/field`, `s(3)/field`, `c{2}`: see
  /// `MATFile+Navigation`), as an array in MATLAB's shape, row-major. Sparse matrices are read
  /// dense; a field of a struct array whose elements are scalars or strings is read whole, as
  /// MATLAB's `[s.field]`; structs themselves, and cells of anything but strings, are refused with
  /// the names of what can be read.
  public func array(named name: String) throws -> NDArray {
    let located = try locate(name)
    let p = located.object
    let label = located.name
    let matlabClass = try self.matlabClass(p) ?? ""
    if hdf5.kind(of: p) == .group {
      if let rows = try sparseRows(p) {
        return try readSparse(p, rows: rows, matlabClass: matlabClass, name: label)
      }
      let what: String
      if try isStructArray(p) {
        what =
          "a \(try matlabShape(p).map(String.init).joined(separator: "×")) struct array; read a field of all its elements (\(label)/field, when they hold scalars or strings) or of one (\(label)(1)/field)"
      } else if matlabClass == "struct" || matlabClass.isEmpty {
        what = "a struct; read one of its fields"
      } else {
        what = "a MATLAB '\(matlabClass)' object, which Neurometry cannot read; read one of its fields"
      }
      let fields = ((try? hdf5.children(of: p)) ?? []).map { "\(label)/\($0)" }
      throw NeurometryError.unsupported(
        path: path, field: label,
        message: "is \(what) (\(fields.prefix(8).joined(separator: ", "))\(fields.count > 8 ? ", …" : ""))")
    }
    let dataset = try hdf5.dataset(p)
    if matlabClass.isEmpty, dataset.type.kind == .objectReference {
      let parent = (p as NSString).deletingLastPathComponent
      if try isStructArray(parent) {
        return try readStructArrayField(p, grid: matlabShape(parent), name: label)
      }
    }
    return try read(dataset: dataset, matlabClass: matlabClass, name: label)
  }

  func read(dataset: HDF5Dataset, matlabClass: String, name: String) throws -> NDArray {
    let context = "\(path): \(name)"
    if let empty = try dataset.attribute("MATLAB_empty"), (try? empty.integers(context: context).first) == 1 {
      // The data holds the MATLAB dimensions, in MATLAB's order (zeros included).
      let shape = dataset.count > 0 ? try dataset.readIntegers().map { Int($0) } : [0, 0]
      // An empty array's dimensions hold a zero (found by fuzzing: [792321, 4096] trapped).
      guard shape.allSatisfy({ $0 >= 0 }), shape.contains(0) else {
        throw NeurometryError.malformedFile(
          path: path, field: name,
          message:
            "is marked MATLAB_empty but its dimensions \(NDArray.describe(shape: shape)) are not those of an empty array (one of them 0)"
        )
      }
      let values: NDArray.Values = matlabClass == "char" || matlabClass == "cell" ? .string([]) : .float64([])
      return NDArray(shape: shape, values: values, sourceType: matlabClass, sourceWasFortranOrder: true)
    }
    switch matlabClass {
    case "char":
      let codes = try MATFile.reverseAxes(dataset.read())
      return try MATFile.charRows(codes, context: context)
    case "cell":
      let refs = try dataset.readReferences()
      let shape = Array(dataset.shape.reversed())
      var strings = [String](repeating: "", count: refs.count)
      // refs are in HDF5 (= MATLAB column-major) order; place each in row-major order.
      let order = MATFile.columnMajorToRowMajor(shape: shape)
      for (k, ref) in refs.enumerated() {
        guard let ref else {
          throw NeurometryError.malformedFile(path: path, field: name, message: "cell \(k) is a null reference")
        }
        let elementClass = try self.matlabClass(ref) ?? ""
        guard elementClass == "char", hdf5.kind(of: ref) == .dataset else {
          throw NeurometryError.unsupported(
            path: path, field: name,
            message:
              "is a cell array holding '\(elementClass.isEmpty ? "struct" : elementClass)' elements (element \(k + 1)); it is read whole only when it holds strings (a cellstr): read one element with --dataset '\(name){\(k + 1)}', or save numbers as a numeric array (cell2mat)"
          )
        }
        let element = try hdf5.dataset(ref)
        let text = try read(dataset: element, matlabClass: "char", name: "\(name){\(k + 1)}")
        strings[order[k]] = text.strings.joined(separator: "\n")
      }
      return NDArray(shape: shape, values: .string(strings), sourceType: "cell", sourceWasFortranOrder: true)
    case "logical":
      let a = try MATFile.reverseAxes(dataset.read())
      return NDArray(
        shape: a.shape, values: .bool(try a.integers(context: context).map { $0 != 0 }), sourceType: "logical",
        sourceWasFortranOrder: true)
    case "double", "single", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "":
      if dataset.type.kind == .compound {
        throw NeurometryError.unsupported(
          path: path, field: name,
          message: "is complex; save its real and imaginary parts (real(x), imag(x)) or abs(x) as separate variables")
      }
      let a = try MATFile.reverseAxes(dataset.read())
      return NDArray(shape: a.shape, values: a.values, sourceType: a.sourceType, sourceWasFortranOrder: true)
    default:
      throw NeurometryError.unsupported(
        path: path, field: name,
        message: "has MATLAB class '\(matlabClass)'; Neurometry reads numeric, logical, char and cellstr variables")
    }
  }

  /// The HDF5 array with its axes reversed (MATLAB's shape, values in row-major order).
  static func reverseAxes(_ a: NDArray) -> NDArray {
    let shape = Array(a.shape.reversed())
    guard shape.count > 1 else { return NDArray(shape: shape, values: a.values, sourceType: a.sourceType) }
    let order = columnMajorToRowMajor(shape: shape)
    func permute<T>(_ v: [T]) -> [T] {
      var out = v
      for (k, x) in v.enumerated() { out[order[k]] = x }
      return out
    }
    let values: NDArray.Values
    switch a.values {
    case .float64(let v): values = .float64(permute(v))
    case .int64(let v): values = .int64(permute(v))
    case .bool(let v): values = .bool(permute(v))
    case .string(let v): values = .string(permute(v))
    }
    return NDArray(shape: shape, values: values, sourceType: a.sourceType)
  }

  /// For each position k of a column-major enumeration of `shape`, its row-major index.
  static func columnMajorToRowMajor(shape: [Int]) -> [Int] {
    let n = shape.reduce(1, *)
    var rowStrides = [Int](repeating: 1, count: shape.count)
    for axis in stride(from: shape.count - 2, through: 0, by: -1) {
      rowStrides[axis] = rowStrides[axis + 1] * shape[axis + 1]
    }
    var out = [Int](repeating: 0, count: n)
    var index = [Int](repeating: 0, count: shape.count)
    for k in 0..<n {
      var r = 0
      for axis in shape.indices { r += index[axis] * rowStrides[axis] }
      out[k] = r
      // Advance the first axis fastest (column-major).
      var axis = 0
      while axis < shape.count {
        index[axis] += 1
        if index[axis] < shape[axis] { break }
        index[axis] = 0
        axis += 1
      }
    }
    return out
  }

  /// A char array (UTF-16 code units, MATLAB shape m×n, row-major) as m strings.
  static func charRows(_ codes: NDArray, context: String) throws -> NDArray {
    let units = try codes.integers(context: context)
    let shape = codes.shape
    guard shape.count <= 2 else {
      throw NeurometryError.unsupported(
        path: context, field: nil,
        message: "is an N-d char array (shape \(codes.shapeDescription)); expected 1×n or m×n")
    }
    let rows = shape.count == 2 ? shape[0] : 1
    let columns = shape.count == 2 ? shape[1] : units.count
    var strings: [String] = []
    for r in 0..<rows {
      let row = units[(r * columns)..<((r + 1) * columns)].map { UInt16(truncatingIfNeeded: $0) }
      var s = String(decoding: row, as: UTF16.self)
      if rows > 1 { while s.hasSuffix(" ") { s.removeLast() } }
      strings.append(s)
    }
    return NDArray(shape: [rows], values: .string(strings), sourceType: "char", sourceWasFortranOrder: true)
  }
}
