import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra

extension NoiseCovarianceEstimator {
  /// Noise covariance and precision of each run from that run's residuals, each with its own
  /// degrees of freedom — rsatoolbox 0.3.2 `prec_from_residuals([R₁, …, R_R], dof=[d₁, …, d_R])`
  /// as its documentation describes it (one precision per run).
  ///
  /// For GLM residuals the degrees of freedom are the run's scans minus the rank of its design
  /// (`FMRIPatterns.degreesOfFreedom`); without them each run uses its rows − 1 (rsatoolbox's
  /// default). Each run's residuals are centred per channel, as rsatoolbox does (a no-op for the
  /// residuals of a design with a constant).
  ///
  /// Deviation from rsatoolbox 0.3.2: with a list of residuals *and* a list of dofs it passes the
  /// whole list again for each run (`cov_from_residuals(residuals, …, dof=dof[i])`), so its entry i is
  /// the stack of every run's precision at dof[i]; the intended per-run precision is entry [i][i],
  /// which is what this returns (Tests/Fixtures/fmri/make_fmri_noise.py checks the equality).
  ///
  /// - Parameters:
  ///   - residuals: one nᵣ × P matrix per run (the same P channels).
  ///   - labels: the runs' labels (distinct); the result is sorted by them as crossnobis sorts folds.
  ///   - kind: how the labels sort (`Labels.Kind`; nil: typed from their text).
  ///   - degreesOfFreedom: one per run, or nil for nᵣ − 1. `self.degreesOfFreedom` is not used.
  /// - Returns: one estimate per run, sorted by label (`RunNoiseEstimates`).
  /// - Throws: mismatched counts or channels, repeated labels, and every error of `fit(residuals:)`
  ///   (named with the run).
  /// - Complexity: Σᵣ O(nᵣ·P² + P³), one `fit(residuals:)` per run.
  public func fit(
    runs residuals: [Matrix], labels: [String], kind: Labels.Kind? = nil, degreesOfFreedom: [Int]? = nil
  ) throws
    -> RunNoiseEstimates
  {
    let context = "noise covariance (\(method.rawValue)) per run"
    guard !residuals.isEmpty, residuals.count == labels.count else {
      throw NeurometryError.shapeMismatch(
        context: context, message: "\(residuals.count) residual matrices for \(labels.count) run labels")
    }
    if let dofs = degreesOfFreedom, dofs.count != residuals.count {
      throw NeurometryError.shapeMismatch(
        context: context, message: "\(dofs.count) degrees of freedom for \(residuals.count) runs")
    }
    guard Set(labels).count == labels.count else {
      throw NeurometryError.invalidInput(
        context: context, message: "run labels repeat (\(labels.joined(separator: ", "))); each run needs its own")
    }
    let p = residuals[0].columns
    if let k = residuals.firstIndex(where: { $0.columns != p }) {
      throw NeurometryError.shapeMismatch(
        context: context,
        message: "run '\(labels[k])' has \(residuals[k].columns) channels but run '\(labels[0])' has \(p)")
    }
    let order = ConditionOrder.sortedDistinct(labels, kind: kind ?? ConditionOrder.inferredKind(labels))
      .compactMap { labels.firstIndex(of: $0) }
    let estimates = try order.map { k in
      var single = self
      single.degreesOfFreedom = degreesOfFreedom?[k]
      do {
        return try single.fit(residuals: residuals[k])
      } catch let error as NeurometryError {
        throw Self.naming(run: labels[k], error)
      }
    }
    return RunNoiseEstimates(runs: order.map { labels[$0] }, estimates: estimates)
  }

  /// Residuals as one run (`runs` nil: one estimate with `degreesOfFreedom`, labelled "all") or
  /// split into runs by their labels (one estimate per run, rows − 1 dof each): what
  /// `neurometry noise` computes.
  public func fit(residuals x: Matrix, runs: Labels?) throws -> RunNoiseEstimates {
    guard let runs else { return RunNoiseEstimates(runs: ["all"], estimates: [try fit(residuals: x)]) }
    if degreesOfFreedom != nil {
      throw NeurometryError.invalidInput(
        context: "noise covariance per run",
        message: "one number of degrees of freedom cannot serve several runs; each run uses its rows − 1")
    }
    let patterns = try ResponsePatterns(measurements: x, observationLabels: ["run": runs], source: "residuals")
    return try fit(residuals: patterns, runDescriptor: "run")
  }

  /// Per-run estimates from residual patterns whose observations carry a run descriptor (e.g.
  /// `FMRIPatterns.residuals`, descriptor "run"), with each run's degrees of freedom keyed by label
  /// (nil: rows − 1 per run).
  public func fit(
    residuals patterns: ResponsePatterns, runDescriptor: String = "run", degreesOfFreedom: [String: Int]? = nil
  ) throws -> RunNoiseEstimates {
    let labels = try RDMEstimator.descriptor(runDescriptor, of: patterns, context: "noise covariance per run")
    let groups = ConditionGroups(labels)
    var rows = [[Int]](repeating: [], count: groups.count)
    for (i, g) in groups.codes.enumerated() { rows[g].append(i) }
    let x = patterns.measurements
    let blocks = rows.map { r in
      Matrix(rows: r.count, columns: x.columns) { i, j in x[r[i], j] }
    }
    var dofs: [Int]? = nil
    if let table = degreesOfFreedom {
      dofs = try groups.labels.map { label in
        guard let d = table[label] else {
          throw NeurometryError.invalidInput(
            context: "noise covariance per run", message: "no degrees of freedom given for run '\(label)'")
        }
        return d
      }
    }
    return try fit(runs: blocks, labels: groups.labels, kind: labels.kind, degreesOfFreedom: dofs)
  }

  /// The estimator's error with the run named in its context.
  static func naming(run label: String, _ error: NeurometryError) -> NeurometryError {
    let suffix = ", run '\(label)'"
    switch error {
    case .invalidInput(let context, let message): return .invalidInput(context: context + suffix, message: message)
    case .shapeMismatch(let context, let message): return .shapeMismatch(context: context + suffix, message: message)
    case .singularMatrix(let operation, let message):
      return .singularMatrix(operation: operation + suffix, message: message)
    case .notPositiveDefinite(let operation, let message):
      return .notPositiveDefinite(operation: operation + suffix, message: message)
    default: return error
    }
  }
}
