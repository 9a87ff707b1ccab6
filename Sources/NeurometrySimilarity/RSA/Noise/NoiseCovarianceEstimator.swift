import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra

/// Estimates the noise covariance over channels from residuals, and its precision (rsatoolbox
/// `cov_from_residuals` / `prec_from_residuals`, `cov_from_unbalanced` / `prec_from_unbalanced`).
///
/// The n×P residuals R are first centred per channel (as rsatoolbox does); with S = RᵀR and
/// Q = (R∘R)ᵀ(R∘R) — two SYRK products, no loop of outer products — and d = `degreesOfFreedom`
/// (default n − 1):
/// - `full`: Σ = S / d.
/// - `diagonal`: Σ = diag(Sⱼⱼ / d).
/// - `shrinkageIdentity` (Ledoit & Wolf 2004): s = S/n, m = tr(s)/P, δ² = ‖s − mI‖²_F,
///   β² = min(δ², Σ(Q/n − s∘s)/n); Σ = (n/d)·((β²/δ²)·m·I + (1 − β²/δ²)·s).
/// - `shrinkageDiagonal` (Schäfer & Strimmer 2005): s = S/d, rᵢⱼ = Sᵢⱼ/(σᵢσⱼ(n−1)) with σ² = diag(s),
///   Var̂ᵢⱼ = n/d²·(Qᵢⱼ/(σᵢ²σⱼ²(n−1)) − rᵢⱼ²), λ = clip(Σ_{i≠j} Var̂ᵢⱼ / Σ_{i≠j} rᵢⱼ², 0, 1);
///   Σ = s with off-diagonal entries times (1 − λ).
///
/// Errors: a channel with zero variance (for `diagonal` and `shrinkageDiagonal`, named by index),
/// `full` with fewer than P + 1 residual rows (the covariance has rank ≤ n − 1 < P), and any
/// covariance that is not positive definite.
///
/// Reference: rsatoolbox 0.3.2 `rsatoolbox.data.noise`. Precisions agree with its `np.linalg.inv`
/// to rounding (Cholesky here, LU there).
public struct NoiseCovarianceEstimator: Sendable {
  /// The covariance estimator (`NoiseCovarianceMethod`; default `.shrinkageDiagonal`, rsatoolbox's).
  public var method: NoiseCovarianceMethod
  /// Degrees of freedom (default: n − 1 for residuals, n − n_conditions for measurements).
  public var degreesOfFreedom: Int?

  /// An estimator with the given method and degrees of freedom (nil: the default of each `fit`).
  public init(method: NoiseCovarianceMethod = .shrinkageDiagonal, degreesOfFreedom: Int? = nil) {
    self.method = method
    self.degreesOfFreedom = degreesOfFreedom
  }

  /// Covariance and precision from an n×P matrix of residuals.
  /// - Complexity: O(n·P²) for the SYRK products (S, and Q for the shrinkage methods; O(n·P) for
  ///   `diagonal`) plus O(P³) for the Cholesky inverse.
  public func fit(residuals: Matrix) throws -> NoiseCovarianceEstimate {
    try fit(residuals, defaultDegreesOfFreedom: residuals.rows - 1)
  }

  /// Covariance and precision from repeated measurements: each observation minus its condition's
  /// mean, with d = n − n_conditions by default (rsatoolbox `cov_from_unbalanced`).
  /// - Complexity: O(n·P) for the condition means and residuals, then as `fit(residuals:)`.
  public func fit(measurements patterns: ResponsePatterns, conditionDescriptor: String) throws
    -> NoiseCovarianceEstimate
  {
    let labels = try RDMEstimator.descriptor(conditionDescriptor, of: patterns, context: "noise covariance")
    let groups = ConditionGroups(labels)
    let means = groups.means(patterns.measurements)
    let x = patterns.measurements
    var residuals = x
    let p = x.columns
    residuals.withUnsafeMutableBufferPointer { r in
      means.withUnsafeBufferPointer { m in
        for i in 0..<x.rows {
          let c = groups.codes[i]
          for j in 0..<p { r[i * p + j] -= m[c * p + j] }
        }
      }
    }
    return try fit(residuals, defaultDegreesOfFreedom: x.rows - groups.count)
  }

  func fit(_ residuals: Matrix, defaultDegreesOfFreedom: Int) throws -> NoiseCovarianceEstimate {
    let context = "noise covariance (\(method.rawValue))"
    let (n, p) = (residuals.rows, residuals.columns)
    guard n >= 2, p >= 1 else {
      throw NeurometryError.invalidInput(
        context: context, message: "needs at least 2 residual rows and 1 channel, found \(n)×\(p)")
    }
    try residuals.requireFinite(context + ": residuals")
    let dof = degreesOfFreedom ?? defaultDegreesOfFreedom
    guard dof > 0 else {
      throw NeurometryError.invalidInput(context: context, message: "degrees of freedom must be positive, found \(dof)")
    }
    let r = residuals.columnCentered
    let dn = Double(n)
    let dd = Double(dof)
    var covariance: Matrix
    var shrinkage: Double? = nil
    switch method {
    case .full:
      guard n - 1 >= p else {
        throw NeurometryError.singularMatrix(
          operation: context,
          message:
            "\(n) residual rows over \(p) channels give a covariance of rank at most \(n - 1) < \(p); use shrinkage-diag or shrinkage-eye"
        )
      }
      covariance = gram(r, side: .columns, alpha: 1 / dd)
    case .diagonal:
      let variances = r.columnSquaredSums.map { $0 / dd }
      try Self.requirePositiveVariances(variances, of: residuals, context: context)
      covariance = Matrix.diagonal(variances)
    case .shrinkageIdentity:
      let s = gram(r, side: .columns, alpha: 1 / dn)
      let q = gram(r.map { $0 * $0 }, side: .columns, alpha: 1 / dn)
      let m = s.trace / Double(p)
      var d2 = 0.0
      var b2 = 0.0
      s.withUnsafeBufferPointer { se in
        q.withUnsafeBufferPointer { qe in
          for i in 0..<p {
            for j in 0..<p {
              let v = se[i * p + j]
              let centred = i == j ? v - m : v
              d2 += centred * centred
              b2 += qe[i * p + j] - v * v
            }
          }
        }
      }
      b2 = Swift.min(d2, b2 / dn)
      guard d2 > 0 else {
        throw NeurometryError.invalidInput(
          context: context, message: "the sample covariance is already a multiple of the identity (δ² = 0)")
      }
      let lambda = b2 / d2
      shrinkage = lambda
      let factor = dn / dd
      covariance = s.map { $0 * (1 - lambda) * factor }
      for i in 0..<p { covariance[i, i] += lambda * m * factor }
    case .shrinkageDiagonal:
      let sums = gram(r, side: .columns)
      let q = gram(r.map { $0 * $0 }, side: .columns)
      let variances = sums.diagonalElements.map { $0 / dd }
      try Self.requirePositiveVariances(variances, of: residuals, context: context)
      let inverseSD = variances.map { 1 / $0.squareRoot() }
      let inverseVariance = variances.map { 1 / $0 }
      var numerator = 0.0
      var denominator = 0.0
      let nm1 = 1 / (dn - 1)
      let scale = dn / (dd * dd)
      sums.withUnsafeBufferPointer { se in
        q.withUnsafeBufferPointer { qe in
          for i in 0..<p {
            let (si, vi) = (inverseSD[i] * nm1, inverseVariance[i] * nm1)
            for j in 0..<p where i != j {
              let rij = se[i * p + j] * si * inverseSD[j]
              let r2 = qe[i * p + j] * vi * inverseVariance[j]
              numerator += r2 - rij * rij
              denominator += rij * rij
            }
          }
        }
      }
      numerator *= scale
      let lambda = denominator > 0 ? Swift.max(Swift.min(numerator / denominator, 1), 0) : 1
      shrinkage = lambda
      covariance = sums.map { $0 / dd }
      covariance.withUnsafeMutableBufferPointer { c in
        for i in 0..<p {
          for j in 0..<p where i != j { c[i * p + j] *= 1 - lambda }
        }
      }
    }
    let precision: Matrix
    do {
      precision = try covariance.inversePositiveDefinite()
    } catch {
      throw NeurometryError.singularMatrix(
        operation: context,
        message:
          "the \(p)×\(p) covariance estimated from \(n) residual rows is not positive definite and has no precision (\(error)); use shrinkage-diag or shrinkage-eye"
      )
    }
    return NoiseCovarianceEstimate(
      covariance: covariance, precision: precision, method: method, degreesOfFreedom: dof, observations: n,
      shrinkage: shrinkage)
  }

  /// A channel is constant when its variance is 0 or its raw residuals are all equal (centring a
  /// constant column can leave rounding noise of ~1e-16, whose tiny variance would give a huge
  /// precision instead of an error).
  static func requirePositiveVariances(_ variances: [Double], of residuals: Matrix, context: String) throws {
    let c = residuals.columns
    var constant = [Bool](repeating: true, count: c)
    residuals.withUnsafeBufferPointer { e in
      for i in 1..<Swift.max(residuals.rows, 1) {
        for j in 0..<c where constant[j] && e[i * c + j] != e[j] { constant[j] = false }
      }
    }
    if let j = variances.indices.first(where: { !(variances[$0] > 0) || constant[$0] }) {
      throw NeurometryError.singularMatrix(
        operation: context,
        message: "channel \(j) has zero residual variance, so the covariance is singular; remove the channel")
    }
  }
}

extension Matrix {
  /// Σᵢ aᵢⱼ² for every column j.
  var columnSquaredSums: [Double] {
    var out = [Double](repeating: 0, count: columns)
    let c = columns
    withUnsafeBufferPointer { e in
      for i in 0..<rows {
        for j in 0..<c { out[j] += e[i * c + j] * e[i * c + j] }
      }
    }
    return out
  }
}
