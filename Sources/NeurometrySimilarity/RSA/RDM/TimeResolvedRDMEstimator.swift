import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra

/// An estimator of one RDM from one set of response patterns: `RDMEstimator` (balanced designs)
/// and `UnbalancedRDMEstimator` (rsatoolbox `calc_rdm_unbalanced`).
public protocol PatternRDMEstimator: Sendable {
  /// The RDM of `patterns`.
  func fit(_ patterns: ResponsePatterns) throws -> RDMs
}

extension PatternRDMEstimator {
  /// The RDM of one pattern set, or with several (time bins with the same rows and labels) one
  /// RDM per bin stacked with the RDM descriptor "time" (the bin index), estimated in parallel.
  public func fit(timeBins bins: [ResponsePatterns]) throws -> RDMs {
    guard bins.count != 1 else { return try fit(bins[0]) }
    guard let first = bins.first else {
      throw NeurometryError.invalidInput(context: "rdm (time-resolved)", message: "no time bins")
    }
    var labels: [String: Labels] = [:]
    for name in first.observationDescriptors.keys { labels[name] = first.observationLabels(name) }
    return try TimeResolvedRDMEstimator(estimator: self).fit(
      slices: bins.map(\.measurements), observationLabels: labels)
  }
}

extension RDMEstimator: PatternRDMEstimator {}
extension UnbalancedRDMEstimator: PatternRDMEstimator {}

/// One RDM per time point or time bin (rsatoolbox `calc_rdm_movie`).
///
/// Input: `slices[t]` is the n_obs × P pattern matrix at time t (all slices the same shape, the
/// same observation descriptors). With `bins` (lists of time indices), each bin's patterns are the
/// mean of its slices and its time is the mean of its times (rsatoolbox `bin_time`); without,
/// every time point is its own bin. Bins are estimated in parallel (`Parallel.map`, one RDM per
/// task, results in bin order). The result carries the RDM descriptor "time". Any
/// `PatternRDMEstimator` works: balanced or unbalanced designs.
///
/// - Complexity: bins × one estimator fit; the bin means add O(T · n_obs · P).
public struct TimeResolvedRDMEstimator: Sendable {
  /// The estimator applied to each bin.
  public var estimator: any PatternRDMEstimator
  /// Time indices per bin (nil: one bin per time point).
  public var bins: [[Int]]?

  /// An estimator applying `estimator` to every bin of `bins` (nil: one bin per time point).
  public init(estimator: any PatternRDMEstimator, bins: [[Int]]? = nil) {
    self.estimator = estimator
    self.bins = bins
  }

  /// RDMs for every bin, stacked in bin order.
  public func fit(
    slices: [Matrix], times: [Double]? = nil, observationLabels: [String: Labels] = [:]
  ) throws -> RDMs {
    let context = "rdm (time-resolved)"
    guard let first = slices.first else {
      throw NeurometryError.invalidInput(context: context, message: "no time points")
    }
    for (t, s) in slices.enumerated() where s.rows != first.rows || s.columns != first.columns {
      throw NeurometryError.shapeMismatch(
        context: context, message: "time point \(t) is \(s.rows)×\(s.columns), expected \(first.rows)×\(first.columns)")
    }
    let timeValues = times ?? slices.indices.map(Double.init)
    guard timeValues.count == slices.count else {
      throw NeurometryError.shapeMismatch(
        context: context, message: "\(timeValues.count) time values for \(slices.count) time points")
    }
    let groups = bins ?? slices.indices.map { [$0] }
    for (b, g) in groups.enumerated() {
      guard !g.isEmpty else { throw NeurometryError.invalidInput(context: context, message: "bin \(b) is empty") }
      if let t = g.first(where: { $0 < 0 || $0 >= slices.count }) {
        throw NeurometryError.invalidInput(
          context: context, message: "bin \(b) names time index \(t), outside 0..<\(slices.count)")
      }
    }
    let estimator = self.estimator
    let rdms = try Parallel.map(groups.count) { b -> RDMs in
      let g = groups[b]
      var sum = slices[g[0]]
      for t in g.dropFirst() { sum = sum + slices[t] }
      let mean = g.count == 1 ? sum : (1 / Double(g.count)) * sum
      let patterns = try ResponsePatterns(measurements: mean, observationLabels: observationLabels, source: context)
      return try estimator.fit(patterns)
    }
    let binTimes = groups.map { g in g.map { timeValues[$0] }.reduce(0, +) / Double(g.count) }
    let stacked = try RDMs.concatenating(rdms, source: context)
    return try RDMs(
      dissimilarities: stacked.dissimilarities, conditions: stacked.conditions, measure: stacked.measure,
      rdmDescriptors: ["time": binTimes.map { $0.description }], descriptors: stacked.descriptors,
      warnings: Array(Set(stacked.warnings)).sorted(), source: context)
  }
}
