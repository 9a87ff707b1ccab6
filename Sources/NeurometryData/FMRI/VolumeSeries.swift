import NeurometryIO
import NeurometryLinearAlgebra

/// A 4-D fMRI run: scans × voxels.
///
/// `data` is a row-major `Matrix` with one row per scan and one column per voxel of the grid in
/// file order (the layout of a 4-D NIfTI file, so reading it needs no reordering).
///
/// A series read from a file (`read`) keeps the file's voxels undecoded and converts only what is
/// asked for: `columns` (a mask, an atlas region) decodes just those voxels, so a run analysed in a
/// mask never exists whole as doubles (a 2 mm whole-brain run of 400 scans would be 3.5 GB).
/// `data` decodes every voxel (on each access for such a series).
public struct VolumeSeries: Sendable {
  /// The 3-D grid every scan is sampled on (shape and voxel-to-world affine).
  public let grid: VoxelGrid
  /// The number of scans (time points, rows of `data`).
  public let scanCount: Int
  /// Seconds between scans from the header (`pixdim[4]` and its unit), if it says.
  public let headerRepetitionTime: Double?
  /// The file it came from (for messages).
  public let source: String
  private let storage: Storage

  /// The decoded voxels (a series made in memory), or the file's undecoded voxels.
  private enum Storage: Sendable {
    case decoded(Matrix)
    case file(NIfTIVoxelData)
  }

  /// scans × voxels (all voxels of the grid, file order).
  public var data: Matrix {
    switch storage {
    case .decoded(let m): return m
    case .file(let voxels):
      return Matrix(rows: scanCount, columns: grid.voxelCount, elements: voxels.decodeAll())
    }
  }

  /// A series held in memory: `data` is scans × voxels, one column per voxel of `grid` in file order
  /// (a column count that differs from `grid.voxelCount` is a programmer error).
  public init(grid: VoxelGrid, data: Matrix, headerRepetitionTime: Double? = nil, source: String) {
    precondition(data.columns == grid.voxelCount, "VolumeSeries: \(data.columns) columns for \(grid.voxelCount) voxels")
    self.grid = grid
    self.scanCount = data.rows
    self.storage = .decoded(data)
    self.headerRepetitionTime = headerRepetitionTime
    self.source = source
  }

  /// A run from a 4-D NIfTI image (x, y, z, t); trailing dimensions of size 1 are allowed.
  public init(image: NIfTIImage) throws {
    let grid = try Self.grid(shape: image.shape, affine: image.affine, path: image.path)
    self.init(
      grid: grid, data: Matrix(rows: image.shape[3], columns: grid.voxelCount, elements: image.values),
      headerRepetitionTime: image.header.repetitionTime, source: image.path)
  }

  /// A run whose voxels stay in the file's encoding until asked for.
  public init(voxels: NIfTIVoxelData) throws {
    grid = try Self.grid(shape: voxels.shape, affine: voxels.affine, path: voxels.path)
    scanCount = voxels.shape[3]
    storage = .file(voxels)
    headerRepetitionTime = voxels.header.repetitionTime
    source = voxels.path
  }

  /// Reads a 4-D NIfTI file (header checked and voxels read now, decoded on demand).
  public static func read(_ path: String) throws -> VolumeSeries {
    try VolumeSeries(voxels: try NIfTIVoxelData.read(path))
  }

  private static func grid(shape s: [Int], affine: NIfTIAffine, path: String) throws -> VoxelGrid {
    guard s.count >= 4, s.dropFirst(4).allSatisfy({ $0 == 1 }) else {
      throw NeurometryError.shapeMismatch(
        context: path,
        message: "has shape \(NDArray.describe(shape: s)); an fMRI run needs 4 dimensions (x, y, z, time)")
    }
    return VoxelGrid(shape: Array(s.prefix(3)), affine: affine)
  }

  /// The scans × selected-voxels matrix for `voxels` (flat indices), throwing on NaN/∞ with the
  /// voxel's (i, j, k) and the scan.
  public func columns(_ voxels: [Int], region: String) throws -> Matrix {
    let out: Matrix
    switch storage {
    case .decoded(let data):
      out = Matrix(rows: scanCount, columns: voxels.count) { t, c in data[t, voxels[c]] }
    case .file(let file):
      out = Matrix(
        rows: scanCount, columns: voxels.count,
        elements: file.gather(columns: voxels, stride: grid.voxelCount, rows: scanCount))
    }
    try out.requireFinite(
      source, "the series inside \(region)", advice: "remove the voxel from the mask or fix the data"
    ) { t, c in
      let (i, j, k) = grid.coordinates(voxels[c])
      return "voxel (\(i), \(j), \(k)), scan \(t)"
    }
    return out
  }
}
