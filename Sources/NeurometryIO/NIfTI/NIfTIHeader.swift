import NeurometryLinearAlgebra

/// The header of a NIfTI-1 (348 bytes) or NIfTI-2 (540 bytes) image, decoded in either byte order.
///
/// Byte order is detected from `sizeof_hdr` (348 or 540 read as little- or big-endian), as nibabel
/// and the NIfTI C library do. Floating-point fields of NIfTI-1 are float32 in the file and are
/// widened exactly to Double. On decoding, the repairs nibabel makes when it loads a header
/// (`check_fix`) are made too and each is reported in `warnings`:
/// - `pixdim[1...3]` equal to 0 become 1 and negative ones their absolute value;
/// - `qfac = pixdim[0]` other than ±1 becomes 1;
/// - `qform_code`/`sform_code` outside 0...5 become 0;
/// - in a single `.nii` file, `vox_offset` below the header size (352 or 544) becomes that size;
/// - `bitpix` that disagrees with `datatype` is replaced by the type's size.
///
/// Errors (each naming the file and field): a `sizeof_hdr` that is neither 348 nor 540 in either
/// byte order, a missing or wrong magic (`n+1`/`ni1`, `n+2`/`ni2`), `dim[0]` outside 1...7, a
/// negative dimension, an unknown `datatype` code, a file shorter than its header.
public struct NIfTIHeader: Sendable, Equatable, Codable {
  /// 1 (NIfTI-1) or 2 (NIfTI-2).
  public let version: Int
  /// True when the file is big-endian.
  public let isBigEndian: Bool
  /// True for a single file (`n+1`/`n+2`: `.nii`), false for a header/image pair (`ni1`/`ni2`).
  public let isSingleFile: Bool
  /// The image shape, `dim[1...dim[0]]` (x, y, z, t, …).
  public let shape: [Int]
  /// The voxel type.
  public let dataType: NIfTIDataType
  /// `bitpix` as stored (before the repair described above).
  public let bitsPerVoxel: Int
  /// `pixdim[0...7]` after nibabel's repairs: qfac, voxel sizes, TR, …
  public let pixdim: [Double]
  /// Byte offset of the voxels (in the `.nii`, or in the `.img` of a pair), after the repair.
  public let voxelOffset: Int
  /// `scl_slope` and `scl_inter` as stored. This one is `scl_slope`, the factor in
  /// `value = scl_slope · stored + scl_inter` (0, NaN or ±∞ means no scaling; see `scaling(path:)`).
  public let sclSlope: Double
  /// `scl_inter`, the offset added after `scl_slope` (used only when the slope is valid).
  public let sclInter: Double
  /// `qform_code` after the repair: what the quaternion affine (`quaternion`, `quaternionOffset`,
  /// `pixdim`) maps to. 0 unknown (no qform), 1 scanner, 2 aligned, 3 Talairach, 4 MNI 152, 5 template.
  public let qformCode: Int
  /// `sform_code` after the repair: what the general affine (`sformRows`) maps to, with the codes of
  /// `qformCode` (0: no sform).
  public let sformCode: Int
  /// `quatern_b`, `quatern_c`, `quatern_d`.
  public let quaternion: [Double]
  /// `qoffset_x`, `qoffset_y`, `qoffset_z`.
  public let quaternionOffset: [Double]
  /// `srow_x`, `srow_y`, `srow_z` (3 rows of 4).
  public let sformRows: [[Double]]
  /// `xyzt_units`: spatial units in bits 0–2 (1 m, 2 mm, 3 µm), time units in bits 3–5 (8 s, 16 ms, 24 µs).
  public let xyztUnits: Int
  /// `intent_code`: what the voxel values mean (NIFTI_INTENT_*): 0 none, 2 correlation, 3 t, 4 F,
  /// 5 z statistic, …, 1002 label, 1007 vector, ….
  public let intentCode: Int
  /// `intent_name`: free text naming the intent or the meaning of the data (up to 16 bytes).
  public let intentName: String
  /// `descrip`: free text describing the image (up to 80 bytes), read up to its first NUL.
  public let description: String
  /// `aux_file`: the name of an auxiliary file, such as a colour lookup table (up to 24 bytes).
  public let auxiliaryFile: String
  /// `slice_duration`: the time to acquire one slice, in the time unit of `xyzt_units` (0 when unset).
  public let sliceDuration: Double
  /// `toffset`: the time coordinate of the first volume (a shift of the time axis), in the time unit.
  public let timeOffset: Double
  /// `cal_min`: the data value shown as the darkest display intensity (0 with `cal_max` 0: unset).
  public let calibrationMinimum: Double
  /// `cal_max`: the data value shown as the brightest display intensity (0 with `cal_min` 0: unset).
  public let calibrationMaximum: Double
  /// What was repaired on reading (as nibabel does), one sentence each.
  public let warnings: [String]

  /// Number of voxels (product of the shape).
  public var voxelCount: Int { shape.reduce(1, *) }

  /// Bytes of voxel data the header promises.
  public var dataByteCount: Int { voxelCount * dataType.itemSize }

  /// Voxel sizes `pixdim[1...ndim]` (nibabel's `get_zooms()`).
  public var zooms: [Double] { Array(pixdim[1...shape.count]) }

  /// numpy's type string of the stored voxels, e.g. `>i2`.
  public var numpyType: String { dataType.numpyType(bigEndian: isBigEndian) }

  /// The scaling nibabel applies: `(slope, intercept)`, or nil when `scl_slope` is 0, NaN or ±∞
  /// (no scaling). Throws when the slope is valid but the intercept is not finite (nibabel's rule).
  public func scaling(path: String) throws -> (slope: Double, intercept: Double)? {
    if sclSlope == 0 || !sclSlope.isFinite { return nil }
    guard sclInter.isFinite else {
      throw NeurometryError.malformedFile(
        path: path, field: "scl_inter",
        message: "is \(sclInter) while scl_slope is \(sclSlope); a valid slope needs a finite intercept")
    }
    if sclSlope == 1 && sclInter == 0 { return nil }
    return (sclSlope, sclInter)
  }

  /// The spatial unit name ("mm", "meter", "micron", "unknown").
  public var spatialUnit: String {
    switch xyztUnits & 0x07 {
    case 1: return "meter"
    case 2: return "mm"
    case 3: return "micron"
    default: return "unknown"
    }
  }

  /// The time unit name ("sec", "msec", "usec", "hz", "ppm", "rads", "unknown").
  public var timeUnit: String {
    switch xyztUnits & 0x38 {
    case 8: return "sec"
    case 16: return "msec"
    case 24: return "usec"
    case 32: return "hz"
    case 40: return "ppm"
    case 48: return "rads"
    default: return "unknown"
    }
  }

  /// The repetition time in seconds from `pixdim[4]` and the time unit, for images with a 4th
  /// dimension; nil when there is none, it is not positive, or the unit is not a time.
  /// An unknown unit is taken as seconds (what most writers mean).
  public var repetitionTime: Double? {
    guard shape.count >= 4, pixdim[4] > 0, pixdim[4].isFinite else { return nil }
    switch timeUnit {
    case "sec", "unknown": return pixdim[4]
    case "msec": return pixdim[4] / 1000
    case "usec": return pixdim[4] / 1_000_000
    default: return nil
    }
  }
}

extension NIfTIHeader {
  /// The size in bytes of a NIfTI-1 header.
  public static let nifti1Size = 348
  /// The size in bytes of a NIfTI-2 header.
  public static let nifti2Size = 540

  /// Decodes the header at the start of `raw`. `path` names the file in errors.
  public static func decode(_ raw: UnsafeRawBufferPointer, path: String) throws -> NIfTIHeader {
    guard raw.count >= 4 else {
      throw NeurometryError.malformedFile(
        path: path, field: nil,
        message: raw.isEmpty
          ? "the file is empty, expected a NIfTI header"
          : "the file has only \(raw.count) bytes, expected a NIfTI header")
    }
    let little = Int32(littleEndian: raw.loadUnaligned(as: Int32.self))
    let big = Int32(bigEndian: raw.loadUnaligned(as: Int32.self))
    let version: Int
    let bigEndian: Bool
    switch (little, big) {
    case (348, _): (version, bigEndian) = (1, false)
    case (_, 348): (version, bigEndian) = (1, true)
    case (540, _): (version, bigEndian) = (2, false)
    case (_, 540): (version, bigEndian) = (2, true)
    default:
      throw NeurometryError.malformedFile(
        path: path, field: "sizeof_hdr",
        message:
          "is \(little) (\(big) byte-swapped), expected 348 (NIfTI-1) or 540 (NIfTI-2) in either byte order — not a NIfTI file?"
      )
    }
    let size = version == 1 ? nifti1Size : nifti2Size
    guard raw.count >= size else {
      throw NeurometryError.malformedFile(
        path: path, field: nil,
        message:
          "the file ends inside the \(size)-byte NIfTI-\(version) header (it has \(raw.count.grouped) bytes) — truncated?"
      )
    }
    let r = NIfTIByteReader(bytes: raw, bigEndian: bigEndian)
    return version == 1 ? try decode1(r, path: path) : try decode2(r, path: path)
  }

  /// Whether the magic marks a single .nii file ("n+1"/"n+2") or an .hdr/.img pair ("ni1"/"ni2");
  /// an empty NIfTI-1 magic is an ANALYZE 7.5 header.
  private static func isSingleFile(magic: [UInt8], version: Int, path: String) throws -> Bool {
    let digit = UInt8(ascii: version == 1 ? "1" : "2")
    if magic == [0x6E, 0x2B, digit, 0] { return true }  // n+1, n+2
    if magic == [0x6E, 0x69, digit, 0] { return false }  // ni1, ni2
    if version == 1 && magic.allSatisfy({ $0 == 0 }) {
      throw NeurometryError.unsupported(
        path: path, field: "magic",
        message:
          "is empty: this is an ANALYZE 7.5 header, not NIfTI. Convert it to NIfTI first (e.g. nibabel: nib.save(nib.Nifti1Image.from_image(nib.load(f)), 'out.nii'))"
      )
    }
    throw NeurometryError.malformedFile(
      path: path, field: "magic",
      message: "is \(describeMagic(magic)), expected 'n+\(version)' (.nii) or 'ni\(version)' (.hdr/.img)")
  }

  private static func decode1(_ r: NIfTIByteReader, path: String) throws -> NIfTIHeader {
    let single = try isSingleFile(magic: r.rawBytes(344, length: 4), version: 1, path: path)
    let dim = (0..<8).map { r.int16(40 + 2 * $0) }
    let pixdim = (0..<8).map { r.float32(76 + 4 * $0) }
    let srow = (0..<3).map { row in (0..<4).map { r.float32(280 + 16 * row + 4 * $0) } }
    return try assemble(
      version: 1, bigEndian: r.bigEndian, single: single, dim: dim, datatype: r.int16(70), bitpix: r.int16(72),
      pixdim: pixdim, voxOffset: r.float32(108), slope: r.float32(112), inter: r.float32(116),
      qformCode: r.int16(252), sformCode: r.int16(254),
      quaternion: [r.float32(256), r.float32(260), r.float32(264)],
      qoffset: [r.float32(268), r.float32(272), r.float32(276)], srow: srow, xyztUnits: r.uint8(123),
      intentCode: r.int16(68), intentName: r.string(328, length: 16), descrip: r.string(148, length: 80),
      auxFile: r.string(228, length: 24), sliceDuration: r.float32(132), toffset: r.float32(136),
      calMin: r.float32(128), calMax: r.float32(124), path: path)
  }

  private static func decode2(_ r: NIfTIByteReader, path: String) throws -> NIfTIHeader {
    let single = try isSingleFile(magic: r.rawBytes(4, length: 4), version: 2, path: path)
    var dim = [Int]()
    for k in 0..<8 {
      let d = r.int64(16 + 8 * k)
      guard let v = Int(exactly: d) else {
        throw NeurometryError.malformedFile(path: path, field: "dim[\(k)]", message: "is \(d), too large")
      }
      dim.append(v)
    }
    let pixdim = (0..<8).map { r.float64(104 + 8 * $0) }
    let srow = (0..<3).map { row in (0..<4).map { r.float64(400 + 32 * row + 8 * $0) } }
    let offset = r.int64(168)
    return try assemble(
      version: 2, bigEndian: r.bigEndian, single: single, dim: dim, datatype: r.int16(12), bitpix: r.int16(14),
      pixdim: pixdim, voxOffset: Double(offset), slope: r.float64(176), inter: r.float64(184),
      qformCode: r.int32(344), sformCode: r.int32(348),
      quaternion: [r.float64(352), r.float64(360), r.float64(368)],
      qoffset: [r.float64(376), r.float64(384), r.float64(392)], srow: srow, xyztUnits: r.int32(500),
      intentCode: r.int32(504), intentName: r.string(508, length: 16), descrip: r.string(240, length: 80),
      auxFile: r.string(320, length: 24), sliceDuration: r.float64(208), toffset: r.float64(216),
      calMin: r.float64(200), calMax: r.float64(192), path: path)
  }

  private static func describeMagic(_ bytes: [UInt8]) -> String {
    let printable = bytes.prefix { $0 != 0 }.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    if printable {
      return "'" + String(String.UnicodeScalarView(bytes.prefix { $0 != 0 }.map { Unicode.Scalar($0) })) + "'"
    }
    return "bytes " + bytes.map { String($0, radix: 16) }.joined(separator: " ")
  }

  // swift-format-ignore: FunctionParameterCount
  private static func assemble(
    version: Int, bigEndian: Bool, single: Bool, dim: [Int], datatype: Int, bitpix: Int, pixdim rawPixdim: [Double],
    voxOffset: Double, slope: Double, inter: Double, qformCode: Int, sformCode: Int, quaternion: [Double],
    qoffset: [Double], srow: [[Double]], xyztUnits: Int, intentCode: Int, intentName: String, descrip: String,
    auxFile: String, sliceDuration: Double, toffset: Double, calMin: Double, calMax: Double, path: String
  ) throws -> NIfTIHeader {
    let ndim = dim[0]
    guard (1...7).contains(ndim) else {
      throw NeurometryError.malformedFile(
        path: path, field: "dim[0]", message: "is \(ndim), expected the number of dimensions, 1…7")
    }
    for k in 1...ndim where dim[k] < 0 {
      throw NeurometryError.malformedFile(
        path: path, field: "dim[\(k)]", message: "is \(dim[k]); image dimensions must be 0 or more")
    }
    let shape = Array(dim[1...ndim])
    guard let type = NIfTIDataType(rawValue: datatype) else {
      throw NeurometryError.malformedFile(
        path: path, field: "datatype", message: "code \(datatype) is not a NIfTI voxel type (nifti1.h lists 2, 4, 8, …)"
      )
    }
    // The product of the non-zero dimensions must be addressable too: an empty axis makes the
    // image empty, but strides over the others are still formed from them (found by fuzzing: a
    // big-endian NIfTI-2 header of shape (0, 8.4e14, 1.1e15) trapped when its strides overflowed).
    var voxels = 1
    for d in shape {
      let (p, overflow) = voxels.multipliedReportingOverflow(by: Swift.max(d, 1))
      guard !overflow, p.multipliedReportingOverflow(by: Swift.max(type.itemSize, 1)).overflow == false else {
        throw NeurometryError.malformedFile(
          path: path, field: "dim", message: "shape \(NDArray.describe(shape: shape)) is too large to address")
      }
      voxels = p
    }
    var warnings: [String] = []
    if type.itemSize > 0 && bitpix != type.itemSize * 8 {
      warnings.append("bitpix is \(bitpix) but datatype \(type.name) has \(type.itemSize * 8) bits; using the datatype")
    }
    var pixdim = rawPixdim
    if pixdim[1...3].contains(0) {
      warnings.append(
        "pixdim[1,2,3] = \(rawPixdim[1...3].map { "\($0)" }.joined(separator: ", ")): zero voxel sizes set to 1 (as nibabel does)"
      )
      for k in 1...3 where pixdim[k] == 0 { pixdim[k] = 1 }
    }
    if pixdim[1...3].contains(where: { $0 < 0 }) {
      warnings.append(
        "pixdim[1,2,3] = \(rawPixdim[1...3].map { "\($0)" }.joined(separator: ", ")): negative voxel sizes made positive (as nibabel does)"
      )
      for k in 1...3 { pixdim[k] = abs(pixdim[k]) }
    }
    if pixdim[0] != 1 && pixdim[0] != -1 {
      warnings.append("qfac (pixdim[0]) is \(rawPixdim[0]), expected 1 or -1; using 1 (as nibabel does)")
      pixdim[0] = 1
    }
    var qcode = qformCode
    var scode = sformCode
    if !(0...5).contains(qcode) {
      warnings.append("qform_code \(qcode) is not a NIfTI transform code (0…5); using 0 (as nibabel does)")
      qcode = 0
    }
    if !(0...5).contains(scode) {
      warnings.append("sform_code \(scode) is not a NIfTI transform code (0…5); using 0 (as nibabel does)")
      scode = 0
    }
    guard voxOffset.isFinite, voxOffset >= 0, voxOffset < 0x1p62 else {
      throw NeurometryError.malformedFile(
        path: path, field: "vox_offset", message: "is \(voxOffset), expected a byte offset ≥ 0")
    }
    var offset = Int(voxOffset)
    let minimum = version == 1 ? 352 : 544
    if single && offset < minimum {
      warnings.append(
        "vox_offset \(offset) is inside the header of a single-file NIfTI-\(version); reading the voxels from byte \(minimum)"
      )
      offset = minimum
    }
    return NIfTIHeader(
      version: version, isBigEndian: bigEndian, isSingleFile: single, shape: shape, dataType: type,
      bitsPerVoxel: bitpix,
      pixdim: pixdim, voxelOffset: offset, sclSlope: slope, sclInter: inter, qformCode: qcode, sformCode: scode,
      quaternion: quaternion, quaternionOffset: qoffset, sformRows: srow, xyztUnits: xyztUnits, intentCode: intentCode,
      intentName: intentName, description: descrip, auxiliaryFile: auxFile, sliceDuration: sliceDuration,
      timeOffset: toffset, calibrationMinimum: calMin, calibrationMaximum: calMax, warnings: warnings)
  }
}
