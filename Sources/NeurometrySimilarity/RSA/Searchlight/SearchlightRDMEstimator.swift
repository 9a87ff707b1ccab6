import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra

/// One RDM per searchlight (rsatoolbox `get_searchlight_RDMs`), in parallel with bounded memory.
///
/// `data` holds observations × voxels over the whole volume (column = flat voxel index, as the
/// searchlight numbers them). For the methods computed on condition means (euclidean,
/// correlation, mahalanobis without a precision, poisson) the means are formed once and each
/// searchlight takes its columns; crossnobis and poisson-cv run the estimator on the
/// searchlight's columns of the observations. Centres are processed in blocks of `blockSize`
/// (one block per task of `Parallel.map`), so the working memory beyond the result is one block of
/// sub-matrices per thread. The result carries the RDM descriptor "voxel_index" (the centre's flat
/// index), one RDM per centre in the searchlight's order. Model maps are then one comparison:
/// `RDMComparison(c).compare(modelRDMs, searchlightRDMs).values` is models × centres (rsatoolbox's
/// `evaluate_models_searchlight` with `eval_fixed` on one RDM per centre).
public struct SearchlightRDMEstimator: Sendable {
  /// The estimator run on each centre's sphere (without a noise precision).
  public var estimator: RDMEstimator
  /// Centres per parallel task (default 256, at least 1): bounds the sub-matrices held at once.
  public var blockSize: Int
  /// The volume voxels (flat C-order indices, increasing) the data's columns hold, when the data
  /// cover only part of the volume — e.g. the voxels some sphere uses — so that a whole-brain
  /// searchlight never forms observations × every voxel; nil: one column per voxel of the volume.
  public var columns: [Int]? = nil
  /// Residuals with the data's columns (rows = scans, e.g. of the first-level model), from which
  /// each sphere's own noise precision is estimated (`noiseEstimator` on the sphere's columns) and
  /// used by the estimator on that sphere (mahalanobis, crossnobis): a precision per searchlight,
  /// which rsatoolbox's searchlight cannot do. nil: no precision.
  public var noiseResiduals: Matrix? = nil
  /// How each sphere's precision is estimated from its residuals (default shrinkage toward the
  /// diagonal, rsatoolbox `prec_from_residuals`'s default).
  public var noiseEstimator = NoiseCovarianceEstimator()

  /// An estimator of searchlight RDMs; a `blockSize` below 1 is raised to 1.
  public init(estimator: RDMEstimator, blockSize: Int = 256) {
    self.estimator = estimator
    self.blockSize = Swift.max(1, blockSize)
  }

  /// One RDM per centre of `searchlight` from `patterns` (observations × every voxel of the volume,
  /// in flat C order), stacked in the order of `searchlight.centers`.
  ///
  /// Throws `NeurometryError.shapeMismatch` when the columns are not the volume's voxels,
  /// `NeurometryError.invalidInput` for a searchlight without centres, `NeurometryError.unsupported`
  /// for an estimator with a noise precision, and the estimator's errors for any centre.
  /// - Complexity: with C centres of s voxels each, N observations and n conditions: O(N·V) once for
  ///   the condition means over the V voxels, then per centre O(n·s) to copy its columns and
  ///   O(n²·s) for its RDM (crossnobis and poisson-cv: O(N·s) plus the cross-validated fit);
  ///   O(C·n(n−1)/2) for the result.
  public func fit(_ patterns: ResponsePatterns, searchlight: VolumeSearchlight) throws -> RDMs {
    let context = "searchlight RDMs"
    try requireVolume(patterns, searchlight: searchlight, context: context)
    let (data, blocks, lookup) = try prepared(patterns, searchlight: searchlight, context: context)
    let results = try Parallel.map(blocks.count) { b -> RDMs in
      try blockRDMs(data, centres: blocks[b], searchlight: searchlight, lookup: lookup, context: context)
    }
    let stacked = try RDMs.concatenating(results, source: context)
    return try RDMs(
      dissimilarities: stacked.dissimilarities, conditions: stacked.conditions, measure: stacked.measure,
      rdmDescriptors: ["voxel_index": searchlight.centers.map(String.init)], descriptors: stacked.descriptors,
      warnings: Array(Set(stacked.warnings)).sorted(), source: context)
  }

  /// Model maps without keeping the RDMs: each block of centres forms its RDMs, compares them with
  /// `models` and keeps only the scores — models × centres, in `searchlight.centers` order
  /// (`RDMComparison(comparison).compare(models, fit(…)).values`, to rounding, streamed). Working
  /// memory beyond the result: one block of RDMs per thread (`blockSize` × pairs).
  ///
  /// - Complexity: as `fit` plus one comparison per centre, O(centres · models · pairs); memory
  ///   O(models · centres + threads · blockSize · pairs) instead of O(centres · pairs).
  public func modelMaps(
    _ patterns: ResponsePatterns, searchlight: VolumeSearchlight, models: RDMs, comparison: RDMComparison
  ) throws -> (maps: Matrix, warnings: [String]) {
    let context = "searchlight model maps"
    try requireVolume(patterns, searchlight: searchlight, context: context)
    let (data, blocks, lookup) = try prepared(patterns, searchlight: searchlight, context: context)
    let parts = try Parallel.map(blocks.count) { b -> (values: Matrix, warnings: [String]) in
      let rdms = try blockRDMs(data, centres: blocks[b], searchlight: searchlight, lookup: lookup, context: context)
      let compared = try comparison.compare(models, rdms)
      return (compared.values, rdms.warnings + compared.warnings)
    }
    var maps = Matrix(rows: models.count, columns: searchlight.centers.count)
    for (b, part) in parts.enumerated() {
      for (k, c) in blocks[b].enumerated() {
        for m in 0..<models.count { maps[m, c] = part.values[m, k] }
      }
    }
    return (maps, Array(Set(parts.flatMap(\.warnings))).sorted())
  }

  /// Throws unless the data cover the volume and the searchlight has centres.
  func requireVolume(_ patterns: ResponsePatterns, searchlight: VolumeSearchlight, context: String) throws {
    let voxels = searchlight.shape.reduce(1, *)
    if let columns {
      guard patterns.channelCount == columns.count else {
        throw NeurometryError.shapeMismatch(
          context: context,
          message: "the data have \(patterns.channelCount) columns but \(columns.count) voxels were named for them")
      }
      guard zip(columns, columns.dropFirst()).allSatisfy({ $0 < $1 }), (columns.first ?? 0) >= 0,
        (columns.last ?? 0) < voxels
      else {
        throw NeurometryError.invalidInput(
          context: context,
          message: "the named voxels must be increasing flat indices of the volume \(searchlight.shape)")
      }
    } else {
      guard patterns.channelCount == voxels else {
        throw NeurometryError.shapeMismatch(
          context: context,
          message:
            "the data have \(patterns.channelCount) columns but the volume \(searchlight.shape) has \(voxels) voxels")
      }
    }
    guard !searchlight.centers.isEmpty else {
      throw NeurometryError.invalidInput(context: context, message: "the searchlight has no centres")
    }
    if estimator.noisePrecision != nil {
      throw NeurometryError.unsupported(
        path: context, field: nil, message: "a noise precision over the whole volume is not supported for searchlights")
    }
    if let residuals = noiseResiduals {
      guard estimator.method.usesNoisePrecision else {
        throw NeurometryError.invalidInput(
          context: context,
          message:
            "a noise precision per sphere applies to mahalanobis and crossnobis, not \(estimator.method.rawValue)")
      }
      guard residuals.columns == patterns.channelCount else {
        throw NeurometryError.shapeMismatch(
          context: context,
          message:
            "the residuals have \(residuals.columns.grouped) columns but the patterns \(patterns.channelCount.grouped)")
      }
    }
  }

  /// The data each sphere reads (condition means formed once for the methods computed on them),
  /// the blocks of centres, and with `columns` the data column of each voxel of the volume (−1:
  /// none), built once so that no sphere searches for its columns.
  func prepared(_ patterns: ResponsePatterns, searchlight: VolumeSearchlight, context: String) throws -> (
    ResponsePatterns, [Range<Int>], [Int32]?
  ) {
    var base = patterns
    if !estimator.method.isCrossValidated && estimator.noisePrecision == nil && noiseResiduals == nil,
      let d = estimator.conditionDescriptor
    {
      let labels = try RDMEstimator.descriptor(d, of: patterns, context: context)
      let groups = ConditionGroups(labels)
      base = try ResponsePatterns(
        measurements: groups.means(patterns.measurements), observationDescriptors: [d: groups.labels],
        observationDescriptorKinds: [d: labels.kind], source: context)
    }
    let count = searchlight.neighbors.count
    let blocks = stride(from: 0, to: count, by: Swift.max(blockSize, 1)).map { $0..<Swift.min($0 + blockSize, count) }
    var lookup: [Int32]? = nil
    if let columns {
      var table = [Int32](repeating: -1, count: searchlight.shape.reduce(1, *))
      for (k, v) in columns.enumerated() { table[v] = Int32(k) }
      lookup = table
    }
    return (base, blocks, lookup)
  }

  /// The RDMs of a block of centres. For euclidean and correlation on condition means (no
  /// precision, no removed mean) each sphere's vector is computed straight from its columns of the
  /// means with the estimator's own formulas (`RDMEstimator.distances(fromKernel:)`,
  /// `correlationDistances`) into one block matrix — no per-centre patterns or RDM objects;
  /// otherwise the estimator runs per centre. Same numbers either way.
  func blockRDMs(
    _ data: ResponsePatterns, centres: Range<Int>, searchlight: VolumeSearchlight, lookup: [Int32]?, context: String
  ) throws -> RDMs {
    let direct =
      (estimator.method == .euclidean || estimator.method == .correlation) && estimator.noisePrecision == nil
      && noiseResiduals == nil && !estimator.removeMean && estimator.conditionDescriptor != nil
    guard direct, let d = estimator.conditionDescriptor, let labels = data.observationLabels(d) else {
      return try RDMs.concatenating(
        centres.map { try rdm(data, centre: $0, searchlight: searchlight, lookup: lookup, context: context) },
        source: context)
    }
    let n = data.observationCount
    let pairs = CondensedIndex.pairCount(n)
    guard n >= 2 else {
      throw NeurometryError.invalidInput(context: context, message: "an RDM needs at least 2 conditions, found \(n)")
    }
    var block = Matrix(rows: centres.count, columns: pairs)
    for (k, c) in centres.enumerated() {
      let sub = data.measurements.selectingColumns(
        try sphereColumns(c, searchlight: searchlight, lookup: lookup, context: context))
      try sub.requireFinite(
        context, "the pattern matrix", columnName: "channel",
        advice: "this estimator needs finite values (for NaN channels use the unbalanced estimator)")
      let vector =
        estimator.method == .correlation
        ? try RDMEstimator.correlationDistances(sub, conditions: labels.values, context: context)
        : RDMEstimator.distances(fromKernel: gram(sub, side: .rows), scale: 1 / Double(sub.columns))
      block.withUnsafeMutableBufferPointer { b in
        for (j, v) in vector.enumerated() { b[k * pairs + j] = v }
      }
    }
    return try RDMs(
      dissimilarities: block, conditions: labels.values, measure: estimator.method.measureName,
      descriptors: ["method": estimator.method.rawValue, "condition_descriptor": d], source: context)
  }

  /// The data columns of centre number `c`'s sphere: its voxels, or (with `columns`) their
  /// positions there through `lookup` (every sphere voxel must be among them).
  func sphereColumns(_ c: Int, searchlight: VolumeSearchlight, lookup: [Int32]?, context: String) throws -> [Int] {
    guard let lookup else { return searchlight.neighbors[c] }
    return try searchlight.neighbors[c].map { v in
      guard lookup[v] >= 0 else {
        throw NeurometryError.invalidInput(
          context: context, message: "voxel \(v) of the sphere of centre \(searchlight.centers[c]) has no data column")
      }
      return Int(lookup[v])
    }
  }

  /// The RDM of centre number `c`: the estimator on the sphere's columns (with the precision of the
  /// sphere's residuals when `noiseResiduals` are given).
  func rdm(
    _ data: ResponsePatterns, centre c: Int, searchlight: VolumeSearchlight, lookup: [Int32]?, context: String
  ) throws -> RDMs {
    let columns = try sphereColumns(c, searchlight: searchlight, lookup: lookup, context: context)
    let sub = try ResponsePatterns(
      measurements: data.measurements.selectingColumns(columns),
      observationDescriptors: data.observationDescriptors, observationDescriptorKinds: data.observationDescriptorKinds,
      source: context)
    guard let residuals = noiseResiduals else { return try estimator.fit(sub) }
    var withNoise = estimator
    withNoise.noisePrecision = try noiseEstimator.fit(residuals: residuals.selectingColumns(columns)).precision
    return try withNoise.fit(sub)
  }
}
