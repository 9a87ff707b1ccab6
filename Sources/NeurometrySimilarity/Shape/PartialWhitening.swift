import Foundation
import NeurometryLinearAlgebra

/// The partial whitening of one representation (see `ShapeWhitening`), kept in a form that can
/// be zero-padded to any width without recomputing: padding adds eigenvalues 0 (clipped to
/// 10⁻⁷), which changes only the variance-preserving scale c.
struct PartialWhitening: Sendable {
  /// netrep's clip for eigenvalues (`eigval_tol`), also its threshold for "α = 1".
  static let eigenvalueFloor = 1e-7

  let alpha: Double
  /// Eigenvectors (columns) of XcᵀXc, or nil when α > 1 − 10⁻⁷ (no whitening, Z = I).
  let eigenvectors: Matrix?
  /// α + (1−α)/√λ̃ per eigenvector, before the scale c.
  let diagonal: [Double]
  /// Σ λ̃ and Σ (α²λ̃ + 2α(1−α)√λ̃ + (1−α)²) over the unpadded eigenvalues (in the units of λ̃).
  let clippedSum: Double
  let varianceSum: Double
  /// The representation's own width p.
  let width: Int

  /// Whitening of the column-centred `centered` (n×p).
  init(centered: Matrix, alpha: Double, convention: ShapeWhitening) throws {
    self.alpha = alpha
    width = centered.columns
    guard alpha <= 1 - Self.eigenvalueFloor else {
      eigenvectors = nil
      diagonal = []
      clippedSum = 0
      varianceSum = 0
      return
    }
    let eig = try gram(centered, side: .columns).symmetricEigen()
    var lambda = eig.values
    if convention == .scaleFree {
      let mean = lambda.reduce(0, +) / Double(Swift.max(lambda.count, 1))
      if mean > 0 { lambda = lambda.map { $0 / mean } }
    }
    let clipped = lambda.map { Swift.max($0, Self.eigenvalueFloor) }
    eigenvectors = eig.vectors
    diagonal = clipped.map { alpha + (1 - alpha) / $0.squareRoot() }
    clippedSum = clipped.reduce(0, +)
    varianceSum = clipped.reduce(0) { $0 + Self.varianceTerm($1, alpha) }
  }

  static func varianceTerm(_ lambda: Double, _ alpha: Double) -> Double {
    alpha * alpha * lambda + 2 * alpha * (1 - alpha) * lambda.squareRoot() + (1 - alpha) * (1 - alpha)
  }

  var isIdentity: Bool { eigenvectors == nil }

  /// The variance-preserving scale c when the representation is zero-padded to `paddedWidth`.
  func scale(paddedWidth: Int) -> Double {
    guard !isIdentity else { return 1 }
    let extra = Double(paddedWidth - width)
    let lambdaSum = clippedSum + extra * Self.eigenvalueFloor
    let variance = varianceSum + extra * Self.varianceTerm(Self.eigenvalueFloor, alpha)
    return (lambdaSum / variance).squareRoot()
  }

  /// V·diag(d)·Vᵀ (p×p), without the scale c; nil for the identity.
  var unscaledMatrix: Matrix? {
    guard let v = eigenvectors else { return nil }
    return gemm(v.scalingColumns(by: diagonal), v, transposeB: true)
  }

  /// The whitening matrix Z for padding to `paddedWidth` (P×P): c·V·diag(d)·Vᵀ on the first p
  /// coordinates and c·(α + (1−α)/√10⁻⁷) on the padded ones (identity for α = 1).
  func matrix(paddedWidth: Int) -> Matrix {
    guard let z = unscaledMatrix else { return Matrix.identity(paddedWidth) }
    let c = scale(paddedWidth: paddedWidth)
    var out = Matrix(rows: paddedWidth, columns: paddedWidth)
    for i in 0..<width {
      for j in 0..<width { out[i, j] = c * z[i, j] }
    }
    let padded = c * (alpha + (1 - alpha) / Self.eigenvalueFloor.squareRoot())
    for i in width..<paddedWidth { out[i, i] = padded }
    return out
  }
}
