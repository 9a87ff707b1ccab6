import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra

extension SearchlightAnalysis {
  /// The peak memory of `run(patternsFile:maskFile:…)` (and of `run(series:mask:…)` on a series
  /// read from a file) estimated before the patterns are read (issue 15): from the 4-D file's size
  /// and shape (`NIfTIImage.readHeader`: `voxelOffset + dataByteCount`), the mask's searchlight
  /// (`searchlight(mask:)`: its centres, sphere size and the voxels the spheres use) and the
  /// models. The process itself is not included (add `MemoryEstimate.process`).
  ///
  /// With N = `observations` volumes, the volume's `volumeVoxels`, the mask's `maskVoxels`,
  /// U = `usedVoxels` (the voxels some sphere uses), C = `centers`, doubles unless said:
  /// - the 4-D file in memory, uncompressed (`patternBytes`: Foundation reads a `.nii` whole on
  ///   Linux; a `.nii.gz` is inflated), held for the whole run;
  /// - the mask image (its values as doubles, its bytes) and inside voxels (`maskVoxels`
  ///   integers), the inside and used flags (2 bytes per voxel), the used voxels and their file
  ///   indices (2 × U integers);
  /// - `SearchlightRDMEstimator.memoryEstimate` on the N × U patterns (conditions: `conditions`,
  ///   or one per volume; folds: `runs`), the voxel-to-column table included: streamed
  ///   `modelMaps` when `keepRDMs` is false and `models` are given, else `fit`, then with
  ///   `models` one `RDMComparison.compare` of the models with the C RDMs.
  public func memoryEstimate(
    patternBytes: Int, observations: Int, volumeVoxels: Int, maskVoxels: Int, usedVoxels: Int, centers: Int,
    sphereVoxels: Int, conditions: Int? = nil, runs: Int? = nil, models: Int? = nil, keepRDMs: Bool = true
  ) -> MemoryEstimate {
    var e = MemoryEstimate()
    e.add("4-D patterns file (uncompressed)", bytes: patternBytes)
    e.add("mask image (values and bytes)", bytes: 9 * volumeVoxels)
    e.add("mask voxels", rows: 1, columns: maskVoxels)
    e.add("inside and used flags", bytes: 2 * volumeVoxels)
    e.add("used voxels and file indices", rows: 2, columns: usedVoxels)
    let n = conditions ?? observations
    let rdm = RDMEstimator(method: method, conditionDescriptor: "condition", runDescriptor: runs == nil ? nil : "run")
    let estimator = SearchlightRDMEstimator(estimator: rdm)
    let comparison = RDMComparison(comparator)
    let streamed = models != nil && !keepRDMs
    e =
      e
      + estimator.memoryEstimate(
        observations: observations, channels: usedVoxels, conditions: n, folds: runs, centers: centers,
        sphereVoxels: sphereVoxels, volumeVoxels: volumeVoxels, models: streamed ? models : nil, comparison: comparison)
    if let m = models, !streamed {
      let q = n * (n - 1) / 2
      e.add("model RDMs", rows: m, columns: q)
      e = e + comparison.workingMemory(first: m, second: centers, pairs: q, threads: Parallel.workers)
    }
    return e
  }

  /// `memoryEstimate(patternBytes:…)` from the files, reading only the 4-D file's header and the
  /// mask (the searchlight's geometry is built from it): what `run(patternsFile:maskFile:…)` will
  /// need, known before it reads any pattern. `conditions` and `runs` are the numbers of distinct
  /// labels (nil: one condition per volume; the k-th repetition as the run); `noiseResidualsFile`
  /// adds the residuals' file and their used voxels (per-sphere noise precisions).
  public func memoryEstimate(
    patternsFile: String, maskFile: String, conditions: Int? = nil, runs: Int? = nil, models: Int? = nil,
    keepRDMs: Bool = true, noiseResidualsFile: String? = nil
  ) throws -> MemoryEstimate {
    let header = try NIfTIImage.readHeader(patternsFile)
    let observations = header.shape.count > 3 ? header.shape[3...].reduce(1, *) : 1
    let volume = header.shape.prefix(3).reduce(1, *)
    let mask = try VoxelMask.read(maskFile)
    let (searchlight, _) = try self.searchlight(mask: mask)
    var isUsed = [Bool](repeating: false, count: mask.grid.shape.reduce(1, *))
    for sphere in searchlight.neighbors { for v in sphere { isUsed[v] = true } }
    let used = isUsed.reduce(0) { $0 + ($1 ? 1 : 0) }
    let sphere = searchlight.neighbors.map(\.count).max() ?? 0
    var residuals = MemoryEstimate()
    if let noiseResidualsFile {
      let r = try NIfTIImage.readHeader(noiseResidualsFile)
      residuals.add("4-D residuals file (uncompressed)", bytes: r.voxelOffset + r.dataByteCount)
      residuals.add(
        "residuals of the used voxels", rows: r.shape.count > 3 ? r.shape[3...].reduce(1, *) : 1, columns: used)
    }
    return residuals
      + memoryEstimate(
        patternBytes: header.voxelOffset + header.dataByteCount,
        observations: observations, volumeVoxels: volume, maskVoxels: mask.voxels.count, usedVoxels: used,
        centers: searchlight.centers.count, sphereVoxels: sphere, conditions: conditions, runs: runs, models: models,
        keepRDMs: keepRDMs)
  }
}
