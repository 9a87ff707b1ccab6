/// Which factorisation a ridge fit uses for each training set (one per fold, one for the refit).
///
/// - `primal`: thin SVD of the centred training features X = U·S·Vᵀ (LAPACK `dgesdd`); ridge
///   predictions for penalty α are X_test·V·diag(s/(s²+α))·Uᵀ·Y_train. Cost O(n·p·min(n, p)).
/// - `dual`: eigendecomposition of the linear kernel K = X·Xᵀ = Q·Λ·Qᵀ (n × n, LAPACK `dsyevd`);
///   predictions are (X_test·Xᵀ)·Q·diag(1/(λ+α))·Qᵀ·Y_train (kernel ridge). Cost O(n²·p + n³),
///   cheaper when there are fewer samples than features. Eigenvalues below 0 (rounding) are set to 0.
/// - `auto` (default): `primal` when n_samples ≥ n_features, else `dual`. The fit reports which.
///
/// Both forms give the same predictions (to rounding, ~1e-12 relative); every α on the grid is
/// evaluated from the one factorisation by matrix products.
public enum RidgeSolver: String, CaseIterable, Sendable, Codable {
  case auto
  case primal
  case dual

  /// The form used for `samples` × `features` training data.
  public func resolved(samples: Int, features: Int) -> RidgeSolver {
    switch self {
    case .auto: return samples >= features ? .primal : .dual
    case .primal, .dual: return self
    }
  }
}
