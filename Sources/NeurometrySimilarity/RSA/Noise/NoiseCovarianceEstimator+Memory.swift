import NeurometryLinearAlgebra

extension NoiseCovarianceEstimator {
  /// The peak memory of `fit(residuals:)` (or, with `conditions`, of
  /// `fit(measurements:conditionDescriptor:)`) estimated from the shapes (issue 15): the input plus
  /// the arrays alive at the fit's peak. The process itself is not included (add
  /// `MemoryEstimate.process`).
  ///
  /// With n = `observations` rows over P = `channels`, all doubles (8 bytes):
  /// - the residuals (n × P, the input) and their column-centred copy R (n × P);
  /// - with `conditions` (c): the measurements are the input instead, plus the condition sums and
  ///   means (c × P each) and the residuals (n × P);
  /// - shrinkage-diag, shrinkage-eye: the squared residuals R∘R (n × P), S = RᵀR and
  ///   Q = (R∘R)ᵀ(R∘R) (P × P each) and the covariance (P × P); the precision (P × P) is formed
  ///   after S and Q are freed and takes one of their blocks;
  /// - full: the covariance (P × P) and the precision (P × P);
  /// - diag: the covariance (a P × P diagonal matrix) and the precision (P × P);
  /// - OpenBLAS's packing buffers of the P × P SYRK (`Matrix.blasBufferBytes`).
  public func memoryEstimate(observations: Int, channels: Int, conditions: Int? = nil) -> MemoryEstimate {
    var e = MemoryEstimate()
    let (n, p) = (observations, channels)
    if let c = conditions {
      e.add("measurements", rows: n, columns: p)
      e.add("condition sums", rows: c, columns: p)
      e.add("condition means", rows: c, columns: p)
    }
    e.add("residuals", rows: n, columns: p)
    e.add("centred residuals", rows: n, columns: p)
    switch method {
    case .shrinkageDiagonal, .shrinkageIdentity:
      e.add("squared residuals", rows: n, columns: p)
      e.add("S = RᵀR", rows: p, columns: p)
      e.add("Q = (R∘R)ᵀ(R∘R)", rows: p, columns: p)
      e.add("covariance", rows: p, columns: p)
    case .full, .diagonal:
      e.add("covariance", rows: p, columns: p)
      e.add("precision", rows: p, columns: p)
    }
    if method != .diagonal {
      let blas = Matrix.blasBufferBytes(rows: p, inner: n, columns: p, threads: Parallel.workers)
      e.add("OpenBLAS packing buffers (\(Parallel.workers) threads)", bytes: blas)
    }
    return e
  }
}
