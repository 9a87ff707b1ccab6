import Foundation
import NeurometryLinearAlgebra

/// Cross-validated evaluation of fitted models (rsatoolbox `crossval`, `bootstrap_crossval`).
///
/// **crossval.** For each fold f (`CrossValidationFold`) every model is fitted
/// (`RSAModelFitter`) to the training RDMs at the training conditions — the model's RDMs
/// restricted to those conditions — and its prediction θ_f at the test conditions is compared with
/// each test RDM: e_{m,f} = mean_r compare(pred_m(θ_f)|test, r). The noise ceiling is the mean over
/// folds of the fold ceilings (`cv_noise_ceiling`, or per fold a leave-one-RDM-out ceiling at the
/// test conditions when the fold has no ceiling RDMs). A model's evaluation is the mean over folds.
/// There is no variance estimate (rsatoolbox gives none), so no t-tests.
///
/// **bootstrap crossval** (Schütt et al. 2023, eLife 12:e82566). Each sample b draws subjects
/// and/or conditions with replacement (`BootstrapSample`; copies of a condition are kept, their
/// pair missing). A sample is valid when it holds at least k_rdm distinct subjects and 3·k_pattern
/// distinct conditions; otherwise its row is NaN. In a valid sample, n_cv repetitions each run a
/// k_rdm × k_pattern k-fold cross-validation (`CrossValidationSets.kFold`, over the distinct
/// subjects and conditions of the sample, every copy following its original) and record the
/// models' fold evaluations and the cross-validated noise ceiling (with k_rdm = k_pattern = 1: the
/// leave-one-subject-out ceiling of the sample). The sample's evaluation is the mean over folds and
/// repetitions, its ceiling the mean over repetitions. With the per-sample vectors
/// x_b = (evaluations, lower, upper), Σ_mean = cov_b(mean over repetitions of x_b) and
/// Σ_1 = mean over repetitions i of cov_b(x_b at repetition i) (covariances over valid samples,
/// ddof 1), the covariance is corrected for the cross-validation's own variance,
/// Σ = (n_cv·Σ_mean − Σ_1)/(n_cv − 1) (rsatoolbox `use_correction`, n_cv > 1), and the variances
/// for the tests follow `ModelEvaluationResult` (factor n/(n−1) with n = min(n_rdm, n_conditions),
/// n_conditions or n_rdm for bootstraps of both, conditions or subjects).
///
/// Samples run in parallel (`Parallel.map`); seeded runs draw sample b and then its folds (the
/// subject order, then one condition order per subject group, per repetition) from
/// `RandomStream(seed: seed, stream: b)`, so results do not depend on the number of threads.
/// Given samples and folds (e.g. those numpy drew) reproduce rsatoolbox exactly.
///
/// Deviations from rsatoolbox 0.3.2: a fold with no training or test RDMs or fewer than 3 distinct
/// training or test conditions is an error (rsatoolbox silently scores it NaN, which then makes
/// `crossval`'s ceiling or mean NaN); with n_cv = 1 and the correction requested, rsatoolbox raises
/// a `Warning` exception, here the uncorrected covariance is used and a warning says so. The
/// whitened comparators are used with Σ = I inside cross-validation (rsatoolbox passes no Σ
/// there); another pattern covariance is an error. Grouping RDMs or conditions by a descriptor
/// (rsatoolbox `rdm_descriptor`, `pattern_descriptor`) is not offered: every RDM and condition is
/// its own unit.
extension ModelEvaluator {
  /// Models × folds evaluations of `models` cross-validated on `folds` (indices into `data`'s
  /// RDMs and conditions). `fitters`: one per model; default `RSAModelFitter.defaultMethod` of
  /// each model's kind with this evaluator's comparison.
  /// - Complexity: per fold (F folds, in parallel), m model fits (`RSAModelFitter.fit` on the
  ///   training RDMs) and one `RDMComparison.compare` of the m predictions with the test RDMs, plus
  ///   the fold's noise ceiling (a pooling and a comparison, or `NoiseCeiling.compute`).
  public func crossValidate(
    _ models: [RSAModel], data: RDMs, folds: [CrossValidationFold], fitters: [RSAModelFitter]? = nil
  ) throws -> ModelEvaluationResult {
    let context = "crossval"
    let fitters = try crossValidationInputs(models, data, fitters, context: context)
    guard !folds.isEmpty else {
      throw NeurometryError.invalidInput(context: context, message: "no cross-validation folds given")
    }
    let sample = CrossValidationSample(data)
    for (f, fold) in folds.enumerated() { try sample.check(fold, index: f, context: context) }
    let comparison = self.comparison
    let pooledAll =
      folds.contains { $0.ceilingRDMs != nil } ? try RDMPooling.pool(data, for: comparison.comparator) : []
    let results = try Parallel.map(folds.count) { f in
      let (e, p) = try sample.evaluate(folds[f], models: models, fitters: fitters, comparison: comparison)
      let nc = try sample.ceiling(folds[f], comparison: comparison, pooledAll: pooledAll)
      return (e, p, nc)
    }
    let m = models.count
    let evaluations = Matrix(rows: m, columns: folds.count) { j, f in results[f].0[j] }
    let ceilings = Matrix(rows: folds.count, columns: 2) { f, k in k == 0 ? results[f].2.lower : results[f].2.upper }
    let n = Double(folds.count)
    let ceiling = NoiseCeiling(
      lower: results.map(\.2.lower).reduce(0, +) / n, upper: results.map(\.2.upper).reduce(0, +) / n)
    return ModelEvaluationResult(
      modelNames: models.map(\.name), comparator: comparison.comparator, scheme: .crossValidation,
      evaluations: evaluations, noiseCeiling: ceiling, noiseCeilingSamples: nil, covariance: nil, degreesOfFreedom: 0,
      rdmCount: data.count, conditionCount: data.conditionCount, dualCovariances: nil,
      parameters: models.map { _ in [] }, warnings: [],
      crossValidation: CrossValidationEvaluations(
        folds: folds.count, repetitions: 1, kRDM: nil, kPattern: nil, corrected: false, foldEvaluations: evaluations,
        noiseCeilings: ceilings, parameters: results.map(\.1)))
  }

  /// The default k's of rsatoolbox's `bootstrap_crossval` for `data`: k_pattern =
  /// `defaultKPattern((1 − 1/e)·n_conditions)`, k_rdm = 1 for one RDM, else
  /// `defaultKRDM((1 − 1/e)·n_rdm)`.
  public static func defaultFolds(for data: RDMs) -> (kRDM: Int, kPattern: Int) {
    let kept = 1 - 1 / M_E
    let kPattern = CrossValidationSets.defaultKPattern(kept * Double(data.conditionCount))
    let kRDM = data.count == 1 ? 1 : CrossValidationSets.defaultKRDM(kept * Double(data.count))
    return (kRDM, kPattern)
  }

  /// Bootstrap cross-validation with `count` seeded samples (see the extension's documentation).
  /// `scheme`: `.bootstrapCrossValidation` (subjects and conditions), `…Patterns` or `…Subjects`;
  /// nil k's take `defaultFolds(for:)`; `repetitions` is rsatoolbox's n_cv (default 2).
  /// - Complexity: that of the given-folds form with B = `count` samples, r = `repetitions` and
  ///   F = k_rdm·k_pattern folds: B·r·F fold evaluations (m model fits and a comparison each).
  public func bootstrapCrossValidate(
    _ models: [RSAModel], data: RDMs, scheme: EvaluationScheme = .bootstrapCrossValidation, count: Int,
    seed: UInt64, kRDM: Int? = nil, kPattern: Int? = nil, repetitions: Int = 2, useCorrection: Bool = true,
    fitters: [RSAModelFitter]? = nil
  ) throws -> ModelEvaluationResult {
    let context = "bootstrap crossval"
    let defaults = Self.defaultFolds(for: data)
    let kr = kRDM ?? defaults.kRDM
    let kp = kPattern ?? defaults.kPattern
    try checkFolds(kRDM: kr, kPattern: kp, repetitions: repetitions, data: data, context: context)
    guard count >= 2 else {
      throw NeurometryError.invalidInput(context: context, message: "needs at least 2 samples, found \(count)")
    }
    var samples: [BootstrapSample] = []
    var folds: [[[CrossValidationFold]]] = []
    for b in 0..<count {
      var g = RandomStream(seed: seed, stream: UInt64(b))
      let s = BootstrapSample.draw(scheme, rdms: data.count, conditions: data.conditionCount, using: &g)
      samples.append(s)
      let (rdmIDs, conditionIDs) = Self.distinct(s, data)
      guard rdmIDs.count >= kr, conditionIDs.count >= 3 * kp else {
        folds.append([])
        continue
      }
      var random: RandomStream? = g
      folds.append(
        try (0..<repetitions).map { _ in
          try CrossValidationSets.kFold(
            rdmIDs: rdmIDs, conditionIDs: conditionIDs, kRDM: kr, kPattern: kp, random: &random)
        })
    }
    return try bootstrapCrossValidate(
      models, data: data, scheme: scheme, samples: samples, folds: folds, kRDM: kr, kPattern: kp,
      useCorrection: useCorrection, fitters: fitters)
  }

  /// Bootstrap cross-validation on given samples and folds: `folds[b][i]` are the folds of
  /// repetition i in sample b, in original indices (ignored, and may be empty, for a sample that
  /// is invalid for k_rdm, k_pattern).
  /// - Complexity: B·r·F fold evaluations (B samples, r repetitions, F folds; m model fits and one
  ///   comparison each) plus B·r·F fold ceilings (or B·r `NoiseCeiling.compute` when
  ///   k_rdm = k_pattern = 1), samples in parallel; O(r·B·(m + 2)²) for the covariances.
  public func bootstrapCrossValidate(
    _ models: [RSAModel], data: RDMs, scheme: EvaluationScheme, samples: [BootstrapSample],
    folds: [[[CrossValidationFold]]], kRDM: Int, kPattern: Int, useCorrection: Bool = true,
    fitters: [RSAModelFitter]? = nil
  ) throws -> ModelEvaluationResult {
    let context = "bootstrap crossval (\(scheme.rawValue))"
    guard scheme.isBootstrapCrossValidation else {
      throw NeurometryError.invalidInput(
        context: context,
        message: "the scheme must be bootstrap-crossval, bootstrap-crossval-patterns or bootstrap-crossval-subjects")
    }
    let fitters = try crossValidationInputs(models, data, fitters, context: context)
    guard samples.count >= 2 else {
      throw NeurometryError.invalidInput(context: context, message: "needs at least 2 samples, found \(samples.count)")
    }
    guard folds.count == samples.count else {
      throw NeurometryError.shapeMismatch(
        context: context, message: "\(folds.count) fold lists for \(samples.count) samples")
    }
    try BootstrapSample.requireInRange(samples, data: data, context: context)
    let valid = samples.indices.filter { b in
      let (r, c) = Self.distinct(samples[b], data)
      return r.count >= kRDM && c.count >= 3 * kPattern
    }
    guard let first = valid.first else {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "no sample has \(kRDM) distinct subjects and \(3 * kPattern) distinct conditions for \(kRDM)×\(kPattern) folds"
      )
    }
    let repetitions = folds[first].count
    let foldCount = folds[first].first?.count ?? 0
    guard repetitions >= 1, foldCount >= 1 else {
      throw NeurometryError.invalidInput(context: context, message: "sample \(first) has no folds")
    }
    for b in valid where folds[b].count != repetitions || folds[b].contains(where: { $0.count != foldCount }) {
      throw NeurometryError.shapeMismatch(
        context: context,
        message:
          "sample \(b) has \(folds[b].map(\.count)) folds per repetition; sample \(first) has \(foldCount) in each of \(repetitions)"
      )
    }
    let m = models.count
    let comparison = self.comparison
    let crossValidatedCeiling = kRDM > 1 || kPattern > 1
    let validSet = Set(valid)
    // Per sample: the fold evaluations [model][fold][repetition] and the ceilings [bound][repetition].
    let rows = try Parallel.map(samples.count) { b -> ([Double], [Double]) in
      guard validSet.contains(b) else {
        return (
          [Double](repeating: .nan, count: m * foldCount * repetitions),
          [Double](repeating: .nan, count: 2 * repetitions)
        )
      }
      let sample = CrossValidationSample(data, sample: samples[b])
      let pooledAll = crossValidatedCeiling ? try RDMPooling.pool(sample.data, for: comparison.comparator) : []
      var evaluations = [Double](repeating: 0, count: m * foldCount * repetitions)
      var ceilings = [Double](repeating: 0, count: 2 * repetitions)
      for (i, repetition) in folds[b].enumerated() {
        var lower = 0.0
        var upper = 0.0
        for (f, fold) in repetition.enumerated() {
          try sample.check(fold, index: f, context: "\(context), sample \(b), repetition \(i)")
          let (e, _) = try sample.evaluate(fold, models: models, fitters: fitters, comparison: comparison)
          for j in 0..<m { evaluations[(j * foldCount + f) * repetitions + i] = e[j] }
          if crossValidatedCeiling {
            let nc = try sample.ceiling(fold, comparison: comparison, pooledAll: pooledAll)
            lower += nc.lower
            upper += nc.upper
          }
        }
        if crossValidatedCeiling {
          ceilings[i] = lower / Double(foldCount)
          ceilings[repetitions + i] = upper / Double(foldCount)
        } else {
          let nc = try NoiseCeiling.compute(sample.data, comparison: comparison, groups: sample.rdmIDs.map(String.init))
          ceilings[i] = nc.lower
          ceilings[repetitions + i] = nc.upper
        }
      }
      return (evaluations, ceilings)
    }
    let n = samples.count
    let perSample = Double(foldCount * repetitions)
    let evaluations = Matrix(rows: n, columns: m) { b, j in
      rows[b].0[(j * foldCount * repetitions)..<((j + 1) * foldCount * repetitions)].reduce(0, +) / perSample
    }
    let r = Double(repetitions)
    let ceilingSamples = Matrix(rows: n, columns: 2) { b, k in
      rows[b].1[(k * repetitions)..<((k + 1) * repetitions)].reduce(0, +) / r
    }
    guard valid.count >= 2 else {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "only \(valid.count) of \(n) samples had \(kRDM) distinct subjects and \(3 * kPattern) distinct conditions")
    }
    // Σ_mean over the per-sample means; Σ_1 per repetition, averaged.
    let meanVariables = Matrix(rows: valid.count, columns: m + 2) { v, j in
      j < m ? evaluations[valid[v], j] : ceilingSamples[valid[v], j - m]
    }
    var covariance = Self.sampleCovariance(meanVariables)
    var warnings: [String] = []
    let corrected = useCorrection && repetitions > 1
    if corrected {
      var single = Matrix(rows: m + 2, columns: m + 2, repeating: 0)
      for i in 0..<repetitions {
        let x = Matrix(rows: valid.count, columns: m + 2) { v, j in
          let row = rows[valid[v]]
          if j >= m { return row.1[(j - m) * repetitions + i] }
          var s = 0.0
          for f in 0..<foldCount { s += row.0[(j * foldCount + f) * repetitions + i] }
          return s / Double(foldCount)
        }
        single = single + Self.sampleCovariance(x)
      }
      covariance = Matrix(rows: m + 2, columns: m + 2) { a, c in
        (r * covariance[a, c] - single[a, c] / r) / (r - 1)
      }
    } else if useCorrection {
      warnings.append(
        "one cross-validation repetition per sample: the covariance is not corrected for the cross-validation's variance"
      )
    }
    if valid.count < n {
      warnings.append(
        "\(n - valid.count) samples had fewer than \(kRDM) distinct subjects or \(3 * kPattern) distinct conditions and were left out"
      )
    }
    let lower = valid.map { ceilingSamples[$0, 0] }.reduce(0, +) / Double(valid.count)
    let upper = valid.map { ceilingSamples[$0, 1] }.reduce(0, +) / Double(valid.count)
    let dof = scheme.bootstrapDegreesOfFreedom(rdms: data.count, conditions: data.conditionCount)
    return ModelEvaluationResult(
      modelNames: models.map(\.name), comparator: comparison.comparator, scheme: scheme, evaluations: evaluations,
      noiseCeiling: NoiseCeiling(lower: lower, upper: upper), noiseCeilingSamples: ceilingSamples,
      covariance: covariance, degreesOfFreedom: dof, rdmCount: data.count, conditionCount: data.conditionCount,
      dualCovariances: nil, parameters: models.map { _ in [] }, warnings: warnings,
      crossValidation: CrossValidationEvaluations(
        folds: foldCount, repetitions: repetitions, kRDM: kRDM, kPattern: kPattern, corrected: corrected,
        foldEvaluations: Matrix(rows: n, columns: m * foldCount * repetitions) { b, k in rows[b].0[k] },
        noiseCeilings: Matrix(rows: n, columns: 2 * repetitions) { b, k in rows[b].1[k] }, parameters: nil))
  }

  /// The distinct RDM and condition indices of a sample, sorted.
  static func distinct(_ s: BootstrapSample, _ data: RDMs) -> (rdms: [Int], conditions: [Int]) {
    (
      Array(Set(s.rdms ?? Array(0..<data.count))).sorted(),
      Array(Set(s.conditions ?? Array(0..<data.conditionCount))).sorted()
    )
  }

  /// Covariance of the columns over the rows (ddof 1).
  static func sampleCovariance(_ x: Matrix) -> Matrix {
    gram(x.columnCentered, side: .columns, alpha: 1 / Double(x.rows - 1))
  }

  /// Checks k_rdm, k_pattern and n_cv against the data.
  func checkFolds(kRDM: Int, kPattern: Int, repetitions: Int, data: RDMs, context: String) throws {
    guard kRDM >= 1, kPattern >= 1 else {
      throw NeurometryError.invalidInput(
        context: context,
        message: "the numbers of folds must be at least 1, found k_rdm = \(kRDM), k_pattern = \(kPattern)")
    }
    guard kRDM <= data.count else {
      throw NeurometryError.invalidInput(
        context: context, message: "\(kRDM) subject folds need at least \(kRDM) data RDMs, found \(data.count)")
    }
    guard 3 * kPattern <= data.conditionCount else {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "\(kPattern) condition folds need at least \(3 * kPattern) conditions (3 per test set), found \(data.conditionCount)"
      )
    }
    guard repetitions >= 1 else {
      throw NeurometryError.invalidInput(
        context: context, message: "needs at least 1 cross-validation repetition, found \(repetitions)")
    }
  }

  /// Checks the models against the data and the comparison, and returns the fitters.
  func crossValidationInputs(_ models: [RSAModel], _ data: RDMs, _ fitters: [RSAModelFitter]?, context: String)
    throws -> [RSAModelFitter]
  {
    guard !models.isEmpty else {
      throw NeurometryError.invalidInput(context: context, message: "no models given")
    }
    for model in models where model.rdms.pairCount != data.pairCount {
      throw NeurometryError.shapeMismatch(
        context: context,
        message:
          "model '\(model.name)' has \(model.rdms.conditionCount) conditions but the data have \(data.conditionCount)")
    }
    guard comparison.patternCovariance == .identity else {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "cross-validation uses the whitened comparators with Σ = I (as rsatoolbox); a pattern covariance cannot be subset to the folds"
      )
    }
    if let fitters {
      guard fitters.count == models.count else {
        throw NeurometryError.shapeMismatch(
          context: context, message: "\(fitters.count) fitters for \(models.count) models")
      }
      return fitters
    }
    return models.map { RSAModelFitter(method: RSAModelFitter.defaultMethod(for: $0.kind), comparison: comparison) }
  }
}
