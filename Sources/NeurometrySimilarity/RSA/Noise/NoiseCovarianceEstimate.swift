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
}
