import Foundation
import NeurometryLinearAlgebra

/// A read-only ZIP archive held in memory: the central directory is parsed once, members are
/// extracted on demand (stored or deflated, CRC-32 checked).
///
/// Supports ZIP64 (the end-of-central-directory locator and record, and the ZIP64 extra field in
/// both central and local headers — numpy's `savez` writes every member with ZIP64 local headers)
/// and members with data descriptors (sizes are taken from the central directory). Encrypted
/// members and compression methods other than stored (0) and deflate (8) are refused by name.
public struct ZipArchive: Sendable {
  /// One entry of the central directory: a member's name, compression and sizes (ZIP64 sizes resolved).
  public struct Member: Sendable {
    /// The member's file name inside the archive (UTF-8, or read as latin-1 when not valid UTF-8), e.g. `arr_0.npy`.
    public let name: String
    /// The ZIP compression method code: 0 = stored, 8 = deflate (the only two `extract` accepts).
    public let method: UInt16
    /// Size of the member's data as stored in the archive, in bytes.
    public let compressedSize: Int
    /// Size of the member once extracted, in bytes.
    public let uncompressedSize: Int
    /// The CRC-32 of the uncompressed bytes recorded in the directory; `extract` checks it.
    public let crc32: UInt32
    let localHeaderOffset: Int
    let flags: UInt16
  }

  /// The archive's path (or the name given with `init(data:path:)`), used in error messages.
  public let path: String
  /// The members in central-directory order.
  public let members: [Member]
  private let data: Data

  /// Parses the archive in `data`; `path` names it in errors.
  public init(data: Data, path: String) throws {
    self.path = path
    self.data = data
    self.members = try data.withUnsafeBytes { try ZipArchive.readDirectory($0, path: path) }
  }

  /// Opens and parses the file at `path`; `mapped`: the file is mapped rather than read, so that
  /// reading its directory and a member's first bytes (`extractPrefix`) touches only those pages.
  public init(path: String, mapped: Bool) throws {
    try self.init(data: try mapped ? FileAccess.readMapped(path) : FileAccess.read(path), path: path)
  }

  /// Opens the file at `path`, read whole, and parses it.
  public init(path: String) throws { try self.init(path: path, mapped: false) }

  /// True when `bytes` starts like a ZIP file (a local header or an empty archive).
  public static func hasMagic(_ bytes: some Collection<UInt8>) -> Bool {
    let p = Array(bytes.prefix(4))
    return p == [0x50, 0x4B, 0x03, 0x04] || p == [0x50, 0x4B, 0x05, 0x06]
  }

  /// The uncompressed bytes of a member, CRC-checked.
  /// The first `count` bytes of `member` (fewer when it is shorter), inflating no more than
  /// needed and not checking the CRC (which covers the whole member): headers of members.
  public func extractPrefix(_ member: Member, count: Int) throws -> Data {
    try data.withUnsafeBytes { raw -> Data in
      let r = ByteReader(raw, path: path)
      let o = member.localHeaderOffset
      guard try r.u32(o, "local header of \(member.name)") == 0x0403_4B50 else {
        throw NeurometryError.malformedFile(
          path: path, field: member.name, message: "no local file header at offset \(o.grouped)")
      }
      let start = o + 30 + Int(try r.u16(o + 26, "local header")) + Int(try r.u16(o + 28, "local header"))
      let end = Swift.min(start + member.compressedSize, raw.count)
      guard start <= end else {
        throw NeurometryError.malformedFile(
          path: path, field: member.name, message: "member data starts past the end of the file — truncated?")
      }
      let body = UnsafeRawBufferPointer(rebasing: raw[start..<end])
      switch member.method {
      case 0: return Data(body.prefix(count))
      case 8: return try Zlib.inflatePrefix(body, raw: true, count: count, context: "\(path):\(member.name)")
      default:
        throw NeurometryError.unsupported(
          path: path, field: member.name,
          message: "compression method \(member.method) is not supported (stored and deflate are)")
      }
    }
  }

  /// The bytes of `member`, inflated and checked against its CRC-32.
  public func extract(_ member: Member) throws -> Data {
    let context = "\(path):\(member.name)"
    if member.flags & 1 != 0 {
      throw NeurometryError.unsupported(path: path, field: member.name, message: "the member is encrypted")
    }
    return try data.withUnsafeBytes { raw -> Data in
      let r = ByteReader(raw, path: path)
      let o = member.localHeaderOffset
      guard try r.u32(o, "local header of \(member.name)") == 0x0403_4B50 else {
        throw NeurometryError.malformedFile(
          path: path, field: member.name, message: "no local file header at offset \(o.grouped)")
      }
      let nameLength = Int(try r.u16(o + 26, "local header"))
      let extraLength = Int(try r.u16(o + 28, "local header"))
      let start = o + 30 + nameLength + extraLength
      guard start + member.compressedSize <= raw.count else {
        throw NeurometryError.malformedFile(
          path: path, field: member.name,
          message:
            "member data (\(member.compressedSize.grouped) bytes at offset \(start.grouped)) runs past the end of the \(raw.count.grouped)-byte file — truncated?"
        )
      }
      let body = UnsafeRawBufferPointer(rebasing: raw[start..<(start + member.compressedSize)])
      let out: Data
      switch member.method {
      case 0:
        guard member.compressedSize == member.uncompressedSize else {
          throw NeurometryError.malformedFile(
            path: path, field: member.name, message: "stored member has different compressed and uncompressed sizes")
        }
        out = Data(body)
      case 8:
        // Deflate expands at most 1,032:1 (RFC 1951: a 258-byte match per 2 bits); a larger claim
        // is a broken or hostile header, refused before anything is allocated for it.
        let (most, overflow) = member.compressedSize.multipliedReportingOverflow(by: 1032)
        guard overflow || member.uncompressedSize <= most + 1024 else {
          throw NeurometryError.malformedFile(
            path: path, field: member.name,
            message:
              "declares \(member.uncompressedSize.grouped) bytes uncompressed, more than deflate can make of its \(member.compressedSize.grouped) compressed bytes (at most 1,032 to 1)"
          )
        }
        try FileAccess.requireMemory(
          member.uncompressedSize, for: "\(path): \(member.name)", what: "decompressed member")
        out = try Zlib.inflate(body, raw: true, expectedSize: member.uncompressedSize, context: context)
      default:
        throw NeurometryError.unsupported(
          path: path, field: member.name,
          message: "compression method \(member.method) is not supported (stored and deflate are)")
      }
      let crc = out.withUnsafeBytes { Zlib.crc32($0) }
      guard crc == member.crc32 else {
        throw NeurometryError.malformedFile(
          path: path, field: member.name,
          message: String(
            format: "CRC-32 mismatch (directory says %08x, data gives %08x): the file is corrupt", member.crc32, crc))
      }
      return out
    }
  }

  // MARK: Directory

  private static func readDirectory(_ raw: UnsafeRawBufferPointer, path: String) throws -> [Member] {
    let r = ByteReader(raw, path: path)
    // End of central directory: 22 bytes + comment (≤ 65535), searched from the end.
    var eocd = -1
    var i = raw.count - 22
    let lowest = Swift.max(0, raw.count - 22 - 65535)
    while i >= lowest {
      if raw[i] == 0x50 && raw[i + 1] == 0x4B && raw[i + 2] == 0x05 && raw[i + 3] == 0x06 {
        eocd = i
        break
      }
      i -= 1
    }
    guard eocd >= 0 else {
      let reason =
        ZipArchive.hasMagic(raw.bindMemory(to: UInt8.self))
        ? "its end-of-directory record is missing — truncated?" : "it is not a ZIP archive (NPZ files are ZIP archives)"
      throw NeurometryError.malformedFile(path: path, field: nil, message: reason)
    }
    var count = Int(try r.u16(eocd + 10, "end of central directory"))
    var directorySize = Int(try r.u32(eocd + 12, "end of central directory"))
    var directoryOffset = Int(try r.u32(eocd + 16, "end of central directory"))
    // ZIP64 end-of-central-directory locator just before the EOCD.
    if eocd >= 20, try r.u32(eocd - 20, "ZIP64 locator") == 0x0706_4B50 {
      let recordOffset = Int(try r.u64(eocd - 12, "ZIP64 locator"))
      guard try r.u32(recordOffset, "ZIP64 end of central directory") == 0x0606_4B50 else {
        throw NeurometryError.malformedFile(
          path: path, field: nil, message: "the ZIP64 end-of-directory record is missing")
      }
      count = Int(try r.u64(recordOffset + 32, "ZIP64 end of central directory"))
      directorySize = Int(try r.u64(recordOffset + 40, "ZIP64 end of central directory"))
      directoryOffset = Int(try r.u64(recordOffset + 48, "ZIP64 end of central directory"))
    }
    guard directoryOffset + directorySize <= raw.count else {
      throw NeurometryError.malformedFile(
        path: path, field: nil, message: "the central directory lies beyond the end of the file — truncated?")
    }
    var members: [Member] = []
    var o = directoryOffset
    for k in 0..<count {
      guard try r.u32(o, "central directory entry \(k)") == 0x0201_4B50 else {
        throw NeurometryError.malformedFile(path: path, field: nil, message: "central directory entry \(k) is damaged")
      }
      let flags = try r.u16(o + 8, "central directory")
      let method = try r.u16(o + 10, "central directory")
      let crc = try r.u32(o + 16, "central directory")
      var compressed = UInt64(try r.u32(o + 20, "central directory"))
      var uncompressed = UInt64(try r.u32(o + 24, "central directory"))
      let nameLength = Int(try r.u16(o + 28, "central directory"))
      let extraLength = Int(try r.u16(o + 30, "central directory"))
      let commentLength = Int(try r.u16(o + 32, "central directory"))
      var localOffset = UInt64(try r.u32(o + 42, "central directory"))
      let nameBytes = try r.bytes(o + 46, nameLength, "central directory")
      let name =
        String(validating: nameBytes, as: UTF8.self)
        ?? String(String.UnicodeScalarView(nameBytes.map { Unicode.Scalar($0) }))
      // ZIP64 extra field (id 1): the 0xFFFFFFFF fields, in order uncompressed, compressed, offset.
      var e = o + 46 + nameLength
      let extraEnd = e + extraLength
      while e + 4 <= extraEnd {
        let id = try r.u16(e, "extra field")
        let size = Int(try r.u16(e + 2, "extra field"))
        if id == 1 {
          var f = e + 4
          if uncompressed == 0xFFFF_FFFF { uncompressed = try r.u64(f, "ZIP64 extra field"); f += 8 }
          if compressed == 0xFFFF_FFFF { compressed = try r.u64(f, "ZIP64 extra field"); f += 8 }
          if localOffset == 0xFFFF_FFFF { localOffset = try r.u64(f, "ZIP64 extra field"); f += 8 }
        }
        e += 4 + size
      }
      guard compressed < 1 << 48, uncompressed < 1 << 48, localOffset < UInt64(raw.count) else {
        throw NeurometryError.malformedFile(
          path: path, field: name, message: "its directory entry has impossible sizes or offset")
      }
      members.append(
        Member(
          name: name, method: method, compressedSize: Int(compressed), uncompressedSize: Int(uncompressed), crc32: crc,
          localHeaderOffset: Int(localOffset), flags: flags))
      o += 46 + nameLength + extraLength + commentLength
    }
    return members
  }
}

/// Bounds-checked little-endian reads from a byte buffer; a read past the end is reported as a
/// truncated file.
struct ByteReader {
  let raw: UnsafeRawBufferPointer
  let path: String
  init(_ raw: UnsafeRawBufferPointer, path: String) {
    self.raw = raw
    self.path = path
  }

  private func check(_ offset: Int, _ length: Int, _ what: String) throws {
    guard offset >= 0, offset + length <= raw.count else {
      throw NeurometryError.malformedFile(
        path: path, field: what,
        message: "ends at byte \(raw.count.grouped), needed \((offset + length).grouped) — truncated?")
    }
  }
  func u16(_ offset: Int, _ what: String) throws -> UInt16 {
    try check(offset, 2, what)
    return UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
  }
  func u32(_ offset: Int, _ what: String) throws -> UInt32 {
    try check(offset, 4, what)
    return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
  }
  func u64(_ offset: Int, _ what: String) throws -> UInt64 {
    try check(offset, 8, what)
    return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }
  func bytes(_ offset: Int, _ length: Int, _ what: String) throws -> [UInt8] {
    try check(offset, length, what)
    return Array(raw[offset..<(offset + length)])
  }
}
