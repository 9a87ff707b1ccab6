import NeurometryLinearAlgebra

/// Evaluates models against data RDMs (rsatoolbox `eval_fixed`, `eval_bootstrap_pattern`,
/// `eval_bootstrap_rdm`, `eval_bootstrap`).
///
/// - `evaluateFixed`: the comparison of each model's prediction with each data RDM; the noise
///   ceiling of all data; covariance cov(evaluations, ddof 0)/n_rdm; dof n_rdm − 1.
/// - `bootstrap`: for each sample, conditions and/or data RDMs drawn with replacement; a model's
///   evaluation is its mean comparison with the sampled data (the model's RDM sampled the same way;
///   the pair of two copies of one condition is missing, as rsatoolbox's `subsample_pattern`), and
///   samples with fewer than 3 distinct conditions are NaN. The noise ceiling is computed per sample
///   (`perSampleNoiseCeiling`, rsatoolbox's default `boot_noise_ceil=True`) with copies of one
///   subject kept together, or once on all data. Covariance over valid samples (ddof 1) of the
///   evaluations and, per sample, the two bounds.
///
/// Samples come from `BootstrapSample.draw` (one `RandomStream(seed:stream: b)` per sample b, so
/// the same for any number of threads) or are given (e.g. the indices a numpy run drew). Samples
/// run in parallel (`Parallel.map`), results in sample order.
///
/// Deviation: rsatoolbox's `eval_bootstrap_rdm` ends with `variances = np.cov(evaluations.T)`,
/// dropping the noise ceiling from the covariance that its other bootstraps include; here the
/// subject bootstrap includes it like the others.
public struct ModelEvaluator: Sendable {
  /// How each model prediction is compared with the data RDMs (comparator and pattern covariance).
  public var comparison: RDMComparison
  /// Whether bootstraps compute the noise ceiling per sample (default true, rsatoolbox's
  /// `boot_noise_ceil=True`) rather than once on all data.
  public var perSampleNoiseCeiling: Bool
  /// Whether bootstraps compute the leave-one-subject-out noise ceiling at all (default true). With
  /// false — e.g. one subject, whose ceiling comes from split halves of its repetitions instead —
  /// the result's ceiling is NaN and its covariance holds the models only.
  public var computesNoiseCeiling: Bool

  /// An evaluator with the given comparison and noise-ceiling options; nothing is checked until an
  /// evaluation runs.
  public init(comparison: RDMComparison, perSampleNoiseCeiling: Bool = true, computesNoiseCeiling: Bool = true) {
    self.comparison = comparison
    self.perSampleNoiseCeiling = perSampleNoiseCeiling
    self.computesNoiseCeiling = computesNoiseCeiling
  }

  /// Predictions of the models (θ given per model; nil: defaults), checked against the data's size.
  func predictions(_ models: [RSAModel], _ data: RDMs, parameters: [[Double]]?) throws -> RDMs {
    guard !models.isEmpty else {
      throw NeurometryError.invalidInput(context: "evaluate", message: "no models given")
    }
    if let parameters, parameters.count != models.count {
      throw NeurometryError.shapeMismatch(
        context: "evaluate", message: "\(parameters.count) parameter vectors for \(models.count) models")
    }
    var rows: [Double] = []
    for (k, model) in models.enumerated() {
      guard model.rdms.pairCount == data.pairCount else {
        throw NeurometryError.shapeMismatch(
          context: "evaluate",
          message:
            "model '\(model.name)' has \(model.rdms.conditionCount) conditions but the data have \(data.conditionCount)"
        )
      }
      rows += try model.predict(parameters?[k])
    }
    return try RDMs(
      dissimilarities: Matrix(rows: models.count, columns: data.pairCount, elements: rows),
      conditions: data.conditions, measure: data.measure, source: "evaluate")
  }

  /// Each model against each data RDM, without resampling.
  /// - Complexity: one `RDMComparison.compare` of the m predictions with the R data RDMs
  ///   (O(m·R·q) for the GEMM comparators, q pairs), `NoiseCeiling.compute` on all data, and
  ///   O(m²·R) for the covariance.
  public func evaluateFixed(_ models: [RSAModel], data: RDMs, parameters: [[Double]]? = nil) throws
    -> ModelEvaluationResult
  {
    let predicted = try predictions(models, data, parameters: parameters)
    let result = try comparison.compare(predicted, data)
    let e = result.values  // models × rdms
    let ceiling = try NoiseCeiling.compute(data, comparison: comparison)
    var covariance: Matrix? = nil
    if data.count > 1 {
      // np.cov(evaluations, ddof=0) / n_rdm: variables = models, observations = data RDMs.
      let n = Double(data.count)
      let means = e.rowMeans
      let centred = Matrix(rows: e.rows, columns: e.columns) { i, j in e[i, j] - means[i] }
      covariance = gram(centred, side: .rows, alpha: 1 / (n * n))
    }
    return ModelEvaluationResult(
      modelNames: models.map(\.name), comparator: comparison.comparator, scheme: .fixed, evaluations: e,
      noiseCeiling: ceiling, noiseCeilingSamples: nil, covariance: covariance,
      degreesOfFreedom: Swift.max(data.count - 1, 0), rdmCount: data.count, conditionCount: data.conditionCount,
      dualCovariances: nil, parameters: parameters ?? models.map { $0.defaultParameters }, warnings: result.warnings)
  }

  /// Bootstrap evaluation with `count` samples drawn from `seed`.
  /// - Complexity: that of `bootstrap(_:data:scheme:samples:parameters:)` with B = `count` samples,
  ///   plus O(B·(R + n)) to draw them.
  public func bootstrap(
    _ models: [RSAModel], data: RDMs, scheme: EvaluationScheme, count: Int, seed: UInt64,
    parameters: [[Double]]? = nil
  ) throws -> ModelEvaluationResult {
    guard scheme != .fixed else {
      return try evaluateFixed(models, data: data, parameters: parameters)
    }
    guard count >= 2 else {
      throw NeurometryError.invalidInput(context: "bootstrap", message: "needs at least 2 samples, found \(count)")
    }
    let samples = (0..<count).map {
      BootstrapSample.draw(scheme, rdms: data.count, conditions: data.conditionCount, seed: seed, sample: $0)
    }
    return try bootstrap(models, data: data, scheme: scheme, samples: samples, parameters: parameters)
  }

  /// Bootstrap evaluation on given samples (indices into the data's RDMs and conditions).
  /// - Complexity: per sample, O((m + R)·q) for cosine and corr on complete RDMs (weighted pairs,
  ///   no resampled copies; the per-sample ceiling included), else one `RDMComparison.compare` of
  ///   the m resampled predictions with the R resampled RDMs plus, per sample, a
  ///   `NoiseCeiling.compute`; samples in parallel; O(B·(m + 2)²) for the covariance of B samples.
  public func bootstrap(
    _ models: [RSAModel], data: RDMs, scheme: EvaluationScheme, samples: [BootstrapSample],
    parameters: [[Double]]? = nil
  ) throws -> ModelEvaluationResult {
    let rows = try bootstrapRows(models, data: data, scheme: scheme, samples: samples, parameters: parameters)
    return try bootstrapResult(models, data: data, scheme: scheme, rows: rows, parameters: parameters)
  }

  /// The per-sample part of `bootstrap(_:data:scheme:samples:parameters:)`: samples × (m + 2), each
  /// row the m models' evaluations on the sample and its noise ceiling (lower, upper; NaN when not
  /// computed per sample); a NaN row marks a sample with fewer than 3 distinct conditions. A row
  /// depends only on its sample, so the rows of any split of the samples (`Shard`) stacked in
  /// order equal the rows of all, bit for bit.
  /// - Complexity: as `bootstrap`, without the covariance.
  public func bootstrapRows(
    _ models: [RSAModel], data: RDMs, scheme: EvaluationScheme, samples: [BootstrapSample],
    parameters: [[Double]]? = nil
  ) throws -> Matrix {
    let context = "bootstrap (\(scheme.rawValue))"
    guard [.bootstrapPatterns, .bootstrapSubjects, .bootstrapBoth].contains(scheme) else {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "this is a bootstrap of fixed models; use evaluateFixed, dualBootstrap, crossValidate or bootstrapCrossValidate"
      )
    }
    let predicted = try predictions(models, data, parameters: parameters)
    try BootstrapSample.requireInRange(samples, data: data, context: context)
    let m = models.count
    let comparison = self.comparison
    let perSample = perSampleNoiseCeiling && computesNoiseCeiling
    let weighted = WeightedPairBootstrap(comparator: comparison.comparator, models: predicted, data: data)
    let rows = try Parallel.map(samples.count) { b -> [Double] in
      let s = samples[b]
      if let weighted {
        if let p = s.conditions, Set(p).count < 3 { return [Double](repeating: .nan, count: m + 2) }
        return try weighted.evaluate(s, ceiling: perSample)
      }
      var sample = data
      var groups = (0..<data.count).map(String.init)
      var prediction = predicted
      if let r = s.rdms {
        sample = sample.selecting(r)
        groups = r.map(String.init)
      }
      if let p = s.conditions {
        if Set(p).count < 3 { return [Double](repeating: .nan, count: m + 2) }
        let sorted = p.sorted()
        sample = sample.selectingConditions(sorted)
        prediction = prediction.selectingConditions(sorted)
      }
      let values = try comparison.compare(prediction, sample).values
      var out = (0..<m).map { values.row($0).reduce(0, +) / Double(values.columns) }
      if perSample {
        let nc = try NoiseCeiling.compute(sample, comparison: comparison, groups: groups)
        out += [nc.lower, nc.upper]
      } else {
        out += [.nan, .nan]
      }
      return out
    }
    return Matrix(rows: samples.count, columns: m + 2) { b, j in rows[b][j] }
  }

  /// The bootstrap's result from its per-sample rows (`bootstrapRows`, of one run or of its shards
  /// stacked in sample order): the means and ceiling over valid samples, the covariance.
  /// - Complexity: O(B·(m + 2)²) for B samples.
  public func bootstrapResult(
    _ models: [RSAModel], data: RDMs, scheme: EvaluationScheme, rows table: Matrix, parameters: [[Double]]? = nil
  ) throws -> ModelEvaluationResult {
    let context = "bootstrap (\(scheme.rawValue))"
    let m = models.count
    guard table.columns == m + 2 else {
      throw NeurometryError.shapeMismatch(
        context: context, message: "\(table.columns) values per sample for \(m) models (expected \(m + 2))")
    }
    let comparison = self.comparison
    let perSample = perSampleNoiseCeiling && computesNoiseCeiling
    let rows = (0..<table.rows).map { table.row($0) }
    let evaluations = Matrix(rows: rows.count, columns: m) { b, j in rows[b][j] }
    let valid = (0..<rows.count).filter { !rows[$0][0].isNaN }
    guard valid.count >= 2 else {
      throw NeurometryError.invalidInput(
        context: context, message: "only \(valid.count) of \(rows.count) samples had 3 or more distinct conditions")
    }
    var warnings: [String] = []
    if valid.count < rows.count {
      warnings.append("\(rows.count - valid.count) samples had fewer than 3 distinct conditions and were left out")
    }
    let ceiling: NoiseCeiling
    let ceilingSamples: Matrix?
    let variables: Matrix
    if perSample {
      ceilingSamples = Matrix(rows: rows.count, columns: 2) { b, k in rows[b][m + k] }
      let lower = valid.map { rows[$0][m] }
      let upper = valid.map { rows[$0][m + 1] }
      ceiling = NoiseCeiling(
        lower: lower.reduce(0, +) / Double(lower.count), upper: upper.reduce(0, +) / Double(upper.count))
      variables = Matrix(rows: valid.count, columns: m + 2) { r, j in rows[valid[r]][j] }
    } else {
      ceilingSamples = nil
      ceiling =
        computesNoiseCeiling
        ? try NoiseCeiling.compute(data, comparison: comparison) : NoiseCeiling(lower: .nan, upper: .nan)
      variables = Matrix(rows: valid.count, columns: m) { r, j in rows[valid[r]][j] }
    }
    let centred = variables.columnCentered
    let covariance = gram(centred, side: .columns, alpha: 1 / Double(valid.count - 1))
    let dof = scheme.bootstrapDegreesOfFreedom(rdms: data.count, conditions: data.conditionCount)
    return ModelEvaluationResult(
      modelNames: models.map(\.name), comparator: comparison.comparator, scheme: scheme, evaluations: evaluations,
      noiseCeiling: ceiling, noiseCeilingSamples: ceilingSamples, covariance: covariance, degreesOfFreedom: dof,
      rdmCount: data.count, conditionCount: data.conditionCount, dualCovariances: nil,
      parameters: parameters ?? models.map { $0.defaultParameters }, warnings: warnings)
  }

  /// The dual bootstrap of fixed models (rsatoolbox `eval_dual_bootstrap` with k_rdm = k_pattern
  /// = 1): each sample (subjects and conditions drawn together) is evaluated three times — on the
  /// sampled subjects and conditions, on the sampled subjects with all conditions, and on the
  /// sampled conditions with all subjects — each with its noise ceiling; the three covariances are
  /// combined by `ModelEvaluationResult`'s dual formula. A sample's evaluation (and ceiling) is the
  /// mean of its three; samples with fewer than 3 distinct conditions are NaN. Needs subjects and
  /// conditions in every sample (draw with `.bootstrapBoth`).
  /// - Complexity: three bootstraps of B = `count` samples (see
  ///   `bootstrap(_:data:scheme:samples:parameters:)`), each with per-sample noise ceilings.
  public func dualBootstrap(_ models: [RSAModel], data: RDMs, count: Int, seed: UInt64) throws -> ModelEvaluationResult
  {
    guard count >= 2 else {
      throw NeurometryError.invalidInput(context: "dual bootstrap", message: "needs at least 2 samples, found \(count)")
    }
    let samples = (0..<count).map {
      BootstrapSample.draw(.bootstrapBoth, rdms: data.count, conditions: data.conditionCount, seed: seed, sample: $0)
    }
    return try dualBootstrap(models, data: data, samples: samples)
  }

  /// The dual bootstrap on given samples (each with RDM and condition indices).
  /// - Complexity: three bootstraps of the B samples (see
  ///   `bootstrap(_:data:scheme:samples:parameters:)`), each with per-sample noise ceilings.
  public func dualBootstrap(_ models: [RSAModel], data: RDMs, samples: [BootstrapSample]) throws
    -> ModelEvaluationResult
  {
    try dualBootstrapResult(models, data: data, rows: try dualBootstrapRows(models, data: data, samples: samples))
  }

  /// The per-sample part of the dual bootstrap: samples × 3(m + 2), the `bootstrapRows` of its
  /// three resamplings side by side (both, subjects only, conditions only). Rows depend only on
  /// their samples, so a split of the samples stacks back to the rows of all.
  public func dualBootstrapRows(_ models: [RSAModel], data: RDMs, samples: [BootstrapSample]) throws -> Matrix {
    let context = "dual bootstrap"
    guard samples.allSatisfy({ $0.rdms != nil && $0.conditions != nil }) else {
      throw NeurometryError.invalidInput(context: context, message: "every sample needs RDM and condition indices")
    }
    let evaluator = ModelEvaluator(comparison: comparison, perSampleNoiseCeiling: true)
    var parts: [Matrix] = []
    for variant in Self.dualVariants {
      // A sample with fewer than 3 distinct conditions is invalid in all three variants.
      let these = samples.map { s -> BootstrapSample in
        let v = variant(s)
        if Set(s.conditions ?? []).count < 3 { return BootstrapSample(rdms: v.rdms, conditions: s.conditions) }
        return v
      }
      parts.append(try evaluator.bootstrapRows(models, data: data, scheme: .bootstrapBoth, samples: these))
    }
    return Matrix.horizontalConcatenation(parts)
  }

  /// The dual bootstrap's result from its per-sample rows (`dualBootstrapRows`).
  public func dualBootstrapResult(_ models: [RSAModel], data: RDMs, rows: Matrix) throws -> ModelEvaluationResult {
    let width = models.count + 2
    guard rows.columns == 3 * width else {
      throw NeurometryError.shapeMismatch(
        context: "dual bootstrap",
        message: "\(rows.columns) values per sample for \(models.count) models (expected \(3 * width))")
    }
    let evaluator = ModelEvaluator(comparison: comparison, perSampleNoiseCeiling: true)
    let parts = try (0..<3).map { t in
      try evaluator.bootstrapResult(
        models, data: data, scheme: .bootstrapBoth,
        rows: Matrix(rows: rows.rows, columns: width) { b, j in rows[b, t * width + j] })
    }
    return combiningDualParts(parts, models: models, data: data, parameters: models.map { $0.defaultParameters })
  }

  /// The three resamplings of a dual bootstrap sample: both, RDMs only, conditions only.
  static let dualVariants: [@Sendable (BootstrapSample) -> BootstrapSample] = [
    { $0 }, { BootstrapSample(rdms: $0.rdms, conditions: nil) },
    { BootstrapSample(rdms: nil, conditions: $0.conditions) },
  ]

  /// The dual bootstrap's result from its three runs (`dualVariants` order): per sample the mean
  /// of the three evaluations and noise-ceiling samples, the ceiling averaged over the first
  /// run's valid samples, the three covariances kept for the variance combination.
  func combiningDualParts(
    _ parts: [ModelEvaluationResult], models: [RSAModel], data: RDMs, parameters: [[Double]],
    crossValidation: CrossValidationEvaluations? = nil
  ) -> ModelEvaluationResult {
    let n = parts[0].evaluations.rows
    let evaluations = Matrix(rows: n, columns: models.count) { b, j in
      parts.map { $0.evaluations[b, j] }.reduce(0, +) / 3
    }
    let ceilingSamples = Matrix(rows: n, columns: 2) { b, k in
      parts.map { $0.noiseCeilingSamples?[b, k] ?? .nan }.reduce(0, +) / 3
    }
    let valid = parts[0].validSamples
    let lower = valid.map { ceilingSamples[$0, 0] }.reduce(0, +) / Double(valid.count)
    let upper = valid.map { ceilingSamples[$0, 1] }.reduce(0, +) / Double(valid.count)
    return ModelEvaluationResult(
      modelNames: models.map(\.name), comparator: comparison.comparator, scheme: .dualBootstrap,
      evaluations: evaluations, noiseCeiling: NoiseCeiling(lower: lower, upper: upper),
      noiseCeilingSamples: ceilingSamples, covariance: parts[0].covariance,
      degreesOfFreedom: Swift.min(data.count, data.conditionCount) - 1, rdmCount: data.count,
      conditionCount: data.conditionCount, dualCovariances: parts.compactMap(\.covariance),
      parameters: parameters, warnings: parts[0].warnings, crossValidation: crossValidation)
  }
}
