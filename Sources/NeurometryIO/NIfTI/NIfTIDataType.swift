/// The voxel types of the NIfTI-1/NIfTI-2 `datatype` field (nifti1.h), with the ones Neurometry
/// reads: unsigned and signed integers of 8–64 bits and IEEE floats of 32 and 64 bits. Complex,
/// RGB/RGBA, 128-bit float and binary images are recognised (so `inspect` can name them) but their
/// voxels are refused with an error that says so.
public enum NIfTIDataType: Int, Sendable, Codable, CaseIterable {
  case binary = 1
  case uint8 = 2
  case int16 = 4
  case int32 = 8
  case float32 = 16
  case complex64 = 32
  case float64 = 64
  case rgb24 = 128
  case int8 = 256
  case uint16 = 512
  case uint32 = 768
  case int64 = 1024
  case uint64 = 1280
  case float128 = 1536
  case complex128 = 1792
  case complex256 = 2048
  case rgba32 = 2304

  /// nibabel's name for the type ("uint8", "float32", "RGB", …).
  public var name: String {
    switch self {
    case .binary: return "binary"
    case .uint8: return "uint8"
    case .int16: return "int16"
    case .int32: return "int32"
    case .float32: return "float32"
    case .complex64: return "complex64"
    case .float64: return "float64"
    case .rgb24: return "RGB"
    case .int8: return "int8"
    case .uint16: return "uint16"
    case .uint32: return "uint32"
    case .int64: return "int64"
    case .uint64: return "uint64"
    case .float128: return "float128"
    case .complex128: return "complex128"
    case .complex256: return "complex256"
    case .rgba32: return "RGBA"
    }
  }

  /// Bytes per voxel (0 for `binary`, whose bits nibabel does not read either).
  public var itemSize: Int {
    switch self {
    case .binary: return 0
    case .uint8, .int8: return 1
    case .int16, .uint16: return 2
    case .rgb24: return 3
    case .int32, .uint32, .float32, .rgba32: return 4
    case .int64, .uint64, .float64, .complex64: return 8
    case .float128, .complex128: return 16
    case .complex256: return 32
    }
  }

  /// True for the real-valued types whose voxels Neurometry reads.
  public var isReadable: Bool {
    switch self {
    case .uint8, .int8, .int16, .uint16, .int32, .uint32, .int64, .uint64, .float32, .float64: return true
    default: return false
    }
  }

  /// True for the integer types (labels and masks are usually stored as these).
  public var isInteger: Bool {
    switch self {
    case .uint8, .int8, .int16, .uint16, .int32, .uint32, .int64, .uint64: return true
    default: return false
    }
  }

  /// numpy's type string for this type in the given byte order, e.g. `<i2`, `>f4`, `|u1`.
  public func numpyType(bigEndian: Bool) -> String {
    let order = itemSize == 1 ? "|" : (bigEndian ? ">" : "<")
    switch self {
    case .uint8: return "|u1"
    case .int8: return "|i1"
    case .int16: return order + "i2"
    case .uint16: return order + "u2"
    case .int32: return order + "i4"
    case .uint32: return order + "u4"
    case .int64: return order + "i8"
    case .uint64: return order + "u8"
    case .float32: return order + "f4"
    case .float64: return order + "f8"
    case .complex64: return order + "c8"
    case .complex128: return order + "c16"
    default: return name
    }
  }

  /// Why the voxels of this type are not read, and what to do instead.
  var refusal: String {
    switch self {
    case .complex64, .complex128, .complex256:
      return
        "voxel type \(name) (datatype \(rawValue)) is complex; Neurometry reads real-valued images (uint8 … uint64, float32, float64). Save the magnitude or real part as a real image first (e.g. with nibabel: np.abs(img.get_fdata(dtype=np.complex128)))"
    case .rgb24, .rgba32:
      return
        "voxel type \(name) (datatype \(rawValue)) is a colour image; Neurometry reads scalar images (uint8 … uint64, float32, float64). Convert it to one channel or a label image first"
    case .float128:
      return
        "voxel type float128 (datatype 1536) is not supported; save the image as float64 first (nibabel: img.set_data_dtype(np.float64))"
    default:
      return "voxel type \(name) (datatype \(rawValue)) is not supported (uint8 … uint64, float32 and float64 are)"
    }
  }
}
