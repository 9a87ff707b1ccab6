import NeurometryIO
import NeurometryLinearAlgebra

/// A binary region of interest on a voxel grid.
///
/// As nilearn requires (`load_mask_img`), the image must hold exactly two values, one of them 0
/// (outside), and voxels with the other value are inside; or a single non-zero value (the whole
/// volume). An empty mask (only 0), two non-zero values, or more than two values (a probability
/// map, an atlas) is an error that says so.
///
/// `voxels` lists the inside voxels (flat file-order indices) in numpy's C order of the (x, y, z)
/// array — `data[mask]` in numpy, the column order of nilearn's `NiftiMasker`.
public struct VoxelMask: Sendable, Equatable {
  /// The voxel grid of the mask image; a series must share it to be masked.
  public let grid: VoxelGrid
  /// Inside voxels, flat indices, nilearn's order.
  public let voxels: [Int]
  /// The mask image's path (for messages).
  public let source: String

  /// A mask from its inside voxels, taken as given (flat file-order indices, in the order the
  /// channels should have).
  public init(grid: VoxelGrid, voxels: [Int], source: String) {
    self.grid = grid
    self.voxels = voxels
    self.source = source
  }

  /// A mask from a 3-D image (4-D images with one volume are accepted).
  public init(image: NIfTIImage) throws {
    guard image.shape.count <= 3 || image.shape.dropFirst(3).allSatisfy({ $0 == 1 }) else {
      throw NeurometryError.shapeMismatch(
        context: image.path, message: "has shape \(NDArray.describe(shape: image.shape)); a mask must be 3-D")
    }
    let grid = VoxelGrid.of(image)
    var distinct = Set<Double>()
    for v in image.values {
      if v.isNaN {
        throw NeurometryError.invalidInput(
          context: image.path, message: "holds NaN; a mask must be 0 outside and one value inside")
      }
      distinct.insert(v)
      if distinct.count > 2 { break }
    }
    guard (distinct.count == 2 && distinct.contains(0)) || (distinct.count == 1 && !distinct.contains(0)) else {
      let what =
        distinct.count > 2
        ? "more than two values (\(distinct.sorted().prefix(3).map { "\($0)" }.joined(separator: ", ")), …); use it as an atlas, or threshold it to 0/1"
        : distinct.count == 1
          ? "only the value \(distinct.first ?? 0): the mask is \(distinct.first == 0 ? "empty" : "the whole volume")"
          : "two values, neither of them 0 (the outside)"
      throw NeurometryError.invalidInput(context: image.path, message: "is not a binary mask: it has \(what)")
    }
    let values = image.values
    self.init(grid: grid, voxels: grid.cOrder(where: { values[$0] != 0 }), source: image.path)
  }

  /// Reads a mask from a NIfTI file.
  public static func read(_ path: String) throws -> VoxelMask { try VoxelMask(image: try NIfTIImage.read(path)) }

  /// "(i, j, k)" of every inside voxel, in order (the channel descriptor of masked patterns).
  public var voxelLabels: [String] {
    voxels.map { f in
      let (i, j, k) = grid.coordinates(f)
      return "\(i),\(j),\(k)"
    }
  }
}
