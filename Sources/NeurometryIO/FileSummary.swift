import Foundation
import NeurometryLinearAlgebra

/// What is inside a file: its format and, per array, shape, type, order and value statistics —
/// the result of `neurometry inspect`.
public struct FileSummary: Sendable, Codable, Equatable {
  /// The file or folder inspected, as given.
  public let path: String
  /// The format detected from magic bytes and extension (`phy` for a Kilosort/Phy folder).
  public let format: FileFormat
  /// Format version (e.g. NPY "1.0").
  public let formatVersion: String?
  /// Size of the file in bytes; for a Phy folder, the total size of the files it lists.
  public let sizeBytes: Int
  /// One summary per array: NPZ members, HDF5/NWB/MAT datasets, NIfTI "data", Phy spike arrays.
  public let arrays: [ArraySummary]
  /// NWB files: units, interval tables and time series.
  public var nwb: NWBSummary? = nil
  /// NIfTI images: header, affine and its source (nil for other formats).
  public var nifti: NIfTISummary? = nil
  /// Kilosort/Phy folders: files, label sources, clusters per label, spikes, duration.
  public var phy: PhySummary? = nil
  /// What a reader should know about the file as a whole (an NWB 1.x file: arrays only).
  public var warnings: [String] = []

  enum CodingKeys: String, CodingKey {
    case path, format, formatVersion = "format_version", sizeBytes = "size_bytes", arrays, nwb, nifti, phy, warnings
  }

  /// Every warning of the summary: the file's own, then the NWB, NIfTI and Phy parts' (for the
  /// `warnings` of `inspect`'s JSON).
  public var allWarnings: [String] {
    warnings + (nwb?.warnings ?? []) + (nifti?.warnings ?? []) + (phy?.warnings ?? [])
  }
}

/// One array of a file, summarised.
public struct ArraySummary: Sendable, Codable, Equatable {
  /// Member or dataset name (nil for a single `.npy`).
  public let name: String?
  /// The array's dimensions, as the file stores them (`[]` for a scalar); MATLAB variables in
  /// MATLAB's shape (a 1×n char row is `[1, n]`, a scalar struct `[1, 1]`).
  public internal(set) var shape: [Int]
  /// The stored type string, e.g. `<f8`, `>i2`, `<U9`.
  public let dtype: String
  /// "C" or "F" (the order stored in the file).
  public let order: String
  /// Number of elements: the product of `shape`.
  public internal(set) var count: Int
  /// Statistics over the non-NaN values (nil when there are none, or when not finite: see
  /// `infinityCount`). Strings have no statistics. This one is the smallest value (JSON `min`).
  public let minimum: Double?
  /// The largest non-NaN value (JSON `max`); nil as for `minimum`.
  public let maximum: Double?
  /// The mean of the non-NaN values; nil when there are none or the mean is not finite.
  public let mean: Double?
  /// Number of NaN elements (JSON `nan_count`); nil for strings and arrays described without values.
  public let nanCount: Int?
  /// Number of +∞ and −∞ elements (JSON `inf_count`); nil for strings and arrays described without values.
  public let infinityCount: Int?
  /// For strings: the number of distinct values and the first few.
  public let distinctCount: Int?
  /// For strings: the first five values, in storage order (nil for numeric arrays).
  public let examples: [String]?

  enum CodingKeys: String, CodingKey {
    case name, shape, dtype, order, count, minimum = "min", maximum = "max", mean
    case nanCount = "nan_count", infinityCount = "inf_count", distinctCount = "distinct_count", examples
  }

  /// Numeric arrays always carry `min`, `max`, `mean` (null when undefined or infinite),
  /// `nan_count` and `inf_count`; string arrays carry `distinct_count` and `examples`.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encodeIfPresent(name, forKey: .name)
    try c.encode(shape, forKey: .shape)
    try c.encode(dtype, forKey: .dtype)
    try c.encode(order, forKey: .order)
    try c.encode(count, forKey: .count)
    if let distinctCount {
      try c.encode(distinctCount, forKey: .distinctCount)
      try c.encode(examples ?? [], forKey: .examples)
    } else {
      try c.encode(minimum, forKey: .minimum)
      try c.encode(maximum, forKey: .maximum)
      try c.encode(mean, forKey: .mean)
      try c.encode(nanCount ?? 0, forKey: .nanCount)
      try c.encode(infinityCount ?? 0, forKey: .infinityCount)
    }
  }

  /// The product of `shape`, saturating at `Int.max`: a damaged file's dimensions may overflow
  /// (found by fuzzing), and a summary describes them rather than trapping.
  static func elementCount(_ shape: [Int]) -> Int {
    shape.reduce(1) { product, n in
      let (p, overflow) = product.multipliedReportingOverflow(by: Swift.max(n, 0))
      return overflow ? Int.max : p
    }
  }

  /// An array described without its values (too large to read for `inspect`, or of a type
  /// that has no values to summarise, such as object references).
  public init(name: String?, shape: [Int], dtype: String, order: String = "C") {
    self.name = name
    self.shape = shape
    self.dtype = dtype
    self.order = order
    count = ArraySummary.elementCount(shape)
    minimum = nil
    maximum = nil
    mean = nil
    nanCount = nil
    infinityCount = nil
    distinctCount = nil
    examples = nil
  }

  /// Summarises an array: min/max/mean over non-NaN values, NaN and ±∞ counts; strings get
  /// their distinct count and first five values.
  public init(name: String?, array: NDArray) {
    self.name = name
    self.shape = array.shape
    self.dtype = array.sourceType
    self.order = array.sourceWasFortranOrder ? "F" : "C"
    self.count = array.count
    if case .string(let s) = array.values {
      minimum = nil
      maximum = nil
      mean = nil
      nanCount = nil
      infinityCount = nil
      distinctCount = Set(s).count
      examples = Array(s.prefix(5))
      return
    }
    let v = (try? array.doubles(context: "")) ?? []
    var lo = Double.infinity
    var hi = -Double.infinity
    var sum = 0.0
    var n = 0
    var nan = 0
    var inf = 0
    for x in v {
      if x.isNaN {
        nan += 1
        continue
      }
      if x.isInfinite { inf += 1 }
      lo = Swift.min(lo, x)
      hi = Swift.max(hi, x)
      sum += x
      n += 1
    }
    minimum = n > 0 && lo.isFinite ? lo : nil
    maximum = n > 0 && hi.isFinite ? hi : nil
    let m = sum / Double(n)
    mean = n > 0 && m.isFinite ? m : nil
    nanCount = nan
    infinityCount = inf
    distinctCount = nil
    examples = nil
  }
}

extension FileSummary {
  /// Inspects a file of any supported format (chosen by magic bytes and extension), or a
  /// Kilosort/Phy output folder.
  public static func inspect(_ path: String) throws -> FileSummary {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
      return try inspectPhy(path)
    }
    let format = try FileFormat.detect(path)
    let size = try FileAccess.read(path).count
    switch format {
    case .npy:
      let header = try NPYFile.readHeader(path)
      let array = try NPYFile.read(path)
      return FileSummary(
        path: path, format: .npy, formatVersion: header.version, sizeBytes: size,
        arrays: [ArraySummary(name: nil, array: array)])
    case .npz:
      let npz = try NPZFile(path: path)
      let arrays = try npz.arrays().map { ArraySummary(name: $0.name, array: $0.array) }
      return FileSummary(path: path, format: .npz, formatVersion: nil, sizeBytes: size, arrays: arrays)
    case .hdf5, .nwb, .mat, .matV5:
      return try inspectHDF5(path, format: format, size: size)
    case .nifti, .niftiGzip:
      return try inspectNIfTI(path, format: format, size: size)
    default:
      throw NeurometryError.unsupported(
        path: path, field: nil,
        message:
          "inspecting \(format == .unknown ? "this kind of file" : format.rawValue + " files") is not supported yet (.npy, .npz, HDF5/NWB, MATLAB v7.3, NIfTI and Kilosort/Phy folders are)"
      )
    }
  }
}

extension FileSummary {
  /// A NIfTI image: its header summary and, when its voxels are real-valued, one array "data"
  /// (shape (x, y, z[, t]), the stored type, order "F" as NIfTI stores it, statistics after scaling).
  static func inspectNIfTI(_ path: String, format: FileFormat, size: Int) throws -> FileSummary {
    let header = try NIfTIImage.readHeader(path)
    let summary = try NIfTISummary(header: header, path: path)
    var arrays: [ArraySummary] = []
    if header.dataType.isReadable {
      arrays = [ArraySummary(name: "data", array: try NIfTIImage.read(path).asNDArray())]
    }
    return FileSummary(
      path: path, format: format, formatVersion: "\(header.version)", sizeBytes: size, arrays: arrays, nifti: summary)
  }
}
