/// The element type of an HDF5 dataset or attribute, as the file stores it.
///
/// `descr` spells it the way numpy does where numpy has a spelling (`<f8`, `>i2`, `|u1`, `|S12`),
/// and otherwise names the HDF5 class (`str` for variable-length strings, `ref` for object
/// references, `enum<i1>`, `compound`).
public struct HDF5DataType: Sendable, Equatable, Codable {
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case float, signedInteger = "int", unsignedInteger = "uint", string, objectReference = "object_reference"
    case regionReference = "region_reference", enumeration = "enum", compound, variableLength = "vlen", array,
      opaque, bitfield, other
  }

  public let kind: Kind
  /// Bytes per element in the file (0 for variable-length strings).
  public let size: Int
  /// Byte order of multi-byte numbers.
  public let bigEndian: Bool
  /// Strings: variable length (`h5py.string_dtype()`) rather than fixed (`|S12`).
  public let variableLength: Bool
  /// Strings: the character set is UTF-8 (otherwise ASCII).
  public let utf8: Bool
  /// Enumerations: the base integer is signed.
  public let enumBaseSigned: Bool
  /// Enumerations: member names (h5py stores `bool` as an enum {FALSE, TRUE} of int8).
  public let enumNames: [String]

  public init(
    kind: Kind, size: Int, bigEndian: Bool, variableLength: Bool = false, utf8: Bool = false,
    enumBaseSigned: Bool = false, enumNames: [String] = []
  ) {
    self.kind = kind
    self.size = size
    self.bigEndian = bigEndian
    self.variableLength = variableLength
    self.utf8 = utf8
    self.enumBaseSigned = enumBaseSigned
    self.enumNames = enumNames
  }

  /// True for integers, floats and enumerations (read as numbers).
  public var isNumeric: Bool { [.float, .signedInteger, .unsignedInteger, .enumeration].contains(kind) }

  /// h5py's boolean: an enumeration of a 1-byte integer with members FALSE and TRUE.
  public var isBoolean: Bool { kind == .enumeration && Set(enumNames) == ["FALSE", "TRUE"] }

  /// numpy-like type string: `<f8`, `>i2`, `|u1`, `|S12`, `str` (variable-length), `ref`, `|b1`.
  public var descr: String {
    let order = size == 1 ? "|" : (bigEndian ? ">" : "<")
    switch kind {
    case .float: return "\(order)f\(size)"
    case .signedInteger: return "\(order)i\(size)"
    case .unsignedInteger: return "\(order)u\(size)"
    case .string: return variableLength ? "str" : "|S\(size)"
    case .objectReference: return "ref"
    case .regionReference: return "region_ref"
    case .enumeration: return isBoolean ? "|b1" : "enum<\(order)\(enumBaseSigned ? "i" : "u")\(size)>"
    default: return kind.rawValue
    }
  }
}

/// What an HDF5 path names.
public enum HDF5ObjectKind: String, Sendable, Codable, CaseIterable {
  case group, dataset, namedType = "named_type"
}
