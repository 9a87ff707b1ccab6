/// The group of alignments a shape metric minimises over (Williams et al. 2021, §2).
///
/// - `orthogonal`: all rotations and reflections Q (QᵀQ = I), solved by orthogonal Procrustes
///   (SVD of the cross-covariance); netrep's `LinearMetric`.
/// - `permutation`: relabellings of units, solved as a linear sum assignment maximising the
///   matched cross-covariance; netrep's `PermutationMetric`.
/// - `identity`: no alignment: unit i of one representation is compared with unit i of the other
///   (the narrower one zero-padded); netrep's `group="identity"` of the stochastic metrics. The
///   distance is then a plain (partially whitened) distance, an upper bound of the other two.
public enum ShapeGroup: String, CaseIterable, Codable, Sendable {
  case orthogonal
  case permutation
  case identity

  /// The pairing of the first `widths.0` and `widths.1` units the identity group fixes: i with i.
  static func identityAssignment(widths: (Int, Int)) -> (rows: [Int], columns: [Int]) {
    let k = Swift.min(widths.0, widths.1)
    return (Array(0..<k), Array(0..<k))
  }
}
