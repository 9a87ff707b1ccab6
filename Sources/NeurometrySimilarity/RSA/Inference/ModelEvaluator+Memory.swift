import NeurometryLinearAlgebra

extension ModelEvaluator {
  /// The peak memory of `bootstrap(models, data:, scheme:, count:, seed:)` (`evaluateFixed` for
  /// `.fixed`) estimated from the shapes (issue 15): the data and fixed models' RDMs (the inputs)
  /// plus the arrays alive at the evaluation's peak, for RDMs without missing pairs. The process
  /// itself is not included (add `MemoryEstimate.process`).
  ///
  /// With m = `models`, R = `rdms` data RDMs over n = `conditions` conditions (q = n(n−1)/2 pairs),
  /// B = `samples`, T = min(`Parallel.workers`, B) samples in flight, doubles:
  /// - the data RDMs (R × q) and the models' RDMs (m × q), the inputs; the predictions (m × q);
  /// - the samples' indices (B × (n and/or R) integers, plus ~48 bytes per array);
  /// - per sample in flight, cosine and corr (weighted pairs, no resampled copies): the pair
  ///   weights, one model's unit RDM, the pooled sums and views (6 × q) and the data's unit,
  ///   normalised and per-group RDMs (3 × R × q; R × q without the per-sample noise ceiling);
  ///   the other comparators: the sample's resampled data and predictions ((R + m) × q) and the
  ///   working arrays of one `RDMComparison.compare` (m × R) and one `NoiseCeiling.compute`;
  /// - the per-sample rows (B × (m + 2), as arrays and as matrices, several copies: 2 arrays of
  ///   ~(8·(m + 2) + 48) bytes and 4 matrices of 8·(m + 2) bytes per sample);
  /// - `.fixed`: the predictions, one `RDMComparison.compare` (m × R) and one
  ///   `NoiseCeiling.compute` on all data.
  public func memoryEstimate(
    models m: Int, rdms r: Int, conditions n: Int, samples b: Int, scheme: EvaluationScheme
  ) -> MemoryEstimate {
    let q = n * (n - 1) / 2
    let threads = Parallel.workers
    var e = MemoryEstimate()
    e.add("data RDMs", rows: r, columns: q)
    e.add("model RDMs", rows: m, columns: q)
    e.add("predictions", rows: m, columns: q)
    let ceiling = computesNoiseCeiling
    guard scheme != .fixed else {
      e = e + comparison.workingMemory(first: m, second: r, pairs: q, threads: threads)
      if ceiling {
        e = e + NoiseCeiling.workingMemory(rdms: r, pairs: q, groups: nil, comparison: comparison, threads: threads)
      }
      return e
    }
    let indices = (scheme.resamplesConditions ? n : 0) + (scheme.resamplesSubjects ? r : 0)
    let arrays = (scheme.resamplesConditions ? 1 : 0) + (scheme.resamplesSubjects ? 1 : 0)
    e.add("bootstrap samples (\(b))", bytes: b * (8 * indices + 48 * arrays))
    let t = Swift.max(Swift.min(threads, b), 1)
    let perSample = perSampleNoiseCeiling && ceiling
    if comparison.comparator == .cosine || comparison.comparator == .corr {
      e.add("weighted-pair vectors (\(t) sample\(t == 1 ? "" : "s") in flight)", rows: 6 * t, columns: q)
      e.add("unit, normalised and group RDMs (\(t) in flight)", rows: t * (perSample ? 3 : 1) * r, columns: q)
    } else {
      e.add("resampled data and predictions (\(t) in flight)", rows: t * (r + m), columns: q)
      for _ in 0..<t {
        e = e + comparison.workingMemory(first: m, second: r, pairs: q, threads: 1)
        if perSample {
          e = e + NoiseCeiling.workingMemory(rdms: r, pairs: q, groups: nil, comparison: comparison, threads: 1)
        }
      }
    }
    e.add("per-sample rows (arrays)", bytes: 2 * b * (8 * (m + 2) + 48))
    e.add("per-sample rows (matrices)", rows: 4 * b, columns: m + 2)
    return e
  }
}
