/// Reads fixed-width fields at byte offsets of a header in a given byte order (unaligned loads).
struct NIfTIByteReader {
  let bytes: UnsafeRawBufferPointer
  let bigEndian: Bool

  func integer<T: FixedWidthInteger>(_ offset: Int, _: T.Type) -> T {
    let raw = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
    return bigEndian ? T(bigEndian: raw) : T(littleEndian: raw)
  }

  func int16(_ offset: Int) -> Int { Int(integer(offset, Int16.self)) }
  func int32(_ offset: Int) -> Int { Int(integer(offset, Int32.self)) }
  func int64(_ offset: Int) -> Int64 { integer(offset, Int64.self) }
  func uint8(_ offset: Int) -> Int { Int(bytes[offset]) }

  /// A float32 field, widened exactly to Double.
  func float32(_ offset: Int) -> Double { Double(Float(bitPattern: integer(offset, UInt32.self))) }
  func float64(_ offset: Int) -> Double { Double(bitPattern: integer(offset, UInt64.self)) }

  /// A fixed-length byte string up to its first NUL, as latin-1 (NIfTI text fields are ASCII).
  func string(_ offset: Int, length: Int) -> String {
    var scalars = String.UnicodeScalarView()
    for k in offset..<(offset + length) {
      let b = bytes[k]
      if b == 0 { break }
      scalars.append(Unicode.Scalar(b))
    }
    return String(scalars)
  }

  func rawBytes(_ offset: Int, length: Int) -> [UInt8] { Array(bytes[offset..<(offset + length)]) }
}
