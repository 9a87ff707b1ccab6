import NeurometryLinearAlgebra

/// A Fréchet mean of K representations, each representation aligned to it, and the tangent
/// vectors mean − aligned (netrep's `euclidean_tangent_space`).
public struct FrechetMeanResult: Sendable, Equatable {
  /// The Fréchet mean X̄, n×p.
  public let mean: Matrix
  /// Each representation aligned to the mean, Xₖ·Tₖ (K matrices n×p, in input order).
  public let aligned: [Matrix]
  /// The tangent vectors X̄ − Xₖ·Tₖ (K matrices n×p, in input order).
  public let tangent: [Matrix]
  /// The number of iterations run.
  public let iterations: Int
  /// Whether the mean's move fell to the tolerance within the iteration limit.
  public let converged: Bool
  /// ‖X̄ − X̄₀‖_F / √(n·p) after each iteration.
  public let changes: [Double]
  /// A note when the iteration limit was reached without convergence; empty otherwise.
  public let warnings: [String]

  /// Σₖ ‖X̄ − Xₖ·Tₖ‖²_F, the objective the mean minimises.
  public var sumOfSquaredDistances: Double { tangent.reduce(0) { $0 + dot($1.elements, $1.elements) } }
}

extension FrechetMeanResult: Codable {
  enum CodingKeys: String, CodingKey {
    case mean, aligned, tangent, iterations, converged, changes, warnings
  }

  /// Decodes the JSON written by `encode(to:)` (matrices as arrays of rows).
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

  /// JSON `{"mean", "aligned", "tangent", "iterations", "converged", "changes", "warnings"}`, every
  /// matrix as an array of rows.
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
