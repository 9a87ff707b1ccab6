/// Which HSIC estimator CKA normalises.
///
/// - `biased`: HSIC_0 = tr(K H L H)/(n−1)² (Gretton et al. 2005), H = I − 11ᵀ/n. CKA with it is
///   Kornblith et al.'s (2019) CKA; needs n ≥ 2.
/// - `debiased`: the unbiased HSIC_1 of Song et al. (2012),
///   [tr(K̃L̃) + (1ᵀK̃1)(1ᵀL̃1)/((n−1)(n−2)) − 2/(n−2)·1ᵀK̃L̃1] / (n(n−3)), K̃ = K with its diagonal
///   set to 0; needs n ≥ 4. Its self-similarities can be ≤ 0 for small or degenerate samples,
///   where CKA is undefined (reported as an error, or as NaN with a warning in matrices).
public enum CKAEstimator: String, CaseIterable, Codable, Sendable {
  case biased
  case debiased

  /// The fewest observations the estimator is defined for (2 biased, 4 debiased).
  public var minimumObservations: Int { self == .biased ? 2 : 4 }
}
