import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Closed forms and invariances of the ridge fits (no reference implementation involved).
@Suite struct RidgePropertyTests {
  /// Y = X·W + noise with every axis a different size.
  func data(n: Int, p: Int, t: Int, seed: UInt64) -> (Matrix, Matrix) {
    let x = Synthetic.gaussian(rows: n, columns: p, seed: seed)
    let w = Synthetic.gaussian(rows: p, columns: t, seed: seed + 1)
    let noise = Synthetic.gaussian(rows: n, columns: t, seed: seed + 2)
    return (x, gemm(x, w) + 0.5 * noise)
  }

  @Test func vanishingPenaltyWithMoreSamplesThanFeaturesIsLeastSquares() throws {
    let (x, y) = data(n: 37, p: 6, t: 4, seed: 11)
    for intercept in [false, true] {
      let fit = try RidgeCV(alphas: [1e-10], fitIntercept: intercept).fit(x, y)
      let design = intercept ? Matrix.horizontalConcatenation([x, Matrix(rows: 37, columns: 1, repeating: 1)]) : x
      let ls = try design.leastSquares(y).solution
      let beta = try #require(fit.coefficients)
      assertClose(beta, Matrix(copying: ls[rows: 0..<6, columns: 0..<4]), rtol: 1e-8, atol: 1e-10, "β vs lstsq")
      if intercept { assertClose(fit.intercepts, ls.row(6), rtol: 1e-8, atol: 1e-10, "intercept vs lstsq") }
    }
  }

  @Test func predictionsAreInvariantToRotatingTheFeatures() throws {
    let (x, y) = data(n: 29, p: 5, t: 3, seed: 21)
    let q = try Synthetic.gaussian(rows: 5, columns: 5, seed: 22).svd().u  // a random orthogonal matrix
    let xNew = Synthetic.gaussian(rows: 4, columns: 5, seed: 23)
    let model = RidgeCV(alphas: [0.01, 0.1, 1, 10, 100], crossValidation: .kFold(folds: 4))
    let a = try model.fit(x, y)
    let b = try model.fit(gemm(x, q), y)
    #expect(a.alphas == b.alphas)
    assertClose(b.cvScores, a.cvScores, rtol: 1e-10, "CV scores")
    assertClose(try b.predict(gemm(xNew, q)), try a.predict(xNew), rtol: 1e-10, atol: 1e-12, "predictions")
  }

  @Test(arguments: [(17, 40), (40, 17), (23, 23)]) func primalAndDualFormsAgree(shape: (Int, Int)) throws {
    let (x, y) = data(n: shape.0, p: shape.1, t: 5, seed: 31)
    let xNew = Synthetic.gaussian(rows: 6, columns: shape.1, seed: 32)
    for intercept in [false, true] {
      let base = RidgeCV(alphas: [0.03, 0.3, 3, 30, 300], crossValidation: .kFold(folds: 3), fitIntercept: intercept)
      var primal = base
      primal.solver = .primal
      var dual = base
      dual.solver = .dual
      let a = try primal.fit(x, y)
      let b = try dual.fit(x, y)
      #expect(a.solver == .primal && b.solver == .dual)
      #expect(a.alphas == b.alphas)
      assertClose(b.cvScores, a.cvScores, rtol: 1e-10, "CV scores")
      assertClose(try b.predict(xNew), try a.predict(xNew), rtol: 1e-10, atol: 1e-12, "predictions")
      let la = try RidgeLeaveOneOut(alphas: [0.03, 0.3, 3, 30], fitIntercept: intercept, solver: .primal).fit(x, y)
      let lb = try RidgeLeaveOneOut(alphas: [0.03, 0.3, 3, 30], fitIntercept: intercept, solver: .dual).fit(x, y)
      #expect(la.alphas == lb.alphas)
      // With fewer samples than features and a small α the model nearly interpolates: 1 − H_ii is
      // ~1e-3 and both the residual and the leverage come from cancellations, so the two forms'
      // rounding (SVD of X vs eigendecomposition of X·Xᵀ) differs by up to ~6e-11 relative here.
      assertClose(lb.scores, la.scores, rtol: 1e-9, "leave-one-out scores")
    }
  }

  @Test func resultsDoNotDependOnTheTargetBatchSize() throws {
    let (x, y) = data(n: 31, p: 9, t: 11, seed: 41)
    let xNew = Synthetic.gaussian(rows: 3, columns: 9, seed: 42)
    let whole = try RidgeCV(alphas: [0.1, 1, 10, 100], score: .pearson).fit(x, y)
    for size in [1, 3, 7] {
      let batched = try RidgeCV(alphas: [0.1, 1, 10, 100], score: .pearson, targetBatchSize: size).fit(x, y)
      #expect(batched.alphas == whole.alphas, "batch \(size)")
      assertClose(batched.cvScores, whole.cvScores, rtol: 1e-13, "batch \(size): scores")
      assertClose(try batched.predict(xNew), try whole.predict(xNew), rtol: 1e-12, atol: 1e-14, "batch \(size)")
      for intercept in [true, false] {  // without an intercept the targets are read in place
        let loo = try RidgeLeaveOneOut(alphas: [0.1, 1, 10], fitIntercept: intercept, targetBatchSize: size).fit(x, y)
        let looWhole = try RidgeLeaveOneOut(alphas: [0.1, 1, 10], fitIntercept: intercept).fit(x, y)
        #expect(loo.alphas == looWhole.alphas)
        assertClose(loo.scores, looWhole.scores, rtol: 1e-13, "batch \(size): leave-one-out scores")
      }
    }
  }

  @Test func efficientLeaveOneOutEqualsRefittingWithoutEachSample() throws {
    let (x, y) = data(n: 14, p: 4, t: 2, seed: 51)
    let alpha = 0.7
    for intercept in [false, true] {
      let fit = try RidgeLeaveOneOut(alphas: [alpha], fitIntercept: intercept, storeSquaredErrors: true).fit(x, y)
      let errors = try #require(fit.squaredErrors?.first)
      // Explicit refits: centre with the other samples' means only when scikit-learn would, i.e.
      // the leave-one-out identity holds for the model with an unpenalised intercept.
      for i in 0..<14 {
        let keep = (0..<14).filter { $0 != i }
        let xi = x.selectingRows(keep)
        let yi = y.selectingRows(keep)
        let model = try RidgeCV(
          alphas: [alpha], crossValidation: .kFold(folds: 2), fitIntercept: intercept
        ).fit(xi, yi)
        let predicted = try model.predict(x.selectingRows([i]))
        for j in 0..<2 {
          let e = y[i, j] - predicted[0, j]
          assertClose(errors[i, j], e * e, rtol: 1e-9, "sample \(i) target \(j) intercept \(intercept)")
        }
      }
    }
  }

  @Test func inputsAreNotModified() throws {
    let (x, y) = data(n: 20, p: 7, t: 3, seed: 61)
    let (x0, y0) = (x, y)
    _ = try RidgeCV(alphas: [1, 10]).fit(x, y)
    _ = try RidgeLeaveOneOut(alphas: [1, 10]).fit(x, y)
    #expect(x == x0 && y == y0)
  }
}
