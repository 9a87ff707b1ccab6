import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `RidgeLeaveOneOut` against scikit-learn 1.9.1's `RidgeCV(alpha_per_target=True)` (efficient
/// leave-one-out; Tests/Fixtures/encoding, cases loo_*): chosen α (grid given out of order, so
/// scikit-learn's "first best in grid order" rule is exercised), coefficients, intercepts, best
/// scores and every leave-one-out squared error. Tolerance 1e-9 relative.
@Suite struct RidgeLeaveOneOutReferenceTests {
  static let cases: [(String, Bool, EncodingScore)] = [
    ("loo_tall", true, .negativeMeanSquaredError), ("loo_wide", true, .negativeMeanSquaredError),
    ("loo_nointercept", false, .negativeMeanSquaredError), ("loo_r2", true, .r2),
  ]

  @Test(arguments: cases) func matchesScikitLearn(_ c: (String, Bool, EncodingScore)) throws {
    let (name, intercept, score) = c
    let x = try EncodingFixtures.matrix(name, "x")
    let y = try EncodingFixtures.matrix(name, "y")
    let alphas = try EncodingFixtures.vector(name, "alphas")
    for solver in [RidgeSolver.auto, .primal, .dual] {
      let fit = try RidgeLeaveOneOut(
        alphas: alphas, score: score, fitIntercept: intercept, solver: solver, storeSquaredErrors: true
      ).fit(x, y)
      let label = "\(name) \(solver.rawValue)"
      assertClose(fit.alphas, try EncodingFixtures.vector(name, "alpha"), rtol: 1e-15, "\(label): α")
      assertClose(fit.scores, try EncodingFixtures.vector(name, "best_score"), rtol: 1e-9, "\(label): best score")
      // Without stored errors, negative MSE takes the fused one-pass route: same α and scores.
      let lean = try RidgeLeaveOneOut(alphas: alphas, score: score, fitIntercept: intercept, solver: solver).fit(x, y)
      assertClose(lean.alphas, fit.alphas, rtol: 0, "\(label): α (fused scores)")
      assertClose(
        lean.scores, try EncodingFixtures.vector(name, "best_score"), rtol: 1e-9, "\(label): best score (fused)")
      assertClose(
        try #require(fit.coefficients), try EncodingFixtures.matrix(name, "coef"), rtol: 1e-9, atol: 1e-14,
        "\(label): β")
      assertClose(
        fit.intercepts, try EncodingFixtures.vector(name, "intercept"), rtol: 1e-9, atol: 1e-14, "\(label): b")
      if score == .negativeMeanSquaredError {
        let expected = try EncodingFixtures.vector(name, "squared_errors")
        let ours = try #require(fit.squaredErrors).flatMap(\.elements)
        // Elementwise, with an absolute floor of 1e-12 × the largest error: a sample the model
        // fits almost exactly has a tiny error whose relative rounding is large (up to ~3e-10).
        let largest = expected.max() ?? 0
        assertClose(ours, expected, rtol: 1e-9, atol: 1e-12 * largest, "\(label): leave-one-out squared errors")
      }
    }
  }
}
