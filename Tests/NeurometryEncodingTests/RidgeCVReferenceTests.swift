import Foundation
import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `RidgeCV` against himalaya 0.4.11's `RidgeCV` (numpy backend, float64; Tests/Fixtures/encoding,
/// cases ridge_*): chosen α per target, coefficients, intercepts, predictions on new samples and
/// CV scores. himalaya's `cv_scores_` include its 1e-10·log α tie-break slope, which Neurometry
/// reports without; the test removes it from the reference. Tolerance 1e-9 relative (the two
/// implementations order their floating-point operations differently: SVD-based smoother vs
/// himalaya's explicit resolution matrices).
@Suite struct RidgeCVReferenceTests {
  struct Case: Sendable, CustomStringConvertible {
    let name: String
    let cv: @Sendable () throws -> CrossValidation
    let score: EncodingScore
    let intercept: Bool
    var conservative = false
    var solvers: [RidgeSolver] = [.auto, .primal, .dual]
    var description: String { name }
  }

  static let cases: [Case] = [
    Case(name: "ridge_primal", cv: { .kFold(folds: 5) }, score: .negativeMeanSquaredError, intercept: false),
    Case(name: "ridge_dual", cv: { .kFold(folds: 4) }, score: .negativeMeanSquaredError, intercept: true),
    Case(name: "ridge_r2", cv: { .shuffledKFold(folds: 5, seed: 3) }, score: .r2, intercept: true),
    Case(
      name: "ridge_pearson",
      cv: {
        let info = try EncodingFixtures.caseInfo("ridge_pearson")
        let groups = try #require(info["groups"] as? [String])
        return .groupKFold(folds: 3, groups: SampleLabels(strings: groups))
      }, score: .pearson, intercept: true),
    Case(
      name: "ridge_conservative", cv: { .kFold(folds: 5) }, score: .negativeMeanSquaredError, intercept: true,
      conservative: true),
    Case(name: "ridge_tiebreak", cv: { .kFold(folds: 3) }, score: .negativeMeanSquaredError, intercept: false),
  ]

  @Test(arguments: cases) func matchesHimalaya(_ c: Case) throws {
    let x = try EncodingFixtures.matrix(c.name, "x")
    let y = try EncodingFixtures.matrix(c.name, "y")
    let alphas = try EncodingFixtures.vector(c.name, "alphas")
    let expectedAlphas = try EncodingFixtures.vector(c.name, "best_alphas")
    let himalayaScores = try EncodingFixtures.vector(c.name, "cv_scores")
    let expectedScores = zip(himalayaScores, expectedAlphas).map { $0 - 1e-10 * log($1) }
    for solver in c.solvers {
      let model = RidgeCV(
        alphas: alphas, crossValidation: try c.cv(), score: c.score, fitIntercept: c.intercept, solver: solver,
        conservative: c.conservative)
      let fit = try model.fit(x, y)
      let label = "\(c.name) solver \(solver.rawValue)"
      assertClose(fit.alphas, expectedAlphas, rtol: 1e-12, "\(label): chosen α")
      assertClose(fit.cvScores, expectedScores, rtol: 1e-9, atol: 1e-13, "\(label): CV scores")
      let coefficients = try #require(fit.coefficients)
      assertClose(coefficients, try EncodingFixtures.matrix(c.name, "coef"), rtol: 1e-9, atol: 1e-14, "\(label): β")
      if c.intercept {
        assertClose(fit.intercepts, try EncodingFixtures.vector(c.name, "intercept"), rtol: 1e-9, "\(label): intercept")
      } else {
        #expect(fit.intercepts.allSatisfy { $0 == 0 })
      }
      let xNew = try EncodingFixtures.matrix(c.name, "x_new")
      let expectedPredictions = try EncodingFixtures.matrix(c.name, "predictions")
      assertClose(try fit.predict(xNew), expectedPredictions, rtol: 1e-9, atol: 1e-13, "\(label): predictions")
      // Predictions without forming the coefficients.
      let lean = RidgeCV(
        alphas: alphas, crossValidation: try c.cv(), score: c.score, fitIntercept: c.intercept, solver: solver,
        conservative: c.conservative, storeCoefficients: false)
      let (leanFit, predicted) = try lean.fit(x, y, predicting: xNew)
      #expect(leanFit.coefficients == nil)
      assertClose(try #require(predicted), expectedPredictions, rtol: 1e-9, atol: 1e-13, "\(label): lean predictions")
      let resolved = solver.resolved(samples: x.rows, features: x.columns)
      #expect(fit.solver == resolved)
    }
  }

  @Test func autoSolverIsPrimalForTallAndDualForWideData() throws {
    let tall = try RidgeCV(alphas: [1]).fit(
      try EncodingFixtures.matrix("ridge_primal", "x"), try EncodingFixtures.matrix("ridge_primal", "y"))
    #expect(tall.solver == .primal)
    let wide = try RidgeCV(alphas: [1], crossValidation: .kFold(folds: 4)).fit(
      try EncodingFixtures.matrix("ridge_dual", "x"), try EncodingFixtures.matrix("ridge_dual", "y"))
    #expect(wide.solver == .dual)
  }
}
