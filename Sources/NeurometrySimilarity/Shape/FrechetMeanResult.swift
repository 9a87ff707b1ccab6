import NeurometryLinearAlgebra

/// A Fréchet mean of K representations, each representation aligned to it, and the tangent
/// vectors mean − aligned (netrep's `euclidean_tangent_space`).
public struct FrechetMeanResult: Sendable, Equatable {
  public let mean: Matrix
  public let aligned: [Matrix]
  public let tangent: [Matrix]
  public let iterations: Int
  public let converged: Bool
  /// ‖X̄ − X̄₀‖_F / √(n·p) after each iteration.
  public let changes: [Double]
  public let warnings: [String]

  /// Σₖ ‖X̄ − Xₖ·Tₖ‖²_F, the objective the mean minimises.
  public var sumOfSquaredDistances: Double { tangent.reduce(0) { $0 + dot($1.elements, $1.elements) } }
}

extension FrechetMeanResult: Codable {
  enum CodingKeys: String, CodingKey {
    case mean, aligned, tangent, iterations, converged, changes, warnings
  }

  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    mean = Matrix(try c.decode([[Double]].self, forKey: .mean))
    aligned = try c.decode([[[Double]]].self, forKey: .aligned).map(Matrix.init)
    tangent = try c.decode([[[Double]]].self, forKey: .tangent).map(Matrix.init)
    iterations = try c.decode(Int.self, forKey: .iterations)
    converged = try c.decode(Bool.self, forKey: .converged)
    changes = try c.decode([Double].self, forKey: .changes)
    warnings = try c.decode([String].self, forKey: .warnings)
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(mean.rowArrays, forKey: .mean)
    try c.encode(aligned.map(\.rowArrays), forKey: .aligned)
    try c.encode(tangent.map(\.rowArrays), forKey: .tangent)
    try c.encode(iterations, forKey: .iterations)
    try c.encode(converged, forKey: .converged)
    try c.encode(changes, forKey: .changes)
    try c.encode(warnings, forKey: .warnings)
  }
}
