/// How linear CKA is computed; both give the same number up to rounding.
///
/// - `feature`: from the (p+q)×(p+q) cross-products [Xc | Yc]ᵀ[Xc | Yc] (one SYRK), cost
///   n·(p+q)² flops: ‖XcᵀYc‖²_F / (‖XcᵀXc‖_F ‖YcᵀYc‖_F). Cheaper when n > p + q.
/// - `gram`: from the n×n Gram matrices XcXcᵀ and YcYcᵀ (SYRK each), cost n²·(p+q) flops.
///   Cheaper when n ≤ p + q, and the only form for RBF and precomputed kernels.
public enum CKAForm: String, CaseIterable, Codable, Sendable {
  case feature
  case gram
}
