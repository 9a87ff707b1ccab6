import NeurometryLinearAlgebra

/// Noise covariances and precisions estimated run by run (`NoiseCovarianceEstimator.fit(runs:…)`).
///
/// Runs are in the order the crossnobis estimator uses for its folds (`ConditionOrder`: numeric
/// labels numerically, others lexicographically), so `precisions` can be passed as
/// `RDMEstimator.runNoisePrecisions` as it stands.
public struct RunNoiseEstimates: Sendable, Equatable {
  /// Run labels, sorted as crossnobis sorts its folds.
  public let runs: [String]
  /// One estimate per run, in the order of `runs`.
  public let estimates: [NoiseCovarianceEstimate]

  public init(runs: [String], estimates: [NoiseCovarianceEstimate]) {
    precondition(runs.count == estimates.count, "RunNoiseEstimates: \(runs.count) runs, \(estimates.count) estimates")
    self.runs = runs
    self.estimates = estimates
  }

  /// Each run's P×P precision Λᵣ (rsatoolbox `prec_from_residuals` of a list of runs; what
  /// rsatoolbox's crossnobis takes as a list of per-fold precisions).
  public var precisions: [Matrix] { estimates.map(\.precision) }

  /// One precision for all runs: the mean of the runs' precisions, Λ̄ = (1/R)·Σᵣ Λᵣ (symmetric and
  /// positive definite as each Λᵣ is). This is the single matrix to pass as `noisePrecision` (or
  /// `neurometry rdm --noise`) when the runs' noise is taken to be the same.
  public var averagePrecision: Matrix {
    guard let first = estimates.first else { return Matrix(rows: 0, columns: 0) }
    var sum = first.precision
    for e in estimates.dropFirst() { sum = sum + e.precision }
    let count = Double(estimates.count)
    return sum.map { $0 / count }
  }
}
