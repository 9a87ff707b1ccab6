import NeurometryLinearAlgebra

extension GeneralLinearModel {
  /// The peak memory of `fit(_:design:context:)` for `scans` × `series` data on a design of
  /// `regressors` columns, the data and the design included, from the shapes and this model's
  /// options (batch size, residuals kept or not). The process itself is not included
  /// (`MemoryEstimate.process`).
  ///
  /// What the peak holds, doubles, with n scans, P regressors, v series and c = `voxelBatchSize`:
  /// - the data (n×v) and the design (n×P), the pseudo-inverse (P×n) and its SVD (n×P, twice);
  /// - one batch per thread (`Parallel.workers`, at most the number of batches): its copy of the
  ///   data (n×c; with `.percentOfMean` scaling, a scaled copy too) — below glibc's 32 MiB mmap
  ///   threshold each thread's freed block stays resident, so it counts to the end;
  /// - the betas of every batch (P×v) and their concatenation (P×v); with `keepResiduals`, the
  ///   residuals of every batch (n×v, each written over its batch copy) and their concatenation
  ///   (n×v).
  public func memoryEstimate(scans n: Int, regressors p: Int, series v: Int) -> MemoryEstimate {
    var estimate = MemoryEstimate()
    estimate.add("data (scans × series)", rows: n, columns: v)
    estimate.add("design, its SVD and pseudo-inverse", rows: 4 * n, columns: p)
    let batch = Swift.max(1, Swift.min(voxelBatchSize, v))
    let batches = (v + batch - 1) / batch
    let threads = Swift.max(1, Swift.min(Parallel.workers, batches))
    let copies = signalScaling == .percentOfMean ? 2 : 1
    var perThread = MemoryEstimate()
    perThread.add("batch copy of the data, \(threads) threads", bytes: threads * copies * n * batch * 8)
    var results = MemoryEstimate()
    results.add("betas of every batch", rows: p, columns: v)
    results.add("betas, concatenated", rows: p, columns: v)
    if keepResiduals {
      results.add("residuals of every batch", rows: n, columns: v)
      results.add("residuals, concatenated", rows: n, columns: v)
    }
    if copies * n * batch * 8 < 32 << 20 {
      estimate = estimate + perThread + results
    } else {
      var fitting = MemoryEstimate()
      fitting.add("betas of every batch", rows: p, columns: v)
      if keepResiduals { fitting.add("residuals of every batch", rows: n, columns: v) }
      estimate = estimate + MemoryEstimate.peak([perThread + fitting, results])
    }
    return estimate
  }
}
