/// What to do with targets (columns of Y) that contain NaN.
///
/// - `error` (default): throw, naming the first such column — a NaN is usually a bug upstream.
/// - `drop`: fit the other targets; the dropped ones get NaN in every per-target output (score,
///   α, coefficients, intercept) so indices stay aligned, and a warning lists them
///   (CLI `--drop-nan-targets`).
public enum NaNTargetPolicy: String, CaseIterable, Sendable, Codable {
  case error
  case drop
}
