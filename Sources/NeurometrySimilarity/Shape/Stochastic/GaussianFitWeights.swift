/// The weights with which the Gaussian metric's alignment is fitted.
///
/// The reported distance is d²(T) = (1/m)·Σᵢ [α·‖μˣᵢ − μʸᵢT‖² + (2−α)·B²(Σˣᵢ, TᵀΣʸᵢT)], a sum of
/// squared terms weighted by α and 2 − α. The block-coordinate fit minimises ‖A − B·T‖²_F over
/// stacked rows [w₁·means; w₂·covariance square roots].
///
/// - `consistent` (default): w₁ = √α, w₂ = √(2−α), so the fitted objective is m·d²(T) and the
///   fit minimises the distance it reports.
/// - `netrep`: w₁ = α, w₂ = 2 − α, netrep's `_fit_gaussian_alignment`, which minimises
///   α²·(…) + (2−α)²·(…) — a different objective — and then scores with α, 2 − α (DESIGN.md §3:
///   a reference inconsistency, offered only to reproduce netrep). Both agree at α = 1.
public enum GaussianFitWeights: String, CaseIterable, Codable, Sendable {
  case consistent
  case netrep
}
