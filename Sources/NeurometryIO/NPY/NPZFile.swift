import Foundation
import NeurometryLinearAlgebra

/// NumPy's `.npz` format: a ZIP archive of `.npy` members (`numpy.savez` stores them,
/// `numpy.savez_compressed` deflates them). Member names are reported without the `.npy` suffix,
/// as numpy's `NpzFile.files` does.
public struct NPZFile: Sendable {
  /// The archive's path, as given to `init(path:)`; member errors name `path:member.npy`.
  public let path: String
  private let archive: ZipArchive

  /// Opens the archive and reads its directory (members are decoded on demand); `mapped` maps the
  /// file instead of reading it whole (for `header(named:)` on large archives).
  public init(path: String, mapped: Bool) throws {
    self.path = path
    self.archive = try ZipArchive(path: path, mapped: mapped)
  }

  /// Opens the archive, reading the file whole, and reads its directory.
  public init(path: String) throws { try self.init(path: path, mapped: false) }

  /// Array names in archive order (`arr_0`, `arr_1`, … for positional `savez` arguments).
  public var names: [String] {
    archive.members.map { $0.name.hasSuffix(".npy") ? String($0.name.dropLast(4)) : $0.name }
  }

  /// The array called `name` (with or without `.npy`). Throws naming the available arrays when absent.
  public func array(named name: String) throws -> NDArray {
    guard let member = archive.members.first(where: { $0.name == name || $0.name == name + ".npy" }) else {
      throw NeurometryError.malformedFile(
        path: path, field: name,
        message: "no such array; the archive holds \(names.map { "'\($0)'" }.joined(separator: ", "))")
    }
    let bytes = try archive.extract(member)
    return try NPYFile.decode(bytes, path: "\(path):\(member.name)")
  }

  /// The header (shape, type, order) of the array called `name`, without decoding its data
  /// (only the member's first bytes are inflated).
  public func header(named name: String) throws -> NPYFile.NPYHeader {
    guard let member = archive.members.first(where: { $0.name == name || $0.name == name + ".npy" }) else {
      throw NeurometryError.malformedFile(
        path: path, field: name,
        message: "no such array; the archive holds \(names.map { "'\($0)'" }.joined(separator: ", "))")
    }
    let context = "\(path):\(member.name)"
    // Magic (6), version (2), header length (2 or 4), then the header itself.
    let lead = try archive.extractPrefix(member, count: 12)
    guard lead.count >= 10 else {
      throw NeurometryError.malformedFile(path: context, field: nil, message: "too short for an .npy header")
    }
    let b = [UInt8](lead)
    let length =
      b[6] == 1 ? Int(b[8]) | Int(b[9]) << 8 : Int(b[8]) | Int(b[9]) << 8 | Int(b[10]) << 16 | Int(b[11]) << 24
    let prefix = try archive.extractPrefix(member, count: (b[6] == 1 ? 10 : 12) + Swift.min(length, 1 << 24))
    return try prefix.withUnsafeBytes { try NPYFile.parseHeader($0, path: context) }
  }

  /// Every array, in archive order.
  public func arrays() throws -> [(name: String, array: NDArray)] {
    try names.map { ($0, try array(named: $0)) }
  }

  /// The compression of each member ("stored" or "deflate").
  public var compression: [String] {
    archive.members.map { $0.method == 8 ? "deflate" : $0.method == 0 ? "stored" : "method \($0.method)" }
  }

  /// Writes arrays as an uncompressed `.npz` (like `numpy.savez`), atomically.
  public static func write(_ arrays: [(name: String, array: NDArray)], to path: String, overwrite: Bool = false) throws
  {
    var out = Data()
    var central = Data()
    func le<T: FixedWidthInteger>(_ v: T, _ d: inout Data) {
      withUnsafeBytes(of: v.littleEndian) { d.append(contentsOf: $0) }
    }
    for (name, array) in arrays {
      let body = NPYFile.encode(array)
      let fileName = Array((name + ".npy").utf8)
      let crc = body.withUnsafeBytes { Zlib.crc32($0) }
      let offset = out.count
      guard offset < 0xFFFF_FFFF, body.count < 0xFFFF_FFFF else {
        throw NeurometryError.unsupported(
          path: path, field: name, message: "archives over 4 GB are not written; write separate .npy files")
      }
      le(UInt32(0x0403_4B50), &out); le(UInt16(20), &out); le(UInt16(0), &out); le(UInt16(0), &out)
      le(UInt16(0), &out); le(UInt16(0x21), &out)  // time 0, date 1980-01-01
      le(crc, &out); le(UInt32(body.count), &out); le(UInt32(body.count), &out)
      le(UInt16(fileName.count), &out); le(UInt16(0), &out)
      out.append(contentsOf: fileName)
      out.append(body)
      le(UInt32(0x0201_4B50), &central); le(UInt16(20), &central); le(UInt16(20), &central); le(UInt16(0), &central)
      le(UInt16(0), &central); le(UInt16(0), &central); le(UInt16(0x21), &central)
      le(crc, &central); le(UInt32(body.count), &central); le(UInt32(body.count), &central)
      le(UInt16(fileName.count), &central); le(UInt16(0), &central); le(UInt16(0), &central)
      le(UInt16(0), &central); le(UInt16(0), &central); le(UInt32(0), &central); le(UInt32(offset), &central)
      central.append(contentsOf: fileName)
    }
    let directoryOffset = out.count
    out.append(central)
    le(UInt32(0x0605_4B50), &out); le(UInt16(0), &out); le(UInt16(0), &out)
    le(UInt16(arrays.count), &out); le(UInt16(arrays.count), &out)
    le(UInt32(central.count), &out); le(UInt32(directoryOffset), &out); le(UInt16(0), &out)
    try FileAccess.write(out, to: path, overwrite: overwrite)
  }
}
