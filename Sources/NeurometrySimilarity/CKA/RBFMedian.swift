/// Which median sets the RBF bandwidth σ, each named for exactly what it computes (f is the
/// `bandwidth` fraction, dᵢⱼ = ‖xᵢ − xⱼ‖):
///
/// - `squaredFull` ("squared-full", the default; alias "full"): σ = f·√median(dᵢⱼ²) over the full
///   n×n matrix, its n zeros on the diagonal included and every pair counted twice. This is
///   Kornblith et al.'s reference code (`np.median` of the squared-distance matrix), the convention
///   behind published CKA-RBF numbers, hence the default.
/// - `squaredPairs` ("squared-pairs"; alias "off-diagonal"): σ = f·√median(dᵢⱼ²) over the
///   n(n−1)/2 distinct pairs i < j.
/// - `distancePairs` ("distance-pairs"; alias "distance"): σ = f·median(dᵢⱼ) over the pairs
///   i < j, the "median distance" heuristic of kernel two-sample tests (Gretton et al. 2012) and
///   most published code (`np.median(pdist(X))`).
///
/// `squaredPairs` and `distancePairs` agree when the number of pairs is odd; when it is even the
/// median averages the two middle values, and the mean of two squares is not the square of the
/// mean (σ differs by ~1e-7 to 1e-5 relative on 20–21 samples).
public enum RBFMedian: String, CaseIterable, Codable, Sendable {
  case squaredFull = "squared-full"
  case squaredPairs = "squared-pairs"
  case distancePairs = "distance-pairs"

  /// Also accepts the earlier names "full", "off-diagonal" and the short "distance".
  public init?(rawValue: String) {
    switch rawValue {
    case "squared-full", "full": self = .squaredFull
    case "squared-pairs", "off-diagonal": self = .squaredPairs
    case "distance-pairs", "distance": self = .distancePairs
    default: return nil
    }
  }
}
