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
  /// How each sphere's noise precision is estimated from its voxels' residuals, when residuals are
  /// given (default shrinkage toward the diagonal, rsatoolbox `prec_from_residuals`'s default).
  public var noiseEstimator = NoiseCovarianceEstimator()

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
  /// O(models · centres) instead of O(centres · pairs)). `runs` labels each volume's run (the
  /// folds of crossnobis and poisson-cv; without it, the k-th repetition of each condition).
  public func run(
    patterns: NIfTIImage, mask maskImage: NIfTIImage, conditions: Labels? = nil, runs: Labels? = nil,
    models: RDMs? = nil, keepRDMs: Bool = true
  ) throws -> Result {
    try run(
      series: try VolumeSeries(image: patterns), mask: try VoxelMask(image: maskImage), conditions: conditions,
      runs: runs, models: models, keepRDMs: keepRDMs)
  }

  /// As `run(patterns:mask:…)` from files, reading the 4-D patterns lazily: only the voxels some
  /// sphere uses are decoded, as observations × used voxels (never observations × the volume).
  public func run(
    patternsFile: String, maskFile: String, conditions: Labels? = nil, runs: Labels? = nil, models: RDMs? = nil,
    keepRDMs: Bool = true, centers: Range<Int>? = nil, noiseResidualsFile: String? = nil
  ) throws -> Result {
    try run(
      series: try VolumeSeries.read(patternsFile), mask: try VoxelMask.read(maskFile), conditions: conditions,
      runs: runs, models: models, keepRDMs: keepRDMs, centers: centers,
      noiseResiduals: try noiseResidualsFile.map(VolumeSeries.read))
  }

  /// The searchlights of `mask` (rsatoolbox's numbering: flat C order, x slowest) and which
  /// voxels of the volume lie inside it; throws when no centre passes the threshold.
  public func searchlight(mask: VoxelMask) throws -> (searchlight: VolumeSearchlight, inside: [Bool]) {
    let shape = mask.grid.shape
    let (ny, nz) = (shape[1], shape[2])
    var inside = [Bool](repeating: false, count: shape.reduce(1, *))
    for f in mask.voxels {
      let (i, j, k) = mask.grid.coordinates(f)
      inside[(i * ny + j) * nz + k] = true
    }
    let searchlight = try VolumeSearchlight(
      mask: inside, shape: shape, radius: radius, threshold: threshold, truncateAtBoundary: truncateAtBoundary)
    guard !searchlight.centers.isEmpty else {
      throw NeurometryError.invalidInput(
        context: mask.source,
        message:
          "no searchlight centre passes the threshold \(threshold) (the fraction of a sphere inside the mask) at radius \(radius); lower --threshold or use --truncate"
      )
    }
    return (searchlight, inside)
  }

  /// The searchlight of `mask` over `series` (volumes = observations). With `centers` (a shard's
  /// units, `Shard.units(of:)` of `searchlight(mask:)`'s centre count) only those centres are
  /// computed, and only the voxels their spheres use are read: the result's `searchlight` holds
  /// those centres, its maps their columns (`Partial` carries them to `merge`). With
  /// `noiseResiduals` (4-D, scans × the mask's grid) each sphere's RDM uses the noise precision of
  /// its own voxels' residuals (`noiseEstimator`; mahalanobis and crossnobis).
  public func run(
    series: VolumeSeries, mask: VoxelMask, conditions: Labels? = nil, runs: Labels? = nil, models: RDMs? = nil,
    keepRDMs: Bool = true, centers: Range<Int>? = nil, noiseResiduals: VolumeSeries? = nil
  ) throws -> Result {
    let shape = mask.grid.shape
    if let noiseResiduals, noiseResiduals.grid.shape != shape {
      throw NeurometryError.shapeMismatch(
        context: noiseResiduals.source,
        message:
          "has volumes of shape \(NDArray.describe(shape: noiseResiduals.grid.shape)) but the mask \(mask.source) is \(NDArray.describe(shape: shape))"
      )
    }
    guard series.grid.shape == shape else {
      throw NeurometryError.shapeMismatch(
        context: series.source,
        message:
          "has volumes of shape \(NDArray.describe(shape: series.grid.shape)) but the mask \(mask.source) is \(NDArray.describe(shape: shape)); resample one onto the other"
      )
    }
    let observations = series.scanCount
    let (nx, ny, nz) = (shape[0], shape[1], shape[2])
    let volume = nx * ny * nz
    let (all, inside) = try searchlight(mask: mask)
    var searchlight = all
    if let centers {
      guard centers.lowerBound >= 0, centers.upperBound <= all.centers.count else {
        throw NeurometryError.invalidInput(
          context: mask.source,
          message: "centres \(centers) asked for, but the searchlight has \(all.centers.count.grouped)")
      }
      searchlight = all.selectingCenters(centers)
    }
    let labels = conditions ?? Labels(text: (0..<observations).map(String.init))
    guard labels.count == observations else {
      throw NeurometryError.shapeMismatch(
        context: series.source,
        message: "has \(observations.grouped) volumes but \(labels.count.grouped) condition labels were given")
    }
    if let runs, runs.count != observations {
      throw NeurometryError.shapeMismatch(
        context: series.source,
        message: "has \(observations.grouped) volumes but \(runs.count.grouped) run labels were given")
    }
    let conditionOrder = labels.distinctSorted
    if searchlight.centers.isEmpty {  // an empty shard: nothing to read or compute
      return Result(
        searchlight: searchlight, rdms: nil, conditions: conditionOrder,
        maps: models.map { Matrix(rows: $0.count, columns: 0) }, grid: mask.grid, warnings: [])
    }
    var isUsed = [Bool](repeating: false, count: volume)
    for sphere in searchlight.neighbors { for v in sphere { isUsed[v] = true } }
    let used = isUsed.indices.filter { isUsed[$0] }
    let fileIndices = used.map { c -> Int in
      let (i, rest) = c.quotientAndRemainder(dividingBy: ny * nz)
      let (j, k) = rest.quotientAndRemainder(dividingBy: nz)
      return i + nx * (j + ny * k)
    }
    let outside = used.contains { !inside[$0] }
    let data = try series.columns(
      fileIndices,
      region: outside
        ? "the searchlight spheres (some reach outside the mask \(mask.source): use --truncate to keep them inside)"
        : "the searchlight spheres")
    var descriptors = ["condition": labels]
    descriptors["run"] = runs
    let responses = try ResponsePatterns(measurements: data, observationLabels: descriptors, source: series.source)
    var estimator = SearchlightRDMEstimator(
      estimator: RDMEstimator(
        method: method, conditionDescriptor: "condition", runDescriptor: runs == nil ? nil : "run"))
    estimator.columns = used
    estimator.noiseEstimator = noiseEstimator
    estimator.noiseResiduals = try noiseResiduals?.columns(fileIndices, region: "the searchlight spheres' residuals")
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

  /// A shard's share of a searchlight's model maps (`run(…centers:)` with models, streamed):
  /// what `--shard K/N` writes and `merge(_:mask:)` reads back.
  public struct Partial: Codable, Sendable {
    /// The centres of the whole searchlight.
    public let totalCenters: Int
    /// The shard's centres (numbers in the whole searchlight's order).
    public let centers: Range<Int>
    /// The conditions of every sphere's RDM, in condition order.
    public let conditions: [String]
    /// Models × the shard's centres.
    public let maps: Matrix
    /// The shard's warnings.
    public let warnings: [String]

    /// The partial of `result`, the run of centres `centers` of `totalCenters`.
    public init(_ result: Result, centers: Range<Int>, totalCenters: Int) throws {
      guard let maps = result.maps, maps.columns == centers.count else {
        throw NeurometryError.invalidInput(
          context: "searchlight shard", message: "only model maps can be split into shards (give model RDMs)")
      }
      self.totalCenters = totalCenters
      self.centers = centers
      self.conditions = result.conditions
      self.maps = maps
      self.warnings = result.warnings
    }
  }

  /// The searchlight's result from its shards' partials (any order): the maps of all centres,
  /// equal bit for bit to one streamed run (`keepRDMs: false`), with the warnings of all shards
  /// (each once, sorted, as the streamed run gives them). The searchlight is rebuilt from `mask`;
  /// the partials must tile its centres exactly.
  public func merge(_ partials: [Partial], mask: VoxelMask) throws -> Result {
    let (all, _) = try searchlight(mask: mask)
    let ordered = partials.sorted { $0.centers.lowerBound < $1.centers.lowerBound }
    var next = 0
    for p in ordered {
      guard p.totalCenters == all.centers.count, p.centers.lowerBound == next,
        p.maps.rows == ordered[0].maps.rows, p.conditions == ordered[0].conditions
      else {
        throw NeurometryError.invalidInput(
          context: "searchlight merge",
          message:
            "the partial maps do not fit this searchlight: centres \(p.centers) of \(p.totalCenters.grouped) after \(next.grouped) (the mask has \(all.centers.count.grouped) centres)"
        )
      }
      next = p.centers.upperBound
    }
    guard let first = ordered.first, next == all.centers.count else {
      throw NeurometryError.invalidInput(
        context: "searchlight merge",
        message: "the partials cover \(next.grouped) of \(all.centers.count.grouped) centres")
    }
    let maps = Matrix.horizontalConcatenation(ordered.map(\.maps))
    return Result(
      searchlight: all, rdms: nil, conditions: first.conditions, maps: maps, grid: mask.grid,
      warnings: Array(Set(ordered.flatMap(\.warnings))).sorted())
  }
}
