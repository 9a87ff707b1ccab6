/// The three HSIC values behind one CKA: HSIC(K, L), HSIC(K, K), HSIC(L, L), with the
/// estimator's normalisation (1/(n−1)² biased, 1/(n(n−3)) debiased), so CKA = xy / √(xx·yy).
public struct HSICValues: Codable, Sendable, Equatable {
  public let xy: Double
  public let xx: Double
  public let yy: Double

  public init(xy: Double, xx: Double, yy: Double) {
    self.xy = xy
    self.xx = xx
    self.yy = yy
  }
}
