import NeurometryLinearAlgebra

/// The fold-level numbers of a cross-validated model evaluation (rsatoolbox keeps them in
/// `Result.evaluations` and `Result.noise_ceiling`).
///
/// - `crossval`: `foldEvaluations` is models × folds; `noiseCeilings` folds × 2 (lower, upper);
///   `parameters[f][m]` the θ model m was fitted to in fold f.
/// - bootstrap cross-validation: `foldEvaluations` is samples × (models · folds · repetitions),
///   each row in rsatoolbox's order (model, fold, repetition) — rsatoolbox's
///   `evaluations[b].ravel()`; `noiseCeilings` is samples × (2 · repetitions), the lower bounds of
///   the repetitions then the upper bounds (rsatoolbox's `noise_ceiling[:, b].ravel()`); NaN rows
///   mark invalid samples; `parameters` is nil.
public struct CrossValidationEvaluations: Sendable {
  /// Folds per repetition (k_rdm · k_pattern for k-fold sets).
  public let folds: Int
  /// Cross-validation repetitions per bootstrap sample (rsatoolbox `n_cv`); 1 for `crossval`.
  public let repetitions: Int
  /// RDM (subject) folds k_rdm of the k-fold sets inside bootstrap samples (nil for `crossval`).
  public let kRDM: Int?
  /// Condition folds k_pattern of the k-fold sets inside bootstrap samples (nil for `crossval`).
  public let kPattern: Int?
  /// Whether the variance was corrected for the cross-validation's own variance:
  /// Σ = (n_cv·Σ_mean − Σ_1)/(n_cv − 1) (rsatoolbox `use_correction`, needs n_cv > 1).
  public let corrected: Bool
  /// The models' evaluation in every fold: models × folds (`crossval`), or samples × (models · folds ·
  /// repetitions) in rsatoolbox's (model, fold, repetition) order (bootstrap cross-validation).
  public let foldEvaluations: Matrix
  /// The fold ceilings: folds × 2 (lower, upper) for `crossval`, or samples × (2 · repetitions), the
  /// repetitions' lower bounds then their upper bounds (bootstrap cross-validation).
  public let noiseCeilings: Matrix
  /// `crossval` only: `parameters[f][m]`, the θ model m was fitted to in fold f; nil for bootstraps.
  public let parameters: [[[Double]]]?

  /// Stores the fold-level numbers as given (shapes as described on the type; nothing is checked).
  public init(
    folds: Int, repetitions: Int, kRDM: Int?, kPattern: Int?, corrected: Bool, foldEvaluations: Matrix,
    noiseCeilings: Matrix, parameters: [[[Double]]]?
  ) {
    self.folds = folds
    self.repetitions = repetitions
    self.kRDM = kRDM
    self.kPattern = kPattern
    self.corrected = corrected
    self.foldEvaluations = foldEvaluations
    self.noiseCeilings = noiseCeilings
    self.parameters = parameters
  }
}
