/// One CKA comparison: the similarity, its angular form, the HSIC values it came from and the
/// parameters and warnings that produced it.
public struct CKAResult: Codable, Sendable, Equatable {
  /// CKA = HSIC(K, L) / √(HSIC(K, K)·HSIC(L, L)); in [0, 1] for the biased estimator, and
  /// possibly slightly negative for the debiased one.
  public let value: Double
  /// arccos(CKA) in [0, π] (CKA clipped to [−1, 1] first): a metric on the unit sphere of centred
  /// kernels (Williams et al. 2021, netrep's `LinearCKA` score for the linear kernel).
  public let angular: Double
  /// The normalised HSIC values.
  public let hsic: HSICValues
  /// The kernel the representations were compared with.
  public let kernel: CKAKernel
  /// The HSIC estimator behind `hsic` and `value`.
  public let estimator: CKAEstimator
  /// The computation used (always `gram` for RBF and precomputed kernels).
  public let form: CKAForm
  /// RBF only: the fraction f in σ = f·√median, the median convention and σ for X and Y.
  public let bandwidth: Double?
  /// RBF only: the median convention that set σ (`RBFMedian`); nil for the other kernels.
  public let median: RBFMedian?
  /// RBF only: the bandwidth σ used for X's kernel; nil for the other kernels.
  public let sigmaX: Double?
  /// RBF only: the bandwidth σ used for Y's kernel; nil for the other kernels.
  public let sigmaY: Double?
  /// Number of observations n (rows of X and Y).
  public let observations: Int
  /// Caveats about the value (a negative debiased CKA); empty when there are none.
  public let warnings: [String]

  enum CodingKeys: String, CodingKey {
    case value, angular, hsic, kernel, estimator, form, bandwidth, median
    case sigmaX = "sigma_x", sigmaY = "sigma_y", observations, warnings
  }
}
