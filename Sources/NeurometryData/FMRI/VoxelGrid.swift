import NeurometryIO
import NeurometryLinearAlgebra

/// The 3-D voxel grid of an image: its shape (x, y, z) and voxel-to-world affine.
///
/// Voxels are numbered in file order, first axis fastest: the flat index of (i, j, k) is
/// `i + nx·(j + ny·k)`.
public struct VoxelGrid: Sendable, Equatable, Codable {
  /// (nx, ny, nz).
  public let shape: [Int]
  /// The voxel-to-world affine, mapping (i, j, k) to world coordinates (millimetres).
  public let affine: NIfTIAffine

  /// A grid of `shape` (nx, ny, nz) with `affine`; a shape that is not 3-D is a programmer error.
  public init(shape: [Int], affine: NIfTIAffine) {
    precondition(shape.count == 3, "VoxelGrid: shape \(shape) is not 3-D")
    self.shape = shape
    self.affine = affine
  }

  /// The number of voxels, nx · ny · nz.
  public var voxelCount: Int { shape[0] * shape[1] * shape[2] }

  /// The flat (file-order) index of voxel (i, j, k).
  public func flatIndex(_ i: Int, _ j: Int, _ k: Int) -> Int { i + shape[0] * (j + shape[1] * k) }

  /// The (i, j, k) of a flat index.
  public func coordinates(_ flat: Int) -> (i: Int, j: Int, k: Int) {
    (flat % shape[0], (flat / shape[0]) % shape[1], flat / (shape[0] * shape[1]))
  }

  /// Flat indices of all voxels in numpy's C order of the (x, y, z) array (i slowest, k
  /// fastest): the order of `data[mask]` in numpy and of nilearn's maskers.
  func cOrder(where include: (Int) -> Bool) -> [Int] {
    var out: [Int] = []
    for i in 0..<shape[0] {
      for j in 0..<shape[1] {
        for k in 0..<shape[2] {
          let f = flatIndex(i, j, k)
          if include(f) { out.append(f) }
        }
      }
    }
    return out
  }

  /// Throws unless `other` has the same shape and an affine equal within numpy's `allclose`
  /// (nilearn's test for "the same grid"); `what`/`otherWhat` name the two images.
  public func requireSame(as other: VoxelGrid, _ what: String, _ otherWhat: String) throws {
    guard shape == other.shape else {
      throw NeurometryError.shapeMismatch(
        context: what,
        message:
          "has voxel grid \(NDArray.describe(shape: shape)) but \(otherWhat) has \(NDArray.describe(shape: other.shape)); resample it to the same grid first"
      )
    }
    guard affine.isClose(to: other.affine) else {
      throw NeurometryError.shapeMismatch(
        context: what,
        message:
          "has the same shape as \(otherWhat) but a different affine (\(affine.rows.prefix(3).map { $0.map { "\($0)" }.joined(separator: " ") }.joined(separator: "; ")) vs \(other.affine.rows.prefix(3).map { $0.map { "\($0)" }.joined(separator: " ") }.joined(separator: "; "))); resample it to the same grid first"
      )
    }
  }

  /// The grid of an image with 3 spatial dimensions (fewer are padded with 1; further
  /// dimensions are not part of the grid).
  static func of(_ image: NIfTIImage) -> VoxelGrid {
    var s = Array(image.shape.prefix(3))
    while s.count < 3 { s.append(1) }
    return VoxelGrid(shape: s, affine: image.affine)
  }
}
