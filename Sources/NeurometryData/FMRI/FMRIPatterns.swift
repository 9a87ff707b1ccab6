import NeurometryLinearAlgebra

/// The result of `FMRIPatternEstimator.fit`.
public struct FMRIPatterns: Sendable {
  /// (run, condition) × channels, descriptors "condition", "run".
  public let perRun: ResponsePatterns
  /// condition × channels, descriptors "condition", "runs".
  public let averaged: ResponsePatterns
  /// scans × channels of all runs, descriptors "run", "scan" (nil when not kept).
  public let residuals: ResponsePatterns?
  /// Residual degrees of freedom of each run (scans − regressors).
  public let degreesOfFreedom: [Int]
  /// The design of each run.
  public let designs: [DesignMatrix]
  /// The GLM of each run (all regressors, drifts included).
  public let fits: [GLMFit]
  /// Things worth knowing: atlas label mismatches, design warnings per run (prefixed "run <label>:"),
  /// and conditions missing from some runs.
  public let warnings: [String]
}
