/// The dissimilarity measures of `RDMEstimator` (rsatoolbox `calc_rdm` methods; DESIGN.md §3).
///
/// With P channels, condition patterns xᵢ (means over the condition's observations) and a noise
/// precision Λ:
/// - `euclidean`: ‖xᵢ − xⱼ‖² / P (squared, per channel).
/// - `correlation`: 1 − r(xᵢ, xⱼ), Pearson r across channels.
/// - `mahalanobis`: (xᵢ − xⱼ)ᵀ Λ (xᵢ − xⱼ) / P (Λ = I without a precision: euclidean).
/// - `crossnobis`: mean over folds k of (aᵢ − aⱼ)ᵀ Λ (bᵢ − bⱼ) / P, a = training mean (all other
///   runs), b = test mean (run k); unbiased, so it can be negative (Walther et al. 2016).
/// - `poisson`: symmetrised KL divergence of Poisson rates, Σ (x̃ᵢ − x̃ⱼ)(log x̃ᵢ − log x̃ⱼ) / P with
///   x̃ = (x + λ_prior·w) / (1 + w).
/// - `poissonCV`: its cross-validated form, Σ (ãᵢ − ãⱼ)(log b̃ᵢ − log b̃ⱼ) / P averaged over folds.
public enum RDMMethod: String, Sendable, Codable, CaseIterable {
  case euclidean
  case correlation
  case mahalanobis
  case crossnobis
  case poisson
  case poissonCV = "poisson-cv"

  /// The measure name written into `RDMs.measure` (rsatoolbox's `dissimilarity_measure`).
  public var measureName: String {
    switch self {
    case .euclidean: return "squared euclidean"
    case .correlation: return "correlation"
    case .mahalanobis: return "squared mahalanobis"
    case .crossnobis: return "crossnobis"
    case .poisson: return "poisson"
    case .poissonCV: return "poisson_cv"
    }
  }

  /// True for the cross-validated methods, which need runs (folds).
  public var isCrossValidated: Bool { self == .crossnobis || self == .poissonCV }

  /// True for the methods that use a noise precision.
  public var usesNoisePrecision: Bool { self == .mahalanobis || self == .crossnobis }
}
