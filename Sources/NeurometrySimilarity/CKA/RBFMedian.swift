/// Which median of the squared pairwise distances sets the RBF bandwidth σ = f·√median.
///
/// - `full` (default): Kornblith et al.'s reference code (`np.median` of the full n×n matrix of
///   squared distances, the n zeros of its diagonal included, each pair counted twice). This is
///   what published CKA-RBF numbers use.
/// - `offDiagonal`: the median of the n(n−1)/2 distinct pairs i < j only (the usual "median
///   heuristic" of kernel two-sample tests). Slightly larger than `full`.
public enum RBFMedian: String, CaseIterable, Codable, Sendable {
  case full
  case offDiagonal = "off-diagonal"
}
