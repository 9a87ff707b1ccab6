/// How the partial whitening φ_α(X) = Xc·Z_α of a shape metric measures X's spectrum.
///
/// Both use Z_α = c·V·diag(α + (1−α)/√λ̃)·Vᵀ with V, λ the eigenvectors and eigenvalues of
/// the chosen matrix, λ̃ = max(λ, 10⁻⁷), and c chosen so that ‖Xc·Z_α‖²_F = Σ λ̃ (variance
/// preserved). α = 1 is no whitening (Z = I, α > 1 − 10⁻⁷ exactly as netrep), α = 0 full
/// whitening (ZCA).
///
/// - `netrep` (default): λ are the eigenvalues of XcᵀXc itself (netrep's `whiten`), so for
///   0 < α < 1 the mix of α and λ^{-1/2} depends on the scale of X and on n: the distance
///   between 2X and Y differs from that between X and Y. This reproduces netrep exactly.
/// - `scaleFree`: λ are the eigenvalues of XcᵀXc divided by their mean (Σλ/p = 1), so the
///   interpolation is the same for cX and any n, and angular distances are invariant to
///   isotropic scaling for every α; the clip 10⁻⁷ is then relative to the mean eigenvalue.
///   Identical to `netrep` at α = 0 and α = 1.
public enum ShapeWhitening: String, CaseIterable, Codable, Sendable {
  case netrep
  case scaleFree = "scale-free"
}
