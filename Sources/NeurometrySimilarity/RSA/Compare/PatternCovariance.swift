import NeurometryLinearAlgebra

/// The covariance Σ (n×n, over conditions) of the pattern estimates that the whitened
/// comparators (`cosineCov`, `corrCov`) assume — rsatoolbox's `sigma_k`.
public enum PatternCovariance: Sendable, Equatable {
  /// Σ = I: independent pattern estimates of equal variance (rsatoolbox `sigma_k=None`).
  case identity
  /// Σ = diag(σ₁², …, σₙ²): independent estimates of different variance (rsatoolbox 1-D `sigma_k`).
  case diagonal([Double])
  /// A full positive definite Σ (rsatoolbox 2-D `sigma_k`).
  case full(Matrix)

  /// Σ as an n×n matrix.
  public func matrix(conditions n: Int) -> Matrix {
    switch self {
    case .identity: return .identity(n)
    case .diagonal(let d): return .diagonal(d)
    case .full(let m): return m
    }
  }
}
