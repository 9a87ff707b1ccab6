import NeurometryLinearAlgebra

/// A fitted stochastic shape distance: the distance, the alignment that achieves it, and how
/// the optimiser got there.
public struct StochasticShapeFit: Codable, Sendable, Equatable {
  /// The metric's distance at `alignment`.
  public let distance: Double
  /// p×p orthogonal (or permutation) matrix applied to the second network: Y·T is aligned to X.
  public let alignment: Matrix
  /// The optimiser's objective after each iteration (netrep's `loss_hist`): ‖A − B·T‖_F for the
  /// Gaussian metric (see `GaussianFitWeights`), the mean residual norm for the energy metric
  /// (its first entry is before any alignment). For the best restart.
  public let lossHistory: [Double]
  /// The number of iterations run (for the Gaussian metric, of the best restart; 0 for the identity group).
  public let iterations: Int
  /// False when the iteration limit stopped the optimiser first (a warning says so).
  public let converged: Bool
  /// Gaussian metric: the index of the best restart (nil for the energy metric).
  public let restart: Int?
  /// Gaussian metric: every restart's distance, in restart order (nil for the energy metric).
  public let restartDistances: [Double]?
  /// A note when the optimiser stopped at the iteration limit (the distance is then an upper bound).
  public let warnings: [String]

  enum CodingKeys: String, CodingKey {
    case distance, alignment, lossHistory = "loss_history", iterations, converged, restart
    case restartDistances = "restart_distances", warnings
  }

  /// Stores the fit's results as given.
  public init(
    distance: Double, alignment: Matrix, lossHistory: [Double], iterations: Int, converged: Bool, restart: Int?,
    restartDistances: [Double]?, warnings: [String]
  ) {
    self.distance = distance
    self.alignment = alignment
    self.lossHistory = lossHistory
    self.iterations = iterations
    self.converged = converged
    self.restart = restart
    self.restartDistances = restartDistances
    self.warnings = warnings
  }

  /// Decodes the JSON written by `encode(to:)` (the alignment as an array of rows).
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    distance = try c.decode(Double.self, forKey: .distance)
    alignment = Matrix(try c.decode([[Double]].self, forKey: .alignment))
    lossHistory = try c.decode([Double].self, forKey: .lossHistory)
    iterations = try c.decode(Int.self, forKey: .iterations)
    converged = try c.decode(Bool.self, forKey: .converged)
    restart = try c.decodeIfPresent(Int.self, forKey: .restart)
    restartDistances = try c.decodeIfPresent([Double].self, forKey: .restartDistances)
    warnings = try c.decode([String].self, forKey: .warnings)
  }

  /// JSON with snake-case keys (`loss_history`, `restart_distances`), the alignment as an array of
  /// rows; `restart` and `restart_distances` are omitted when nil.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(distance, forKey: .distance)
    try c.encode(alignment.rowArrays, forKey: .alignment)
    try c.encode(lossHistory, forKey: .lossHistory)
    try c.encode(iterations, forKey: .iterations)
    try c.encode(converged, forKey: .converged)
    try c.encodeIfPresent(restart, forKey: .restart)
    try c.encodeIfPresent(restartDistances, forKey: .restartDistances)
    try c.encode(warnings, forKey: .warnings)
  }
}
