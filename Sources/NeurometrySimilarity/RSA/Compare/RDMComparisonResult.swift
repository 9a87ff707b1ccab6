import NeurometryLinearAlgebra

/// The comparison of every RDM of one set with every RDM of another.
public struct RDMComparisonResult: Sendable, Equatable {
  /// values[k, l]: RDM k of the first set against RDM l of the second.
  public let values: Matrix
  /// The comparator.
  public let comparator: RDMComparator
  /// Number of pairs compared (the pairs present in every RDM of both sets).
  public let pairsCompared: Int
  /// Notes for the reader (constant RDMs, missing pairs left out).
  public let warnings: [String]
}

extension RDMComparisonResult: Encodable {
  enum CodingKeys: String, CodingKey { case values, comparator, pairsCompared = "pairs_compared", warnings }

  /// JSON `{"values": [[number|null]], "comparator", "pairs_compared", "warnings"}` (NaN as null).
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(values.rowArrays.map { $0.map { $0.isFinite ? $0 : nil } as [Double?] }, forKey: .values)
    try c.encode(comparator, forKey: .comparator)
    try c.encode(pairsCompared, forKey: .pairsCompared)
    try c.encode(warnings, forKey: .warnings)
  }
}
