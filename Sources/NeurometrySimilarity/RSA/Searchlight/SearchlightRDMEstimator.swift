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
    let voxels = searchlight.shape.reduce(1, *)
    guard patterns.channelCount == voxels else {
      throw NeurometryError.shapeMismatch(
        context: context,
        message:
          "the data have \(patterns.channelCount) columns but the volume \(searchlight.shape) has \(voxels) voxels")
    }
    guard !searchlight.centers.isEmpty else {
      throw NeurometryError.invalidInput(context: context, message: "the searchlight has no centres")
    }
    if estimator.noisePrecision != nil {
      throw NeurometryError.unsupported(
        path: context, field: nil, message: "a noise precision over the whole volume is not supported for searchlights")
    }
    var base = patterns
    if !estimator.method.isCrossValidated && estimator.noisePrecision == nil, let d = estimator.conditionDescriptor {
      let labels = try RDMEstimator.descriptor(d, of: patterns, context: context)
      let groups = ConditionGroups(labels)
      base = try ResponsePatterns(
        measurements: groups.means(patterns.measurements), observationDescriptors: [d: groups.labels],
        observationDescriptorKinds: [d: labels.kind], source: context)
    }
    let data = base
    let perCentre = estimator
    let neighbors = searchlight.neighbors
    let blocks = stride(from: 0, to: neighbors.count, by: blockSize).map {
      $0..<Swift.min($0 + blockSize, neighbors.count)
    }
    let results = try Parallel.map(blocks.count) { b -> [RDMs] in
      try blocks[b].map { c in
        let sub = try ResponsePatterns(
          measurements: data.measurements.selectingColumns(neighbors[c]),
          observationDescriptors: data.observationDescriptors, source: context)
        return try perCentre.fit(sub)
      }
    }
    let all = results.flatMap { $0 }
    let stacked = try RDMs.concatenating(all, source: context)
    return try RDMs(
      dissimilarities: stacked.dissimilarities, conditions: stacked.conditions, measure: stacked.measure,
      rdmDescriptors: ["voxel_index": searchlight.centers.map(String.init)], descriptors: stacked.descriptors,
      warnings: Array(Set(stacked.warnings)).sorted(), source: context)
  }
}
