import NeurometryIO
import NeurometryLinearAlgebra

/// Noise covariances and precisions estimated run by run (`NoiseCovarianceEstimator.fit(runs:…)`).
///
/// Runs are in the order the crossnobis estimator uses for its folds (`ConditionOrder`: numeric
/// labels numerically, others lexicographically), so `precisions` can be passed as
/// `RDMEstimator.runNoisePrecisions` as it stands.
public struct RunNoiseEstimates: Sendable, Equatable, Codable {
  /// Run labels, sorted as crossnobis sorts its folds.
  public let runs: [String]
  /// One estimate per run, in the order of `runs`.
  public let estimates: [NoiseCovarianceEstimate]

  /// Pairs each run label with its estimate, in the order given (which should be crossnobis's fold
  /// order); traps when the counts differ.
  public init(runs: [String], estimates: [NoiseCovarianceEstimate]) {
    precondition(runs.count == estimates.count, "RunNoiseEstimates: \(runs.count) runs, \(estimates.count) estimates")
    self.runs = runs
    self.estimates = estimates
  }

  /// The estimates' warnings, each prefixed with its run when there are several.
  public var warnings: [String] {
    zip(runs, estimates).flatMap { run, e in e.warnings.map { runs.count > 1 ? "run \(run): \($0)" : $0 } }
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

  /// The precisions as one array to write: their mean (P × P), or with `perRun` the stack
  /// (runs × P × P, in `runs` order).
  public func precisionArray(perRun: Bool) -> NDArray {
    let p = estimates.first?.precision.rows ?? 0
    guard perRun else { return NDArray(averagePrecision) }
    return NDArray(shape: [runs.count, p, p], values: .float64(precisions.flatMap(\.elements)))
  }

  /// What the estimate reports (JSON: `method`, `combination` "average" or "per-run", `shape`,
  /// `runs`, `degrees_of_freedom`, `residual_rows`, `shrinkage` (null for diag and full)).
  public struct Summary: Sendable, Codable, Equatable {
    /// The covariance estimator used for every run.
    public let method: NoiseCovarianceMethod
    /// "average" (one mean precision) or "per-run" (a stack of precisions).
    public let combination: String
    /// The shape of the written array: [P, P], or [runs, P, P] per run.
    public let shape: [Int]
    /// Run labels in the order crossnobis sorts its folds (the order of a per-run stack).
    public let runs: [String]
    /// The degrees of freedom of each run's estimate, in the order of `runs`.
    public let degreesOfFreedom: [Int]
    /// The number of residual rows of each run, in the order of `runs`.
    public let residualRows: [Int]
    /// Shrinkage intensity per run (shrinkage methods).
    public let shrinkage: [Double]?

    enum CodingKeys: String, CodingKey {
      case method, combination, shape, runs, degreesOfFreedom = "degrees_of_freedom"
      case residualRows = "residual_rows", shrinkage
    }
  }

  /// The summary of `precisionArray(perRun:)`.
  public func summary(perRun: Bool) -> Summary {
    let p = estimates.first?.precision.rows ?? 0
    let shrinkage = estimates.compactMap(\.shrinkage)
    return Summary(
      method: estimates.first?.method ?? .shrinkageDiagonal, combination: perRun ? "per-run" : "average",
      shape: perRun ? [runs.count, p, p] : [p, p], runs: runs, degreesOfFreedom: estimates.map(\.degreesOfFreedom),
      residualRows: estimates.map(\.observations), shrinkage: shrinkage.count == runs.count ? shrinkage : nil)
  }
}
