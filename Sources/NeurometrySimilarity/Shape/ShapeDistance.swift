/// A shape distance between two representations, with the parameters and warnings that
/// produced it.
public struct ShapeDistance: Codable, Sendable, Equatable {
  /// The distance on the data the alignment was fitted to.
  public let distance: Double
  /// Cross-validated: the distance on held-out data under the alignment fitted on the training
  /// data (nil when no test data was given).
  public let testDistance: Double?
  public let metric: ShapeMetric
  /// Widths (units) of X and Y, and the common width after zero padding.
  public let widths: [Int]
  public let paddedWidth: Int
  public let observations: Int
  public let testObservations: Int?
  public let warnings: [String]

  enum CodingKeys: String, CodingKey {
    case distance, testDistance = "test_distance", metric, widths, paddedWidth = "padded_width", observations
    case testObservations = "test_observations", warnings
  }
}
