/// The three HSIC values behind one CKA: HSIC(K, L), HSIC(K, K), HSIC(L, L), with the
/// estimator's normalisation (1/(n−1)² biased, 1/(n(n−3)) debiased), so CKA = xy / √(xx·yy).
public struct HSICValues: Codable, Sendable, Equatable {
  /// HSIC(K, L), the cross term between the two representations.
  public let xy: Double
  /// HSIC(K, K), the first representation's self-similarity (positive when CKA is defined).
  public let xx: Double
  /// HSIC(L, L), the second representation's self-similarity (positive when CKA is defined).
  public let yy: Double

  /// Stores the three normalised HSIC values as given.
  public init(xy: Double, xx: Double, yy: Double) {
    self.xy = xy
    self.xx = xx
    self.yy = yy
  }
}
