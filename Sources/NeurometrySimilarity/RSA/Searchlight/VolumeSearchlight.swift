import NeurometryLinearAlgebra

/// Spherical searchlights in a 3-D volume mask (rsatoolbox `get_volume_searchlight`).
///
/// Voxels are numbered by their flat index in C order (x slowest, z fastest:
/// `(x·ny + y)·nz + z`, numpy's `ravel_multi_index`). For every voxel c inside the mask, its
/// sphere is the set of voxels v of the volume grid with ‖v − c‖ < radius (strictly; voxels
/// outside the grid do not exist, so spheres at the volume's edge are smaller). The centre is kept
/// when the fraction of its sphere's voxels inside the mask is ≥ `threshold`. With
/// `truncateAtBoundary` the spheres keep only voxels inside the mask (rsatoolbox issue #466), so
/// every centre passes any threshold ≤ 1.
///
/// `centers` are in increasing flat index; each `neighbors` list is in increasing flat index.
public struct VolumeSearchlight: Sendable {
  /// The volume's grid, [nx, ny, nz].
  public let shape: [Int]
  /// Sphere radius in voxels (strict: ‖v − c‖ < radius).
  public let radius: Double
  /// The fraction of a sphere inside the mask a centre needed to be kept.
  public let threshold: Double
  /// Whether the spheres were cut to the voxels inside the mask.
  public let truncateAtBoundary: Bool
  /// Flat indices of the kept centres.
  public let centers: [Int]
  /// Flat indices of each centre's sphere.
  public let neighbors: [[Int]]

  /// Searchlights of `mask` (flat, C order, of `shape` = [nx, ny, nz]; true = in the brain).
  public init(
    mask: [Bool], shape: [Int], radius: Double = 2, threshold: Double = 1, truncateAtBoundary: Bool = false
  ) throws {
    let context = "searchlight"
    guard shape.count == 3, shape.allSatisfy({ $0 > 0 }) else {
      throw NeurometryError.shapeMismatch(context: context, message: "the mask must be 3-D, found shape \(shape)")
    }
    guard mask.count == shape.reduce(1, *) else {
      throw NeurometryError.shapeMismatch(
        context: context, message: "the mask has \(mask.count) values for shape \(shape)")
    }
    guard radius > 0, radius.isFinite else {
      throw NeurometryError.invalidInput(context: context, message: "the radius must be positive, found \(radius)")
    }
    guard threshold >= 0, threshold <= 1 else {
      throw NeurometryError.invalidInput(
        context: context, message: "the threshold must be in [0, 1], found \(threshold)")
    }
    let (nx, ny, nz) = (shape[0], shape[1], shape[2])
    // Offsets of the sphere, once: |d| < radius on every axis and ‖d‖ < radius.
    let r = Int(radius.rounded(.up))
    var offsets: [(Int, Int, Int)] = []
    for dx in -r...r {
      for dy in -r...r {
        for dz in -r...r {
          let d2 = Double(dx * dx + dy * dy + dz * dz)
          if d2.squareRoot() < radius { offsets.append((dx, dy, dz)) }
        }
      }
    }
    var centers: [Int] = []
    var neighbors: [[Int]] = []
    for c in mask.indices where mask[c] {
      let (cx, cy, cz) = (c / (ny * nz), (c / nz) % ny, c % nz)
      var sphere: [Int] = []
      var inside = 0
      for (dx, dy, dz) in offsets {
        let (x, y, z) = (cx + dx, cy + dy, cz + dz)
        guard x >= 0, x < nx, y >= 0, y < ny, z >= 0, z < nz else { continue }
        let v = (x * ny + y) * nz + z
        if mask[v] { inside += 1 } else if truncateAtBoundary { continue }
        sphere.append(v)
      }
      if Double(inside) / Double(sphere.count) >= threshold {
        centers.append(c)
        neighbors.append(sphere.sorted())
      }
    }
    self.shape = shape
    self.radius = radius
    self.threshold = threshold
    self.truncateAtBoundary = truncateAtBoundary
    self.centers = centers
    self.neighbors = neighbors
  }
}

extension VolumeSearchlight {
  /// The searchlights of centres number `range` (a shard's units: `Shard.units(of:)`), in order;
  /// the grid and parameters unchanged.
  public func selectingCenters(_ range: Range<Int>) -> VolumeSearchlight {
    VolumeSearchlight(
      shape: shape, radius: radius, threshold: threshold, truncateAtBoundary: truncateAtBoundary,
      centers: Array(centers[range]), neighbors: Array(neighbors[range]))
  }

  private init(
    shape: [Int], radius: Double, threshold: Double, truncateAtBoundary: Bool, centers: [Int], neighbors: [[Int]]
  ) {
    self.shape = shape
    self.radius = radius
    self.threshold = threshold
    self.truncateAtBoundary = truncateAtBoundary
    self.centers = centers
    self.neighbors = neighbors
  }

  /// The voxel (i, j, k) of centre number `n` (its flat C-order index decoded).
  public func coordinates(ofCenter n: Int) -> (i: Int, j: Int, k: Int) {
    let (ny, nz) = (shape[1], shape[2])
    let (i, rest) = centers[n].quotientAndRemainder(dividingBy: ny * nz)
    let (j, k) = rest.quotientAndRemainder(dividingBy: nz)
    return (i, j, k)
  }
}
