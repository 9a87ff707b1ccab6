import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Predicting without coefficients: the fits the cross-validated evaluation uses (ridge, banded
/// ridge, PLS) never store the p × t coefficients, and predict exactly what the stored
/// coefficients would.
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

  /// Banded ridge without coefficients: predictions and each band's part equal the coefficient
  /// route (X_new·β + b, (X_new − x̄)_b·β_b) in both forms, with and without an intercept, with
  /// features outside every band, a NaN target dropped and a constant target; the fit holds no
  /// p × t matrix; nothing depends on the target batch size.
  @Test(arguments: [(40, 11, 7, RidgeSolver.primal), (17, 23, 6, .dual)])
  func bandedRidgePredictsWithoutCoefficientsAsWithThem(n: Int, p: Int, t: Int, solver: RidgeSolver) throws {
    var (x, y) = data(n: n, p: p, t: t, seed: UInt64(3 * n + p))
    for i in 0..<n { y[i, 2] = 1.5 }  // constant target
    y[4, 5] = .nan  // dropped target
    let xNew = Synthetic.gaussian(rows: 5, columns: p, seed: 77).map { $0 + 0.3 }
    let bands = [1..<4, 4..<(p - 2)]  // columns 0, p − 2, p − 1 outside every band
    for intercept in [true, false] {
      let model = BandedRidgeCV(
        bands: bands, alphas: [0.3, 3, 30], search: .random(iterations: 4, seed: 5),
        crossValidation: .kFold(folds: 3), fitIntercept: intercept, solver: solver, nanTargets: .drop)
      let stored = try model.fit(x, y)
      let beta = try #require(stored.coefficients)
      var lean = model
      lean.storeCoefficients = false
      let (fit, predictions, parts) = try lean.fit(x, y, predicting: xNew)
      #expect(fit.coefficients == nil)
      #expect(fit.alphas.elementsEqual(stored.alphas) { $0 == $1 || ($0.isNaN && $1.isNaN) })
      assertClose(fit.intercepts, stored.intercepts, rtol: 1e-12, atol: 1e-13, "intercepts")
      let expected = try stored.predict(xNew)
      let scale = expected.elements.filter { $0.isFinite }.map { abs($0) }.max() ?? 1
      let label = "\(solver) intercept \(intercept)"
      assertClose(try #require(predictions), expected, rtol: 1e-12, atol: 1e-12 * scale, "\(label): predictions")
      let expectedParts = try stored.predictBands(xNew.subtractingFromColumns(x.columnMeans))
      let got = try #require(parts)
      #expect(got.count == bands.count)
      for b in bands.indices {
        // Dropped target: NaN on both routes (the coefficient route's β column is NaN).
        assertClose(got[b], expectedParts[b], rtol: 1e-12, atol: 1e-12 * scale, "\(label): band \(b)")
      }
      #expect(beta.column(2).allSatisfy { $0 == 0 })
      #expect(got.allSatisfy { m in m.column(2).allSatisfy { $0 == 0 } })
      // The target batch size changes nothing.
      for size in [1, 2, 5] {
        var batched = lean
        batched.targetBatchSize = size
        let (other, otherPredictions, otherParts) = try batched.fit(x, y, predicting: xNew)
        #expect(other.coefficients == nil)
        #expect(other.alphas.elementsEqual(fit.alphas) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        assertClose(try #require(otherPredictions), try #require(predictions), rtol: 1e-12, atol: 1e-13 * scale)
        for b in bands.indices {
          assertClose(try #require(otherParts)[b], got[b], rtol: 1e-12, atol: 1e-13 * scale, "batch \(size)")
        }
      }
    }
  }

  @Test func bandedRidgePredictingChecksTheNewFeatures() throws {
    let (x, y) = data(n: 15, p: 4, t: 2, seed: 6)
    let model = BandedRidgeCV(bands: [0..<2, 2..<4], alphas: [1], search: .random(iterations: 2))
    #expect(throws: NeurometryError.self) { _ = try model.fit(x, y, predicting: Matrix(rows: 3, columns: 5)) }
    var bad = Matrix(rows: 2, columns: 4)
    bad[0, 1] = .infinity
    #expect(throws: NeurometryError.self) { _ = try model.fit(x, y, predicting: bad) }
  }

  /// The evaluation with banded ridge (coefficient-free inside) gives the held-out scores and
  /// per-band split R² of fitting with coefficients and predicting from them split by split.
  @Test func crossValidatedBandedRidgeEqualsTheCoefficientRoute() throws {
    let (x, y) = data(n: 36, p: 8, t: 4, seed: 61)
    let model = BandedRidgeCV(
      bands: [0..<3, 3..<8], alphas: [0.1, 1, 10], search: .random(iterations: 3, seed: 1),
      crossValidation: .kFold(folds: 3))
    let evaluation = try CrossValidatedEncoding(model: .bandedRidge(model), crossValidation: .kFold(folds: 3))
      .evaluate(x, y)
    let splits = try CrossValidation.kFold(folds: 3).splits(sampleCount: 36)
    var bandSums = Matrix(rows: 2, columns: 4)
    for (s, split) in splits.enumerated() {
      let xTrain = Matrix(rows: split.train.count, columns: 8) { i, j in x[split.train[i], j] }
      let yTrain = Matrix(rows: split.train.count, columns: 4) { i, j in y[split.train[i], j] }
      let xTest = Matrix(rows: split.test.count, columns: 8) { i, j in x[split.test[i], j] }
      let yTest = Matrix(rows: split.test.count, columns: 4) { i, j in y[split.test[i], j] }
      var inner = model
      inner.crossValidation = try model.crossValidation.restricted(to: split.train)
      let fit = try inner.fit(xTrain, yTrain)
      let scores = try EncodingScore.pearson.values(truth: yTest, predictions: try fit.predict(xTest))
      assertClose(evaluation.splitScores.row(s), scores, rtol: 1e-11, "split \(s)")
      let parts = try fit.predictBands(xTest.subtractingFromColumns(xTrain.columnMeans))
      bandSums =
        bandSums
        + (try BandedRidgeFit.splitR2(
          truth: yTest.subtractingFromColumns(yTrain.columnMeans), bandPredictions: parts))
    }
    assertClose(try #require(evaluation.bandScores), (1.0 / 3) * bandSums, rtol: 1e-11, atol: 1e-13, "split R²")
  }

  /// PLS keeps β factored: predictions equal (X − x̄)·β + ȳ with β formed explicitly, and the
  /// cross-validated scores equal the coefficient route.
  @Test func plsPredictsFromTheFactorsAsFromTheCoefficients() throws {
    var (x, y) = data(n: 31, p: 12, t: 6, seed: 71)
    for i in 0..<31 { y[i, 3] = 0.1 }
    let xNew = Synthetic.gaussian(rows: 7, columns: 12, seed: 72)
    for scale in [true, false] {
      let fit = try PLSRegression(components: 4, scale: scale).fit(x, y)
      #expect(fit.coefficientRotation.rows == 4 && fit.coefficientRotation.columns == 6)
      let beta = fit.coefficients
      #expect(beta.rows == 12 && beta.columns == 6)
      #expect(beta.column(3).allSatisfy { $0 == 0 })
      let expected = gemm(xNew.subtractingFromColumns(fit.xMean), beta).subtractingFromColumns(
        fit.intercepts.map { -$0 })
      let size = expected.elements.map(abs).max() ?? 1
      assertClose(try fit.predict(xNew), expected, rtol: 1e-12, atol: 1e-12 * size, "scale \(scale)")
    }
    let evaluation = try CrossValidatedEncoding(
      model: .pls(PLSRegression(components: 3)), crossValidation: .kFold(folds: 4), score: .r2
    ).evaluate(x, y)
    for (s, split) in try CrossValidation.kFold(folds: 4).splits(sampleCount: 31).enumerated() {
      let xTrain = Matrix(rows: split.train.count, columns: 12) { i, j in x[split.train[i], j] }
      let yTrain = Matrix(rows: split.train.count, columns: 6) { i, j in y[split.train[i], j] }
      let xTest = Matrix(rows: split.test.count, columns: 12) { i, j in x[split.test[i], j] }
      let yTest = Matrix(rows: split.test.count, columns: 6) { i, j in y[split.test[i], j] }
      let fit = try PLSRegression(components: 3).fit(xTrain, yTrain)
      let predictions = gemm(xTest.subtractingFromColumns(fit.xMean), fit.coefficients).subtractingFromColumns(
        fit.intercepts.map { -$0 })
      let scores = try EncodingScore.r2.values(truth: yTest, predictions: predictions)
      for j in 0..<6 where j != 3 {
        assertClose(evaluation.splitScores[s, j], scores[j], rtol: 1e-11, "split \(s) target \(j)")
      }
    }
  }

  /// Over its memory budget PLS keeps only the Gram of X_kᵀY_k (on the smaller side) and gives
  /// the same fit: more targets than features and the reverse, a constant target, a target fully
  /// explained after one component (zeroed, as scikit-learn does), one target.
  @Test(arguments: [(30, 6, 9), (30, 9, 4), (25, 5, 1)])
  func plsWithOnlyTheGramOfTheCrossProductMatchesTheFullOne(n: Int, p: Int, q: Int) throws {
    var (x, y) = data(n: n, p: p, t: q, seed: UInt64(n + 7 * p + q))
    if q > 2 {
      for i in 0..<n {
        y[i, 1] = 0.25  // constant
        y[i, 2] = 3 * x[i, 0] - x[i, 1]  // explained by X
      }
    }
    for scale in [true, false] {
      let full = try PLSRegression(components: 4, scale: scale).fit(x, y)
      let lean = try PLSRegression(components: 4, scale: scale, memoryBudgetBytes: 0).fit(x, y)
      #expect(lean.components == full.components)
      #expect(lean.warnings == full.warnings)
      assertClose(lean.xWeights, full.xWeights, rtol: 1e-9, atol: 1e-12, "n \(n) p \(p) q \(q): W")
      assertClose(lean.yLoadings, full.yLoadings, rtol: 1e-9, atol: 1e-12, "C")
      assertClose(lean.coefficientRotation, full.coefficientRotation, rtol: 1e-9, atol: 1e-12, "R")
      let xNew = Synthetic.gaussian(rows: 5, columns: p, seed: 3)
      assertClose(try lean.predict(xNew), try full.predict(xNew), rtol: 1e-9, atol: 1e-12, "ŷ")
    }
  }
}
