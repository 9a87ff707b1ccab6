import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Comparators against rsatoolbox 0.3.2 `rdm.compare` (1e-9 relative), and the whitened
/// comparators with a diagonal or full pattern covariance against the definition with V formed
/// densely and solved exactly (`*_formula`, 1e-9). rsatoolbox's conjugate-gradient result for a
/// full covariance is only accurate to its CG tolerance (rtol 1e-5): checked to 1e-4.
@Suite struct RDMComparisonReferenceTests {
  func rdms(_ name: String) throws -> RDMs { try RDMs(dissimilarities: RSAFixtures.matrix(name)) }

  func check(
    _ comparison: RDMComparison, _ a: String, _ b: String, _ expected: String, rtol: Double = 1e-9
  ) throws {
    let result = try comparison.compare(rdms(a), rdms(b))
    assertClose(result.values, try RSAFixtures.matrix(expected), rtol: rtol, atol: 1e-14, expected)
  }

  static let plain: [RDMComparator] = [.cosine, .corr, .spearman, .rhoA, .tauA, .tauB, .cosineCov, .corrCov]

  @Test(arguments: plain) func everyComparatorWithTies(_ c: RDMComparator) throws {
    try check(RDMComparison(c), "cmp_a", "cmp_b", "cmp_\(c.rawValue)")
  }

  /// The double-centred kernels are singular, and rsatoolbox takes square roots of their rounding-
  /// level eigenvalues (√ε ≈ 1.5e-8 relative noise); Neurometry treats eigenvalues below
  /// 64·n·ε·λ_max as 0. Agreement is therefore 1e-7, not 1e-9 (the exactness of Neurometry's values
  /// is checked by the properties: bures(x, x) = 1 and the metric 0 to 1e-12).
  @Test(arguments: [RDMComparator.bures, .buresMetric]) func bures(_ c: RDMComparator) throws {
    try check(RDMComparison(c), "cmp_a", "cmp_b", "cmp_\(c.rawValue)", rtol: 1e-7)
  }

  @Test(arguments: plain) func missingPairsAreLeftOut(_ c: RDMComparator) throws {
    try check(RDMComparison(c), "cmp_nan_a", "cmp_nan_b", "cmp_nan_\(c.rawValue)")
    let r = try RDMComparison(c).compare(rdms("cmp_nan_a"), rdms("cmp_nan_b"))
    #expect(r.pairsCompared == 26)
    #expect(r.warnings == ["2 missing pairs left out of the comparison"])
  }

  @Test func whitenedWithDiagonalAndFullPatternCovariance() throws {
    let diag = try RSAFixtures.vector("cmp_sigma_diag")
    let full = try RSAFixtures.matrix("cmp_sigma_full")
    for c in [RDMComparator.cosineCov, .corrCov] {
      try check(
        RDMComparison(c, patternCovariance: .diagonal(diag)), "cmp_a", "cmp_b", "cmp_\(c.rawValue)_diag_formula")
      try check(
        RDMComparison(c, patternCovariance: .full(.diagonal(diag))), "cmp_a", "cmp_b", "cmp_\(c.rawValue)_diag_formula")
      try check(RDMComparison(c, patternCovariance: .full(full)), "cmp_a", "cmp_b", "cmp_\(c.rawValue)_full_formula")
      try check(
        RDMComparison(c, patternCovariance: .diagonal(diag), diagonalWhitening: .rsatoolbox), "cmp_a", "cmp_b",
        "cmp_\(c.rawValue)_diag_rsatoolbox")
    }
    try check(
      RDMComparison(.cosineCov, patternCovariance: .full(full)), "cmp_a", "cmp_b", "cmp_cosine-cov_full_rsatoolbox_cg",
      rtol: 1e-4)
    try check(
      RDMComparison(.cosineCov, patternCovariance: .diagonal(diag), diagonalWhitening: .rsatoolbox), "cmp_nan_a",
      "cmp_nan_b", "cmp_nan_cosine-cov_diag_rsatoolbox")
    try check(
      RDMComparison(.cosineCov, patternCovariance: .full(full)), "cmp_nan_a", "cmp_nan_b",
      "cmp_nan_cosine-cov_full_formula")
  }

  @Test func constantRDMHasCorrelationZeroWithAWarning() throws {
    let r = try RDMComparison(.corr).compare(rdms("cmp_const_a"), rdms("cmp_b"))
    assertClose(r.values, try RSAFixtures.matrix("cmp_const_corr"), rtol: 1e-9, atol: 1e-15)
    #expect(r.values.row(0) == [0, 0, 0, 0])
    #expect(r.warnings.contains { $0.contains("RDM 0 of the first set is constant") })
  }

  /// spearman reports a constant RDM as 0 and tau-b as NaN; both now say so, as corr does (they
  /// were silent). tau-a is defined (0) and needs no warning.
  @Test func constantRDMWarnsForRankComparatorsToo() throws {
    let spearman = try RDMComparison(.spearman).compare(rdms("cmp_const_a"), rdms("cmp_b"))
    #expect(spearman.values.row(0) == [0, 0, 0, 0])
    let spearmanWarned = spearman.warnings.contains {
      $0.contains("RDM 0 of the first set is constant") && $0.hasSuffix("as 0")
    }
    #expect(spearmanWarned, "\(spearman.warnings)")
    let tauB = try RDMComparison(.tauB).compare(rdms("cmp_b"), rdms("cmp_const_a"))
    let undefined = (0..<tauB.values.rows).allSatisfy { tauB.values[$0, 0].isNaN }
    #expect(undefined)
    let tauBWarned = tauB.warnings.contains { $0.contains("RDM 0 of the second set is constant") && $0.contains("NaN") }
    #expect(tauBWarned, "\(tauB.warnings)")
    let tauA = try RDMComparison(.tauA).compare(rdms("cmp_const_a"), rdms("cmp_b"))
    #expect(tauA.warnings.allSatisfy { !$0.contains("constant") })
    let fine = try RDMComparison(.spearman).compare(rdms("cmp_a"), rdms("cmp_b"))
    #expect(fine.warnings.isEmpty)
  }
}
