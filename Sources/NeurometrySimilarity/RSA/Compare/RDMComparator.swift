/// How two RDMs are compared (rsatoolbox `rdm.compare(method=…)`). Similarities, except the
/// Bures metric, which is a distance. With x, y the two RDM vectors over their common valid
/// pairs (q of them):
/// - `cosine`: xᵀy / (‖x‖‖y‖); 0 when either vector is zero (documented value, as rsatoolbox).
/// - `corr`: Pearson r, the cosine of the centred vectors (0 for a constant RDM, as rsatoolbox,
///   with a warning).
/// - `spearman`: Pearson r of the average ranks (tie-corrected through the ranks).
/// - `rhoA`: Spearman's ρ_A, 12·(rₓ − r̄)ᵀ(r_y − r̄)/(q³ − q) with average ranks: the expected
///   ρ under random tie breaking (Nili et al. 2014).
/// - `tauA`: Kendall's τ_A = (concordant − discordant)/(q(q−1)/2); ties count 0 (Nili et al. 2014).
/// - `tauB`: Kendall's τ_B = (C − D)/√((q₀ − tₓ)(q₀ − t_y)), q₀ = q(q−1)/2, tₓ, t_y tied pairs
///   (`scipy.stats.kendalltau`); NaN when either vector is constant.
/// - `cosineCov`, `corrCov`: cosine / correlation after whitening by the covariance of distance
///   estimates V = (CΣCᵀ)∘(CΣCᵀ) (C pairwise contrasts, Σ = `PatternCovariance`), xᵀV⁻¹y /
///   √(xᵀV⁻¹x · yᵀV⁻¹y) (Diedrichsen et al. 2021).
/// - `bures`: Bures similarity of the double-centred kernels G = −½HDH:
///   tr((A^½BA^½)^½)/√(tr A tr B) (rsatoolbox's `bures`).
/// - `buresMetric`: the squared Bures distance tr A + tr B − 2 tr((A^½BA^½)^½).
public enum RDMComparator: String, Sendable, Codable, CaseIterable {
  case cosine
  case corr
  case spearman
  case rhoA = "rho-a"
  case tauA = "tau-a"
  case tauB = "tau-b"
  case cosineCov = "cosine-cov"
  case corrCov = "corr-cov"
  case bures
  case buresMetric = "bures-metric"

  /// True when larger means more similar (all but the Bures metric).
  public var isSimilarity: Bool { self != .buresMetric }

  /// True for the whitened comparators that use a `PatternCovariance`.
  public var isWhitened: Bool { self == .cosineCov || self == .corrCov }
}
