/// A shape distance between two representations, with the parameters and warnings that
/// produced it.
public struct ShapeDistance: Codable, Sendable, Equatable {
  /// The distance on the data the alignment was fitted to.
  public let distance: Double
  /// Cross-validated: the distance on held-out data under the alignment fitted on the training
  /// data (nil when no test data was given).
  public let testDistance: Double?
  /// The metric's parameters (α, score, group, centring, padding, whitening).
  public let metric: ShapeMetric
  /// Widths (units) of X and Y.
  public let widths: [Int]
  /// P = max(p, q), the common width after zero padding.
  public let paddedWidth: Int
  /// n, the number of training observations (stimuli).
  public let observations: Int
  /// The number of held-out observations (nil when no test data was given).
  public let testObservations: Int?
  /// Caveats, e.g. whitening with fewer observations than units (clipped eigenvalues dominate).
  public let warnings: [String]

  enum CodingKeys: String, CodingKey {
    case distance, testDistance = "test_distance", metric, widths, paddedWidth = "padded_width", observations
    case testObservations = "test_observations", warnings
  }
}
