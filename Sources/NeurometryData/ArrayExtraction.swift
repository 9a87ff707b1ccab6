import NeurometryIO
import NeurometryLinearAlgebra

/// Any array Neurometry reads, as it reads it, so values can be checked outside (what
/// `neurometry convert` writes):
///
/// - an `.npy`, an `.npz` member, an HDF5/NWB dataset, a MATLAB v7.3 variable, or the voxels of a
///   NIfTI image (`ArrayFile.read`: nibabel's `get_fdata()` shape and scaling);
/// - `.mask(path)`: a 4-D NIfTI series reduced to the voxels inside a mask, scans × voxels in the
///   mask's voxel order (numpy's C order of (x, y, z), as nilearn's `NiftiMasker` without preprocessing); columns "i,j,k";
/// - `.atlas(path, labels:)`: the mean time course of each atlas region, scans × regions, nilearn
///   `NiftiLabelsMasker(strategy="mean")`; columns named by the label table (or the integers).
///
/// A NaN or ∞ inside a mask or region is an error naming the voxel (as for patterns).
public enum ArrayExtraction {
  /// How a 4-D series is reduced to a matrix (nil: the array as stored).
  public enum Reduction: Sendable, Equatable {
    case mask(String)
    case atlas(String, labels: String?)
  }

  /// The array and, for reductions, a label per column.
  public static func read(_ path: String, member: String? = nil, reduction: Reduction? = nil) throws -> (
    array: NDArray, columns: [String]?
  ) {
    guard let reduction else { return (try ArrayFile.read(path, member: member), nil) }
    if let member {
      throw NeurometryError.invalidInput(
        context: path, message: "a mask or an atlas reduces a NIfTI series; '\(member)' does not apply")
    }
    let series = try VolumeSeries.read(path)
    switch reduction {
    case .mask(let maskPath):
      let mask = try VoxelMask.read(maskPath)
      try mask.grid.requireSame(as: series.grid, maskPath, path)
      let m = try series.columns(mask.voxels, region: "the mask \(maskPath)")
      return (NDArray(m), mask.voxelLabels)
    case .atlas(let atlasPath, let labels):
      let atlas = try LabelAtlas.read(atlasPath, labels: labels)
      return (NDArray(try atlas.regionMeans(series)), atlas.names)
    }
  }

  /// Writes `array` (and its column labels, for `.h5`: dataset `/columns`) as `.npy` or
  /// `.h5`/`.hdf5` (dataset `/data`), atomically, never over an existing file without `overwrite`.
  public static func write(_ array: NDArray, columns: [String]?, to path: String, overwrite: Bool) throws {
    let lower = path.lowercased()
    if let columns, lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") {
      try HDF5Writer.write(to: path, overwrite: overwrite) { w in
        try w.write(array, at: "/data")
        try w.write(NDArray(shape: [columns.count], values: .string(columns)), at: "/columns")
      }
      return
    }
    try ArrayFile.write(array, to: path, overwrite: overwrite)
  }
}
