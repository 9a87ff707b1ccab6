import Foundation
import NeurometryLinearAlgebra

/// NumPy's `.npy` format (versions 1.0, 2.0, 3.0), read and written without Python.
///
/// Layout: the magic `\x93NUMPY`, a major and minor version byte, the header length (uint16
/// little-endian in 1.0, uint32 in 2.0/3.0), then a Python dict literal
/// `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }` (latin-1, UTF-8 in 3.0) padded
/// with spaces and a newline, then the raw data. Reading supports floats (f2/f4/f8), integers
/// (i1–i8, u1–u8), bools, unicode (`U`) and byte (`S`) strings in either byte order and in C or
/// Fortran order, 0-d to n-d; values come back in C order. Object (pickled) arrays are refused.
/// Writing produces version 1.0 (2.0 when the header needs it), little-endian, C order, as
/// `numpy.save` does.
public enum NPYFile {
  static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

  /// Reads an `.npy` file.
  public static func read(_ path: String) throws -> NDArray {
    let data = try FileAccess.read(path)
    return try decode(data, path: path)
  }

  /// Reads only the header: shape, type and order, without decoding the data (for `inspect`).
  public static func readHeader(_ path: String) throws -> NPYHeader {
    // Only the header is read: magic, version, length, then the header itself (version 1: under
    // 64 KiB; versions 2–3: as long as the length says).
    let lead = [UInt8](try FileAccess.readPrefix(path, count: 12))
    var count = 1 << 16
    if lead.count >= 12, lead[6] >= 2 {
      count = 12 + (Int(lead[8]) | Int(lead[9]) << 8 | Int(lead[10]) << 16 | Int(lead[11]) << 24)
    }
    let data = try FileAccess.readPrefix(path, count: Swift.min(count, 1 << 26))
    return try data.withUnsafeBytes { try parseHeader($0, path: path) }
  }

  /// True when `bytes` starts with the NPY magic.
  public static func hasMagic(_ bytes: some Collection<UInt8>) -> Bool {
    bytes.count >= 6 && Array(bytes.prefix(6)) == magic
  }

  /// Decodes the bytes of an `.npy` file; `path` names it in errors (for an NPZ member:
  /// `archive.npz:member.npy`).
  public static func decode(_ data: Data, path: String) throws -> NDArray {
    try data.withUnsafeBytes { raw in
      let header = try parseHeader(raw, path: path)
      let body = UnsafeRawBufferPointer(rebasing: raw[header.dataOffset...])
      let expected = header.count * header.type.itemSize
      if body.count < expected {
        throw NeurometryError.malformedFile(
          path: path, field: nil,
          message:
            "header says shape \(NDArray.describe(shape: header.shape)) \(header.type.name) (\(expected.grouped) bytes of data) but the file holds \(body.count.grouped) bytes after the header — truncated?"
        )
      }
      if body.count > expected {
        throw NeurometryError.malformedFile(
          path: path, field: nil,
          message:
            "header says shape \(NDArray.describe(shape: header.shape)) \(header.type.name) (\(expected.grouped) bytes of data) but the file holds \(body.count.grouped) bytes after the header: \((body.count - expected).grouped) bytes too many (several arrays saved into one file?)"
        )
      }
      let values = try decodeValues(
        UnsafeRawBufferPointer(rebasing: body[0..<expected]), type: header.type, count: header.count, path: path)
      let ordered = header.fortranOrder && header.shape.count > 1 ? values.fortranToC(shape: header.shape) : values
      return NDArray(
        shape: header.shape, values: ordered, sourceType: header.type.descr, sourceWasFortranOrder: header.fortranOrder)
    }
  }

  /// The parsed header of an NPY file.
  public struct NPYHeader: Sendable {
    /// The format version from the magic's two bytes, "major.minor": "1.0", "2.0" or "3.0".
    public let version: String
    /// The array's dimensions from the header's `shape` tuple; `[]` for a 0-d (scalar) array.
    public let shape: [Int]
    /// The header's `fortran_order`: true when the data are stored column-major (Fortran order).
    public let fortranOrder: Bool
    /// numpy's type string from the header's `descr`: byte order, kind and item size, e.g. `<f8`, `>i2`, `|b1`, `<U9`.
    public let descr: String
    let type: NPYDataType
    let dataOffset: Int
    /// Number of elements: the product of `shape` (1 for a 0-d array).
    public var count: Int { shape.reduce(1, *) }
    /// numpy's name for the type: "float64", "int16", "bool", …
    public var typeName: String { type.name }
  }

  static func parseHeader(_ raw: UnsafeRawBufferPointer, path: String) throws -> NPYHeader {
    let bytes = raw.bindMemory(to: UInt8.self)
    guard bytes.count >= 6, Array(bytes[0..<6]) == magic else {
      let what = bytes.isEmpty ? "the file is empty" : "it does not start with the NPY magic \\x93NUMPY"
      throw NeurometryError.malformedFile(path: path, field: nil, message: "not a NumPy .npy file: \(what)")
    }
    guard bytes.count >= 10 else {
      throw NeurometryError.malformedFile(
        path: path, field: "NPY header", message: "the file ends inside the header (\(bytes.count) bytes) — truncated?")
    }
    let major = bytes[6]
    let minor = bytes[7]
    let lengthBytes: Int
    switch major {
    case 1: lengthBytes = 2
    case 2, 3: lengthBytes = 4
    default:
      throw NeurometryError.unsupported(
        path: path, field: "NPY version", message: "version \(major).\(minor) is not supported (1.0, 2.0 and 3.0 are)")
    }
    guard bytes.count >= 8 + lengthBytes else {
      throw NeurometryError.malformedFile(
        path: path, field: "NPY header", message: "the file ends inside the header — truncated?")
    }
    var headerLength = 0
    for k in 0..<lengthBytes { headerLength |= Int(bytes[8 + k]) << (8 * k) }
    let start = 8 + lengthBytes
    guard bytes.count >= start + headerLength else {
      throw NeurometryError.malformedFile(
        path: path, field: "NPY header",
        message:
          "the header should be \(headerLength.grouped) bytes but the file ends after \((bytes.count - start).grouped) — truncated?"
      )
    }
    let headerBytes = Array(bytes[start..<(start + headerLength)])
    let text: String
    if major == 3 {
      guard let t = String(validating: headerBytes, as: UTF8.self) else {
        throw NeurometryError.malformedFile(path: path, field: "NPY header", message: "is not valid UTF-8")
      }
      text = t
    } else {
      text = String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))  // latin-1
    }
    let literal: PythonLiteral
    do {
      literal = try PythonLiteral.parse(text)
    } catch let e as PythonLiteralParseError {
      throw NeurometryError.malformedFile(
        path: path, field: "NPY header",
        message: "cannot parse \(text.trimmingCharacters(in: .whitespacesAndNewlines).debugDescription): \(e.message)")
    }
    guard case .dict(let keyList, let valueList) = literal else {
      throw NeurometryError.malformedFile(
        path: path, field: "NPY header",
        message: "expected a dict, found \(text.trimmingCharacters(in: .whitespacesAndNewlines).debugDescription)")
    }
    guard Set(keyList) == ["descr", "fortran_order", "shape"], keyList.count == 3 else {
      throw NeurometryError.malformedFile(
        path: path, field: "NPY header",
        message:
          "expected exactly the keys 'descr', 'fortran_order', 'shape', found \(keyList.map { "'\($0)'" }.joined(separator: ", "))"
      )
    }
    let dict = Dictionary(zip(keyList, valueList), uniquingKeysWith: { a, _ in a })
    let type: NPYDataType
    switch dict["descr"] {
    case .string(let d)?: type = try NPYDataType(descr: d, path: path)
    case .list?:
      throw NeurometryError.unsupported(
        path: path, field: "dtype",
        message: "structured (record) arrays are not supported; save each field as its own array")
    default:
      throw NeurometryError.malformedFile(
        path: path, field: "NPY header 'descr'", message: "expected a type string such as '<f8'")
    }
    guard case .bool(let fortran)? = dict["fortran_order"] else {
      throw NeurometryError.malformedFile(
        path: path, field: "NPY header 'fortran_order'", message: "expected True or False")
    }
    guard case .tuple(let dims)? = dict["shape"] else {
      throw NeurometryError.malformedFile(
        path: path, field: "NPY header 'shape'", message: "expected a tuple of integers")
    }
    var shape: [Int] = []
    for d in dims {
      guard case .integer(let n) = d, n >= 0 else {
        throw NeurometryError.malformedFile(
          path: path, field: "NPY header 'shape'",
          message: "expected non-negative integers, found \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
      }
      shape.append(n)
    }
    var total = 1
    for n in shape {
      let (p, overflow) = total.multipliedReportingOverflow(by: n)
      let (bytesTotal, overflow2) = p.multipliedReportingOverflow(by: Swift.max(type.itemSize, 1))
      guard !overflow, !overflow2, bytesTotal < 1 << 48 else {
        throw NeurometryError.malformedFile(
          path: path, field: "NPY header 'shape'",
          message: "shape \(NDArray.describe(shape: shape)) is impossibly large")
      }
      total = p
    }
    return NPYHeader(
      version: "\(major).\(minor)", shape: shape, fortranOrder: fortran, descr: type.descr, type: type,
      dataOffset: start + headerLength)
  }

  static func decodeValues(_ body: UnsafeRawBufferPointer, type: NPYDataType, count: Int, path: String) throws
    -> NDArray.Values
  {
    let swap = type.bigEndian
    func load<T: FixedWidthInteger>(_: T.Type) -> [T] {
      (0..<count).map { i in
        let v = body.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self)
        return swap ? T(bigEndian: v) : T(littleEndian: v)
      }
    }
    switch type.kind {
    case .float:
      switch type.itemSize {
      case 8:
        if !swap {
          var out = [Double](repeating: 0, count: count)
          out.withUnsafeMutableBytes { $0.copyMemory(from: body) }
          return .float64(out)
        }
        return .float64(load(UInt64.self).map { Double(bitPattern: $0) })
      case 4:
        return .float64(load(UInt32.self).map { Double(Float(bitPattern: $0)) })
      default:
        return .float64(load(UInt16.self).map(halfToDouble))
      }
    case .signed:
      switch type.itemSize {
      case 1: return .int64(load(Int8.self).map(Int64.init))
      case 2: return .int64(load(Int16.self).map(Int64.init))
      case 4: return .int64(load(Int32.self).map(Int64.init))
      default: return .int64(load(Int64.self))
      }
    case .unsigned:
      switch type.itemSize {
      case 1: return .int64(load(UInt8.self).map(Int64.init))
      case 2: return .int64(load(UInt16.self).map(Int64.init))
      case 4: return .int64(load(UInt32.self).map(Int64.init))
      default:
        let raw = load(UInt64.self)
        if let i = raw.firstIndex(where: { $0 > UInt64(Int64.max) }) {
          throw NeurometryError.unsupported(
            path: path, field: "dtype '\(type.descr)'",
            message: "element \(i) is \(raw[i]), larger than the largest int64 Neurometry can hold")
        }
        return .int64(raw.map { Int64($0) })
      }
    case .bool:
      return .bool((0..<count).map { body[$0] != 0 })
    case .unicode:
      let chars = type.itemSize / 4
      var out: [String] = []
      out.reserveCapacity(count)
      for i in 0..<count {
        var scalars = String.UnicodeScalarView()
        var pending = 0  // trailing NULs are padding; NULs inside are kept
        for c in 0..<chars {
          let raw = body.loadUnaligned(fromByteOffset: (i * chars + c) * 4, as: UInt32.self)
          let code = swap ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)
          if code == 0 {
            pending += 1
            continue
          }
          guard let s = Unicode.Scalar(code) else {
            throw NeurometryError.malformedFile(
              path: path, field: "element \(i)", message: "holds the invalid code point \(code)")
          }
          for _ in 0..<pending { scalars.append("\0") }
          pending = 0
          scalars.append(s)
        }
        out.append(String(scalars))
      }
      return .string(out)
    case .bytes:
      let n = type.itemSize
      return .string(
        (0..<count).map { i in
          var b = Array(body[(i * n)..<((i + 1) * n)])
          while b.last == 0 { b.removeLast() }
          return String(validating: b, as: UTF8.self) ?? String(String.UnicodeScalarView(b.map { Unicode.Scalar($0) }))
        })
    }
  }

  /// IEEE 754 binary16 → Double (exact).
  static func halfToDouble(_ h: UInt16) -> Double {
    let sign: Double = (h & 0x8000) != 0 ? -1 : 1
    let exponent = Int((h >> 10) & 0x1F)
    let fraction = Double(h & 0x3FF)
    switch exponent {
    case 0: return sign * fraction * 0x1p-24
    case 31: return fraction == 0 ? sign * .infinity : .nan
    default: return sign * (1 + fraction / 1024) * Double(sign: .plus, exponent: exponent - 15, significand: 1)
    }
  }

  // MARK: Writing

  /// The bytes of an `.npy` file holding `array` (little-endian, C order). Floats are written as
  /// `<f8`, integers as `<i8`, bools as `|b1`, strings as `<U` n (n = longest string, at least 1).
  public static func encode(_ array: NDArray) -> Data {
    let descr = array.values.defaultType
    let shapeText =
      array.shape.count == 1 ? "(\(array.shape[0]),)" : "(" + array.shape.map(String.init).joined(separator: ", ") + ")"
    var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
    // numpy's padding rule: header + spaces + "\n" so that the data starts at a multiple of 64
    // (when already aligned numpy still adds 64 spaces; we do the same, byte for byte).
    var prefixLength = 10
    if header.utf8.count + 1 + 64 > 65535 { prefixLength = 12 }
    let padding = 64 - (prefixLength + header.utf8.count + 1) % 64
    header += String(repeating: " ", count: padding) + "\n"
    var data = Data(magic)
    let headerBytes = Array(header.utf8)
    if prefixLength == 10 {
      data.append(contentsOf: [1, 0, UInt8(headerBytes.count & 0xFF), UInt8(headerBytes.count >> 8)])
    } else {
      data.append(contentsOf: [2, 0])
      withUnsafeBytes(of: UInt32(headerBytes.count).littleEndian) { data.append(contentsOf: $0) }
    }
    data.append(contentsOf: headerBytes)
    switch array.values {
    case .float64(let v):
      v.withUnsafeBytes { data.append(contentsOf: $0) }  // little-endian platforms
    case .int64(let v):
      v.withUnsafeBytes { data.append(contentsOf: $0) }
    case .bool(let v):
      data.append(contentsOf: v.map { $0 ? 1 : 0 })
    case .string(let v):
      let chars = Swift.max(1, v.map { $0.unicodeScalars.count }.max() ?? 1)
      var buffer = [UInt32](repeating: 0, count: chars * v.count)
      for (i, s) in v.enumerated() {
        for (c, scalar) in s.unicodeScalars.enumerated() { buffer[i * chars + c] = scalar.value.littleEndian }
      }
      buffer.withUnsafeBytes { data.append(contentsOf: $0) }
    }
    return data
  }

  /// Writes `array` to `path` atomically; refuses to replace an existing file unless `overwrite`.
  public static func write(_ array: NDArray, to path: String, overwrite: Bool = false) throws {
    try FileAccess.write(encode(array), to: path, overwrite: overwrite)
  }

  /// Writes a matrix as a 2-D float64 `.npy`.
  public static func write(_ matrix: Matrix, to path: String, overwrite: Bool = false) throws {
    try write(NDArray(matrix), to: path, overwrite: overwrite)
  }
}

extension NDArray.Values {
  /// Reorders values stored in Fortran order (first index fastest) into C order (last index
  /// fastest) for the given shape.
  func fortranToC(shape: [Int]) -> NDArray.Values {
    switch self {
    case .float64(let v): return .float64(Self.reorder(v, shape: shape))
    case .int64(let v): return .int64(Self.reorder(v, shape: shape))
    case .bool(let v): return .bool(Self.reorder(v, shape: shape))
    case .string(let v): return .string(Self.reorder(v, shape: shape))
    }
  }

  static func reorder<T>(_ v: [T], shape: [Int]) -> [T] {
    let n = v.count
    guard n > 1, shape.count > 1 else { return v }
    // Fortran strides: stride[0] = 1, stride[d] = stride[d-1]·shape[d-1].
    var strides = [Int](repeating: 1, count: shape.count)
    for d in 1..<shape.count { strides[d] = strides[d - 1] * shape[d - 1] }
    var out = [T]()
    out.reserveCapacity(n)
    var index = [Int](repeating: 0, count: shape.count)
    var offset = 0
    for _ in 0..<n {
      out.append(v[offset])
      // advance the C-order odometer (last axis fastest), updating the Fortran offset
      var d = shape.count - 1
      while d >= 0 {
        index[d] += 1
        offset += strides[d]
        if index[d] < shape[d] { break }
        offset -= strides[d] * shape[d]
        index[d] = 0
        d -= 1
      }
    }
    return out
  }
}
