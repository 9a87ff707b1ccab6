import NeurometryLinearAlgebra

/// p-values for models evaluated by `ModelEvaluator` (rsatoolbox `Result.test_all`).
public struct ModelTests: Sendable, Codable {
  /// Which tests give the p-values (rsatoolbox `test_type`).
  public enum Kind: String, Sendable, Codable, CaseIterable {
    /// t-tests from the (co)variances (rsatoolbox's default).
    case tTest = "t-test"
    /// Proportions of bootstrap samples (bootstrap schemes only).
    case bootstrap
    /// Wilcoxon signed-rank tests over the data RDMs (fixed evaluations only; rsatoolbox 'ranksum').
    case signRank = "sign-rank"
  }

  /// The kind of tests these p-values come from.
  public let kind: Kind
  /// Two-sided p-values of model differences, models × models, 1 on the diagonal.
  public let pairwise: Matrix
  /// One-sided p-values of evaluation > 0.
  public let versusZero: [Double]
  /// Two-sided p-values of evaluation ≠ the lower noise ceiling bound.
  public let versusNoiseCeiling: [Double]

  /// The pairwise p-values in condensed pair order (for `MultipleComparisons`).
  public var pairwiseCondensed: [Double] { CondensedIndex.condensed(pairwise) }

  /// Two-sided bootstrap p-values of the differences between the columns of `samples` (bootstrap
  /// samples × models; rsatoolbox `bootstrap_pair_tests`): with P the share of samples in which
  /// model i scores below model j (ties left out), p = 2·min(P, 1 − P)·(N−1)/N + 1/N over the N
  /// rows. models × models, 1 on the diagonal. Rows holding NaN are the caller's to drop.
  /// - Complexity: O(N·m²).
  public static func bootstrapPairwise(_ samples: Matrix) -> Matrix {
    let m = samples.columns
    let n = Double(samples.rows)
    var pairwise = Matrix(rows: m, columns: m, repeating: 1)
    for (i, j) in CondensedIndex.pairs(m) {
      var below = 0.0
      var ties = 0.0
      for b in 0..<samples.rows {
        if samples[b, i] < samples[b, j] { below += 1 }
        if samples[b, i] == samples[b, j] { ties += 1 }
      }
      let share = below / (n - ties)
      let p = (n - 1) / n * (2 * Swift.min(share, 1 - share)) + 1 / n
      pairwise[i, j] = p
      pairwise[j, i] = p
    }
    return pairwise
  }
}

extension ModelEvaluationResult {
  /// t-tests (rsatoolbox `t_tests`, `t_test_0`, `t_test_nc`): with the model means m, the
  /// variances of `modelVariances` etc. floored at ε, and dof = `degreesOfFreedom`:
  /// pairwise t = (mᵢ − mⱼ)/√vᵢⱼ two-sided; against 0 t = mᵢ/√vᵢ, p = P(T ≥ t); against the ceiling
  /// t = (mᵢ − lower)/√vᵢ,lower two-sided. Bootstrap tests (rsatoolbox `bootstrap_pair_tests` and
  /// its proportions): pairwise p = 2·min(P, 1 − P)·(N−1)/N + 1/N with P the share of samples in
  /// which model i scores below model j (ties left out); against 0 (#{eᵢ ≤ 0} + 1)/N; against the
  /// ceiling (#{lower_b − eᵢ ≤ 0} + 1)/N (per-sample ceilings). Sign-rank tests (rsatoolbox
  /// `ranksum_pair_test`, `ranksum_value_test`; fixed evaluations): `SignedRankTest` of the per-RDM
  /// differences, all two-sided.
  public func tests(_ kind: ModelTests.Kind = .tTest) throws -> ModelTests {
    let m = modelNames.count
    switch kind {
    case .tTest:
      guard let mv = modelVariances, let dv = differenceVariances, let nv = noiseCeilingVariances else {
        throw NeurometryError.invalidInput(
          context: "model tests",
          message: scheme == .crossValidation
            ? "cross-validation without a bootstrap gives no variance estimate for t-tests (bootstrap the cross-validation)"
            : "t-tests need a variance estimate (more than one data RDM or a bootstrap)")
      }
      let nu = Double(degreesOfFreedom)
      guard nu > 0 else {
        throw NeurometryError.invalidInput(context: "model tests", message: "t-tests need at least 1 degree of freedom")
      }
      let mean = means
      let eps = Double.ulpOfOne
      var pairwise = Matrix(rows: m, columns: m, repeating: 1)
      for (k, (i, j)) in CondensedIndex.pairs(m).enumerated() {
        let p = StudentT.twoSided((mean[i] - mean[j]) / Swift.max(dv[k], eps).squareRoot(), degreesOfFreedom: nu)
        pairwise[i, j] = p
        pairwise[j, i] = p
      }
      let zero = (0..<m).map {
        StudentT.upperTail(mean[$0] / Swift.max(mv[$0], eps).squareRoot(), degreesOfFreedom: nu)
      }
      let ceiling = (0..<m).map {
        StudentT.twoSided(
          (mean[$0] - noiseCeiling.lower) / Swift.max(nv[$0, 0], eps).squareRoot(), degreesOfFreedom: nu)
      }
      return ModelTests(kind: kind, pairwise: pairwise, versusZero: zero, versusNoiseCeiling: ceiling)
    case .signRank:
      guard scheme == .fixed, evaluations.columns > 1 else {
        throw NeurometryError.invalidInput(
          context: "model tests", message: "sign-rank tests need a fixed evaluation over several data RDMs")
      }
      var pairwise = Matrix(rows: m, columns: m, repeating: 1)
      for (i, j) in CondensedIndex.pairs(m) {
        let p = SignedRankTest.pValue(zip(evaluations.row(i), evaluations.row(j)).map { $0 - $1 })
        pairwise[i, j] = p
        pairwise[j, i] = p
      }
      let zero = (0..<m).map { SignedRankTest.pValue(evaluations.row($0)) }
      let ceiling = (0..<m).map { i in SignedRankTest.pValue(evaluations.row(i).map { $0 - noiseCeiling.lower }) }
      return ModelTests(kind: kind, pairwise: pairwise, versusZero: zero, versusNoiseCeiling: ceiling)
    case .bootstrap:
      guard scheme != .fixed else {
        throw NeurometryError.invalidInput(
          context: "model tests", message: "bootstrap tests need a bootstrap evaluation")
      }
      let e = evaluations
      let n = Double(e.rows)
      let pairwise = ModelTests.bootstrapPairwise(e)
      let zero = (0..<m).map { j in (Double((0..<e.rows).filter { e[$0, j] <= 0 }.count) + 1) / n }
      let lowerBounds =
        noiseCeilingSamples.map { s in (0..<e.rows).map { s[$0, 0] } }
        ?? [Double](repeating: noiseCeiling.lower, count: e.rows)
      let ceiling = (0..<m).map { j in
        (Double((0..<e.rows).filter { lowerBounds[$0] - e[$0, j] <= 0 }.count) + 1) / n
      }
      return ModelTests(kind: kind, pairwise: pairwise, versusZero: zero, versusNoiseCeiling: ceiling)
    }
  }
}
