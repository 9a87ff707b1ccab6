/// The group of alignments a shape metric minimises over (Williams et al. 2021, §2).
///
/// - `orthogonal`: all rotations and reflections Q (QᵀQ = I), solved by orthogonal Procrustes
///   (SVD of the cross-covariance); netrep's `LinearMetric`.
/// - `permutation`: relabellings of units, solved as a linear sum assignment maximising the
///   matched cross-covariance; netrep's `PermutationMetric`.
public enum ShapeGroup: String, CaseIterable, Codable, Sendable {
  case orthogonal
  case permutation
}
