import NeurometryLinearAlgebra

/// Evaluations of models against data RDMs, with the noise ceiling and the covariance that the
/// tests use (rsatoolbox's `inference.Result`).
///
/// - `evaluations`: fixed — models × data RDMs; cross-validation — models × folds; bootstrap —
///   samples × models (a NaN row marks a sample with fewer than 3 distinct conditions, or too few
///   for its cross-validation folds, rsatoolbox's rule; with cross-validation, a sample's value is
///   the mean over its folds and repetitions).
/// - `noiseCeilingSamples`: samples × 2 (lower, upper) when the ceiling is computed per sample.
/// - `covariance`: the covariance of the models' evaluations, with the noise ceiling's lower and
///   upper bound as the last two variables when it was bootstrapped — fixed: cov(ddof 0)/n over
///   data RDMs; bootstrap: cov (ddof 1) over valid samples.
/// - `degreesOfFreedom`: n_rdm − 1 (fixed, subjects), n_conditions − 1 (patterns),
///   min of both − 1 (both); 0 for cross-validation (no variance estimate, as rsatoolbox).
///
/// Variances for the tests (`modelVariances`, `differenceVariances`, `noiseCeilingVariances`)
/// follow rsatoolbox's `extract_variances` including its small-sample factor n/(n − 1) with
/// n = n_rdm (fixed, subjects), n_conditions (patterns) or min of both.
public struct ModelEvaluationResult: Sendable {
  /// The models' names, in the order of the models in `evaluations`.
  public let modelNames: [String]
  /// The comparator used to compare the models' predictions with the data.
  public let comparator: RDMComparator
  /// How the evaluations were obtained (fixed, bootstrap, cross-validation, …).
  public let scheme: EvaluationScheme
  /// The evaluations: models × data RDMs (fixed), models × folds (cross-validation) or samples ×
  /// models (bootstraps; NaN rows mark invalid samples).
  public let evaluations: Matrix
  /// The noise ceiling's lower and upper bound (means over valid samples or folds when resampled;
  /// NaN when the ceiling was not computed).
  public let noiseCeiling: NoiseCeiling
  /// Per-sample ceilings, samples × 2 (lower, upper), when computed per bootstrap sample; else nil.
  public let noiseCeilingSamples: Matrix?
  /// The covariance of the models' evaluations (the ceiling bounds as the last two variables when
  /// bootstrapped with it); nil when there is no variance estimate (one data RDM, cross-validation).
  public let covariance: Matrix?
  /// The t-tests' degrees of freedom: n_rdm − 1, n_conditions − 1 or the smaller of both − 1; 0 for
  /// cross-validation.
  public let degreesOfFreedom: Int
  /// n_rdm, the number of data RDMs (subjects) evaluated against.
  public let rdmCount: Int
  /// n_conditions, the number of conditions of the data RDMs.
  public let conditionCount: Int
  /// Dual bootstrap: the covariances of the samples over both, over subjects only and over
  /// conditions only (in that order), each with the noise ceiling bounds as the last variables.
  public let dualCovariances: [Matrix]?
  /// Fitted parameters per model (empty for fixed models; empty under cross-validation, whose
  /// per-fold parameters are in `crossValidation`).
  public let parameters: [[Double]]
  /// Notes for the reader (samples left out, an uncorrected covariance, constant RDMs, …).
  public let warnings: [String]
  /// Cross-validation schemes: the evaluations of every fold (and repetition).
  public var crossValidation: CrossValidationEvaluations? = nil

  /// Mean evaluation per model (over data RDMs, or over valid bootstrap samples).
  public var means: [Double] {
    let m = modelNames.count
    if scheme == .fixed || scheme == .crossValidation {
      return (0..<m).map { i in
        let v = evaluations.row(i).filter { !$0.isNaN }
        return v.reduce(0, +) / Double(v.count)
      }
    }
    let valid = validSamples
    return (0..<m).map { j in valid.map { evaluations[$0, j] }.reduce(0, +) / Double(valid.count) }
  }

  /// Indices of bootstrap samples without NaN.
  public var validSamples: [Int] {
    (0..<evaluations.rows).filter { !evaluations[$0, 0].isNaN }
  }

  /// The n of the small-sample factor n/(n − 1).
  var correctionN: Int {
    switch scheme {
    case .fixed, .bootstrapSubjects, .bootstrapCrossValidationSubjects, .crossValidation: return rdmCount
    case .bootstrapPatterns, .bootstrapCrossValidationPatterns: return conditionCount
    case .bootstrapBoth, .dualBootstrap, .bootstrapCrossValidation: return Swift.min(rdmCount, conditionCount)
    }
  }

  /// Dual bootstrap variance combination (rsatoolbox `_dual_bootstrap` with n_rdm and
  /// n_pattern): with v₀, v₁, v₂ the variances over both, subjects and conditions, r = n_rdm,
  /// p = n_conditions: v = r/(r−1)·v₁ + p/(p−1)·v₂ − rp/((r−1)(p−1))·(v₀ − v₁ − v₂), then
  /// max(v, r/(r−1)·v₁, p/(p−1)·v₂) and min(·, v₀).
  func dualCombination(_ f: (Matrix) -> Double) -> Double {
    guard let c = dualCovariances else { return .nan }
    let (v0, v1, v2) = (f(c[0]), f(c[1]), f(c[2]))
    let r = Double(rdmCount)
    let p = Double(conditionCount)
    var v = r / (r - 1) * v1 + p / (p - 1) * v2 - r * p / ((p - 1) * (r - 1)) * (v0 - v1 - v2)
    v = Swift.max(Swift.max(v, r / (r - 1) * v1), p / (p - 1) * v2)
    return Swift.min(v, v0)
  }

  var includesNoiseCeiling: Bool { (covariance?.rows ?? 0) == modelNames.count + 2 }

  /// Variance of each model's evaluation.
  public var modelVariances: [Double]? {
    if dualCovariances != nil { return (0..<modelNames.count).map { i in dualCombination { $0[i, i] } } }
    guard let c = covariance else { return nil }
    let f = factor
    return (0..<modelNames.count).map { c[$0, $0] * f }
  }

  /// Variance of the difference of each pair of models, in condensed pair order.
  public var differenceVariances: [Double]? {
    if dualCovariances != nil {
      return CondensedIndex.pairs(modelNames.count).map { (i, j) in
        dualCombination { $0[i, i] + $0[j, j] - 2 * $0[i, j] }
      }
    }
    guard let c = covariance else { return nil }
    let f = factor
    return CondensedIndex.pairs(modelNames.count).map { (i, j) in (c[i, i] + c[j, j] - 2 * c[i, j]) * f }
  }

  /// Variance of each model's difference from the lower (column 0) and upper (column 1) bound.
  public var noiseCeilingVariances: Matrix? {
    let m = modelNames.count
    if dualCovariances != nil {
      return Matrix(rows: m, columns: 2) { i, b in dualCombination { $0[i, i] - 2 * $0[i, m + b] + $0[m + b, m + b] } }
    }
    guard let c = covariance else { return nil }
    let f = factor
    if includesNoiseCeiling {
      return Matrix(rows: m, columns: 2) { i, b in (c[i, i] - 2 * c[i, m + b] + c[m + b, m + b]) * f }
    }
    return Matrix(rows: m, columns: 2) { i, _ in c[i, i] * f }
  }

  var factor: Double {
    let n = Double(correctionN)
    return n / (n - 1)
  }

  /// Standard errors of the means (√ of the model variances).
  public var standardErrors: [Double]? { modelVariances?.map { Swift.max($0, 0).squareRoot() } }
}
