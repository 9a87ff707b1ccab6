import NeurometryLinearAlgebra

/// A numpy scalar type as written in an NPY header's `descr` (`dtype.str`), e.g. `<f8`, `>i2`,
/// `|b1`, `<U7`, `|S3`. Only the types Neurometry reads are representable; everything else is
/// rejected by `init(descr:path:)` with the reason and what to do.
struct NPYDataType: Sendable, Equatable {
  enum Kind: Sendable, Equatable {
    case float, signed, unsigned, bool, unicode, bytes
  }
  let kind: Kind
  /// Bytes per element (for `U`, 4 per character).
  let itemSize: Int
  /// True when multi-byte elements are big-endian.
  let bigEndian: Bool
  let descr: String

  /// Parses a `descr` string. `path` is used in error messages.
  init(descr: String, path: String) throws {
    self.descr = descr
    var chars = Substring(descr)
    guard let orderChar = chars.first else {
      throw NeurometryError.malformedFile(path: path, field: "NPY header 'descr'", message: "is empty")
    }
    var order: Character = "="
    if "<>|=".contains(orderChar) {
      order = orderChar
      chars = chars.dropFirst()
    }
    guard let kindChar = chars.first else {
      throw NeurometryError.malformedFile(
        path: path, field: "NPY header 'descr'", message: "'\(descr)' has no type code")
    }
    let sizeText = chars.dropFirst()
    let size = sizeText.isEmpty ? nil : Int(sizeText)
    func unsupported(_ what: String) -> NeurometryError {
      .unsupported(path: path, field: "dtype '\(descr)'", message: what)
    }
    switch kindChar {
    case "f":
      guard let size, [2, 4, 8].contains(size) else {
        throw unsupported(
          "floating point of \(sizeText) bytes is not supported (float16, float32 and float64 are); convert with x.astype(np.float64)"
        )
      }
      kind = .float
      itemSize = size
    case "i", "u":
      guard let size, [1, 2, 4, 8].contains(size) else {
        throw unsupported("integers of \(sizeText) bytes are not supported")
      }
      kind = kindChar == "i" ? .signed : .unsigned
      itemSize = size
    case "b":
      guard size == 1 else { throw unsupported("booleans must be 1 byte") }
      kind = .bool
      itemSize = 1
    case "U":
      guard let size, size >= 0 else { throw unsupported("unicode strings need a length, e.g. <U8") }
      kind = .unicode
      itemSize = 4 * size
    case "S", "a":
      guard let size, size >= 0 else { throw unsupported("byte strings need a length, e.g. |S8") }
      kind = .bytes
      itemSize = size
    case "O":
      throw unsupported(
        "object arrays hold pickled Python objects, and Neurometry never unpickles (unpickling can run arbitrary code); save a numeric or string array instead, e.g. np.save(path, np.asarray(x, dtype=float)) or dtype=str"
      )
    case "c":
      throw unsupported(
        "complex numbers are not supported; save the real part, the imaginary part or np.abs(x) as float64")
    case "M", "m":
      throw unsupported("datetime/timedelta arrays are not supported; save times as float64 seconds")
    case "V":
      throw unsupported("raw void (record) arrays are not supported; save each field as its own array")
    default:
      throw unsupported("unknown type code '\(kindChar)'")
    }
    // '=' is native: little-endian on every platform Neurometry runs on.
    bigEndian = order == ">" && itemSize > 1 && kind != .bytes
  }

  /// How numpy names the type in words, for messages: "float64", "int16", "<U7".
  var name: String {
    switch kind {
    case .float: return "float\(itemSize * 8)"
    case .signed: return "int\(itemSize * 8)"
    case .unsigned: return "uint\(itemSize * 8)"
    case .bool: return "bool"
    case .unicode: return "str\(itemSize / 4) (unicode)"
    case .bytes: return "bytes\(itemSize)"
    }
  }
}
