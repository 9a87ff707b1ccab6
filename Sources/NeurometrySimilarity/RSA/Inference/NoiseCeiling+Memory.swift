import NeurometryLinearAlgebra

extension NoiseCeiling {
  /// The peak memory of `compute(data, comparison:, groups:)` estimated from the shapes (issue 15):
  /// the data RDMs (the input) plus the arrays alive at the computation's peak, for RDMs without
  /// missing pairs. The process itself is not included (add `MemoryEstimate.process`).
  ///
  /// With R = `rdms` over q = `pairs` pairs in G = `groups` groups (R when nil), doubles:
  /// - the data (R × q, the input), the missing-pair flags (q bytes) and present pairs (q);
  /// - cosine, corr, spearman, rho-a (running sums): the normalised RDMs (R × q), what the
  ///   comparator sees of them and its intermediate (R × q each: corr's centred and unit rows,
  ///   spearman's ranks and unit rows, rho-a's ranks and scaled ranks; cosine's unit rows only),
  ///   the group sums (G × q) and six pooled vectors (q each); the rank comparators add one
  ///   argsort scratch per thread (28·q bytes);
  /// - the other comparators (a pool per group): the normalised RDMs of all and of the training
  ///   RDMs, as row arrays and as matrices (4 × R × q), the group's selections (R × q) and the
  ///   working arrays of one `RDMComparison.compare` of the pool with R/G RDMs.
  public static func memoryEstimate(
    rdms: Int, pairs: Int, groups: Int? = nil, comparison: RDMComparison
  ) -> MemoryEstimate {
    var e = MemoryEstimate()
    e.add("data RDMs", rows: rdms, columns: pairs)
    return e
      + workingMemory(rdms: rdms, pairs: pairs, groups: groups, comparison: comparison, threads: Parallel.workers)
  }

  /// The working arrays of `memoryEstimate(rdms:pairs:groups:comparison:)` without its input, with
  /// `threads` parallel tasks at most (1 inside a parallel loop).
  static func workingMemory(
    rdms r: Int, pairs q: Int, groups: Int?, comparison: RDMComparison, threads: Int
  ) -> MemoryEstimate {
    let g = Swift.max(groups ?? r, 1)
    var e = MemoryEstimate()
    e.add("missing-pair flags", bytes: q)
    e.add("present pairs", rows: 1, columns: q)
    switch comparison.comparator {
    case .cosine, .corr, .spearman, .rhoA:
      e.add("normalised RDMs", rows: r, columns: q)
      if comparison.comparator != .cosine { e.add("centred or ranked RDMs", rows: r, columns: q) }
      e.add("the comparator's view of the RDMs", rows: r, columns: q)
      if comparison.comparator == .spearman || comparison.comparator == .rhoA {
        let t = Swift.max(Swift.min(threads, r), 1)
        e.add("argsort scratch (\(t) thread\(t == 1 ? "" : "s"))", bytes: t * 28 * q)
      }
      e.add("group sums", rows: g, columns: q)
      e.add("pooled vectors", rows: 6, columns: q)
    default:
      e.add("normalised RDMs (rows and matrix, all and training)", rows: 4 * r, columns: q)
      e.add("a group's training and test RDMs", rows: r, columns: q)
      e.add("pooled vectors", rows: 2, columns: q)
      let perGroup = Swift.max((r + g - 1) / g, 1)
      e = e + comparison.workingMemory(first: 1, second: perGroup, pairs: q, threads: threads)
    }
    return e
  }
}
