import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Cross-validated model evaluation against rsatoolbox 0.3.2 (`crossval` on the sets its
/// builders made, `bootstrap_crossval` given the samples and folds numpy drew), for select,
/// weighted, interpolation and fixed models with corr, cosine, corr-cov and cosine-cov.
/// Tolerances: fold evaluations 1e-11 relative (interpolation models 1e-9: both sides locate the
/// weight at the root of a finite-difference derivative, to ~1e-12, and the evaluation is
/// first-order in it; the worst seen is 1.6e-10); variances 1e-9 (covariance elements near zero
/// carry the cancellation of Σ = (n_cv·Σ_mean − Σ_1)/(n_cv − 1): atol 1e-13); p-values 1e-8.
@Suite struct CrossValidationReferenceTests {
  struct CrossvalCase: Sendable, CustomStringConvertible {
    let name: String
    let comparator: RDMComparator
    let weighted: RSAModelFitter.Method
    var description: String { name }
  }

  static let crossvalCases = [
    CrossvalCase(name: "kfold_corr", comparator: .corr, weighted: .regression),
    CrossvalCase(name: "kfold_cosine_nnls", comparator: .cosine, weighted: .nonNegative),
    CrossvalCase(name: "pattern_corrcov", comparator: .corrCov, weighted: .regression),
    CrossvalCase(name: "rdm_cosine", comparator: .cosine, weighted: .regression),
    CrossvalCase(name: "loo_rdm_corr", comparator: .corr, weighted: .nonNegative),
    CrossvalCase(name: "ofk_pattern_cosinecov", comparator: .cosineCov, weighted: .regression),
    CrossvalCase(name: "loo_pattern_corr", comparator: .corr, weighted: .regression),
  ]

  /// The deterministic builders give the sets rsatoolbox built (its random ones are checked
  /// through the evaluations above, with the recorded sets).
  @Test func buildersMatchRsatoolboxSets() throws {
    #expect(
      try CrossValidationFixtures.folds("loo_rdm_corr")
        == CrossValidationSets.leaveOneOutRDM(groups: Array(0..<7), conditions: 16))
    #expect(
      try CrossValidationFixtures.folds("ofk_pattern_cosinecov")
        == CrossValidationSets.ofKPattern(conditionOrder: Array(0..<16), k: 4, rdms: 7))
    #expect(
      try CrossValidationFixtures.folds("loo_pattern_corr")
        == CrossValidationSets.leaveOneOutPattern(groups: (0..<16).map { $0 % 4 }, rdms: 7))
  }

  @Test(arguments: crossvalCases) func crossvalMatchesRsatoolbox(_ c: CrossvalCase) throws {
    let comparison = RDMComparison(c.comparator)
    let r = try ModelEvaluator(comparison: comparison).crossValidate(
      CrossValidationFixtures.models, data: CrossValidationFixtures.data,
      folds: CrossValidationFixtures.folds(c.name),
      fitters: CrossValidationFixtures.fitters(comparison, weighted: c.weighted))
    #expect(r.scheme == .crossValidation)
    assertClose(
      r.evaluations, try CrossValidationFixtures.matrix("cv_\(c.name)_evaluations"), rtol: 1e-9, "evaluations")
    let nc = try CrossValidationFixtures.matrix("cv_\(c.name)_noise_ceiling")  // 2 × 1, or 2 × folds
    let perFold = try #require(r.crossValidation).noiseCeilings
    if nc.columns == 1 {
      assertClose([r.noiseCeiling.lower, r.noiseCeiling.upper], nc.elements, rtol: 1e-9, "noise ceiling")
    } else {
      assertClose(perFold, nc.transposed, rtol: 1e-9, "per-fold noise ceilings")
    }
    let evaluations = try CrossValidationFixtures.matrix("cv_\(c.name)_evaluations")
    assertClose(
      r.means, (0..<evaluations.rows).map { evaluations.row($0).reduce(0, +) / Double(evaluations.columns) }, rtol: 1e-9
    )
  }

  struct BootstrapCase: Sendable, CustomStringConvertible {
    let name: String
    let scheme: EvaluationScheme
    let comparator: RDMComparator
    let weighted: RSAModelFitter.Method
    let kRDM: Int
    let kPattern: Int
    let useCorrection: Bool
    var description: String { name }
  }

  static let bootstrapCases = [
    BootstrapCase(
      name: "both_corr", scheme: .bootstrapCrossValidation, comparator: .corr, weighted: .regression, kRDM: 2,
      kPattern: 2, useCorrection: true),
    BootstrapCase(
      name: "pattern_cosine", scheme: .bootstrapCrossValidationPatterns, comparator: .cosine, weighted: .nonNegative,
      kRDM: 2, kPattern: 2, useCorrection: true),
    BootstrapCase(
      name: "rdm_corrcov", scheme: .bootstrapCrossValidationSubjects, comparator: .corrCov, weighted: .regression,
      kRDM: 3, kPattern: 1, useCorrection: true),
    BootstrapCase(
      name: "both_k3_cosine", scheme: .bootstrapCrossValidation, comparator: .cosine, weighted: .regression, kRDM: 2,
      kPattern: 3, useCorrection: true),
    BootstrapCase(
      name: "both_nocv_cosine", scheme: .bootstrapCrossValidation, comparator: .cosine, weighted: .regression,
      kRDM: 1, kPattern: 1, useCorrection: false),
  ]

  @Test(arguments: bootstrapCases) func bootstrapCrossvalMatchesRsatoolbox(_ c: BootstrapCase) throws {
    let comparison = RDMComparison(c.comparator)
    let recorded = try CrossValidationFixtures.samples(c.name)
    let r = try ModelEvaluator(comparison: comparison).bootstrapCrossValidate(
      CrossValidationFixtures.models, data: CrossValidationFixtures.data, scheme: c.scheme,
      samples: recorded.map { BootstrapSample(rdms: $0.rdms, conditions: $0.conditions) },
      folds: recorded.map(\.repetitions), kRDM: c.kRDM, kPattern: c.kPattern, useCorrection: c.useCorrection,
      fitters: CrossValidationFixtures.fitters(comparison, weighted: c.weighted))
    let name = "bcv_\(c.name)"
    let details = try #require(r.crossValidation)
    let evaluations = try Fixtures.array(CrossValidationFixtures.area, "\(name)_evaluations")  // N × M × folds × n_cv
    #expect(evaluations.shape == [recorded.count, 4, details.folds, details.repetitions])
    let expected = try evaluations.doubles(context: name)
    let perModel = details.folds * details.repetitions
    for (j, model) in ["select", "weighted", "interpolate", "fixed"].enumerated() {
      let columns = (j * perModel)..<((j + 1) * perModel)
      assertClose(
        (0..<recorded.count).flatMap { b in columns.map { details.foldEvaluations[b, $0] } },
        (0..<recorded.count).flatMap { b in columns.map { expected[b * 4 * perModel + $0] } },
        rtol: model == "interpolate" ? 1e-9 : 1e-11,
        "fold evaluations of the \(model) model")
    }
    let nc = try Fixtures.array(CrossValidationFixtures.area, "\(name)_noise_ceiling")  // 2 × N × n_cv
    let ncValues = try nc.doubles(context: name)
    let n = recorded.count
    let reps = details.repetitions
    let expectedCeilings = Matrix(rows: n, columns: 2 * reps) { b, k in
      ncValues[(k / reps) * n * reps + b * reps + k % reps]
    }
    assertClose(details.noiseCeilings, expectedCeilings, rtol: 1e-9, "noise ceilings")
    assertClose(r.means, try CrossValidationFixtures.vector("\(name)_means"), rtol: 1e-9, "means")
    assertClose(
      try #require(r.covariance), try CrossValidationFixtures.matrix("\(name)_variances"), rtol: 1e-9, atol: 1e-13,
      "covariance")
    assertClose(
      try #require(r.modelVariances), try CrossValidationFixtures.vector("\(name)_model_var"), rtol: 1e-9,
      "model variances")
    assertClose(
      try #require(r.differenceVariances), try CrossValidationFixtures.vector("\(name)_diff_var"), rtol: 1e-9,
      atol: 1e-15,
      "difference variances")
    assertClose(
      try #require(r.noiseCeilingVariances), try CrossValidationFixtures.matrix("\(name)_nc_var"), rtol: 1e-9,
      atol: 1e-15,
      "noise ceiling variances")
    let t = try r.tests()
    assertClose(
      t.pairwise, try CrossValidationFixtures.matrix("\(name)_p_pairwise"), rtol: 1e-8, atol: 1e-15, "p pairwise")
    assertClose(t.versusZero, try CrossValidationFixtures.vector("\(name)_p_zero"), rtol: 1e-8, atol: 1e-15, "p zero")
    assertClose(
      t.versusNoiseCeiling, try CrossValidationFixtures.vector("\(name)_p_noise"), rtol: 1e-8, atol: 1e-15, "p noise")
  }

  @Test func dualBootstrapOfFittedModelsMatchesRsatoolbox() throws {
    let comparison = RDMComparison(.corr)
    let recorded = try CrossValidationFixtures.dualSamples("corr")
    let r = try ModelEvaluator(comparison: comparison).dualBootstrapCrossValidate(
      CrossValidationFixtures.models, data: CrossValidationFixtures.data,
      samples: recorded.map { BootstrapSample(rdms: $0.rdms, conditions: $0.conditions) },
      folds: recorded.map(\.types), kRDM: 2, kPattern: 2,
      fitters: CrossValidationFixtures.fitters(comparison, weighted: .regression))
    #expect(r.scheme == .dualBootstrap)
    let details = try #require(r.crossValidation)
    // Per sample: types × models × folds × n_cv, as Neurometry lays them out.
    let evaluations = try Fixtures.array(CrossValidationFixtures.area, "dual_corr_evaluations")
    #expect(evaluations.shape == [recorded.count, 3, 4, 4, 2])
    assertClose(
      details.foldEvaluations.elements, try evaluations.doubles(context: "dual"), rtol: 1e-9, "fold evaluations")
    let ceilings = try Fixtures.array(CrossValidationFixtures.area, "dual_corr_noise_ceiling")
    assertClose(details.noiseCeilings.elements, try ceilings.doubles(context: "dual"), rtol: 1e-9, "noise ceilings")
    let variances = try Fixtures.array(CrossValidationFixtures.area, "dual_corr_variances").doubles(context: "dual")
    let covariances = try #require(r.dualCovariances)
    assertClose(covariances.flatMap(\.elements), variances, rtol: 1e-9, atol: 1e-13, "the three covariances")
    assertClose(r.means, try CrossValidationFixtures.vector("dual_corr_means"), rtol: 1e-9, "means")
    assertClose(try #require(r.modelVariances), try CrossValidationFixtures.vector("dual_corr_model_var"), rtol: 1e-9)
    assertClose(
      try #require(r.differenceVariances), try CrossValidationFixtures.vector("dual_corr_diff_var"), rtol: 1e-9,
      atol: 1e-15)
    assertClose(
      try #require(r.noiseCeilingVariances), try CrossValidationFixtures.matrix("dual_corr_nc_var"), rtol: 1e-9,
      atol: 1e-15)
    let t = try r.tests()
    assertClose(t.pairwise, try CrossValidationFixtures.matrix("dual_corr_p_pairwise"), rtol: 1e-8, atol: 1e-15)
    assertClose(t.versusZero, try CrossValidationFixtures.vector("dual_corr_p_zero"), rtol: 1e-8, atol: 1e-15)
    assertClose(t.versusNoiseCeiling, try CrossValidationFixtures.vector("dual_corr_p_noise"), rtol: 1e-8, atol: 1e-15)
  }
}
