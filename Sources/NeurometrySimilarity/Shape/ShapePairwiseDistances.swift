/// Shape distances among many representations (netrep `multiset.pairwise_distances`): a
/// symmetric K×K matrix with a zero diagonal, and its cross-validated counterpart.
public struct ShapePairwiseDistances: Codable, Sendable, Equatable {
  /// Labels of the K representations, in the order of the rows.
  public let names: [String]
  /// distances[i][j]: the distance between representations i and j on the training data.
  public let distances: [[Double]]
  /// The same pairs scored on held-out data (nil without test data).
  public let testDistances: [[Double]]?
  public let metric: ShapeMetric
  public let widths: [Int]
  public let observations: Int
  public let warnings: [String]
}
