import NeurometryLinearAlgebra

extension RDMEstimator {
  /// The peak memory of `fit` estimated from the shapes (issue 15): the input patterns plus the
  /// arrays alive at the fit's peak. The process itself is not included (add `MemoryEstimate.process`).
  ///
  /// With N = `observations`, P = `channels`, n = `conditions` (N when nil: one condition per
  /// row), F = `folds` (runs; nil: N/n, the k-th repetition of each condition) and q = n(n−1)/2
  /// pairs, all doubles (8 bytes):
  /// - every method: the patterns (N × P, the input), the RDM vector (q) and OpenBLAS's packing
  ///   buffers for the largest product (`Matrix.blasBufferBytes`);
  /// - with conditions (not cross-validated): the condition sums and means (n × P each);
  /// - euclidean, mahalanobis: the Gram matrix (n × n); mahalanobis with `noisePrecision`: Λ (P × P,
  ///   input), X·Λ (n × P), the kernel and its symmetrised copy (n × n each); `removeMean` adds the
  ///   mean-removed patterns (n × P);
  /// - correlation: the Gram matrix and the correlation kernel (n × n each) — the copy-free path,
  ///   taken when every row's squared mean is at most its variance (else two n × P copies more);
  /// - poisson: the rates and their logarithms (n × P each) and the kernel (n × n);
  /// - crossnobis, poisson-cv: the per-run cell sums (F·n × P), the condition totals (n × P), the
  ///   training and test means (n × F·P each) and the kernel (n × n); crossnobis with
  ///   `noisePrecision`: Λ (P × P, input) and the test means stacked by fold, times Λ and back in
  ///   fold order (F·n × P each); poisson-cv: the prior-shifted training and test means and the
  ///   log test means (n × F·P each);
  /// - crossnobis with `runNoisePrecisions`: the F precisions (P × P each, input) and their
  ///   inverses (F × P × P), one pair's averaged covariance and its inverse (P × P each), the run
  ///   sums and means (F·n × P each), one n × P product and the kernel (n × n).
  ///
  /// Freed blocks under glibc's 32 MiB mmap threshold stay resident and are reused, so the arrays
  /// of one fit are summed even where they do not all coexist.
  public static func memoryEstimate(
    method: RDMMethod, observations: Int, channels: Int, conditions: Int? = nil, folds: Int? = nil,
    noisePrecision: Bool = false, runNoisePrecisions: Bool = false, removeMean: Bool = false
  ) -> MemoryEstimate {
    var e = MemoryEstimate()
    e.add("patterns", rows: observations, columns: channels)
    if noisePrecision && method.usesNoisePrecision {
      e.add("noise precision Λ", rows: channels, columns: channels)
    }
    let f = foldCount(folds, observations: observations, conditions: conditions)
    if runNoisePrecisions && method == .crossnobis {
      e.add("run noise precisions (\(f))", rows: f * channels, columns: channels)
    }
    return e
      + workingMemory(
        method: method, observations: observations, channels: channels, conditions: conditions, folds: folds,
        noisePrecision: noisePrecision, runNoisePrecisions: runNoisePrecisions, removeMean: removeMean,
        threads: Parallel.workers)
  }

  /// F for the cross-validated methods: `folds`, or N/n (the k-th repetition of each condition).
  static func foldCount(_ folds: Int?, observations: Int, conditions: Int?) -> Int {
    Swift.max(folds ?? observations / Swift.max(conditions ?? observations, 1), 1)
  }

  /// The working arrays of `memoryEstimate(method:…)` without its inputs (patterns, Λ); BLAS runs
  /// on `threads` threads (1 inside a parallel loop).
  static func workingMemory(
    method: RDMMethod, observations: Int, channels p: Int, conditions: Int?, folds: Int?, noisePrecision: Bool,
    runNoisePrecisions: Bool, removeMean: Bool, threads: Int
  ) -> MemoryEstimate {
    let n = conditions ?? observations
    var e = MemoryEstimate()
    var blas = 0
    if method.isCrossValidated {
      let f = foldCount(folds, observations: observations, conditions: conditions)
      if runNoisePrecisions && method == .crossnobis {
        e.add("run precisions' inverses (\(f))", rows: f * p, columns: p)
        e.add("a pair's averaged covariance", rows: p, columns: p)
        e.add("a pair's precision", rows: p, columns: p)
        e.add("run sums", rows: f * n, columns: p)
        e.add("run means", rows: f * n, columns: p)
        e.add("run means × precision", rows: n, columns: p)
        blas = Matrix.blasBufferBytes(rows: n, inner: p, columns: p, threads: threads)
      } else {
        e.add("cell sums (runs × conditions)", rows: f * n, columns: p)
        e.add("condition totals", rows: n, columns: p)
        e.add("training means", rows: n, columns: f * p)
        e.add("test means", rows: n, columns: f * p)
        blas = Matrix.blasBufferBytes(rows: n, inner: f * p, columns: n, threads: threads)
        if method == .crossnobis && noisePrecision {
          e.add("test means stacked by fold", rows: f * n, columns: p)
          e.add("stacked test means × Λ", rows: f * n, columns: p)
          e.add("test means × Λ in fold order", rows: n, columns: f * p)
          blas = Swift.max(blas, Matrix.blasBufferBytes(rows: f * n, inner: p, columns: p, threads: threads))
        } else if method == .poissonCV {
          e.add("prior-shifted training means", rows: n, columns: f * p)
          e.add("prior-shifted test means", rows: n, columns: f * p)
          e.add("log test means", rows: n, columns: f * p)
        }
      }
      e.add("kernel", rows: n, columns: n)
    } else {
      if conditions != nil {
        e.add("condition sums", rows: n, columns: p)
        e.add("condition means", rows: n, columns: p)
      }
      blas = Matrix.blasBufferBytes(rows: n, inner: p, columns: n, threads: threads)
      switch method {
      case .euclidean, .mahalanobis:
        if removeMean { e.add("mean-removed patterns", rows: n, columns: p) }
        if noisePrecision && method == .mahalanobis {
          e.add("patterns × Λ", rows: n, columns: p)
          e.add("kernel", rows: n, columns: n)
          e.add("symmetrised kernel", rows: n, columns: n)
          blas = Swift.max(blas, Matrix.blasBufferBytes(rows: n, inner: p, columns: p, threads: threads))
        } else {
          e.add("Gram", rows: n, columns: n)
        }
      case .correlation:
        e.add("Gram", rows: n, columns: n)
        e.add("correlation kernel", rows: n, columns: n)
      case .poisson:
        e.add("Poisson rates", rows: n, columns: p)
        e.add("log rates", rows: n, columns: p)
        e.add("kernel", rows: n, columns: n)
      case .crossnobis, .poissonCV:
        break  // handled above
      }
    }
    e.add("RDM vector", rows: 1, columns: n * (n - 1) / 2)
    if blas > 0 { e.add("OpenBLAS packing buffers (\(threads) thread\(threads == 1 ? "" : "s"))", bytes: blas) }
    return e
  }
}
