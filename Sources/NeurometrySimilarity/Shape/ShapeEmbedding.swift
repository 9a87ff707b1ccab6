import NeurometryLinearAlgebra

/// One representation prepared for shape comparisons: centred and partially whitened once, so
/// that comparing it with many others (`ShapeMetric.pairwiseDistances`) costs one
/// cross-product and one SVD (or assignment) per pair.
///
/// The whitened matrix is stored at the representation's own width p, without the
/// variance-preserving scale c (which depends on the width it is zero-padded to in each pair).
public struct ShapeEmbedding: Sendable {
  /// The label used in errors and results (a file path in the CLI).
  public let name: String
  /// The column means subtracted (zeros when the metric does not centre).
  public let mean: [Double]
  /// Number of observations (rows).
  public let observations: Int
  /// Number of units p (columns, before padding).
  public let width: Int
  let whitening: PartialWhitening
  /// (X − mean)·V·diag(d)·Vᵀ, n×p (just X − mean when α = 1).
  let whitened: Matrix
  /// ‖whitened‖²_F.
  let squaredNorm: Double

  init(name: String, mean: [Double], whitening: PartialWhitening, whitened: Matrix) {
    self.name = name
    self.mean = mean
    self.observations = whitened.rows
    self.width = whitened.columns
    self.whitening = whitening
    self.whitened = whitened
    self.squaredNorm = dot(whitened.elements, whitened.elements)
  }

  /// New data (e.g. held-out stimuli) through this representation's centring and whitening,
  /// unscaled: (data − mean)·V·diag(d)·Vᵀ.
  func transform(_ data: Matrix) -> Matrix {
    let shifted = data.subtractingFromColumns(mean)
    guard let z = whitening.unscaledMatrix else { return shifted }
    return gemm(shifted, z)
  }

  /// The whitening matrix Z (P×P) used when padded to width `paddedWidth` (netrep's `Zx`).
  public func whiteningMatrix(paddedWidth: Int? = nil) -> Matrix {
    whitening.matrix(paddedWidth: paddedWidth ?? width)
  }
}
