import NeurometryLinearAlgebra

/// What `neurometry inspect` shows about a NIfTI image: the header fields a person checks
/// (version, byte order, voxel type, shape, voxel sizes and units, TR), the affine nibabel would
/// use and which fields it came from, both stored transforms, the scaling, and every repair.
public struct NIfTISummary: Sendable, Codable, Equatable {
  /// 1 or 2.
  public let version: Int
  /// "little" or "big".
  public let byteOrder: String
  /// True for a `.hdr`/`.img` pair.
  public let isPair: Bool
  /// The image shape, `dim[1...dim[0]]` (x, y, z, t, …).
  public let shape: [Int]
  /// nibabel's name of the voxel type ("int16", "float32", "RGB", …).
  public let dataType: String
  /// The header's `datatype` code (NIFTI_TYPE_*: 2 uint8, 4 int16, 8 int32, 16 float32, 64 float64, …).
  public let datatypeCode: Int
  /// Voxel sizes `pixdim[1...ndim]`.
  public let zooms: [Double]
  /// The unit of the voxel sizes from `xyzt_units`: "mm", "meter", "micron" or "unknown".
  public let spatialUnit: String
  /// The unit of `pixdim[4]` from `xyzt_units`: "sec", "msec", "usec", "hz", "ppm", "rads" or "unknown".
  public let timeUnit: String
  /// Seconds, for 4-D images with a time unit (see `NIfTIHeader.repetitionTime`).
  public let repetitionTime: Double?
  /// The affine nibabel uses and its source.
  public let affine: [[Double]]
  /// Which header fields `affine` came from: sform, qform or nibabel's fallback.
  public let affineSource: NIfTIAffineSource
  /// `sform_code` after the repair (0 unknown, 1 scanner, 2 aligned, 3 Talairach, 4 MNI 152, 5 template).
  public let sformCode: Int
  /// `qform_code` after the repair, with the same codes as `sformCode`.
  public let qformCode: Int
  /// The stored sform as a 4×4 matrix (`srow_x/y/z`, then 0 0 0 1), whatever `sformCode` says.
  public let sform: [[Double]]
  /// nil when the quaternion is not a unit quaternion.
  public let qform: [[Double]]?
  /// `scl_slope`, `scl_inter` as stored, and whether they scale the voxels. This one is `scl_slope`.
  public let sclSlope: Double
  /// `scl_inter` as stored (`null` in JSON when not finite).
  public let sclInter: Double
  /// True when reading changes the stored values: a finite non-zero slope, other than slope 1 with intercept 0.
  public let scaled: Bool
  /// `vox_offset` after the repair: the byte offset of the voxels in the `.nii` (or the `.img` of a pair).
  public let voxelOffset: Int
  /// `descrip`: the header's free-text description (up to 80 bytes).
  public let description: String
  /// `intent_code`: what the voxel values mean (NIFTI_INTENT_*; 0 none, 1002 label, …).
  public let intentCode: Int
  /// `intent_name`: free text naming the intent (up to 16 bytes).
  public let intentName: String
  /// True when Neurometry reads the voxels (real-valued types).
  public let voxelsReadable: Bool
  /// What was repaired on reading the header (as nibabel does), one sentence each.
  public let warnings: [String]

  enum CodingKeys: String, CodingKey {
    case version, byteOrder = "byte_order", isPair = "is_pair", shape, dataType = "datatype"
    case datatypeCode = "datatype_code", zooms, spatialUnit = "spatial_unit", timeUnit = "time_unit"
    case repetitionTime = "repetition_time", affine, affineSource = "affine_source", sformCode = "sform_code"
    case qformCode = "qform_code", sform, qform, sclSlope = "scl_slope", sclInter = "scl_inter", scaled
    case voxelOffset = "vox_offset", description, intentCode = "intent_code", intentName = "intent_name"
    case voxelsReadable = "voxels_readable", warnings
  }

  /// Every field is written, `null` where absent, so scripts can rely on the keys; non-finite
  /// numbers (a NaN `scl_slope`) are written as `null` too (JSON has no NaN).
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    func finite(_ x: Double) -> Double? { x.isFinite ? x : nil }
    try c.encode(version, forKey: .version)
    try c.encode(byteOrder, forKey: .byteOrder)
    try c.encode(isPair, forKey: .isPair)
    try c.encode(shape, forKey: .shape)
    try c.encode(dataType, forKey: .dataType)
    try c.encode(datatypeCode, forKey: .datatypeCode)
    try c.encode(zooms.map(finite), forKey: .zooms)
    try c.encode(spatialUnit, forKey: .spatialUnit)
    try c.encode(timeUnit, forKey: .timeUnit)
    try c.encode(repetitionTime, forKey: .repetitionTime)
    try c.encode(affine.map { $0.map(finite) }, forKey: .affine)
    try c.encode(affineSource, forKey: .affineSource)
    try c.encode(sformCode, forKey: .sformCode)
    try c.encode(qformCode, forKey: .qformCode)
    try c.encode(sform.map { $0.map(finite) }, forKey: .sform)
    try c.encode(qform.map { $0.map { $0.map(finite) } }, forKey: .qform)
    try c.encode(finite(sclSlope), forKey: .sclSlope)
    try c.encode(finite(sclInter), forKey: .sclInter)
    try c.encode(scaled, forKey: .scaled)
    try c.encode(voxelOffset, forKey: .voxelOffset)
    try c.encode(description, forKey: .description)
    try c.encode(intentCode, forKey: .intentCode)
    try c.encode(intentName, forKey: .intentName)
    try c.encode(voxelsReadable, forKey: .voxelsReadable)
    try c.encode(warnings, forKey: .warnings)
  }

  /// Summarises a header; `path` names the file in errors (a non-finite intercept with a valid
  /// slope, an sform/qform that cannot be computed).
  public init(header h: NIfTIHeader, path: String) throws {
    let affine = try h.affine(path: path)
    version = h.version
    byteOrder = h.isBigEndian ? "big" : "little"
    isPair = !h.isSingleFile
    shape = h.shape
    dataType = h.dataType.name
    datatypeCode = h.dataType.rawValue
    zooms = h.zooms
    spatialUnit = h.spatialUnit
    timeUnit = h.timeUnit
    repetitionTime = h.repetitionTime
    self.affine = affine.rows
    affineSource = affine.source
    sformCode = h.sformCode
    qformCode = h.qformCode
    sform = h.sformMatrix
    qform = try? h.qformMatrix(path: path)
    sclSlope = h.sclSlope
    sclInter = h.sclInter
    scaled = try h.scaling(path: path) != nil
    voxelOffset = h.voxelOffset
    description = h.description
    intentCode = h.intentCode
    intentName = h.intentName
    voxelsReadable = h.dataType.isReadable
    warnings = h.warnings
  }
}
