/// How `NoiseCovarianceEstimator` estimates the channel covariance of residuals (rsatoolbox
/// `cov_from_residuals(method=…)`).
public enum NoiseCovarianceMethod: String, Sendable, Codable, CaseIterable {
  /// Schäfer & Strimmer (2005) shrinkage of the off-diagonal covariances towards zero (the target
  /// is the diagonal): the default, well conditioned for any number of residuals.
  case shrinkageDiagonal = "shrinkage-diag"
  /// Ledoit & Wolf (2004) shrinkage towards a multiple of the identity.
  case shrinkageIdentity = "shrinkage-eye"
  /// The channel variances only (univariate noise normalisation).
  case diagonal = "diag"
  /// The sample covariance XᵀX / dof without shrinkage (singular with fewer residuals than channels).
  case full
}
