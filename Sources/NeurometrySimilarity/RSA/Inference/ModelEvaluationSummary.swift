import NeurometryLinearAlgebra

/// What a model evaluation says, as a lab reads it and as `neurometry evaluate --json` writes it:
/// per model the mean evaluation, its standard error and p-values against 0 and against the
/// noise ceiling's lower bound; per pair of models the difference of means, the p-value, the
/// p-value adjusted for multiple comparisons and whether the difference is significant at `alpha`
/// (`MultipleComparisons`, over the m(m−1)/2 pairs in condensed order (0,1), (0,2), …).
///
/// When the evaluation gives no variance estimate (a single data RDM, plain cross-validation, or
/// no valid bootstrap sample) there are no p-values: they are null and `warnings` says why, in
/// the words of `ModelEvaluationResult.tests` (nothing is guessed). Any other error is thrown.
///
/// JSON: `{"scheme", "comparator", "test", "correction", "alpha", "models": [{"name", "mean",
/// "sem", "p_zero", "p_noise_ceiling"}], "pairs": [{"first", "second", "difference", "p",
/// "p_adjusted", "significant"}], "noise_ceiling": {"lower", "upper"}, "dof", "subjects",
/// "conditions", "valid_samples", "cross_validation", "warnings"}`; numbers that are NaN are null.
///
/// - Complexity: O(m²) beyond the tests themselves.
public struct ModelEvaluationSummary: Sendable, Codable {
  public struct Model: Sendable, Codable, Equatable {
    public let name: String
    public let mean: Double
    public let sem: Double?
    public let pZero: Double?
    public let pNoiseCeiling: Double?
    enum CodingKeys: String, CodingKey {
      case name, mean, sem, pZero = "p_zero", pNoiseCeiling = "p_noise_ceiling"
    }
  }

  public struct Pair: Sendable, Codable, Equatable {
    public let first: String
    public let second: String
    /// Mean of `first` minus mean of `second`.
    public let difference: Double
    public let p: Double?
    public let pAdjusted: Double?
    public let significant: Bool?
    enum CodingKeys: String, CodingKey {
      case first, second, difference, p, pAdjusted = "p_adjusted", significant
    }
  }

  /// What cross-validation reports beyond the evaluations.
  public struct CrossValidation: Sendable, Codable, Equatable {
    public let conditionFolds: Int?
    public let subjectFolds: Int?
    public let folds: Int
    public let repetitions: Int
    public let corrected: Bool
    /// Plain cross-validation: per model, the evaluation in each fold.
    public let foldEvaluations: [[Double]]?
    /// Plain cross-validation: per fold, the fitted parameters of each model.
    public let parameters: [[[Double]]]?
    enum CodingKeys: String, CodingKey {
      case conditionFolds = "condition_folds", subjectFolds = "subject_folds", folds, repetitions, corrected
      case foldEvaluations = "fold_evaluations", parameters
    }
  }

  public let scheme: EvaluationScheme
  public let comparator: RDMComparator
  public let test: ModelTests.Kind
  public let correction: MultipleComparisons
  public let alpha: Double
  public let models: [Model]
  public let pairs: [Pair]
  public let noiseCeiling: NoiseCeiling
  public let degreesOfFreedom: Int
  public let subjects: Int
  public let conditions: Int
  /// Bootstrap schemes: how many samples gave a finite evaluation.
  public let validSamples: Int?
  public let crossValidation: CrossValidation?
  public let warnings: [String]

  enum CodingKeys: String, CodingKey {
    case scheme, comparator, test, correction, alpha, models, pairs, noiseCeiling = "noise_ceiling"
    case degreesOfFreedom = "dof", subjects, conditions, validSamples = "valid_samples"
    case crossValidation = "cross_validation", warnings
  }

  /// Summarises `result` with the tests of `test`, corrected by `correction` at level `alpha`.
  /// `folds` gives the fold counts used when the result does not record them (rsatoolbox's
  /// `sets_k_fold` defaults, or the caller's sets).
  public init(
    _ result: ModelEvaluationResult, test: ModelTests.Kind = .tTest, correction: MultipleComparisons = .fdr,
    alpha: Double = 0.05, folds: (kRDM: Int?, kPattern: Int?)? = nil
  ) throws {
    var warnings = result.warnings
    var tests: ModelTests?
    do {
      tests = try result.tests(test)
    } catch let NeurometryError.invalidInput(context, message) where context == "model tests" {
      warnings.append("no p-values: \(message)")
    }
    let names = result.modelNames
    let means = result.means
    let sem = result.standardErrors
    models = names.indices.map { i in
      Model(
        name: names[i], mean: means[i], sem: sem?[i], pZero: tests?.versusZero[i],
        pNoiseCeiling: tests?.versusNoiseCeiling[i])
    }
    let p = tests?.pairwiseCondensed
    let adjusted = p.map { correction.adjusted($0) }
    let significant = p.map { correction.significant($0, alpha: alpha) }
    pairs = CondensedIndex.pairs(names.count).enumerated().map { k, pair in
      Pair(
        first: names[pair.i], second: names[pair.j], difference: means[pair.i] - means[pair.j], p: p?[k],
        pAdjusted: adjusted?[k], significant: significant?[k])
    }
    scheme = result.scheme
    comparator = result.comparator
    self.test = test
    self.correction = correction
    self.alpha = alpha
    noiseCeiling = result.noiseCeiling
    degreesOfFreedom = result.degreesOfFreedom
    subjects = result.rdmCount
    conditions = result.conditionCount
    validSamples = result.scheme.isBootstrap ? result.validSamples.count : nil
    crossValidation = result.crossValidation.map { d in
      CrossValidation(
        conditionFolds: d.kPattern ?? folds?.kPattern, subjectFolds: d.kRDM ?? folds?.kRDM, folds: d.folds,
        repetitions: d.repetitions, corrected: d.corrected,
        foldEvaluations: result.scheme == .crossValidation
          ? (0..<d.foldEvaluations.rows).map { d.foldEvaluations.row($0) } : nil,
        parameters: d.parameters)
    }
    self.warnings = warnings
  }
}
