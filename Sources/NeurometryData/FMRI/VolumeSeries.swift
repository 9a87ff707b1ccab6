import NeurometryIO
import NeurometryLinearAlgebra

/// A 4-D fMRI run: scans × voxels.
///
/// `data` is a row-major `Matrix` with one row per scan and one column per voxel of the grid in
/// file order (the layout of a 4-D NIfTI file, so reading it needs no reordering).
public struct VolumeSeries: Sendable {
  public let grid: VoxelGrid
  /// scans × voxels (all voxels of the grid, file order).
  public let data: Matrix
  /// Seconds between scans from the header (`pixdim[4]` and its unit), if it says.
  public let headerRepetitionTime: Double?
  /// The file it came from (for messages).
  public let source: String

  public var scanCount: Int { data.rows }

  public init(grid: VoxelGrid, data: Matrix, headerRepetitionTime: Double? = nil, source: String) {
    precondition(data.columns == grid.voxelCount, "VolumeSeries: \(data.columns) columns for \(grid.voxelCount) voxels")
    self.grid = grid
    self.data = data
    self.headerRepetitionTime = headerRepetitionTime
    self.source = source
  }

  /// A run from a 4-D NIfTI image (x, y, z, t); trailing dimensions of size 1 are allowed.
  public init(image: NIfTIImage) throws {
    let s = image.shape
    guard s.count >= 4, s.dropFirst(4).allSatisfy({ $0 == 1 }) else {
      throw NeurometryError.shapeMismatch(
        context: image.path,
        message: "has shape \(NDArray.describe(shape: s)); an fMRI run needs 4 dimensions (x, y, z, time)")
    }
    let grid = VoxelGrid(shape: Array(s.prefix(3)), affine: image.affine)
    self.init(
      grid: grid, data: Matrix(rows: s[3], columns: grid.voxelCount, elements: image.values),
      headerRepetitionTime: image.header.repetitionTime, source: image.path)
  }

  /// Reads a 4-D NIfTI file.
  public static func read(_ path: String) throws -> VolumeSeries { try VolumeSeries(image: try NIfTIImage.read(path)) }

  /// The scans × selected-voxels matrix for `voxels` (flat indices), throwing on NaN/∞ with the
  /// voxel's (i, j, k) and the scan.
  public func columns(_ voxels: [Int], region: String) throws -> Matrix {
    var out = Matrix(rows: data.rows, columns: voxels.count)
    let n = data.columns
    try data.withUnsafeBufferPointer { d in
      try out.withUnsafeMutableBufferPointer { o in
        for t in 0..<data.rows {
          for (c, v) in voxels.enumerated() {
            let x = d[t * n + v]
            guard x.isFinite else {
              let (i, j, k) = grid.coordinates(v)
              throw NeurometryError.invalidInput(
                context: source,
                message:
                  "voxel (\(i), \(j), \(k)) is \(x) at scan \(t), inside \(region); remove it from the mask or fix the data"
              )
            }
            o[t * voxels.count + c] = x
          }
        }
      }
    }
    return out
  }
}
