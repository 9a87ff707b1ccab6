import NeurometryLinearAlgebra

extension SearchlightRDMEstimator {
  /// The peak memory of `modelMaps` (with `models`) or `fit` (without) estimated from the shapes
  /// (issue 15): the inputs (patterns, spheres, model RDMs) plus the arrays alive at the peak.
  /// The process itself is not included (add `MemoryEstimate.process`).
  ///
  /// With N = `observations` over V = `channels` data columns, n = `conditions` (N without a
  /// condition descriptor), F = `folds` (cross-validated methods), C = `centers` spheres of at
  /// most s = `sphereVoxels` voxels, q = n(n−1)/2 pairs, m = `models`, blocks of
  /// B = min(`blockSize`, C) centres and T = min(`Parallel.workers`, blocks) blocks in flight,
  /// doubles:
  /// - the patterns (N × V), the spheres (C arrays of s integers, ~40 bytes overhead each) and
  ///   centres (C integers), the model RDMs (m × q): the inputs;
  /// - with `volumeVoxels` (the data hold only some voxels, `columns`): the voxel-to-column table
  ///   (4 bytes per voxel of the volume);
  /// - methods on condition means (not cross-validated, with a condition descriptor): the
  ///   condition sums and means (n × V each), formed once;
  /// - per block in flight: euclidean and correlation straight from the means — the block's RDMs
  ///   (B × q) and one sphere's columns (n × s), Gram, kernel (n × n each) and vector (q); the
  ///   other methods — B RDM objects (B × q) and their concatenation (B × q), one sphere's
  ///   patterns (N × s) and `RDMEstimator`'s working arrays for them (single-threaded BLAS);
  ///   with models, the working arrays of one `RDMComparison.compare` of m models with B RDMs;
  /// - `modelMaps`: the per-block scores and the maps (m × C each); `fit`: every block's RDMs and
  ///   their concatenation (C × q each).
  public func memoryEstimate(
    observations: Int, channels: Int, conditions: Int? = nil, folds: Int? = nil, centers: Int, sphereVoxels: Int,
    volumeVoxels: Int? = nil, models: Int? = nil, comparison: RDMComparison = RDMComparison(.corr)
  ) -> MemoryEstimate {
    let method = estimator.method
    let n = estimator.conditionDescriptor == nil ? observations : (conditions ?? observations)
    let labels: Int? = estimator.conditionDescriptor == nil ? nil : n
    let q = n * (n - 1) / 2
    let s = sphereVoxels
    let b = Swift.max(Swift.min(blockSize, centers), 1)
    let blocks = (centers + b - 1) / b
    let t = Swift.max(Swift.min(Parallel.workers, blocks), 1)
    var e = MemoryEstimate()
    e.add("patterns", rows: observations, columns: channels)
    e.add("searchlight spheres (\(centers.grouped) × \(s) voxels)", bytes: centers * (8 * s + 40))
    e.add("centres", rows: 1, columns: centers)
    if let m = models { e.add("model RDMs", rows: m, columns: q) }
    if let volume = volumeVoxels { e.add("voxel-to-column table", bytes: 4 * volume) }
    let onMeans = !method.isCrossValidated && estimator.noisePrecision == nil && labels != nil
    if onMeans {
      e.add("condition sums", rows: n, columns: channels)
      e.add("condition means", rows: n, columns: channels)
    }
    let direct =
      (method == .euclidean || method == .correlation) && estimator.noisePrecision == nil
      && !estimator.removeMean && labels != nil
    for _ in 0..<t {
      if direct {
        e.add("block RDMs", rows: b, columns: q)
        e.add("sphere columns", rows: n, columns: s)
        e.add("sphere Gram and kernel", rows: 2 * n, columns: n)
        e.add("sphere RDM vector", rows: 1, columns: q)
      } else {
        e.add("block RDM objects", bytes: b * (8 * q + 48))
        e.add("block RDMs", rows: b, columns: q)
        let rows = onMeans ? n : observations
        e.add("sphere patterns", rows: rows, columns: s)
        e =
          e
          + RDMEstimator.workingMemory(
            method: method, observations: rows, channels: s, conditions: labels, folds: folds,
            noisePrecision: false, runNoisePrecisions: false, removeMean: estimator.removeMean, threads: 1)
      }
      if let m = models { e = e + comparison.workingMemory(first: m, second: b, pairs: q, threads: 1) }
    }
    if let m = models {
      e.add("block scores", rows: m, columns: centers)
      e.add("maps", rows: m, columns: centers)
    } else {
      e.add("every block's RDMs", rows: centers, columns: q)
      e.add("searchlight RDMs", rows: centers, columns: q)
    }
    return e
  }
}
