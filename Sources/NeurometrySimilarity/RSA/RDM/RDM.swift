import NeurometryLinearAlgebra

/// One representational dissimilarity matrix: a condensed vector (scipy order, NaN = missing
/// pair), its condition labels and its measure. `RDMs.rdm(_:)` extracts one from a set.
public struct RDM: Sendable, Equatable {
  /// n(n−1)/2 dissimilarities in condensed order.
  public let dissimilarities: [Double]
  /// The n condition labels.
  public let conditions: [String]
  /// The dissimilarity measure's name.
  public let measure: String

  /// An RDM over `conditions`; traps unless there are n(n−1)/2 dissimilarities for the n labels.
  public init(dissimilarities: [Double], conditions: [String], measure: String) {
    precondition(
      CondensedIndex.pairCount(conditions.count) == dissimilarities.count,
      "RDM: \(dissimilarities.count) values for \(conditions.count) conditions")
    self.dissimilarities = dissimilarities
    self.conditions = conditions
    self.measure = measure
  }

  /// The symmetric n×n matrix with zeros on the diagonal.
  public var squareMatrix: Matrix { CondensedIndex.square(dissimilarities, n: conditions.count) }

  /// The dissimilarity of conditions i and j (0 when i == j).
  public func dissimilarity(_ i: Int, _ j: Int) -> Double {
    i == j ? 0 : dissimilarities[CondensedIndex.index(i, j, conditions.count)]
  }
}

extension RDM: Codable {
  enum CodingKeys: String, CodingKey { case dissimilarities, conditions, measure }

  /// JSON `{"dissimilarities": [number|null], "conditions", "measure"}`; NaN is written as null.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(dissimilarities.map { $0.isFinite ? $0 : nil } as [Double?], forKey: .dissimilarities)
    try c.encode(conditions, forKey: .conditions)
    try c.encode(measure, forKey: .measure)
  }

  /// Decodes the JSON of `encode(to:)`, reading null as NaN; a `DecodingError` when the number of
  /// values is not n(n−1)/2 for the n conditions.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let values = try c.decode([Double?].self, forKey: .dissimilarities).map { $0 ?? .nan }
    let labels = try c.decode([String].self, forKey: .conditions)
    guard CondensedIndex.pairCount(labels.count) == values.count else {
      throw DecodingError.dataCorruptedError(
        forKey: .dissimilarities, in: c, debugDescription: "\(values.count) values for \(labels.count) conditions")
    }
    self.init(dissimilarities: values, conditions: labels, measure: try c.decode(String.self, forKey: .measure))
  }
}
