import NeurometryLinearAlgebra

/// The least-squares fit of a set of time series: betas, residuals and degrees of freedom.
public struct GLMFit: Sendable, Equatable {
  /// The design's column names (rows of `betas`).
  public let regressors: [String]
  /// The first `conditionCount` regressors are conditions.
  public let conditionCount: Int
  /// regressors × series.
  public let betas: Matrix
  /// scans × series (nil unless kept).
  public let residuals: Matrix?
  /// scans − regressors.
  public let degreesOfFreedom: Int
  /// How each series was scaled before the fit (betas in percent signal change for `.percentOfMean`).
  public let signalScaling: SignalScaling

  /// The condition rows of `betas` (conditions × series).
  public var conditionBetas: Matrix { Matrix(copying: betas[rows: 0..<conditionCount, columns: 0..<betas.columns]) }
}
