import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Models and inference against rsatoolbox 0.3.2 (`pool_rdm`, `boot_noise_ceiling`, `eval_fixed`,
/// the bootstraps given the indices numpy drew, `Result` variances and t-tests, fitters) on
/// Tests/Fixtures/rsa (inf_*, fit_*), 1e-9 relative. p-values: 1e-8 relative with 1e-15 absolute
/// (rsatoolbox computes 1 − cdf, which cannot resolve p below ~1e-16).
@Suite struct ModelEvaluationReferenceTests {
  func data() throws -> RDMs { try RDMs(dissimilarities: RSAFixtures.matrix("inf_data")) }
  func models() throws -> [RSAModel] {
    let m = try RSAFixtures.matrix("inf_models")
    return try (0..<m.rows).map { k in
      try RSAModel.fixed("m\(k)", RDMs(dissimilarities: Matrix(rows: 1, columns: m.columns, elements: m.row(k))))
    }
  }
  func indices(_ name: String) throws -> [[Int]] {
    let m = try RSAFixtures.matrix(name)
    return (0..<m.rows).map { r in m.row(r).map { Int($0) } }
  }

  static let pooled: [RDMComparator] = [.cosine, .corr, .spearman, .rhoA, .tauA, .cosineCov, .corrCov]

  @Test(arguments: pooled) func poolingAndNoiseCeiling(_ c: RDMComparator) throws {
    let d = try data()
    assertClose(
      try RDMPooling.pool(d, for: c), try RSAFixtures.vector("inf_pool_\(c.rawValue)"), rtol: 1e-9, atol: 1e-13,
      "pool \(c.rawValue)")
    let nc = try NoiseCeiling.compute(d, comparison: RDMComparison(c))
    assertClose(
      [nc.lower, nc.upper], try RSAFixtures.vector("inf_nc_\(c.rawValue)"), rtol: 1e-9, atol: 1e-14, "nc \(c)")
  }

  @Test func evalFixedWithVariancesAndTTests() throws {
    let r = try ModelEvaluator(comparison: RDMComparison(.corr)).evaluateFixed(try models(), data: try data())
    assertClose(r.evaluations, try RSAFixtures.matrix("inf_fixed_evaluations"), rtol: 1e-9, atol: 1e-14)
    assertClose(
      [r.noiseCeiling.lower, r.noiseCeiling.upper], try RSAFixtures.vector("inf_fixed_noise_ceiling"), rtol: 1e-9)
    assertClose(try #require(r.modelVariances), try RSAFixtures.vector("inf_fixed_model_var"), rtol: 1e-9)
    assertClose(try #require(r.differenceVariances), try RSAFixtures.vector("inf_fixed_diff_var"), rtol: 1e-9)
    assertClose(try #require(r.noiseCeilingVariances), try RSAFixtures.matrix("inf_fixed_nc_var"), rtol: 1e-9)
    #expect(r.degreesOfFreedom == 6)
    let t = try r.tests()
    assertClose(t.pairwise, try RSAFixtures.matrix("inf_fixed_p_pairwise"), rtol: 1e-8, atol: 1e-15)
    assertClose(t.versusZero, try RSAFixtures.vector("inf_fixed_p_zero"), rtol: 1e-8, atol: 1e-15)
    assertClose(t.versusNoiseCeiling, try RSAFixtures.vector("inf_fixed_p_noise"), rtol: 1e-8, atol: 1e-15)
  }

  @Test func bootstrapOverPatternsGivenTheIndices() throws {
    let samples = try indices("inf_bootp_conditions").map { BootstrapSample(conditions: $0) }
    let r = try ModelEvaluator(comparison: RDMComparison(.corr)).bootstrap(
      try models(), data: try data(), scheme: .bootstrapPatterns, samples: samples)
    assertClose(r.evaluations, try RSAFixtures.matrix("inf_bootp_evaluations"), rtol: 1e-9, atol: 1e-14)
    assertClose(
      try #require(r.noiseCeilingSamples).transposed, try RSAFixtures.matrix("inf_bootp_noise_ceiling"), rtol: 1e-9,
      atol: 1e-14)
    assertClose(try #require(r.covariance), try RSAFixtures.matrix("inf_bootp_variances"), rtol: 1e-9, atol: 1e-15)
    assertClose(try #require(r.modelVariances), try RSAFixtures.vector("inf_bootp_model_var"), rtol: 1e-9)
    assertClose(try #require(r.differenceVariances), try RSAFixtures.vector("inf_bootp_diff_var"), rtol: 1e-9)
    assertClose(try #require(r.noiseCeilingVariances), try RSAFixtures.matrix("inf_bootp_nc_var"), rtol: 1e-9)
    let t = try r.tests()
    assertClose(t.pairwise, try RSAFixtures.matrix("inf_bootp_t-test_p_pairwise"), rtol: 1e-8, atol: 1e-15)
    assertClose(t.versusZero, try RSAFixtures.vector("inf_bootp_t-test_p_zero"), rtol: 1e-8, atol: 1e-15)
    assertClose(t.versusNoiseCeiling, try RSAFixtures.vector("inf_bootp_t-test_p_noise"), rtol: 1e-8, atol: 1e-15)
    let b = try r.tests(.bootstrap)
    assertClose(b.pairwise, try RSAFixtures.matrix("inf_bootp_bootstrap_p_pairwise"), rtol: 1e-12)
    assertClose(b.versusZero, try RSAFixtures.vector("inf_bootp_bootstrap_p_zero"), rtol: 1e-12)
    assertClose(b.versusNoiseCeiling, try RSAFixtures.vector("inf_bootp_bootstrap_p_noise_formula"), rtol: 1e-12)
  }

  @Test func bootstrapOverSubjectsAndOverBoth() throws {
    let rdmSamples = try indices("inf_bootr_rdms").map { BootstrapSample(rdms: $0) }
    let r = try ModelEvaluator(comparison: RDMComparison(.rhoA)).bootstrap(
      try models(), data: try data(), scheme: .bootstrapSubjects, samples: rdmSamples)
    assertClose(r.evaluations, try RSAFixtures.matrix("inf_bootr_evaluations"), rtol: 1e-9, atol: 1e-14)
    assertClose(
      try #require(r.noiseCeilingSamples).transposed, try RSAFixtures.matrix("inf_bootr_noise_ceiling"), rtol: 1e-9,
      atol: 1e-14)
    let both = zip(try indices("inf_bootb_rdms"), try indices("inf_bootb_conditions")).map {
      BootstrapSample(rdms: $0.0, conditions: $0.1)
    }
    let b = try ModelEvaluator(comparison: RDMComparison(.corr)).bootstrap(
      try models(), data: try data(), scheme: .bootstrapBoth, samples: both)
    assertClose(b.evaluations, try RSAFixtures.matrix("inf_bootb_evaluations"), rtol: 1e-9, atol: 1e-14)
    assertClose(
      try #require(b.noiseCeilingSamples).transposed, try RSAFixtures.matrix("inf_bootb_noise_ceiling"), rtol: 1e-9,
      atol: 1e-14)
    assertClose(try #require(b.modelVariances), try RSAFixtures.vector("inf_bootb_model_var"), rtol: 1e-9)
    assertClose(try #require(b.differenceVariances), try RSAFixtures.vector("inf_bootb_diff_var"), rtol: 1e-9)
    assertClose(try #require(b.noiseCeilingVariances), try RSAFixtures.matrix("inf_bootb_nc_var"), rtol: 1e-9)
    #expect(b.degreesOfFreedom == 6)
  }

  @Test func modelFitters() throws {
    let d = try data()
    let all = try RDMs(dissimilarities: RSAFixtures.matrix("inf_models"))
    let three = all.selecting([0, 1, 2])
    let select = try RSAModel(name: "sel", kind: .select, rdms: all)
    #expect(
      try RSAModelFitter(method: .select, comparison: RDMComparison(.corr)).fit(select, to: d)
        == RSAFixtures.vector("fit_select_corr"))
    let weighted = try RSAModel(name: "w", kind: .weighted, rdms: three)
    for c in [RDMComparator.cosine, .corr] {
      let comparison = RDMComparison(c)
      assertClose(
        try RSAModelFitter(method: .regression, comparison: comparison).fit(weighted, to: d),
        try RSAFixtures.vector("fit_regress_\(c.rawValue)"), rtol: 1e-9, "regress \(c)")
      assertClose(
        try RSAModelFitter(method: .regression, comparison: comparison, ridge: 0.5).fit(weighted, to: d),
        try RSAFixtures.vector("fit_regress_\(c.rawValue)_ridge"), rtol: 1e-9, "regress ridge \(c)")
      assertClose(
        try RSAModelFitter(method: .nonNegative, comparison: comparison).fit(weighted, to: d),
        try RSAFixtures.vector("fit_nnls_\(c.rawValue)_formula"), rtol: 1e-9, atol: 1e-14, "nnls \(c)")
      assertClose(
        try RSAModelFitter(method: .nonNegative, comparison: comparison, ridge: 0.5).fit(weighted, to: d),
        try RSAFixtures.vector("fit_nnls_\(c.rawValue)_ridge_formula"), rtol: 1e-9, atol: 1e-14, "nnls ridge \(c)")
    }
    let neg = try RSAModel(
      name: "neg", kind: .weighted, rdms: RDMs(dissimilarities: RSAFixtures.matrix("fit_neg_models")))
    let cosine = RDMComparison(.cosine)
    let unconstrained = try RSAModelFitter(method: .regression, comparison: cosine).fit(neg, to: d)
    assertClose(unconstrained, try RSAFixtures.vector("fit_neg_regress_cosine"), rtol: 1e-9)
    #expect(unconstrained[0] < 0)
    assertClose(
      try RSAModelFitter(method: .nonNegative, comparison: cosine).fit(neg, to: d),
      try RSAFixtures.vector("fit_neg_nnls_cosine_formula"), rtol: 1e-9, atol: 1e-14)
    // A minimum's location is fixed only to √ε ≈ 1.5e-8 (the loss is flat to rounding there), for
    // scipy's fminbound and Brent's method here alike: 1e-7.
    let interpolate = try RSAModel(name: "ip", kind: .interpolate, rdms: three)
    assertClose(
      try RSAModelFitter(method: .interpolate, comparison: RDMComparison(.corr)).fit(interpolate, to: d),
      try RSAFixtures.vector("fit_interpolate_corr_formula"), rtol: 1e-7, atol: 1e-8)
  }

  @Test func studentTAgainstScipy() throws {
    let t = try RSAFixtures.vector("t_values")
    let dofs = try RSAFixtures.vector("t_dofs")
    let cdf = try RSAFixtures.matrix("t_cdf")
    let sf = try RSAFixtures.matrix("t_sf")
    for (i, nu) in dofs.enumerated() {
      assertClose(
        t.map { StudentT.cdf($0, degreesOfFreedom: nu) }, cdf.row(i), rtol: 1e-12, atol: 1e-300, "cdf ν=\(nu)")
      assertClose(
        t.map { StudentT.upperTail($0, degreesOfFreedom: nu) }, sf.row(i), rtol: 1e-11, atol: 1e-300, "sf ν=\(nu)")
    }
  }
}
