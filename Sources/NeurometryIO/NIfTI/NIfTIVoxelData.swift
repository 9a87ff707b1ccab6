import Foundation
import NeurometryLinearAlgebra

/// The voxels of a NIfTI image as its file stores them — read (an uncompressed `.nii` is
/// memory-mapped, a gzipped one inflated once) and checked, but not yet converted to `Double`.
///
/// `NIfTIImage.read` decodes everything; a 4-D run analysed inside a mask needs only the masked
/// voxels: `gather(columns:)` converts just those, straight from the file's bytes (a 64×64×40×300
/// run is 393 MB as doubles, its 44 % mask 171 MB, and a 2 mm whole-brain run of 400 scans 3.5 GB).
/// Values follow the same rules as `NIfTIImage` (byte order, type, then `scl_slope` and
/// `scl_inter`, each rounded as a separate step), so both give identical numbers.
public struct NIfTIVoxelData: Sendable {
  /// The path the image was read from (for error messages).
  public let path: String
  /// The image's header (after nibabel's repairs; see `NIfTIHeader`).
  public let header: NIfTIHeader
  /// The voxel-to-world affine nibabel would give the image, with its source.
  public let affine: NIfTIAffine
  /// The file holding the voxels (the `.img` of a pair).
  public let dataPath: String
  private let bytes: Data
  private let scaling: (slope: Double, intercept: Double)?

  /// The image shape from the header, `(x, y, z[, t, …])`.
  public var shape: [Int] { header.shape }

  /// Reads and checks an image without decoding its voxels. Errors name the file and field: a
  /// truncated file or gzip stream, a wrong `sizeof_hdr` or magic, a voxel type that is not
  /// real-valued, a missing `.img` of a pair, fewer voxel bytes than the header's shape needs.
  public static func read(_ path: String) throws -> NIfTIVoxelData {
    let (header, headerPath, headerData) = try NIfTIImage.readHeaderAndBytes(path)
    let affine = try header.affine(path: path)
    guard header.dataType.isReadable else {
      throw NeurometryError.unsupported(path: path, field: "datatype", message: header.dataType.refusal)
    }
    let scaling = try header.scaling(path: path)
    let (dataPath, data): (String, Data)
    if header.isSingleFile {
      (dataPath, data) = (path, headerData)
    } else {
      dataPath = headerPath == path ? try NIfTIImage.pairedImagePath(path) : path
      let (total, overflow) = header.voxelOffset.addingReportingOverflow(header.dataByteCount)
      data = try NIfTIImage.decompressedContents(dataPath, claimed: overflow ? Int.max : total)
    }
    let needed = header.dataByteCount
    let available = data.count - header.voxelOffset
    guard available >= needed else {
      throw NeurometryError.malformedFile(
        path: dataPath, field: nil,
        message:
          "header says shape \(NDArray.describe(shape: header.shape)) \(header.dataType.name) (\(needed.grouped) bytes of voxels from byte \(header.voxelOffset.grouped)) but the file holds \(Swift.max(available, 0).grouped) bytes there — truncated, or a wrong dim?"
      )
    }
    return NIfTIVoxelData(
      path: path, header: header, affine: affine, dataPath: dataPath, bytes: data, scaling: scaling)
  }

  /// Every voxel as `Double`, first axis fastest (`NIfTIImage.values`).
  public func decodeAll() -> [Double] {
    withBody { body in
      NIfTIImage.decodeVoxels(
        body, type: header.dataType, bigEndian: header.isBigEndian, count: header.voxelCount, scaling: scaling)
    }
  }

  /// The rows × columns.count matrix (row-major) of the values at flat indices
  /// `r·stride + columns[c]`: for a 4-D image with stride = voxels per volume, the scans × selected
  /// voxels matrix. Big selections are converted in parallel blocks of rows. Indices must lie in
  /// the image (a programmer error otherwise).
  public func gather(columns: [Int], stride: Int, rows: Int) -> [Double] {
    let m = columns.count
    precondition(
      columns.allSatisfy { $0 >= 0 && $0 < stride } && rows * stride <= header.voxelCount,
      "NIfTIVoxelData.gather: indices outside the image")
    return withBody { body in
      [Double](unsafeUninitializedCapacity: rows * m) { buffer, initialized in
        let out = SendablePointer(buffer.baseAddress)
        let raw = NIfTIRawBytes(base: body.baseAddress)
        let blocks = rows * m >= 1 << 20 ? Swift.min(rows, 4 * Parallel.workers) : 1
        let (type, bigEndian, scaling) = (header.dataType, header.isBigEndian, scaling)
        columns.withUnsafeBufferPointer { c in
          let picked = NIfTIRawIndices(base: c.baseAddress, count: m)
          _ = try? Parallel.map(blocks) { block in
            guard let o = out.pointer, let b = raw.base else { return }
            for r in (block * rows / blocks)..<((block + 1) * rows / blocks) {
              NIfTIImage.decode(
                b, into: o + r * m, indices: picked.buffer, offset: r * stride, type: type, bigEndian: bigEndian,
                scaling: scaling)
            }
          }
        }
        initialized = rows * m
      }
    }
  }

  private func withBody<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
    bytes.withUnsafeBytes { raw in
      body(UnsafeRawBufferPointer(rebasing: raw[header.voxelOffset..<(header.voxelOffset + header.dataByteCount)]))
    }
  }
}

/// The raw bytes of a file handed to parallel decoding tasks (read only; they outlive the loop).
struct NIfTIRawBytes: @unchecked Sendable {
  let base: UnsafeRawPointer?
}

/// Flat voxel indices handed to parallel decoding tasks (read only; they outlive the loop).
struct NIfTIRawIndices: @unchecked Sendable {
  let base: UnsafePointer<Int>?
  let count: Int
  var buffer: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: base, count: count) }
}
