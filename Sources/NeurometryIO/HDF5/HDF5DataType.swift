/// The element type of an HDF5 dataset or attribute, as the file stores it.
///
/// `descr` spells it the way numpy does where numpy has a spelling (`<f8`, `>i2`, `|u1`, `|S12`),
/// and otherwise names the HDF5 class (`str` for variable-length strings, `ref` for object
/// references, `enum<i1>`, `compound`).
public struct HDF5DataType: Sendable, Equatable, Codable {
  /// The HDF5 datatype class (raw values are the JSON spellings):
  /// - `float`: IEEE floating point (numpy `f2`/`f4`/`f8`);
  /// - `signedInteger` ("int"), `unsignedInteger` ("uint"): two's-complement and unsigned integers
  ///   (numpy `i1`–`i8`, `u1`–`u8`);
  /// - `string`: fixed-length (numpy `S`) or variable-length (h5py `string_dtype()`) strings;
  /// - `objectReference`, `regionReference`: references to objects or dataset regions (h5py `ref_dtype`
  ///   and `regionref_dtype`; MATLAB cell arrays are object references);
  /// - `enumeration` ("enum"): named values of a base integer (h5py stores numpy `bool` this way);
  /// - `compound`: a record of named fields (numpy structured dtype);
  /// - `variableLength` ("vlen"): ragged sequences (h5py `vlen_dtype`);
  /// - `array`: a fixed-shape array per element (numpy sub-array dtype);
  /// - `opaque`: uninterpreted bytes (numpy `V`);
  /// - `bitfield`: packed bits;
  /// - `other`: any class not listed above (time, for instance).
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case float, signedInteger = "int", unsignedInteger = "uint", string, objectReference = "object_reference"
    case regionReference = "region_reference", enumeration = "enum", compound, variableLength = "vlen", array,
      opaque, bitfield, other
  }

  /// The datatype class, which decides how the values are read (see `Kind`).
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

  /// A type from its parts, as read from the file's type description; nothing is validated.
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

/// What an HDF5 path names: a `group`, a `dataset`, or a `namedType` (a committed datatype; JSON
/// "named_type").
public enum HDF5ObjectKind: String, Sendable, Codable, CaseIterable {
  case group, dataset, namedType = "named_type"
}
