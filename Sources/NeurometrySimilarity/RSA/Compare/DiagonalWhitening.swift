/// How the whitened comparators treat a diagonal `PatternCovariance`.
///
/// The whitened cosine is xᵀV⁻¹y / √(xᵀV⁻¹x · yᵀV⁻¹y) with V = (CΣCᵀ)∘(CΣCᵀ) (Diedrichsen et al.
/// 2021). rsatoolbox 0.3.2 evaluates this exactly (by conjugate gradients) for a full Σ, but for
/// a diagonal Σ it double-centres −½D and then divides entry (i, j) by σᵢσⱼ — which is not
/// V⁻¹-whitening (the values differ by ~1e-2 on random inputs; equal for Σ = I).
public enum DiagonalWhitening: String, Sendable, Codable, CaseIterable {
  /// The V⁻¹ form for every Σ (the definition; a diagonal Σ equals the same full Σ).
  case exact
  /// rsatoolbox 0.3.2's double-centre-then-scale form for a diagonal Σ (for validation).
  case rsatoolbox
}
