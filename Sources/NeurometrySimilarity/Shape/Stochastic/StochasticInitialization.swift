/// How the Gaussian stochastic metric's alignment search starts.
///
/// - `means`: the Procrustes alignment of the means (deterministic; one start).
/// - `random`: Haar-random orthogonal matrices, one per restart, from
///   `RandomStream(seed:, stream: restart)`.
public enum StochasticInitialization: String, CaseIterable, Codable, Sendable {
  case means
  case random
}
