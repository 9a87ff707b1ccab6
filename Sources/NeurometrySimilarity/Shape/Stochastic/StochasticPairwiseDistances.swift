import NeurometryLinearAlgebra

/// Stochastic shape distances among K networks: a symmetric K×K matrix with a zero diagonal,
/// with the metric that produced it and any optimiser warnings (naming the pair).
public struct StochasticPairwiseDistances: Codable, Sendable, Equatable {
  /// The K networks' labels, in the order of the rows.
  public let names: [String]
  /// distances[i][j]: the fitted distance between networks i and j (0 on the diagonal).
  public let distances: [[Double]]
  /// Whether each pair's optimiser converged (converged[i][j]; true on the diagonal).
  public let converged: [[Bool]]
  /// The Gaussian metric that produced the distances (nil for the energy metric).
  public let gaussian: GaussianShapeMetric?
  /// The energy metric that produced the distances (nil for the Gaussian metric).
  public let energy: EnergyShapeMetric?
  /// The pairs' optimiser warnings, each prefixed with the pair ("A vs B: …").
  public let warnings: [String]

  init(
    names: [String], pairs: [(Int, Int)], fits: [StochasticShapeFit], gaussian: GaussianShapeMetric?,
    energy: EnergyShapeMetric?
  ) {
    let k = names.count
    var d = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
    var c = [[Bool]](repeating: [Bool](repeating: true, count: k), count: k)
    var warnings = [String]()
    for ((i, j), fit) in zip(pairs, fits) {
      d[i][j] = fit.distance
      d[j][i] = fit.distance
      c[i][j] = fit.converged
      c[j][i] = fit.converged
      warnings += fit.warnings.map { "\(names[i]) vs \(names[j]): \($0)" }
    }
    self.names = names
    self.distances = d
    self.converged = c
    self.gaussian = gaussian
    self.energy = energy
    self.warnings = warnings
  }

  /// The names of K networks (given, or "network 0", "network 1", …) and their pairs i < j in
  /// row order; throws unless K ≥ 2 with one name each.
  static func labelsAndPairs(count k: Int, names: [String]?) throws -> (labels: [String], pairs: [(Int, Int)]) {
    let labels = names ?? (0..<k).map { "network \($0)" }
    guard labels.count == k, k >= 2 else {
      throw NeurometryError.invalidInput(
        context: "stochastic shape",
        message: "pairwise distances need at least 2 networks and one name each (\(k) networks, \(labels.count) names)")
    }
    return (labels, (0..<k).flatMap { i in ((i + 1)..<k).map { (i, $0) } })
  }
}
