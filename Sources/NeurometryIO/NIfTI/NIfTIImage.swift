import Foundation
import NeurometryLinearAlgebra

/// A NIfTI-1 or NIfTI-2 image read whole: header, affine and voxel values as `Double` after
/// scaling, exactly as nibabel's `img.get_fdata()` gives them.
///
/// Files: `.nii`, `.nii.gz` (gzip, decompressed once in memory), and header/image pairs
/// `.hdr` + `.img` (either may be named, and either may be gzipped: `.hdr.gz`, `.img.gz`).
///
/// **Voxel order.** `values` keep the file's order, the first axis fastest:
/// `values[i + nx·(j + ny·(k + nz·t))]` is voxel (i, j, k) at volume t (numpy's Fortran order of
/// the (x, y, z, t) array). For a 4-D image this makes `values` a row-major time × voxel matrix
/// with no reordering (see `timeByVoxel`).
///
/// **Scaling.** `value = raw · scl_slope + scl_inter` in Double when `scl_slope` is finite and
/// non-zero (nibabel's rule: a slope of 0, NaN or ±∞ means no scaling, and then the intercept is
/// ignored); the multiplication is skipped when the slope is 1 and the addition when the intercept
/// is 0, as nibabel does (which keeps −0.0). Integers are converted to the nearest Double
/// (int64/uint64 beyond 2⁵³ round, as numpy's cast does).
///
/// **Affine.** `affine` follows nibabel (see `NIfTIHeader.affine(path:)`), with its source.
public struct NIfTIImage: Sendable {
  /// The path the image was read from (for error messages).
  public let path: String
  /// The image's header (after nibabel's repairs; see `NIfTIHeader`).
  public let header: NIfTIHeader
  /// The voxel-to-world affine nibabel gives the image, with its source.
  public let affine: NIfTIAffine
  /// Voxel values after scaling, first axis fastest (see the type's documentation).
  public let values: [Double]
  /// What was repaired or assumed on reading.
  public var warnings: [String] { header.warnings }

  /// The image shape from the header, `(x, y, z[, t, …])`.
  public var shape: [Int] { header.shape }

  /// Creates an image from values in file order (first axis fastest). Traps when the count does
  /// not match the header's shape (a programmer error).
  public init(path: String, header: NIfTIHeader, affine: NIfTIAffine, values: [Double]) {
    precondition(values.count == header.voxelCount, "NIfTIImage: \(values.count) values for shape \(header.shape)")
    self.path = path
    self.header = header
    self.affine = affine
    self.values = values
  }

  /// Reads an image. Errors name the file and field: a truncated file or gzip stream, a wrong
  /// `sizeof_hdr` or magic, a voxel type that is not real-valued, a missing `.img` of a pair.
  public static func read(_ path: String) throws -> NIfTIImage {
    let voxels = try NIfTIVoxelData.read(path)
    return NIfTIImage(path: path, header: voxels.header, affine: voxels.affine, values: voxels.decodeAll())
  }

  /// Reads only the header: a `.nii.gz` is inflated just as far as its first 544 bytes (the
  /// NIfTI-2 header and the extension flag), a `.nii` mapped and only its header touched, so
  /// the shapes of any image are known before its voxels are read (memory planning, `inspect`).
  public static func readHeader(_ path: String) throws -> NIfTIHeader {
    let lower = path.lowercased()
    let headerPath = lower.hasSuffix(".img") || lower.hasSuffix(".img.gz") ? try pairedHeaderPath(path) : path
    // Only the start of the file is read: 544 bytes, or for a .nii.gz the first 64 KiB of the
    // stream (a header compresses to a few hundred bytes; the whole file when that is not enough).
    var data = try FileAccess.readPrefix(headerPath, count: 1 << 16)
    let isGzip = data.count >= 2 && data[data.startIndex] == 0x1F && data[data.startIndex + 1] == 0x8B
    var bytes = data
    if isGzip {
      bytes = try data.withUnsafeBytes { try Zlib.inflatePrefix($0, raw: false, count: 544, context: headerPath) }
      if bytes.count < 544, data.count == 1 << 16 {
        data = try FileAccess.read(headerPath)
        bytes = try data.withUnsafeBytes { try Zlib.inflatePrefix($0, raw: false, count: 544, context: headerPath) }
      }
    }
    return try bytes.withUnsafeBytes { try NIfTIHeader.decode($0, path: headerPath) }
  }

  /// The value of voxel (i, j, k[, t, …]). Traps when out of range (a programmer error).
  public func value(at index: [Int]) -> Double {
    precondition(index.count == shape.count, "NIfTIImage.value: \(index.count) indices for \(shape.count) dimensions")
    var flat = 0
    var stride = 1
    for (a, i) in index.enumerated() {
      precondition(i >= 0 && i < shape[a], "NIfTIImage.value: index \(index) out of shape \(shape)")
      flat += i * stride
      stride *= shape[a]
    }
    return values[flat]
  }

  /// The image as an `NDArray` of shape (x, y, z[, t]) in C order (what numpy shows for
  /// `img.get_fdata()`), with `sourceWasFortranOrder` set and the file's voxel type.
  public func asNDArray() -> NDArray {
    let n = shape.count
    guard n > 1 else {
      return NDArray(shape: shape, values: .float64(values), sourceType: header.numpyType, sourceWasFortranOrder: true)
    }
    var out = [Double](repeating: 0, count: values.count)
    // C strides of the output; walk the file (first axis fastest) and scatter.
    var cStride = [Int](repeating: 1, count: n)
    for a in stride(from: n - 2, through: 0, by: -1) { cStride[a] = cStride[a + 1] * shape[a + 1] }
    var index = [Int](repeating: 0, count: n)
    var target = 0
    for v in values {
      out[target] = v
      var a = 0
      while a < n {
        index[a] += 1
        target += cStride[a]
        if index[a] < shape[a] { break }
        target -= cStride[a] * shape[a]
        index[a] = 0
        a += 1
      }
    }
    return NDArray(shape: shape, values: .float64(out), sourceType: header.numpyType, sourceWasFortranOrder: true)
  }

  // MARK: - Files

  /// The header (read from the `.hdr` when `path` names the `.img` of a pair), the path it came
  /// from, and that file's (decompressed) bytes.
  static func readHeaderAndBytes(_ path: String) throws -> (header: NIfTIHeader, headerPath: String, data: Data) {
    let lower = path.lowercased()
    let headerPath = lower.hasSuffix(".img") || lower.hasSuffix(".img.gz") ? try pairedHeaderPath(path) : path
    // A compressed header is decoded first, so that inflating stops at the bytes it claims.
    let compressed = try FileAccess.readPrefix(headerPath, count: 2).starts(with: [0x1F, 0x8B])
    let claimed: Int?
    if compressed {
      let prefix = try FileAccess.read(headerPath).withUnsafeBytes {
        try Zlib.inflatePrefix($0, raw: false, count: 544, context: headerPath)
      }
      let h = try prefix.withUnsafeBytes { try NIfTIHeader.decode($0, path: headerPath) }
      let (total, overflow) = h.voxelOffset.addingReportingOverflow(h.dataByteCount)
      claimed = !h.isSingleFile ? prefix.count : overflow ? Int.max : total
    } else {
      claimed = nil
    }
    let data = try decompressedContents(headerPath, claimed: claimed)
    let header = try data.withUnsafeBytes { try NIfTIHeader.decode($0, path: headerPath) }
    let isPairFile =
      lower.hasSuffix(".hdr") || lower.hasSuffix(".hdr.gz") || lower.hasSuffix(".img")
      || lower.hasSuffix(".img.gz")
    if header.isSingleFile && isPairFile {
      throw NeurometryError.malformedFile(
        path: headerPath, field: "magic",
        message:
          "says 'n+\(header.version)' (header and voxels in one .nii file) but the file is named as a .hdr/.img pair")
    }
    if !header.isSingleFile && !isPairFile {
      throw NeurometryError.malformedFile(
        path: headerPath, field: "magic",
        message:
          "says 'ni\(header.version)' (voxels in a separate .img file) but the file is a single .nii; rename it to .hdr and put the voxels beside it in .img"
      )
    }
    return (header, headerPath, data)
  }

  /// The whole file, gunzipped when it starts with the gzip magic (once, in memory). `claimed`:
  /// the bytes its header says it holds (offset + voxels); inflating stops there, and a claim
  /// beyond this machine's memory is refused before anything is allocated.
  static func decompressedContents(_ path: String, claimed: Int? = nil) throws -> Data {
    let data = try FileAccess.read(path)
    guard data.count >= 2, data[data.startIndex] == 0x1F, data[data.startIndex + 1] == 0x8B else { return data }
    if let claimed { try FileAccess.requireMemory(claimed, for: path, what: "image the header describes") }
    return try data.withUnsafeBytes {
      try Zlib.inflate($0, raw: false, expectedSize: nil, limit: claimed, context: path)
    }
  }

  /// The possible names of a pair's other file: `a.hdr` → `a.img`, `a.img.gz` (same case).
  private static func siblings(_ path: String, from: String, to: String) -> [String]? {
    let base = path.lowercased().hasSuffix(".gz") ? String(path.dropLast(3)) : path
    guard base.lowercased().hasSuffix(from) else { return nil }
    let stem = String(base.dropLast(from.count))
    let ext = base.hasSuffix(from.uppercased()) ? to.uppercased() : to
    return [stem + ext, stem + ext + ".gz"]
  }

  static func pairedImagePath(_ headerPath: String) throws -> String {
    guard let candidates = siblings(headerPath, from: ".hdr", to: ".img") else {
      throw NeurometryError.malformedFile(
        path: headerPath, field: nil, message: "a NIfTI pair header must be named .hdr (its voxels in .img)")
    }
    guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
      throw NeurometryError.fileNotFound(path: candidates[0])
    }
    return found
  }

  static func pairedHeaderPath(_ imagePath: String) throws -> String {
    let candidates = siblings(imagePath, from: ".img", to: ".hdr") ?? [imagePath]
    guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
      throw NeurometryError.fileNotFound(path: candidates[0])
    }
    return found
  }

  // MARK: - Voxels

  static func decodeVoxels(
    _ body: UnsafeRawBufferPointer, type: NIfTIDataType, bigEndian: Bool, count: Int,
    scaling: (slope: Double, intercept: Double)?
  ) -> [Double] {
    // Big volumes (a 64×64×40×300 run is 49 M voxels, 393 MB as doubles) are decoded in parallel
    // chunks straight into uninitialised memory: one pass, and the first-touch page faults (most
    // of the cost) are taken on both cores.
    [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
      let out = SendablePointer(buffer.baseAddress)
      let raw = NIfTIRawBytes(base: body.baseAddress)
      let chunks = count >= 1 << 22 ? 4 * Parallel.workers : 1
      let decode = { @Sendable (c: Int) in
        guard let o = out.pointer, let b = raw.base else { return }
        let range = (c * count / chunks)..<((c + 1) * count / chunks)
        Self.decode(b, into: o, range: range, type: type, bigEndian: bigEndian, scaling: scaling)
      }
      _ = try? Parallel.map(chunks, decode)  // one chunk runs inline
      initialized = count
    }
  }

  /// Voxels `range` of the raw bytes as doubles, written to o[range] (byte order, type, then slope
  /// and intercept, each rounded as a separate step).
  static func decode(
    _ body: UnsafeRawPointer, into o: UnsafeMutablePointer<Double>, range: Range<Int>, type: NIfTIDataType,
    bigEndian: Bool, scaling: (slope: Double, intercept: Double)?
  ) {
    convert(body, into: o + range.lowerBound, count: range.count, type: type, bigEndian: bigEndian, scaling: scaling) {
      range.lowerBound + $0
    }
  }

  /// Voxels `offset + indices[c]` of the raw bytes as doubles, written to o[c].
  static func decode(
    _ body: UnsafeRawPointer, into o: UnsafeMutablePointer<Double>, indices: UnsafeBufferPointer<Int>, offset: Int,
    type: NIfTIDataType, bigEndian: Bool, scaling: (slope: Double, intercept: Double)?
  ) {
    convert(body, into: o, count: indices.count, type: type, bigEndian: bigEndian, scaling: scaling) {
      offset + indices[$0]
    }
  }

  /// o[c] = value of voxel `source(c)` for c in 0..<count: one conversion routine per type, the
  /// index map inlined into each.
  @inline(__always)
  private static func convert(
    _ body: UnsafeRawPointer, into o: UnsafeMutablePointer<Double>, count: Int, type: NIfTIDataType,
    bigEndian: Bool, scaling: (slope: Double, intercept: Double)?, source: (Int) -> Int
  ) {
    func integers<T: FixedWidthInteger>(_: T.Type, _ toDouble: (T) -> Double) {
      let size = MemoryLayout<T>.size
      for c in 0..<count {
        let raw = body.loadUnaligned(fromByteOffset: source(c) * size, as: T.self)
        o[c] = toDouble(bigEndian ? T(bigEndian: raw) : T(littleEndian: raw))
      }
    }
    switch type {
    case .uint8: integers(UInt8.self) { Double($0) }
    case .int8: integers(Int8.self) { Double($0) }
    case .int16: integers(Int16.self) { Double($0) }
    case .uint16: integers(UInt16.self) { Double($0) }
    case .int32: integers(Int32.self) { Double($0) }
    case .uint32: integers(UInt32.self) { Double($0) }
    case .int64: integers(Int64.self) { Double($0) }
    case .uint64: integers(UInt64.self) { Double($0) }
    case .float32: integers(UInt32.self) { Double(Float(bitPattern: $0)) }
    case .float64: integers(UInt64.self) { Double(bitPattern: $0) }
    default: for c in 0..<count { o[c] = 0 }  // refused before decoding
    }
    if let (slope, intercept) = scaling {
      if slope != 1 { for c in 0..<count { o[c] *= slope } }
      if intercept != 0 { for c in 0..<count { o[c] += intercept } }
    }
  }
}
