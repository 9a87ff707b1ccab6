/// CKA between every pair of K representations (layers × layers, or networks × networks): a
/// symmetric K×K matrix with ones on the diagonal.
///
/// An entry whose CKA is undefined (a constant representation, or a non-positive debiased
/// self-similarity) is NaN, and `warnings` names the representation, so one dead layer does not
/// stop a whole comparison.
public struct CKAMatrix: Codable, Sendable, Equatable {
  /// The representations' labels, in the order of the rows and columns of `values`.
  public let names: [String]
  /// values[i][j] = CKA(representation i, representation j).
  public let values: [[Double]]
  /// arccos of each value (CKA clipped to [−1, 1]).
  public let angular: [[Double]]
  /// The CKA settings (kernel, estimator, bandwidth) every entry was computed with.
  public let cka: CKA
  /// The number of observations n; for minibatch CKA, the total over batches.
  public let observations: Int
  /// Minibatch CKA only: the batch sizes, in order.
  public let batchSizes: [Int]?
  /// One message per representation whose CKA is undefined (its entries are NaN); empty otherwise.
  public let warnings: [String]

  enum CodingKeys: String, CodingKey {
    case names, values, angular, cka, observations, batchSizes = "batch_sizes", warnings
  }

  /// Decodes the JSON written by `encode(to:)`, reading null entries back as NaN.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    names = try c.decode([String].self, forKey: .names)
    values = try c.decode([[Double?]].self, forKey: .values).nullAsNaN
    angular = try c.decode([[Double?]].self, forKey: .angular).nullAsNaN
    cka = try c.decode(CKA.self, forKey: .cka)
    observations = try c.decode(Int.self, forKey: .observations)
    batchSizes = try c.decodeIfPresent([Int].self, forKey: .batchSizes)
    warnings = try c.decode([String].self, forKey: .warnings)
  }

  init(
    names: [String], values: [[Double]], angular: [[Double]], cka: CKA, observations: Int, batchSizes: [Int]?,
    warnings: [String]
  ) {
    self.names = names
    self.values = values
    self.angular = angular
    self.cka = cka
    self.observations = observations
    self.batchSizes = batchSizes
    self.warnings = warnings
  }

  /// Undefined (NaN) entries are written as JSON null.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(names, forKey: .names)
    try c.encode(values.nonFiniteAsNull, forKey: .values)
    try c.encode(angular.nonFiniteAsNull, forKey: .angular)
    try c.encode(cka, forKey: .cka)
    try c.encode(observations, forKey: .observations)
    try c.encodeIfPresent(batchSizes, forKey: .batchSizes)
    try c.encode(warnings, forKey: .warnings)
  }
}
