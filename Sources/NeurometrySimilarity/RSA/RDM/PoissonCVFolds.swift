/// Which folds the cross-validated Poisson RDM uses.
///
/// rsatoolbox 0.3.2 `calc_rdm_poisson_cv` loops over the folds but keeps only the RDM of the last
/// one (its loop overwrites `rdm`), so its result depends on one run's split. Neurometry averages
/// over all folds, as crossnobis does (`average`, the default); `lastFold` reproduces rsatoolbox
/// 0.3.2 for validation.
public enum PoissonCVFolds: String, Sendable, Codable, CaseIterable {
  /// Mean over all leave-one-run-out folds (the estimator's definition).
  case average
  /// The last fold only (in run order), rsatoolbox 0.3.2's behaviour.
  case lastFold = "last-fold"
}
