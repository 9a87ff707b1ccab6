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
}
