/// The kernel CKA compares representations with.
///
/// - `linear`: k(x, x') = xᵀx' on column-centred data (Kornblith et al. 2019, §3).
/// - `rbf`: k(x, x') = exp(−‖x − x'‖² / (2σ²)), σ = f·√median(‖xᵢ − xⱼ‖²) with f the `bandwidth`
///   fraction and the median convention of `RBFMedian` (Kornblith et al. 2019, §3).
/// - `precomputed`: the inputs are already n×n symmetric kernel (Gram) matrices.
public enum CKAKernel: String, CaseIterable, Codable, Sendable {
  case linear
  case rbf
  case precomputed
}
