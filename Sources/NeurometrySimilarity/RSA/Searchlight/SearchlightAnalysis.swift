import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra

/// Volume searchlight RSA from NIfTI images (what `neurometry searchlight` runs): one RDM per
/// spherical searchlight of a mask (`VolumeSearchlight`, rsatoolbox `get_volume_searchlight`),
/// estimated from a 4-D image of response patterns (`SearchlightRDMEstimator`, rsatoolbox
/// `get_searchlight_RDMs`), and, given model RDMs, one map per model: the comparison of the model
/// with each centre's RDM (rsatoolbox `evaluate_models_searchlight` with `eval_fixed`), written
/// as NIfTI in the mask's space.
///
/// - `patterns`: x × y × z × observations (e.g. one beta map per condition and run); `conditions`
///   labels each observation (observations of a label are averaged; without labels each volume is
///   a condition).
/// - `mask`: a binary 3-D image on the same grid: the centres (and, with `truncateAtBoundary`, the
///   only voxels a sphere keeps).
/// - Voxel numbering follows rsatoolbox: flat C order of (x, y, z), x slowest.
///
/// Every voxel a sphere uses must be finite (an error names the first bad voxel and suggests
/// `truncateAtBoundary` when it lies outside the mask); voxels no sphere uses are never read.
///
/// - Complexity: O(centres · sphere size · observations) for the sub-matrices plus one RDM per
///   centre (in parallel blocks); memory: the observations × used voxels matrix and the RDMs
///   (centres × pairs).
public struct SearchlightAnalysis: Sendable {
  /// Sphere radius in voxels; a voxel belongs to a sphere when strictly closer than this (default 2).
  public var radius: Double
  /// The fraction of a sphere inside the mask a centre needs to be kept, 0…1 (default 1).
  public var threshold: Double
  /// Whether spheres keep only voxels inside the mask (default false, rsatoolbox's behaviour).
  public var truncateAtBoundary: Bool
  /// The dissimilarity measure of each centre's RDM (default correlation).
  public var method: RDMMethod
  /// How model RDMs are compared with each centre's RDM for the maps (default Pearson r, `.corr`).
  public var comparator: RDMComparator

  /// rsatoolbox's defaults: radius 2 voxels, threshold 1 (whole sphere inside the mask),
  /// correlation RDMs compared by Pearson r.
  public init(
    radius: Double = 2, threshold: Double = 1, truncateAtBoundary: Bool = false, method: RDMMethod = .correlation,
    comparator: RDMComparator = .corr
  ) {
    self.radius = radius
    self.threshold = threshold
    self.truncateAtBoundary = truncateAtBoundary
    self.method = method
    self.comparator = comparator
  }

  /// What `run` produces: the searchlights, their RDMs and, given models, the model maps.
  public struct Result: Sendable {
    /// The searchlights (centres and spheres, flat C-order indices).
    public let searchlight: VolumeSearchlight
    /// One RDM per centre, in `searchlight.centers` order (RDM descriptor "voxel_index"); nil when
    /// the maps were streamed without keeping them (`keepRDMs: false`).
    public let rdms: RDMs?
    /// The conditions of every sphere's RDM, in condition order.
    public let conditions: [String]
    /// Models × centres comparisons (nil without models).
    public let maps: Matrix?
    /// The mask's grid: the maps' space.
    public let grid: VoxelGrid
    /// The searchlight RDMs' warnings (each once), then the model comparison's.
    public let warnings: [String]

    /// Per model, the centre with the largest finite value of its map: (value, voxel (i, j, k)),
    /// nil when the map has no finite value. Empty without models.
    public var peaks: [(value: Double, voxel: (i: Int, j: Int, k: Int))?] {
      guard let maps else { return [] }
      return (0..<maps.rows).map { m in
        let row = maps.row(m)
        guard let best = row.indices.filter({ row[$0].isFinite }).max(by: { row[$0] < row[$1] }) else { return nil }
        return (row[best], searchlight.coordinates(ofCenter: best))
      }
    }

    /// The mean number of voxels per sphere.
    public var meanSphereSize: Double {
      let sizes = searchlight.neighbors.map(\.count)
      return Double(sizes.reduce(0, +)) / Double(Swift.max(sizes.count, 1))
    }
  }

  /// Runs the searchlight; `models` (RDMs over the same conditions) give the maps. With `keepRDMs`
  /// false and models given, the maps are streamed block by block and no RDM is kept (memory
  /// O(models · centres) instead of O(centres · pairs)).
  public func run(
    patterns: NIfTIImage, mask maskImage: NIfTIImage, conditions: Labels? = nil, models: RDMs? = nil,
    keepRDMs: Bool = true
  ) throws -> Result {
    let mask = try VoxelMask(image: maskImage)
    let shape = mask.grid.shape
    guard patterns.shape.count >= 3, Array(patterns.shape.prefix(3)) == shape else {
      throw NeurometryError.shapeMismatch(
        context: patterns.path,
        message:
          "has shape \(NDArray.describe(shape: patterns.shape)) but the mask \(maskImage.path) is \(NDArray.describe(shape: shape)); resample one onto the other"
      )
    }
    let observations = patterns.shape.dropFirst(3).reduce(1, *)
    let (nx, ny, nz) = (shape[0], shape[1], shape[2])
    let volume = nx * ny * nz
    // rsatoolbox's numbering: C order, x slowest.
    func cIndex(_ i: Int, _ j: Int, _ k: Int) -> Int { (i * ny + j) * nz + k }
    var inside = [Bool](repeating: false, count: volume)
    for f in mask.voxels {
      let (i, j, k) = mask.grid.coordinates(f)
      inside[cIndex(i, j, k)] = true
    }
    let searchlight = try VolumeSearchlight(
      mask: inside, shape: shape, radius: radius, threshold: threshold, truncateAtBoundary: truncateAtBoundary)
    guard !searchlight.centers.isEmpty else {
      throw NeurometryError.invalidInput(
        context: maskImage.path,
        message:
          "no searchlight centre passes the threshold \(threshold) (the fraction of a sphere inside the mask) at radius \(radius); lower --threshold or use --truncate"
      )
    }
    var used = [Bool](repeating: false, count: volume)
    for sphere in searchlight.neighbors { for v in sphere { used[v] = true } }
    // Observations × voxels (C order); unused voxels stay 0 and are never read.
    var data = Matrix(rows: observations, columns: volume)
    for i in 0..<nx {
      for j in 0..<ny {
        for k in 0..<nz where used[cIndex(i, j, k)] {
          let c = cIndex(i, j, k)
          for t in 0..<observations {
            let v = patterns.values[i + nx * (j + ny * (k + nz * t))]
            guard v.isFinite else {
              throw NeurometryError.invalidInput(
                context: patterns.path,
                message:
                  "voxel (\(i), \(j), \(k)) is \(v) in volume \(t), inside a searchlight sphere\(inside[c] ? "" : " but outside the mask (use --truncate to keep spheres inside the mask)")"
              )
            }
            data[t, c] = v
          }
        }
      }
    }
    let labels = conditions ?? Labels(text: (0..<observations).map(String.init))
    guard labels.count == observations else {
      throw NeurometryError.shapeMismatch(
        context: patterns.path,
        message: "has \(observations.grouped) volumes but \(labels.count.grouped) condition labels were given")
    }
    let responses = try ResponsePatterns(
      measurements: data, observationLabels: ["condition": labels], source: patterns.path)
    let estimator = SearchlightRDMEstimator(estimator: RDMEstimator(method: method, conditionDescriptor: "condition"))
    let conditionOrder = labels.distinctSorted
    if let models, !keepRDMs {
      let (maps, warnings) = try estimator.modelMaps(
        responses, searchlight: searchlight, models: models, comparison: RDMComparison(comparator))
      return Result(
        searchlight: searchlight, rdms: nil, conditions: conditionOrder, maps: maps, grid: mask.grid, warnings: warnings
      )
    }
    let rdms = try estimator.fit(responses, searchlight: searchlight)
    var warnings = rdms.warnings
    var maps: Matrix? = nil
    if let models {
      let comparison = try RDMComparison(comparator).compare(models, rdms)
      maps = comparison.values
      warnings += comparison.warnings
    }
    return Result(
      searchlight: searchlight, rdms: rdms, conditions: rdms.conditions, maps: maps, grid: mask.grid,
      warnings: warnings)
  }

  /// Writes the maps as NIfTI (float32) in the mask's space: x × y × z for one model, x × y × z ×
  /// models for several; NaN where no searchlight is centred.
  public static func writeMaps(_ result: Result, to path: String, overwrite: Bool = false) throws {
    guard let maps = result.maps else {
      throw NeurometryError.invalidInput(context: path, message: "no model maps to write (give model RDMs)")
    }
    let shape = result.grid.shape
    let (nx, ny, nz) = (shape[0], shape[1], shape[2])
    let volume = nx * ny * nz
    var values = [Double](repeating: .nan, count: volume * maps.rows)
    for n in result.searchlight.centers.indices {
      let (i, j, k) = result.searchlight.coordinates(ofCenter: n)
      for m in 0..<maps.rows { values[i + nx * (j + ny * k) + volume * m] = maps[m, n] }
    }
    try NIfTIImage.write(
      values: values, shape: maps.rows == 1 ? shape : shape + [maps.rows], affine: result.grid.affine.rows, to: path,
      description: "neurometry searchlight", overwrite: overwrite)
  }
}
