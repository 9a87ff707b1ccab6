import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Predicting without coefficients: the fits the cross-validated evaluation uses for ridge models
/// never store the p × t coefficients, and predict exactly what the stored coefficients would.
@Suite struct EncodingMemoryPropertyTests {
  func data(n: Int, p: Int, t: Int, seed: UInt64) -> (Matrix, Matrix) {
    let x = Synthetic.gaussian(rows: n, columns: p, seed: seed)
    let w = Synthetic.gaussian(rows: p, columns: t, seed: seed + 1)
    return (x, gemm(x, w) + 0.5 * Synthetic.gaussian(rows: n, columns: t, seed: seed + 2))
  }

  @Test(arguments: [(23, 7, 5), (11, 31, 4)])
  func leaveOneOutPredictsWithoutCoefficientsAsWithThem(n: Int, p: Int, t: Int) throws {
    let (x, y) = data(n: n, p: p, t: t, seed: UInt64(n * p))
    let xNew = Synthetic.gaussian(rows: 6, columns: p, seed: 99)
    for intercept in [true, false] {
      let stored = try RidgeLeaveOneOut(alphas: [0.1, 1, 10, 100], fitIntercept: intercept).fit(x, y)
      let (fit, predictions) = try RidgeLeaveOneOut(
        alphas: [0.1, 1, 10, 100], fitIntercept: intercept, storeCoefficients: false
      ).fit(x, y, predicting: xNew)
      #expect(fit.coefficients == nil)
      #expect(fit.alphas == stored.alphas)
      let expected = try stored.predict(xNew)
      let scale = expected.elements.map(abs).max() ?? 1
      assertClose(try #require(predictions), expected, rtol: 1e-12, atol: 1e-12 * scale, "n \(n) p \(p)")
    }
  }

  @Test func leaveOneOutPredictingChecksTheNewFeatures() throws {
    let (x, y) = data(n: 15, p: 4, t: 2, seed: 5)
    #expect(throws: NeurometryError.self) {
      _ = try RidgeLeaveOneOut(alphas: [1]).fit(x, y, predicting: Matrix(rows: 3, columns: 5))
    }
    var bad = Matrix(rows: 2, columns: 4)
    bad[1, 2] = .nan
    #expect(throws: NeurometryError.self) { _ = try RidgeLeaveOneOut(alphas: [1]).fit(x, y, predicting: bad) }
  }

  /// The evaluation with leave-one-out ridge gives the same held-out scores as fitting with
  /// coefficients and predicting from them split by split.
  @Test func crossValidatedLeaveOneOutScoresEqualTheCoefficientRoute() throws {
    let (x, y) = data(n: 30, p: 9, t: 5, seed: 41)
    let model = RidgeLeaveOneOut(alphas: [0.1, 1, 10])
    let evaluation = try CrossValidatedEncoding(model: .ridgeLeaveOneOut(model), crossValidation: .kFold(folds: 3))
      .evaluate(x, y)
    let splits = try CrossValidation.kFold(folds: 3).splits(sampleCount: 30)
    for (s, split) in splits.enumerated() {
      let xTrain = Matrix(rows: split.train.count, columns: 9) { i, j in x[split.train[i], j] }
      let yTrain = Matrix(rows: split.train.count, columns: 5) { i, j in y[split.train[i], j] }
      let xTest = Matrix(rows: split.test.count, columns: 9) { i, j in x[split.test[i], j] }
      let yTest = Matrix(rows: split.test.count, columns: 5) { i, j in y[split.test[i], j] }
      let predictions = try model.fit(xTrain, yTrain).predict(xTest)
      let scores = try EncodingScore.pearson.values(truth: yTest, predictions: predictions)
      assertClose(evaluation.splitScores.row(s), scores, rtol: 1e-11, "split \(s)")
    }
  }
}
