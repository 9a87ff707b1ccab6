import Foundation
import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `BandedRidgeCV` against himalaya 0.4.11 (numpy backend, float64; Tests/Fixtures/encoding, cases
/// banded_*): at fixed band weights (primal and dual data shapes) and with himalaya's seeded random
/// search over the simplex — weights tried, log weights δ, chosen α, coefficients, intercepts and
/// the CV score of every weight vector (himalaya's include the 1e-10·log α slope, removed here) —
/// and himalaya's `r2_score_split`. Tolerance 1e-8 relative (δ: 1e-10 absolute).
@Suite struct BandedRidgeReferenceTests {
  func check(
    _ name: String, sizes: [Int], search: BandWeightSearch, cv: CrossValidation, intercept: Bool, solver: RidgeSolver
  ) throws -> BandedRidgeFit {
    let x = try EncodingFixtures.matrix(name, "x")
    let y = try EncodingFixtures.matrix(name, "y")
    let model = BandedRidgeCV(
      bands: BandedRidgeCV.consecutiveBands(sizes: sizes), alphas: try EncodingFixtures.vector(name, "alphas"),
      search: search, crossValidation: cv, fitIntercept: intercept, solver: solver)
    let fit = try model.fit(x, y)
    let label = "\(name) \(solver.rawValue)"
    assertClose(
      fit.weightsTried.flatMap { $0 }, try EncodingFixtures.vector(name, "gammas"), rtol: 1e-15, "\(label): γ tried")
    assertClose(fit.deltas, try EncodingFixtures.matrix(name, "deltas"), rtol: 1e-10, atol: 1e-10, "\(label): δ")
    assertClose(
      try #require(fit.coefficients), try EncodingFixtures.matrix(name, "coef"), rtol: 1e-8, atol: 1e-12, "\(label): β")
    if intercept {
      assertClose(
        fit.intercepts, try EncodingFixtures.vector(name, "intercept"), rtol: 1e-8, atol: 1e-12, "\(label): b")
    }
    var withSlope = fit.iterationScores
    for i in 0..<withSlope.rows {
      for j in 0..<withSlope.columns { withSlope[i, j] += 1e-10 * log(fit.iterationAlphas[i, j]) }
    }
    assertClose(
      withSlope, try EncodingFixtures.matrix(name, "cv_scores"), rtol: 1e-8, atol: 1e-13, "\(label): CV scores")
    // δ, α and γ agree with each other.
    for j in 0..<fit.alphas.count {
      assertClose(fit.bandWeights.column(j).reduce(0, +), 1, rtol: 1e-14)
      for b in 0..<sizes.count {
        assertClose(fit.bandAlphas[b, j], exp(-fit.deltas[b, j]), rtol: 1e-12)
      }
    }
    return fit
  }

  @Test func fixedBandWeightsPrimal() throws {
    let gammas = try EncodingFixtures.matrix("banded_fixed", "gammas").rowArrays
    for solver in [RidgeSolver.auto, .dual] {
      let fit = try check(
        "banded_fixed", sizes: [4, 7], search: .fixed(gammas), cv: .kFold(folds: 5), intercept: false, solver: solver)
      #expect(fit.solver == (solver == .auto ? .primal : .dual))
    }
  }

  @Test func fixedBandWeightsDualWithIntercept() throws {
    let gammas = try EncodingFixtures.matrix("banded_dual", "gammas").rowArrays
    for solver in [RidgeSolver.auto, .primal] {
      let fit = try check(
        "banded_dual", sizes: [30, 20], search: .fixed(gammas), cv: .kFold(folds: 3), intercept: true, solver: solver)
      #expect(fit.solver == (solver == .auto ? .dual : .primal))
    }
  }

  @Test func seededRandomSearchReproducesHimalayas() throws {
    let fit = try check(
      "banded_random", sizes: [3, 6, 5], search: .random(iterations: 9, seed: 5), cv: .kFold(folds: 4), intercept: true,
      solver: .auto)
    assertClose(fit.alphas, try EncodingFixtures.vector("banded_random", "best_alphas"), rtol: 1e-12, "best α")
  }

  @Test func varianceSplitByBandMatchesHimalaya() throws {
    let name = "banded_fixed"
    let gammas = try EncodingFixtures.matrix(name, "gammas").rowArrays
    let fit = try BandedRidgeCV(
      bands: BandedRidgeCV.consecutiveBands(sizes: [4, 7]), alphas: try EncodingFixtures.vector(name, "alphas"),
      search: .fixed(gammas), fitIntercept: false
    ).fit(try EncodingFixtures.matrix(name, "x"), try EncodingFixtures.matrix(name, "y"))
    let xNew = try EncodingFixtures.matrix(name, "x_new")
    let yNew = try EncodingFixtures.matrix(name, "y_new")
    let parts = try fit.predictBands(xNew)
    let split = try BandedRidgeFit.splitR2(truth: yNew, bandPredictions: parts)
    assertClose(split, try EncodingFixtures.matrix(name, "r2_split"), rtol: 1e-8, atol: 1e-12, "split R²")
    // The parts add up to the joint R².
    let joint = try EncodingScore.r2.values(truth: yNew, predictions: try fit.predict(xNew))
    for j in 0..<joint.count {
      let mean = yNew.column(j).reduce(0, +) / Double(yNew.rows)
      #expect(abs(mean) < 1e-12)
      assertClose(split[0, j] + split[1, j], joint[j], rtol: 1e-10, "target \(j): Σ parts = joint R²")
    }
  }
}
