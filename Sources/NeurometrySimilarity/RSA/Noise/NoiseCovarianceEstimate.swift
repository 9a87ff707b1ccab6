import NeurometryLinearAlgebra

/// A noise covariance over channels and its inverse, the precision that mahalanobis and
/// crossnobis RDMs take (`RDMEstimator.noisePrecision`).
public struct NoiseCovarianceEstimate: Sendable, Equatable, Codable {
  /// P×P covariance Σ.
  public let covariance: Matrix
  /// P×P precision Λ = Σ⁻¹ (by Cholesky; exactly symmetric).
  public let precision: Matrix
  /// The estimator.
  public let method: NoiseCovarianceMethod
  /// Degrees of freedom used in the normalisation.
  public let degreesOfFreedom: Int
  /// Number of residual rows.
  public let observations: Int
  /// The shrinkage intensity (0: sample covariance, 1: the target), for the shrinkage methods.
  public let shrinkage: Double?

  /// What a user of the precision should know: with fewer residual rows than channels (n − 1 <
  /// P) the sample covariance is singular (rank at most n − 1), and the precision exists only
  /// because of the shrinkage (the diagonal or identity target), which then dominates it.
  public var warnings: [String] {
    let p = covariance.rows
    guard observations - 1 < p, let shrinkage else { return [] }
    let lambda = (shrinkage * 1000).rounded() / 1000
    return [
      "the sample covariance is singular: \(observations) residual rows give rank at most \(observations - 1) < \(p) channels; the precision exists through the shrinkage (λ = \(lambda)) and rests largely on its target"
    ]
  }
}
