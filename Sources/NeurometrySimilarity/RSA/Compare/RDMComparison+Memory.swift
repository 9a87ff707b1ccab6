import NeurometryLinearAlgebra

extension RDMComparison {
  /// The peak memory of `compare(first, second)` estimated from the shapes (issue 15): both sets
  /// (the inputs) plus the arrays alive at the comparison's peak, for RDMs without missing pairs.
  /// The process itself is not included (add `MemoryEstimate.process`).
  ///
  /// With a = `first` and b = `second` RDMs over q = `pairs` pairs (n conditions), T =
  /// `Parallel.workers` threads, doubles (8 bytes) unless said:
  /// - the RDMs (a × q and b × q, the inputs), the missing-pair flags (2·q bytes), the present
  ///   pairs' indices (q) and the result (a × b) with the products it is formed from (a × b);
  /// - corr: the centred RDMs (a × q and b × q);
  /// - spearman: the centred ranks (a × q and b × q) and, per thread, one row's argsort scratch
  ///   (28·q bytes: the row, 64-bit sort words and their radix buffer, 32-bit order);
  /// - rho-a: with at most 4 RDMs on one side and more on the other, that side's ranks (≤ 4 × q)
  ///   and the argsort scratch per thread; otherwise as spearman;
  /// - tau-a, tau-b: the smaller side's prepared ranks and order (8·q bytes per RDM) and, per
  ///   thread, one pair's scratch (32·q bytes: the row, the gathered sequence, the packed words
  ///   and the merge buffer);
  /// - cosine-cov, corr-cov: corr-cov's centred RDMs (a × q and b × q) and the whitened kernels
  ///   ((a + b) × n², as row arrays and as a matrix);
  /// - bures, bures-metric: the centred kernels ((a + b) × n²), the first set's square roots
  ///   (a × n²) and, per thread, two products, their symmetrised copy and the eigensolver's
  ///   workspace (about 5·n²).
  public func memoryEstimate(first: Int, second: Int, pairs: Int) -> MemoryEstimate {
    var e = MemoryEstimate()
    e.add("first RDMs", rows: first, columns: pairs)
    e.add("second RDMs", rows: second, columns: pairs)
    return e + workingMemory(first: first, second: second, pairs: pairs, threads: Parallel.workers)
  }

  /// The working arrays of `memoryEstimate(first:second:pairs:)` without its inputs, with `threads`
  /// parallel tasks at most (1 inside a parallel loop).
  func workingMemory(first a: Int, second b: Int, pairs q: Int, threads: Int) -> MemoryEstimate {
    var e = MemoryEstimate()
    let n = Int(((1 + (1 + 8 * Double(q)).squareRoot()) / 2).rounded())
    e.add("missing-pair flags", bytes: 2 * q)
    e.add("present pairs", rows: 1, columns: q)
    let argsortScratch = 28 * q
    switch comparator {
    case .cosine:
      break
    case .corr:
      e.add("centred first RDMs", rows: a, columns: q)
      e.add("centred second RDMs", rows: b, columns: q)
    case .spearman, .rhoA:
      let t = Swift.max(Swift.min(threads, Swift.max(a, b)), 1)
      if comparator == .rhoA && Swift.min(a, b) <= 4 && Swift.max(a, b) > 4 {
        e.add("ranks of the smaller set", rows: Swift.min(a, b), columns: q)
      } else {
        e.add("ranks of the first RDMs", rows: a, columns: q)
        e.add("ranks of the second RDMs", rows: b, columns: q)
      }
      e.add("argsort scratch (\(t) thread\(t == 1 ? "" : "s"))", bytes: t * argsortScratch)
    case .tauA, .tauB:
      let t = Swift.max(Swift.min(threads, a * b), 1)
      e.add("prepared ranks and orders", bytes: Swift.min(a, b) * 8 * q)
      e.add("merge-sort scratch (\(t) thread\(t == 1 ? "" : "s"))", bytes: t * 32 * q)
    case .cosineCov, .corrCov:
      if comparator == .corrCov {
        e.add("centred first RDMs", rows: a, columns: q)
        e.add("centred second RDMs", rows: b, columns: q)
      }
      e.add("whitened kernels (rows)", rows: a + b, columns: n * n)
      e.add("whitened kernels", rows: a + b, columns: n * n)
    case .bures, .buresMetric:
      let t = Swift.max(Swift.min(threads, a * b), 1)
      e.add("centred kernels", rows: (a + b) * n, columns: n)
      e.add("square roots of the first kernels", rows: a * n, columns: n)
      e.add("products and eigensolver workspace (\(t) thread\(t == 1 ? "" : "s"))", rows: 5 * t * n, columns: n)
    }
    e.add("products", rows: a, columns: b)
    e.add("comparisons", rows: a, columns: b)
    return e
  }
}
