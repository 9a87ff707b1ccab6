import Foundation
import NeurometryLinearAlgebra

extension NIfTIImage {
  /// Writes a single-file NIfTI-1 image (`.nii`, or gzipped when the path ends in `.nii.gz`),
  /// little-endian, atomically; refuses to replace an existing file unless `overwrite`.
  ///
  /// - `values`: voxel values in file order, first axis fastest (`NIfTIImage.values`' order);
  ///   `shape` has 1–7 dimensions.
  /// - `affine`: 4×4 voxel-to-world matrix, stored as the sform (`sform_code` = `sformCode`,
  ///   2 "aligned" by default) with `qform_code` 0 — what nibabel writes for `Nifti1Image(data,
  ///   affine)`. NIfTI-1 stores the sform in float32, so the affine is rounded to float32.
  ///   `pixdim[1...3]` are the column norms of its 3×3 part (nibabel's zooms).
  /// - `dataType`: `.float32` (default; values rounded to float32), `.float64`, or an integer
  ///   type, in which case every value must be a whole number in the type's range (masks and
  ///   label images); no scaling is written (`scl_slope` 1, `scl_inter` 0).
  /// - `repetitionTime`: seconds, stored in `pixdim[4]` with `xyzt_units` = mm + sec.
  public static func write(
    values: [Double], shape: [Int], affine: [[Double]], to path: String, dataType: NIfTIDataType = .float32,
    sformCode: Int = 2, repetitionTime: Double? = nil, description: String = "", overwrite: Bool = false
  ) throws {
    guard (1...7).contains(shape.count), shape.allSatisfy({ $0 >= 0 }), shape.count == shape.count else {
      throw NeurometryError.invalidInput(
        context: path,
        message: "cannot write shape \(NDArray.describe(shape: shape)) as NIfTI: 1–7 dimensions of size ≥ 0")
    }
    guard shape.allSatisfy({ $0 <= Int(Int16.max) }) else {
      throw NeurometryError.invalidInput(
        context: path,
        message: "shape \(NDArray.describe(shape: shape)) has a dimension above 32,767, which NIfTI-1 cannot store")
    }
    guard values.count == shape.reduce(1, *) else {
      throw NeurometryError.shapeMismatch(
        context: path, message: "\(values.count.grouped) values for shape \(NDArray.describe(shape: shape))")
    }
    guard affine.count == 4, affine.allSatisfy({ $0.count == 4 }), affine.joined().allSatisfy({ $0.isFinite }) else {
      throw NeurometryError.invalidInput(context: path, message: "the affine must be a finite 4×4 matrix")
    }
    guard dataType.isReadable else {
      throw NeurometryError.unsupported(path: path, field: "datatype", message: "cannot write \(dataType.name) voxels")
    }
    guard (0...5).contains(sformCode) else {
      throw NeurometryError.invalidInput(context: path, message: "sform_code \(sformCode) is not 0…5")
    }
    var header = Data(count: 352)
    header.withUnsafeMutableBytes { h in
      func put<T: FixedWidthInteger>(_ value: T, _ offset: Int) {
        h.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self)
      }
      func putFloat(_ value: Double, _ offset: Int) { put(Float(value).bitPattern, offset) }
      put(Int32(348), 0)
      put(UInt8(0x72), 38)  // regular = 'r'
      put(Int16(shape.count), 40)
      for k in 1...7 { put(Int16(k <= shape.count ? shape[k - 1] : 1), 40 + 2 * k) }
      put(Int16(dataType.rawValue), 70)
      put(Int16(dataType.itemSize * 8), 72)
      putFloat(1, 76)  // qfac
      for c in 0..<3 {
        let norm = (0..<3).map { affine[$0][c] * affine[$0][c] }.reduce(0, +).squareRoot()
        putFloat(norm, 80 + 4 * c)
      }
      for k in 4...7 { putFloat(1, 76 + 4 * k) }
      if let repetitionTime { putFloat(repetitionTime, 92) }
      putFloat(352, 108)  // vox_offset
      putFloat(1, 112)  // scl_slope
      putFloat(0, 116)  // scl_inter
      put(UInt8(repetitionTime == nil ? 2 : 2 | 8), 123)  // xyzt_units: mm (+ sec)
      for (k, byte) in description.utf8.prefix(79).enumerated() { put(byte, 148 + k) }
      put(Int16(0), 252)  // qform_code
      put(Int16(sformCode), 254)
      for r in 0..<3 {
        for c in 0..<4 { putFloat(affine[r][c], 280 + 16 * r + 4 * c) }
      }
      for (k, byte) in [UInt8(0x6E), 0x2B, 0x31, 0].enumerated() { put(byte, 344 + k) }
    }
    var body = Data(count: values.count * dataType.itemSize)
    try body.withUnsafeMutableBytes { b in try encodeVoxels(values, type: dataType, into: b, path: path) }
    var file = header
    file.append(body)
    if path.lowercased().hasSuffix(".gz") {
      file = try file.withUnsafeBytes { try Zlib.gzip($0, context: path) }
    }
    try FileAccess.write(file, to: path, overwrite: overwrite)
  }

  /// Writes this image (its values, shape and affine) as NIfTI-1; see the static `write`.
  public func write(
    to path: String, dataType: NIfTIDataType = .float32, description: String? = nil, overwrite: Bool = false
  ) throws {
    try NIfTIImage.write(
      values: values, shape: shape, affine: affine.rows, to: path, dataType: dataType,
      sformCode: affine.source == .sform ? Swift.max(header.sformCode, 1) : 2, repetitionTime: header.repetitionTime,
      description: description ?? header.description, overwrite: overwrite)
  }

  private static func encodeVoxels(
    _ values: [Double], type: NIfTIDataType, into b: UnsafeMutableRawBufferPointer, path: String
  ) throws {
    func integers<T: FixedWidthInteger>(_: T.Type) throws {
      let size = MemoryLayout<T>.size
      for (k, v) in values.enumerated() {
        guard v.rounded() == v, let x = T(exactly: v) else {
          throw NeurometryError.invalidInput(
            context: path,
            message:
              "value \(v) at voxel \(k.grouped) cannot be stored as \(type.name) (whole numbers \(T.min)…\(T.max)); write float32 instead"
          )
        }
        b.storeBytes(of: x.littleEndian, toByteOffset: k * size, as: T.self)
      }
    }
    switch type {
    case .uint8: try integers(UInt8.self)
    case .int8: try integers(Int8.self)
    case .int16: try integers(Int16.self)
    case .uint16: try integers(UInt16.self)
    case .int32: try integers(Int32.self)
    case .uint32: try integers(UInt32.self)
    case .int64: try integers(Int64.self)
    case .uint64: try integers(UInt64.self)
    case .float32:
      for (k, v) in values.enumerated() {
        b.storeBytes(of: Float(v).bitPattern.littleEndian, toByteOffset: 4 * k, as: UInt32.self)
      }
    case .float64:
      for (k, v) in values.enumerated() {
        b.storeBytes(of: v.bitPattern.littleEndian, toByteOffset: 8 * k, as: UInt64.self)
      }
    default:
      throw NeurometryError.unsupported(path: path, field: "datatype", message: "cannot write \(type.name) voxels")
    }
  }
}
