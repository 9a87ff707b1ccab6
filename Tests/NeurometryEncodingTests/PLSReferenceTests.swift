import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `PLSRegression` against scikit-learn 1.9.1's `PLSRegression` run to full convergence
/// (tol=1e-30, max_iter=100000; Tests/Fixtures/encoding, cases pls_*): coefficients, intercepts,
/// weights, loadings and predictions, scaled and unscaled, one and several targets, more
/// features than samples with a constant feature, and a component count capped by the features.
/// Tolerance 1e-9 relative, with X_kᵀY_k held whole (reached ≤ 2e-12) and with only its Gram kept
/// (`memoryBudgetBytes: 0`; reached ≤ 1e-10: the Gram's rounding grows like ε·σ₁²).
@Suite struct PLSReferenceTests {
  static let cases: [(String, Int, Bool)] = [
    ("pls_scaled", 4, true), ("pls_unscaled", 5, false), ("pls_single", 3, true), ("pls_narrow", 25, false),
    ("pls_wide", 6, true),
  ]

  @Test(arguments: cases, [256 << 20, 0])
  func matchesScikitLearnFullyConverged(_ c: (String, Int, Bool), budget: Int) throws {
    let (name, components, scale) = c
    let x = try EncodingFixtures.matrix(name, "x")
    let y = try EncodingFixtures.matrix(name, "y")
    let fit = try PLSRegression(components: components, scale: scale, memoryBudgetBytes: budget).fit(x, y)
    let expectedWeights = try EncodingFixtures.matrix(name, "x_weights")
    #expect(fit.components == expectedWeights.columns)
    assertClose(fit.coefficients, try EncodingFixtures.matrix(name, "coef"), rtol: 1e-9, atol: 1e-12, "\(name): β")
    assertClose(fit.intercepts, try EncodingFixtures.vector(name, "intercept"), rtol: 1e-12, "\(name): intercept")
    assertClose(fit.xWeights, expectedWeights, rtol: 1e-9, atol: 1e-12, "\(name): x weights")
    assertClose(
      fit.xLoadings, try EncodingFixtures.matrix(name, "x_loadings"), rtol: 1e-9, atol: 1e-12, "\(name): x loadings")
    assertClose(
      fit.yLoadings, try EncodingFixtures.matrix(name, "y_loadings"), rtol: 1e-9, atol: 1e-12, "\(name): y loadings")
    let predictions = try fit.predict(try EncodingFixtures.matrix(name, "x_new"))
    assertClose(predictions, try EncodingFixtures.matrix(name, "predictions"), rtol: 1e-9, atol: 1e-12, "\(name): ŷ")
    if components > expectedWeights.columns {
      #expect(fit.warnings.contains { $0.contains("\(components) components requested") && $0.contains("using 6") })
    }
  }

  @Test func scikitLearnsDefaultToleranceIsOffByAboutOneInTenThousandthOfAPercent() throws {
    // Documented, not a target: the default tol=1e-6 stops the power iteration early.
    let fit = try PLSRegression(components: 4).fit(
      try EncodingFixtures.matrix("pls_scaled", "x"), try EncodingFixtures.matrix("pls_scaled", "y"))
    let loose = try EncodingFixtures.matrix("pls_scaled", "coef_default_tol")
    let scale = fit.coefficients.elements.map(abs).max() ?? 1
    let worst = maxAbsDifference(fit.coefficients, loose) / scale
    #expect(worst > 1e-7 && worst < 1e-3, "relative difference \(worst)")
  }
}
