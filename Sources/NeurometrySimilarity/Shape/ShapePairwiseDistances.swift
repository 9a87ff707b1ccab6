/// Shape distances among many representations (netrep `multiset.pairwise_distances`): a
/// symmetric K×K matrix with a zero diagonal, and its cross-validated counterpart.
public struct ShapePairwiseDistances: Codable, Sendable, Equatable {
  /// Labels of the K representations, in the order of the rows.
  public let names: [String]
  /// distances[i][j]: the distance between representations i and j on the training data.
  public let distances: [[Double]]
  /// The same pairs scored on held-out data (nil without test data).
  public let testDistances: [[Double]]?
  /// The metric's parameters (α, score, group, centring, padding, whitening).
  public let metric: ShapeMetric
  /// The widths (units) of the K representations, in the order of `names`.
  public let widths: [Int]
  /// n, the number of training observations (stimuli) shared by all representations.
  public let observations: Int
  /// Caveats, e.g. whitening with fewer observations than units (clipped eigenvalues dominate).
  public let warnings: [String]

  enum CodingKeys: String, CodingKey {
    case names, distances, testDistances = "test_distances", metric, widths, observations, warnings
  }

  /// Decodes the JSON written by `encode(to:)`, reading null entries back as NaN.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    names = try c.decode([String].self, forKey: .names)
    distances = try c.decode([[Double?]].self, forKey: .distances).nullAsNaN
    testDistances = try c.decodeIfPresent([[Double?]].self, forKey: .testDistances)?.nullAsNaN
    metric = try c.decode(ShapeMetric.self, forKey: .metric)
    widths = try c.decode([Int].self, forKey: .widths)
    observations = try c.decode(Int.self, forKey: .observations)
    warnings = try c.decode([String].self, forKey: .warnings)
  }

  init(
    names: [String], distances: [[Double]], testDistances: [[Double]]?, metric: ShapeMetric, widths: [Int],
    observations: Int, warnings: [String]
  ) {
    self.names = names
    self.distances = distances
    self.testDistances = testDistances
    self.metric = metric
    self.widths = widths
    self.observations = observations
    self.warnings = warnings
  }

  /// NaN entries (none arise from valid inputs) are written as JSON null.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(names, forKey: .names)
    try c.encode(distances.nonFiniteAsNull, forKey: .distances)
    try c.encodeIfPresent(testDistances?.nonFiniteAsNull, forKey: .testDistances)
    try c.encode(metric, forKey: .metric)
    try c.encode(widths, forKey: .widths)
    try c.encode(observations, forKey: .observations)
    try c.encode(warnings, forKey: .warnings)
  }
}
