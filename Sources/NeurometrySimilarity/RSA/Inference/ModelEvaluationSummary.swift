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
  /// One model's line of the summary: its mean evaluation, standard error and p-values.
  public struct Model: Sendable, Codable, Equatable {
    /// The model's name.
    public let name: String
    /// The model's mean evaluation (`ModelEvaluationResult.means`).
    public let mean: Double
    /// The standard error of the mean; nil without a variance estimate.
    public let sem: Double?
    /// The one-sided p-value of mean evaluation > 0; nil without tests.
    public let pZero: Double?
    /// The two-sided p-value of mean evaluation ≠ the noise ceiling's lower bound; nil without tests.
    public let pNoiseCeiling: Double?
    enum CodingKeys: String, CodingKey {
      case name, mean, sem, pZero = "p_zero", pNoiseCeiling = "p_noise_ceiling"
    }
  }

  /// One pair of models (condensed order): the difference of their means and its test.
  public struct Pair: Sendable, Codable, Equatable {
    /// The first model's name (the lower index of the pair).
    public let first: String
    /// The second model's name (the higher index of the pair).
    public let second: String
    /// Mean of `first` minus mean of `second`.
    public let difference: Double
    /// The two-sided p-value of the difference; nil without tests.
    public let p: Double?
    /// `p` adjusted for the m(m−1)/2 pairs by `correction`; nil without tests.
    public let pAdjusted: Double?
    /// Whether the difference is significant at `alpha` after the correction; nil without tests.
    public let significant: Bool?
    enum CodingKeys: String, CodingKey {
      case first, second, difference, p, pAdjusted = "p_adjusted", significant
    }
  }

  /// What cross-validation reports beyond the evaluations.
  public struct CrossValidation: Sendable, Codable, Equatable {
    /// k_pattern, the condition folds per repetition (nil when not known, e.g. for given sets).
    public let conditionFolds: Int?
    /// k_rdm, the subject (RDM) folds per repetition (nil when not known, e.g. for given sets).
    public let subjectFolds: Int?
    /// Folds per repetition.
    public let folds: Int
    /// Cross-validation repetitions per bootstrap sample (rsatoolbox `n_cv`); 1 for plain `crossval`.
    public let repetitions: Int
    /// Whether the covariance was corrected for the cross-validation's own variance.
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

  /// How the evaluations were obtained.
  public let scheme: EvaluationScheme
  /// The comparator used to compare the models' predictions with the data.
  public let comparator: RDMComparator
  /// The kind of tests behind the p-values (default t-tests).
  public let test: ModelTests.Kind
  /// The multiple-comparison correction applied to the pairwise p-values (default FDR).
  public let correction: MultipleComparisons
  /// The significance level the corrected pairwise tests use (default 0.05).
  public let alpha: Double
  /// One entry per model, in the order of the evaluation.
  public let models: [Model]
  /// One entry per pair of models, m(m−1)/2 in condensed order (0,1), (0,2), ….
  public let pairs: [Pair]
  /// The noise ceiling's lower and upper bound.
  public let noiseCeiling: NoiseCeiling
  /// The t-tests' degrees of freedom (`ModelEvaluationResult.degreesOfFreedom`; "dof" in JSON).
  public let degreesOfFreedom: Int
  /// The number of data RDMs (subjects).
  public let subjects: Int
  /// The number of conditions of the data RDMs.
  public let conditions: Int
  /// Bootstrap schemes: how many samples gave a finite evaluation.
  public let validSamples: Int?
  /// Fold counts, repetitions and fold-level numbers of cross-validated schemes; nil otherwise.
  public let crossValidation: CrossValidation?
  /// The evaluation's warnings, plus why there are no p-values when there are none.
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
