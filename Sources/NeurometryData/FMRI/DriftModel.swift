/// Low-frequency drift regressors of a first-level design (nilearn's `drift_model`).
///
/// - `cosine`: the DCT-II basis `√(2/n) · cos(π/n · (t + ½) · k)` for k = 1 … K with
///   `K = min(n − 1, ⌊2 · n · high_pass · dt⌋)` (`dt` the mean spacing of the frame times), plus a
///   constant column (nilearn's `create_cosine_drift`);
/// - `polynomial`: `(frame_time / max frame_time)^k` for k = 1 … order, each orthogonalised
///   against the ones before it, plus the constant (nilearn's `_poly_drift`);
/// - `none`: the constant column only.
///
/// Columns are named `drift_1` … `drift_K`, then `constant`.
public enum DriftModel: String, Sendable, Codable, CaseIterable {
  case cosine
  case polynomial
  case none
}
