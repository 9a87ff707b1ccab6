import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity

/// One measure's raw numbers for one region: the point estimate of every layer, the bootstrap
/// distribution, and the region's ceiling — and the summary the report shows (`summary`).
struct LayerScores: Codable, Sendable {
  /// Point estimate per layer (mean over subjects).
  var scores: [Double]
  /// Bootstrap samples × layers (a NaN row: an invalid sample, fewer than 3 distinct stimuli).
  var samples: Matrix
  var ceiling: Ceiling?
  /// "stimuli" or "stimuli+subjects".
  var resampling: String

  /// The interval, ceiling-normalised scores, best layer, probability of being best, and the
  /// corrected pairwise tests.
  ///
  /// - Interval: the (1 − c)/2 and (1 + c)/2 type-7 quantiles of the valid samples (percentile
  ///   bootstrap); standard error = their standard deviation (ddof 1).
  /// - Best: argmax (argmin for distances) of `scores`; P(best) of layer l = share of valid samples
  ///   in which l is best, a tie of k layers giving each 1/k.
  /// - Pairwise: `ModelTests.bootstrapPairwise` on the valid samples, then `correction.adjusted`
  ///   over the L(L − 1)/2 pairs; significant when the adjusted p < 1 − c.
  /// - Normalised: score / ceiling.upper (NaN when the ceiling is not positive).
  func summary(
    region: String, layers: [String], higherIsBetter: Bool, confidence: Double, correction: MultipleComparisons
  ) throws -> RegionScores {
    let l = layers.count
    let valid = (0..<samples.rows).filter { b in (0..<l).allSatisfy { !samples[b, $0].isNaN } }
    guard valid.count >= 2 else {
      throw NeurometryError.invalidInput(
        context: "region '\(region)'",
        message: "only \(valid.count) of \(samples.rows) bootstrap samples gave a value for every layer")
    }
    let tail = (1 - confidence) / 2
    var lower: [Double] = []
    var upper: [Double] = []
    var errors: [Double] = []
    for j in 0..<l {
      let column = valid.map { samples[$0, j] }
      let q = try Quantile.type7(column, [tail, 1 - tail])
      lower.append(q[0])
      upper.append(q[1])
      let mean = column.reduce(0, +) / Double(column.count)
      errors.append((column.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(column.count - 1)).squareRoot())
    }
    func better(_ a: Double, _ b: Double) -> Bool { higherIsBetter ? a > b : a < b }
    var best = 0
    for j in 1..<max(l, 1) where better(scores[j], scores[best]) { best = j }
    var wins = [Double](repeating: 0, count: l)
    for b in valid {
      let row = (0..<l).map { samples[b, $0] }
      var top = row[0]
      for v in row.dropFirst() where better(v, top) { top = v }
      let winners = (0..<l).filter { row[$0] == top }
      for w in winners { wins[w] += 1 / Double(winners.count) }
    }
    let validSamples = Matrix(rows: valid.count, columns: l) { r, j in samples[valid[r], j] }
    let pairwise = CondensedIndex.condensed(ModelTests.bootstrapPairwise(validSamples))
    let adjusted = correction.adjusted(pairwise)
    let normalized = ceiling.map { c in scores.map { c.upper > 0 ? $0 / c.upper : .nan } }
    return RegionScores(
      region: region, scores: scores, lower: lower, upper: upper, standardErrors: errors, ceiling: ceiling,
      normalized: normalized, best: best, bestLayer: layers[best],
      bestProbability: wins.map { $0 / Double(valid.count) },
      pairwiseP: adjusted, pairwiseSignificant: adjusted.map { $0 < 1 - confidence }, samples: valid.count,
      resampling: resampling)
  }
}
