/// One training/test split of a cross-validation of RSA models (an entry of rsatoolbox's
/// `train_set`, `test_set` and `ceil_set` lists).
///
/// Indices name RDMs (subjects) and conditions. In `ModelEvaluator.crossValidate` they are
/// positions in the data; inside a bootstrap sample (`bootstrapCrossValidate`) they are the
/// original positions of the resampled RDMs and conditions, and a fold takes every copy of a
/// named RDM or condition, as rsatoolbox's descriptor-based `subsample`/`subset_pattern` do.
///
/// - `trainRDMs`, `trainConditions`: the data a model is fitted to.
/// - `testRDMs`, `testConditions`: the data the fitted model is scored on (the mean comparison of
///   its prediction at the test conditions with each test RDM).
/// - `ceilingRDMs`: the RDMs whose pool (at the test conditions) gives the lower bound of the
///   fold's noise ceiling (rsatoolbox `cv_noise_ceiling`); nil — rsatoolbox's `ceil_set=None` —
///   computes a leave-one-RDM-out ceiling (`NoiseCeiling`) of all RDMs at the test conditions.
public struct CrossValidationFold: Sendable, Equatable, Codable {
  /// The RDMs (subjects) the models are fitted to.
  public let trainRDMs: [Int]
  /// The RDMs the fitted models are scored on.
  public let testRDMs: [Int]
  /// The conditions the models are fitted at (at least 3 distinct).
  public let trainConditions: [Int]
  /// The conditions the fitted models are scored at (at least 3 distinct).
  public let testConditions: [Int]
  /// The RDMs pooled for the fold's lower noise-ceiling bound; nil: a leave-one-RDM-out ceiling of
  /// all RDMs at the test conditions.
  public let ceilingRDMs: [Int]?

  /// JSON names (as `neurometry evaluate --sets` reads them); a missing or null `ceiling_rdms`
  /// is nil.
  enum CodingKeys: String, CodingKey {
    case trainRDMs = "train_rdms", testRDMs = "test_rdms", trainConditions = "train_conditions"
    case testConditions = "test_conditions", ceilingRDMs = "ceiling_rdms"
  }

  /// A fold with the given indices (checked against the data when the fold is used).
  public init(trainRDMs: [Int], testRDMs: [Int], trainConditions: [Int], testConditions: [Int], ceilingRDMs: [Int]?) {
    self.trainRDMs = trainRDMs
    self.testRDMs = testRDMs
    self.trainConditions = trainConditions
    self.testConditions = testConditions
    self.ceilingRDMs = ceilingRDMs
  }
}
