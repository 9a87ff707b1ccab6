import NeurometryIO
import NeurometryLinearAlgebra

/// A label atlas: a 3-D image of integer labels (0 = background) and optional label names.
///
/// Regions are the distinct non-zero labels, in increasing order (nilearn's `NiftiLabelsMasker`
/// order with `background_label=0`); each region's voxels are listed in nilearn's C order.
/// Names come from a `LabelTable`; a label present in the image but not in the table is called
/// "label N" (with a warning), and table entries absent from the image are reported too.
public struct LabelAtlas: Sendable, Equatable {
  /// The voxel grid of the atlas image (shape and affine); a series must share it to be summarised.
  public let grid: VoxelGrid
  /// The region labels, increasing.
  public let labels: [Int]
  /// The name of each region (same order as `labels`).
  public let names: [String]
  /// The voxels (flat indices) of each region.
  public let regionVoxels: [[Int]]
  /// The atlas image's path (for messages).
  public let source: String
  /// Label-table mismatches: labels in the image without a name, names for labels the image lacks.
  public let warnings: [String]

  /// An atlas from an image of whole numbers (NaN or fractional values are errors naming the voxel).
  public init(image: NIfTIImage, table: LabelTable? = nil) throws {
    guard image.shape.count <= 3 || image.shape.dropFirst(3).allSatisfy({ $0 == 1 }) else {
      throw NeurometryError.shapeMismatch(
        context: image.path, message: "has shape \(NDArray.describe(shape: image.shape)); a label atlas must be 3-D")
    }
    let grid = VoxelGrid.of(image)
    var byLabel: [Int: [Int]] = [:]
    let values = image.values
    for f in grid.cOrder(where: { _ in true }) {
      let v = values[f]
      guard v.isFinite, v.rounded() == v, let label = Int(exactly: v) else {
        let (i, j, k) = grid.coordinates(f)
        throw NeurometryError.invalidInput(
          context: image.path, message: "voxel (\(i), \(j), \(k)) is \(v); atlas labels must be whole numbers")
      }
      if label != 0 { byLabel[label, default: []].append(f) }
    }
    guard !byLabel.isEmpty else {
      throw NeurometryError.invalidInput(
        context: image.path, message: "has no labelled voxels (all are 0, the background)")
    }
    let labels = byLabel.keys.sorted()
    var warnings: [String] = []
    var names: [String] = []
    for l in labels {
      if let table, let name = table.names[l] {
        names.append(name)
      } else {
        names.append("label \(l)")
      }
    }
    if let table {
      let unnamed = labels.filter { table.names[$0] == nil }
      if !unnamed.isEmpty {
        warnings.append(
          "\(table.path) has no name for label\(unnamed.count == 1 ? "" : "s") \(unnamed.map(String.init).joined(separator: ", ")) of \(image.path)"
        )
      }
      let absent = table.names.keys.filter { $0 != 0 && byLabel[$0] == nil }.sorted()
      if !absent.isEmpty {
        warnings.append(
          "\(table.path) names label\(absent.count == 1 ? "" : "s") \(absent.map(String.init).joined(separator: ", ")) that \(image.path) does not contain"
        )
      }
    }
    self.grid = grid
    self.labels = labels
    self.names = names
    self.regionVoxels = labels.map { byLabel[$0] ?? [] }
    self.source = image.path
    self.warnings = warnings
  }

  /// Reads an atlas image and, optionally, its label table (TSV or text, see `LabelTable`).
  public static func read(_ path: String, labels tablePath: String? = nil) throws -> LabelAtlas {
    try LabelAtlas(image: try NIfTIImage.read(path), table: try tablePath.map(LabelTable.read))
  }

  /// The mean time course of each region: scans × regions (nilearn `NiftiLabelsMasker`,
  /// `strategy="mean"`). A NaN or ∞ inside a region is an error naming the voxel.
  public func regionMeans(_ series: VolumeSeries) throws -> Matrix {
    try grid.requireSame(as: series.grid, source, series.source)
    var out = Matrix(rows: series.scanCount, columns: labels.count)
    for (r, voxels) in regionVoxels.enumerated() {
      let block = try series.columns(voxels, region: "region \(labels[r]) '\(names[r])' of \(source)")
      let means = block.rowMeans
      for t in 0..<series.scanCount { out[t, r] = means[t] }
    }
    return out
  }
}
