import NeurometryLinearAlgebra

/// Pools several data RDMs into the one RDM that a comparator scores best on average
/// (rsatoolbox `pool_rdm`): each RDM is normalised as the comparator would see it, then averaged.
///
/// Per RDM x (NaN pairs ignored in the statistics):
/// - cosine, cosine-cov: x / √mean(x²);
/// - corr, corr-cov: (x − mean)/std (ddof 0); after averaging, minus the minimum (rsatoolbox
///   `inference_util.pool_rdm`; the fitting variant adds 0.01, which no comparator sees);
/// - spearman, rho-a, tau-a, tau-b: average ranks;
/// - bures, bures-metric: x as is (rsatoolbox has no pooling for them).
/// Whitened pooling for fitting (`whitenedFor`): cosine-cov and corr-cov divide by the whitened
/// norm √(xᵀV⁻¹x) instead (rsatoolbox `util.pooling.pool_rdm`, which solves V by conjugate
/// gradients; exact here).
/// The mean is taken at the pairs present in the first RDM (rsatoolbox `_nan_mean`); other pairs
/// are NaN.
public enum RDMPooling {
  /// The pooled RDM vector.
  public static func pool(_ rdms: RDMs, for comparator: RDMComparator, whitenedFor comparison: RDMComparison? = nil)
    throws -> [Double]
  {
    let x = try normalized(
      rdms.dissimilarities, for: comparator, whitenedFor: comparison, conditions: rdms.conditionCount)
    var mean = meanAtFirstRowPairs(x)
    if comparator == .corr || comparator == .corrCov {
      let minimum = mean.filter { !$0.isNaN }.min() ?? 0
      mean = mean.map { $0 - minimum }
    }
    return mean
  }

  /// Each row normalised for the comparator (see the type's documentation).
  static func normalized(
    _ x: Matrix, for comparator: RDMComparator, whitenedFor comparison: RDMComparison? = nil, conditions n: Int
  ) throws -> Matrix {
    if comparison == nil || !comparator.isWhitened,
      [RDMComparator.cosine, .cosineCov, .corr, .corrCov].contains(comparator)
    {
      return scaledRows(x, centre: comparator == .corr || comparator == .corrCov)
    }
    let rows = try (0..<x.rows).map { r -> [Double] in
      let v = x.row(r)
      let present = v.filter { !$0.isNaN }
      let q = Double(present.count)
      switch comparator {
      case .cosine, .cosineCov, .corr, .corrCov:
        let centre = comparator == .corr || comparator == .corrCov
        let mean = centre ? present.reduce(0, +) / q : 0
        let c = v.map { $0 - mean }
        var scale: Double
        if let comparison, comparator.isWhitened {
          let valid = v.indices.filter { !v[$0].isNaN }
          let w = try Whitening(
            covariance: comparison.patternCovariance, conditions: n, diagonal: comparison.diagonalWhitening,
            context: "pool")
          let cv = Matrix(rows: 1, columns: valid.count, elements: valid.map { c[$0] })
          let white = try w.whiten(cv, valid: valid, complete: valid.count == v.count, context: "pool")
          scale = white.rowSquaredNorms[0].squareRoot()
        } else {
          var sum = 0.0
          for value in present { sum += (value - mean) * (value - mean) }
          scale = (sum / q).squareRoot()
        }
        return c.map { $0 / scale }
      case .spearman, .rhoA, .tauA, .tauB:
        return RDMTransform.ranksOmittingNaN(v)
      case .bures, .buresMetric:
        return v
      }
    }
    return Matrix(rows: x.rows, columns: x.columns, elements: rows.flatMap { $0 })
  }

  /// Each row minus its mean over the present (non-NaN) pairs when `centre`, divided by its root
  /// mean square over them (rsatoolbox's `_normalize` for cosine/corr, unwhitened): NaN stays NaN.
  /// One pass per row on raw buffers (the bootstrap calls this once per sample).
  static func scaledRows(_ x: Matrix, centre: Bool) -> Matrix {
    var out = x
    let q = x.columns
    out.withUnsafeMutableBufferPointer { o in
      for r in 0..<x.rows {
        guard let row = o.baseAddress.map({ $0 + r * q }) else { continue }
        var count = 0
        var sum = 0.0
        for k in 0..<q where !row[k].isNaN {
          count += 1
          sum += row[k]
        }
        let mean = centre ? sum / Double(count) : 0
        var squares = 0.0
        for k in 0..<q where !row[k].isNaN { squares += (row[k] - mean) * (row[k] - mean) }
        let scale = (squares / Double(count)).squareRoot()
        for k in 0..<q { row[k] = (row[k] - mean) / scale }
      }
    }
    return out
  }

  /// Column means at the pairs where the first row is present; NaN elsewhere.
  static func meanAtFirstRowPairs(_ x: Matrix) -> [Double] {
    (0..<x.columns).map { k in
      guard x.rows > 0, !x[0, k].isNaN else { return .nan }
      var s = 0.0
      for r in 0..<x.rows { s += x[r, k] }
      return s / Double(x.rows)
    }
  }
}
