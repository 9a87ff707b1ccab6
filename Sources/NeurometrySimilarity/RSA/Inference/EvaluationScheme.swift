/// How model evaluations were obtained (rsatoolbox's `cv_method`).
public enum EvaluationScheme: String, Sendable, Codable, CaseIterable {
  /// Each model against each data RDM, no resampling (`eval_fixed`).
  case fixed
  /// Bootstrap over conditions (`eval_bootstrap_pattern`).
  case bootstrapPatterns = "bootstrap-patterns"
  /// Bootstrap over data RDMs, i.e. subjects (`eval_bootstrap_rdm`).
  case bootstrapSubjects = "bootstrap-subjects"
  /// Bootstrap over both (`eval_bootstrap`).
  case bootstrapBoth = "bootstrap-both"
  /// Dual bootstrap: each sample evaluated on its subjects, its conditions and both, the three
  /// variances combined (`eval_dual_bootstrap` for fixed models, Schütt et al. 2023).
  case dualBootstrap = "dual-bootstrap"
  /// Cross-validation of fitted models on given training/test sets (`crossval`): no variance.
  case crossValidation = "crossval"
  /// Bootstrap over subjects and conditions with a k-fold cross-validation inside each sample
  /// (`bootstrap_crossval`, boot_type 'both').
  case bootstrapCrossValidation = "bootstrap-crossval"
  /// Bootstrap over conditions with a cross-validation inside (`bootstrap_crossval`, 'pattern').
  case bootstrapCrossValidationPatterns = "bootstrap-crossval-patterns"
  /// Bootstrap over subjects with a cross-validation inside (`bootstrap_crossval`, 'rdm').
  case bootstrapCrossValidationSubjects = "bootstrap-crossval-subjects"

  /// rsatoolbox's degrees of freedom of a bootstrap's t-tests: conditions − 1 when only conditions
  /// are resampled, subjects − 1 when only subjects are, min(subjects, conditions) − 1 for both.
  public func bootstrapDegreesOfFreedom(rdms: Int, conditions: Int) -> Int {
    switch (resamplesSubjects, resamplesConditions) {
    case (false, true): return conditions - 1
    case (true, false): return rdms - 1
    default: return Swift.min(rdms, conditions) - 1
    }
  }

  /// Whether the evaluations are bootstrap samples (every scheme but fixed and crossval).
  public var isBootstrap: Bool { resamplesSubjects || resamplesConditions }

  /// Whether a bootstrap sample draws data RDMs (subjects).
  public var resamplesSubjects: Bool {
    switch self {
    case .bootstrapSubjects, .bootstrapBoth, .dualBootstrap, .bootstrapCrossValidation,
      .bootstrapCrossValidationSubjects:
      return true
    case .fixed, .bootstrapPatterns, .crossValidation, .bootstrapCrossValidationPatterns: return false
    }
  }

  /// Whether a bootstrap sample draws conditions.
  public var resamplesConditions: Bool {
    switch self {
    case .bootstrapPatterns, .bootstrapBoth, .dualBootstrap, .bootstrapCrossValidation,
      .bootstrapCrossValidationPatterns:
      return true
    case .fixed, .bootstrapSubjects, .crossValidation, .bootstrapCrossValidationSubjects: return false
    }
  }

  /// Whether the scheme cross-validates fitted models inside bootstrap samples.
  public var isBootstrapCrossValidation: Bool {
    self == .bootstrapCrossValidation || self == .bootstrapCrossValidationPatterns
      || self == .bootstrapCrossValidationSubjects
  }
}
