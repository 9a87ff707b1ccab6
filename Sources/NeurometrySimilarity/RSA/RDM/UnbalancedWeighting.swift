/// How `UnbalancedRDMEstimator` weights the pairs of observations that enter one dissimilarity
/// (rsatoolbox `calc_rdm_unbalanced(weighting=…)`).
public enum UnbalancedWeighting: String, Sendable, Codable, CaseIterable {
  /// Each pair of observations weighted by its number of jointly valid channels (the default).
  case number
  /// Each pair of observations weighted equally.
  case equal
}
