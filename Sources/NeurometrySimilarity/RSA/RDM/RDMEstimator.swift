import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra

/// Estimates an RDM from response patterns (rsatoolbox `calc_rdm`), every method through one
/// BLAS product over all conditions — never a loop over pairs.
///
/// Conditions: with `conditionDescriptor`, the observations of each label are averaged and the
/// RDM's conditions are the distinct labels in `ConditionOrder` (numeric labels numerically,
/// strings lexicographically, as rsatoolbox's `sort_by(…='alpha')`); without it every observation
/// is a condition, labelled by its row index "0", "1", ….
///
/// Formulas (P channels, X the n×P condition means, G = X·Xᵀ by SYRK, d = n(n−1)/2 pairs):
/// - euclidean: dᵢⱼ = (Gᵢᵢ + Gⱼⱼ − 2Gᵢⱼ) / P.
/// - correlation: rows centred and scaled to unit norm, then dᵢⱼ = 1 − Gᵢⱼ. A constant pattern
///   (zero variance across channels) has no correlation: an error names its condition.
/// - mahalanobis: K = X·Λ·Xᵀ, dᵢⱼ = (Kᵢᵢ + Kⱼⱼ − 2Kᵢⱼ) / P; without `noisePrecision` it is the
///   euclidean RDM (and says so in `warnings`), as rsatoolbox.
/// - crossnobis: leave-one-run-out folds k = 1…F over the runs of `runDescriptor`; Aₖ = condition
///   means over the other runs, Bₖ = condition means in run k (means over observations, so
///   unequal repetitions are weighted by count); K = Σₖ Aₖ·Λ·Bₖᵀ in one GEMM over the
///   concatenated folds, dᵢⱼ = (Kᵢᵢ + Kⱼⱼ − Kᵢⱼ − Kⱼᵢ) / (P·F). Without a precision Λ = I is
///   never formed. Every condition must occur in every run.
/// - poisson: x̃ = (x + λ·w)/(1 + w) (λ = `priorLambda`, w = `priorWeight`), K = X̃·log(X̃)ᵀ,
///   dᵢⱼ = (Kᵢᵢ + Kⱼⱼ − Kᵢⱼ − Kⱼᵢ) / P; x̃ must be positive.
/// - poisson-cv: K = Σₖ Ãₖ·log(B̃ₖ)ᵀ over folds, averaged (`poissonFolds`; rsatoolbox 0.3.2 keeps
///   only the last fold — see `PoissonCVFolds`).
///
/// `removeMean` subtracts each pattern's mean across channels first (euclidean, mahalanobis,
/// crossnobis; rsatoolbox's `remove_mean`). Without `runDescriptor`, the cross-validated methods
/// use rsatoolbox's default folds: the k-th observation of every condition forms fold k, which
/// requires equal repetitions.
///
/// Reference: rsatoolbox 0.3.2 `rsatoolbox.rdm.calc` (Schütt et al. 2023, eLife); Walther et al.
/// 2016 (NeuroImage 137) for crossnobis. Inputs are never modified. Measurements must be finite;
/// for NaN channels or incomplete designs use `UnbalancedRDMEstimator`.
public struct RDMEstimator: Sendable {
  /// The dissimilarity measure (`RDMMethod`; default `.euclidean`).
  public var method: RDMMethod
  /// The observation descriptor naming each row's condition (nil: one condition per row).
  public var conditionDescriptor: String?
  /// The observation descriptor naming each row's run (fold) for crossnobis / poisson-cv.
  public var runDescriptor: String?
  /// P×P noise precision Λ for mahalanobis / crossnobis (e.g. `NoiseCovarianceEstimator`'s).
  public var noisePrecision: Matrix?
  /// Crossnobis with one precision per run (in run order), rsatoolbox's list form: instead of
  /// leave-one-run-out, every pair of runs (i < j) contributes (bᵢ,c − bᵢ,d)ᵀ Λᵢⱼ (bⱼ,c − bⱼ,d)/P
  /// with the run means b and Λᵢⱼ = ((Λᵢ⁻¹ + Λⱼ⁻¹)/2)⁻¹, averaged over pairs. Each Λᵢ is the
  /// precision of run i's mean.
  public var runNoisePrecisions: [Matrix]?
  /// Subtract each pattern's mean across channels (default false).
  public var removeMean: Bool
  /// Poisson prior rate λ (default 1).
  public var priorLambda: Double
  /// Poisson prior weight w (default 0.1).
  public var priorWeight: Double
  /// Fold averaging for poisson-cv (default `.average`).
  public var poissonFolds: PoissonCVFolds

  /// An estimator with the given settings (defaults: euclidean, one condition per row, no noise
  /// precision, λ = 1, w = 0.1); combinations are checked by `fit`.
  public init(
    method: RDMMethod = .euclidean, conditionDescriptor: String? = nil, runDescriptor: String? = nil,
    noisePrecision: Matrix? = nil, runNoisePrecisions: [Matrix]? = nil, removeMean: Bool = false,
    priorLambda: Double = 1, priorWeight: Double = 0.1, poissonFolds: PoissonCVFolds = .average
  ) {
    self.method = method
    self.conditionDescriptor = conditionDescriptor
    self.runDescriptor = runDescriptor
    self.noisePrecision = noisePrecision
    self.runNoisePrecisions = runNoisePrecisions
    self.removeMean = removeMean
    self.priorLambda = priorLambda
    self.priorWeight = priorWeight
    self.poissonFolds = poissonFolds
  }

  /// Throws naming the first non-finite measurement.
  static func requireFiniteMeasurements(_ x: Matrix, context: String) throws {
    try x.requireFinite(
      context, "the pattern matrix", columnName: "channel",
      advice: "this estimator needs finite values (for NaN channels use the unbalanced estimator)")
  }

  /// The RDM of `patterns` (one RDM; its `conditions` in condition order).
  ///
  /// Throws `NeurometryError.invalidInput` for no channels, non-finite measurements, a missing
  /// descriptor, fewer than 2 conditions, a constant pattern (correlation), non-positive Poisson
  /// rates, or a precision given to a method that takes none; `NeurometryError.shapeMismatch` for
  /// a precision of the wrong size.
  /// - Complexity: with N observations, P channels, n conditions and F folds: O(N·P) to average
  ///   the conditions, then O(n²·P) for the SYRK/GEMM (euclidean, correlation, poisson, and
  ///   mahalanobis plus O(n·P²) with Λ); O(n²·F·P) for the cross-validated methods (one GEMM over
  ///   the concatenated folds; plus O(F·n·P²) with Λ); O(F²·(P³ + n·P² + n²·P)) with per-run
  ///   precisions.
  public func fit(_ patterns: ResponsePatterns) throws -> RDMs {
    let context = "rdm (\(method.rawValue))"
    let x = patterns.measurements
    let p = x.columns
    guard p > 0 else { throw NeurometryError.invalidInput(context: context, message: "the patterns have no channels") }
    // The plain Euclidean RDM checks finiteness on its Gram's diagonal (Σⱼ xᵢⱼ² is NaN or ∞
    // exactly when row i holds a NaN or ∞, or overflows), saving a pass over the measurements;
    // every other method checks them first.
    let checkAfterwards = method == .euclidean && noisePrecision == nil
    if !checkAfterwards { try Self.requireFiniteMeasurements(x, context: context) }
    var warnings: [String] = []
    var descriptors: [String: String] = ["method": method.rawValue]
    if let lambda = noisePrecision {
      guard method.usesNoisePrecision else {
        throw NeurometryError.invalidInput(
          context: context, message: "a noise precision applies only to mahalanobis and crossnobis")
      }
      try Self.checkPrecision(lambda, channels: p, context: context)
      descriptors["noise"] = "precision \(lambda.rows)×\(lambda.columns)"
    } else if method == .mahalanobis {
      warnings.append("no noise precision given: the mahalanobis RDM is the squared euclidean RDM (identity precision)")
    }
    if removeMean { descriptors["remove_mean"] = "true" }
    if let list = runNoisePrecisions {
      guard method == .crossnobis, noisePrecision == nil else {
        throw NeurometryError.invalidInput(
          context: context, message: "per-run noise precisions apply only to crossnobis, without a single precision")
      }
      for (k, lambda) in list.enumerated() {
        try Self.checkPrecision(lambda, channels: p, context: "\(context): run \(k)")
      }
      descriptors["noise"] = "\(list.count) run precisions \(p)×\(p)"
    }

    if method.isCrossValidated {
      guard let conditionDescriptor else {
        throw NeurometryError.invalidInput(
          context: context,
          message: "\(method.rawValue) needs a condition descriptor: cross-validation averages repeated observations")
      }
      let labels = try Self.descriptor(conditionDescriptor, of: patterns, context: context)
      let folds = try crossValidationFolds(patterns, conditionLabels: labels, context: context)
      descriptors["condition_descriptor"] = conditionDescriptor
      descriptors["cv_descriptor"] = runDescriptor ?? "(k-th repetition of each condition)"
      descriptors["folds"] = String(folds.runs.count)
      let vector = try crossValidatedRDM(x, folds: folds, context: context)
      return try RDMs(
        dissimilarities: Matrix(rows: 1, columns: vector.count, elements: vector), conditions: folds.conditions.labels,
        measure: method.measureName, descriptors: descriptors, warnings: warnings, source: context)
    }

    var means = x
    var conditions = (0..<x.rows).map(String.init)
    if let conditionDescriptor {
      let groups = ConditionGroups(try Self.descriptor(conditionDescriptor, of: patterns, context: context))
      means = groups.means(x)
      conditions = groups.labels
      descriptors["condition_descriptor"] = conditionDescriptor
    }
    guard means.rows >= 2 else {
      throw NeurometryError.invalidInput(
        context: context, message: "an RDM needs at least 2 conditions, found \(means.rows)")
    }
    let vector: [Double]
    switch method {
    case .euclidean, .mahalanobis:
      if removeMean { means = Self.removingRowMeans(means) }
      let k =
        noisePrecision.map { gemm(gemm(means, $0), means, transposeB: true).symmetrized } ?? gram(means, side: .rows)
      if checkAfterwards && !(0..<k.rows).allSatisfy({ k[$0, $0].isFinite }) {
        try Self.requireFiniteMeasurements(x, context: context)
        throw NeurometryError.invalidInput(
          context: context,
          message: "the squared measurements overflow (|x| above ~1e154); rescale the data first")
      }
      vector = Self.distances(fromKernel: k, scale: 1 / Double(p))
    case .correlation:
      vector = try Self.correlationDistances(means, conditions: conditions, context: context)
    case .poisson:
      let rates = try poissonRates(means, conditions: conditions, context: context)
      let k = gemm(rates, rates.map { Foundation.log($0) }, transposeB: true)
      vector = Self.distances(fromKernel: k, scale: 1 / Double(p))
    case .crossnobis, .poissonCV:
      preconditionFailure("handled above")
    }
    return try RDMs(
      dissimilarities: Matrix(rows: 1, columns: vector.count, elements: vector), conditions: conditions,
      measure: noisePrecision == nil && method == .mahalanobis ? RDMMethod.euclidean.measureName : method.measureName,
      descriptors: descriptors, warnings: warnings, source: context)
  }

  // MARK: Pieces

  /// `(Kᵢᵢ + Kⱼⱼ − Kᵢⱼ − Kⱼᵢ)·scale` for every pair in condensed order.
  static func distances(fromKernel k: Matrix, scale: Double) -> [Double] {
    let n = k.rows
    var out = [Double]()
    out.reserveCapacity(CondensedIndex.pairCount(n))
    k.withUnsafeBufferPointer { e in
      for i in 0..<n {
        let kii = e[i * n + i]
        for j in (i + 1)..<Swift.max(n, i + 1) {
          out.append((kii + e[j * n + j] - e[i * n + j] - e[j * n + i]) * scale)
        }
      }
    }
    return out
  }

  /// 1 − r for all pairs of rows: centre, scale to unit norm, one SYRK.
  ///
  /// Copy-free when every row has μᵢ² ≤ σᵢ² (checked exactly on the Gram's diagonal): the SYRK
  /// runs on the rows as they are and the centring is the rank-one correction
  /// Gᶜᵢⱼ = Gᵢⱼ − P·μᵢ·μⱼ, the scaling rᵢⱼ = Gᶜᵢⱼ/√(Gᶜᵢᵢ·Gᶜⱼⱼ) (no centred or scaled copies of the
  /// patterns). Under that bound the products' rounding is at most about twice that of centred
  /// rows; otherwise (large offsets) the rows are centred first.
  static func correlationDistances(_ x: Matrix, conditions: [String], context: String) throws -> [Double] {
    let (n, p) = (x.rows, Double(x.columns))
    let mean = x.rowMeans
    if mean.allSatisfy(\.isFinite) {
      let g = gram(x, side: .rows)
      let centredDiagonal = (0..<n).map { g[$0, $0] - p * mean[$0] * mean[$0] }
      let bounded = (0..<n).allSatisfy { i in
        let variance = centredDiagonal[i] / p
        return variance.isFinite && variance > 0 && mean[i] * mean[i] <= variance
      }
      if bounded {
        let s = centredDiagonal.map { 1 / $0.squareRoot() }
        let k = Matrix(rows: n, columns: n) { i, j in (g[i, j] - p * mean[i] * mean[j]) * s[i] * s[j] }
        return distances(fromKernel: k, scale: 0.5)
      }
    }
    let centred = removingRowMeans(x)
    let norms = centred.rowSquaredNorms.map { $0.squareRoot() }
    if let bad = norms.firstIndex(where: { !($0 > 0) }) {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "the pattern of condition '\(conditions[bad])' is constant across channels, so its correlation with other patterns is undefined"
      )
    }
    let unit = centred.scalingRows(by: norms.map { 1 / $0 })
    let g = gram(unit, side: .rows)
    return distances(fromKernel: g, scale: 0.5)  // (1 + 1 − 2r)/2 = 1 − r
  }

  /// x̃ = (x + λw)/(1 + w), checked positive (its logarithm is taken).
  func poissonRates(_ x: Matrix, conditions: [String], context: String) throws -> Matrix {
    let shift = priorLambda * priorWeight
    let scale = 1 / (1 + priorWeight)
    let rates = x.map { ($0 + shift) * scale }
    if let k = rates.elements.firstIndex(where: { !($0 > 0) }) {
      let (i, j) = (k / x.columns, k % x.columns)
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "Poisson rates must be positive after the prior: condition '\(i < conditions.count ? conditions[i] : String(i))', channel \(j) has mean \(x[i, j]) (x + λ·w = \(x[i, j] + shift))"
      )
    }
    return rates
  }

  /// Each row minus its mean across columns.
  static func removingRowMeans(_ x: Matrix) -> Matrix {
    let m = x.rowMeans
    var out = x
    let c = x.columns
    out.withUnsafeMutableBufferPointer { e in
      for i in 0..<x.rows {
        for j in 0..<c { e[i * c + j] -= m[i] }
      }
    }
    return out
  }

  static func descriptor(_ name: String, of patterns: ResponsePatterns, context: String) throws -> Labels {
    guard let labels = patterns.observationLabels(name) else {
      let available = patterns.observationDescriptors.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
      throw NeurometryError.invalidInput(
        context: context,
        message: "no observation descriptor '\(name)' (available: \(available.isEmpty ? "none" : available))")
    }
    return labels
  }

  static func checkPrecision(_ lambda: Matrix, channels p: Int, context: String) throws {
    guard lambda.rows == p, lambda.columns == p else {
      throw NeurometryError.shapeMismatch(
        context: context,
        message:
          "the noise precision is \(lambda.rows)×\(lambda.columns) but the patterns have \(p) channels (expected \(p)×\(p))"
      )
    }
    try lambda.requireFinite("\(context): noise precision")
  }
}
