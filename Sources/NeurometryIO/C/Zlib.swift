internal import CNeurometryZlib
import Foundation
import NeurometryLinearAlgebra

// The one place that calls zlib. Inflate raw deflate streams (ZIP members) and gzip/zlib streams
// (.nii.gz), each decompressed once into a buffer whose size is known or grown geometrically.

enum Zlib {
  static var version: String { String(cString: zlibVersion()) }

  /// CRC-32 of `bytes` (the checksum ZIP stores for every member).
  static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    var crc: uLong = CNeurometryZlib.crc32(0, nil, 0)
    var offset = 0
    while offset < bytes.count {
      let chunk = Swift.min(bytes.count - offset, Int(UInt32.max >> 1))
      crc = CNeurometryZlib.crc32(
        crc, bytes.baseAddress!.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(chunk))
      offset += chunk
    }
    return UInt32(truncatingIfNeeded: crc)
  }

  /// Inflates `input`. `raw`: a raw deflate stream (ZIP); otherwise zlib or gzip, detected from
  /// the header. `expectedSize`: the uncompressed size when known (ZIP), checked exactly.
  /// `limit`: stop after this many bytes (the size a header claims; the rest is not needed).
  /// `context` names the file and member for error messages.
  ///
  /// Memory follows what the stream really holds, not what a header declares: the buffer starts
  /// at a few times the compressed size and doubles, up to `expectedSize` (+1, to detect an
  /// over-long member) or `limit`, so a header that lies about its size costs nothing.
  static func inflate(
    _ input: UnsafeRawBufferPointer, raw: Bool, expectedSize: Int?, limit: Int? = nil, context: String
  ) throws -> Data {
    var stream = z_stream()
    let windowBits: Int32 = raw ? -15 : 15 + 32
    var status = neurometry_inflate_init2(&stream, windowBits)
    guard status == neurometry_z_ok() else {
      throw NeurometryError.library(name: "zlib", call: "inflateInit2", message: "status \(status) for \(context)")
    }
    defer { inflateEnd(&stream) }
    // One byte more than declared, so that an over-long member is detected.
    let ceiling = limit ?? expectedSize.map { $0 + 1 } ?? Int.max
    var capacity = Swift.min(ceiling, Swift.max(input.count * 4, 1 << 16))
    var output = Data(count: capacity)
    var produced = 0
    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
    stream.avail_in = 0
    var consumed = 0
    repeat {
      if stream.avail_in == 0 && consumed < input.count {
        let chunk = Swift.min(input.count - consumed, Int(UInt32.max >> 1))
        stream.next_in = UnsafeMutablePointer(
          mutating: input.baseAddress!.advanced(by: consumed).assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(chunk)
        consumed += chunk
      }
      if produced == capacity {
        if let limit, produced >= limit { break }
        if capacity == ceiling, let expectedSize {
          throw NeurometryError.malformedFile(
            path: context, field: nil,
            message: "decompresses to more than the \(expectedSize.grouped) bytes its directory declares")
        }
        capacity = capacity > ceiling / 2 ? ceiling : capacity * 2
        output.count = capacity
      }
      let room = Swift.min(capacity - produced, Int(UInt32.max >> 1))
      status = output.withUnsafeMutableBytes { out -> Int32 in
        stream.next_out = out.baseAddress!.advanced(by: produced).assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(room)
        let s = CNeurometryZlib.inflate(&stream, neurometry_z_no_flush())
        produced += room - Int(stream.avail_out)
        return s
      }
      if status == neurometry_z_stream_end() { break }
      if status == neurometry_z_buf_error() && stream.avail_in == 0 && consumed >= input.count {
        throw NeurometryError.malformedFile(
          path: context, field: nil,
          message: "compressed data ends early after \(produced.grouped) decompressed bytes — truncated?")
      }
      if status != neurometry_z_ok() && status != neurometry_z_buf_error() {
        let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
        throw NeurometryError.malformedFile(
          path: context, field: nil, message: "corrupt compressed data (zlib: \(reason))")
      }
    } while true
    output.count = produced
    if limit == nil, let expectedSize, produced != expectedSize {
      throw NeurometryError.malformedFile(
        path: context, field: nil,
        message: "decompressed to \(produced.grouped) bytes but its directory declares \(expectedSize.grouped)")
    }
    return output
  }

  /// The first `count` bytes of the decompressed stream (fewer when the stream is shorter),
  /// without inflating the rest: headers of compressed files. `raw` and `context` as `inflate`.
  static func inflatePrefix(_ input: UnsafeRawBufferPointer, raw: Bool, count: Int, context: String) throws -> Data {
    var stream = z_stream()
    let status0 = neurometry_inflate_init2(&stream, raw ? -15 : 15 + 32)
    guard status0 == neurometry_z_ok() else {
      throw NeurometryError.library(name: "zlib", call: "inflateInit2", message: "status \(status0) for \(context)")
    }
    defer { inflateEnd(&stream) }
    var output = Data(count: count)
    let chunk = Swift.min(input.count, Int(UInt32.max >> 1))
    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
    stream.avail_in = uInt(chunk)
    let status = output.withUnsafeMutableBytes { out -> Int32 in
      stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
      stream.avail_out = uInt(count)
      var s: Int32 = neurometry_z_ok()
      while stream.avail_out > 0 && s == neurometry_z_ok() {
        s = CNeurometryZlib.inflate(&stream, neurometry_z_no_flush())
      }
      return s
    }
    if status != neurometry_z_ok() && status != neurometry_z_stream_end() && status != neurometry_z_buf_error() {
      let reason = stream.msg.map { String(cString: $0) } ?? "status \(status)"
      throw NeurometryError.malformedFile(
        path: context, field: nil, message: "corrupt compressed data (zlib: \(reason))")
    }
    output.count = count - Int(stream.avail_out)
    return output
  }

  /// Compresses `input` into a gzip stream (windowBits 15 + 16) at `level` (0–9; 6 is gzip's
  /// default), in one call with an output buffer of `deflateBound` bytes. The gzip header carries
  /// no file name and a zero timestamp, so the same input always gives the same bytes.
  static func gzip(_ input: UnsafeRawBufferPointer, level: Int32 = 6, context: String) throws -> Data {
    var stream = z_stream()
    var status = neurometry_deflate_init2(&stream, level, 15 + 16)
    guard status == neurometry_z_ok() else {
      throw NeurometryError.library(name: "zlib", call: "deflateInit2", message: "status \(status) for \(context)")
    }
    defer { deflateEnd(&stream) }
    guard input.count <= Int(UInt32.max >> 1) else {
      throw NeurometryError.unsupported(
        path: context, field: nil,
        message: "\(input.count.grouped) bytes are too many to gzip in one stream (2 GiB at most)")
    }
    let capacity = Int(deflateBound(&stream, uLong(input.count))) + 32
    var output = Data(count: capacity)
    stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
    stream.avail_in = uInt(input.count)
    status = output.withUnsafeMutableBytes { out -> Int32 in
      stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
      stream.avail_out = uInt(capacity)
      return deflate(&stream, neurometry_z_finish())
    }
    guard status == neurometry_z_stream_end() else {
      throw NeurometryError.library(name: "zlib", call: "deflate", message: "status \(status) for \(context)")
    }
    output.count = capacity - Int(stream.avail_out)
    return output
  }
}
