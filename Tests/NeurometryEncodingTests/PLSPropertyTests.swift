import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Closed forms and invariances of PLS regression, and its errors.
@Suite struct PLSPropertyTests {
  @Test func allComponentsOfAFullRankDesignGiveOrdinaryLeastSquares() throws {
    let x = Synthetic.gaussian(rows: 33, columns: 5, seed: 71)
    let y =
      gemm(x, Synthetic.gaussian(rows: 5, columns: 3, seed: 72)) + Synthetic.gaussian(rows: 33, columns: 3, seed: 73)
    for scale in [false, true] {
      let fit = try PLSRegression(components: 5, scale: scale).fit(x, y)
      let design = Matrix.horizontalConcatenation([x, Matrix(rows: 33, columns: 1, repeating: 1)])
      let ls = try design.leastSquares(y).solution
      let xNew = Synthetic.gaussian(rows: 4, columns: 5, seed: 74)
      let expected = gemm(Matrix.horizontalConcatenation([xNew, Matrix(rows: 4, columns: 1, repeating: 1)]), ls)
      assertClose(try fit.predict(xNew), expected, rtol: 1e-9, atol: 1e-11, "PLS(p) = OLS, scale \(scale)")
    }
  }

  @Test func permutingTargetsPermutesThePredictions() throws {
    let x = Synthetic.gaussian(rows: 27, columns: 8, seed: 81)
    let y =
      Synthetic.gaussian(rows: 27, columns: 4, seed: 82) + gemm(x, Synthetic.gaussian(rows: 8, columns: 4, seed: 83))
    let order = [2, 0, 3, 1]
    let a = try PLSRegression(components: 3).fit(x, y)
    let b = try PLSRegression(components: 3).fit(x, y.selectingColumns(order))
    let xNew = Synthetic.gaussian(rows: 5, columns: 8, seed: 84)
    assertClose(try b.predict(xNew), try a.predict(xNew).selectingColumns(order), rtol: 1e-10, atol: 1e-12)
  }

  @Test func errorsAndEarlyStops() throws {
    let x = Synthetic.gaussian(rows: 10, columns: 3, seed: 91)
    #expect(throws: NeurometryError.self) { _ = try PLSRegression(components: 0).fit(x, x) }
    #expect(throws: NeurometryError.self) {
      _ = try PLSRegression().fit(x, Synthetic.gaussian(rows: 9, columns: 2, seed: 1))
    }
    // Y = X exactly: after 3 components Y is explained; asking for more is capped (3 features).
    let fit = try PLSRegression(components: 8, scale: false).fit(x, x)
    #expect(fit.components == 3)
    #expect(fit.warnings.contains { $0.contains("8 components requested") })
    assertClose(try fit.predict(x), x, rtol: 1e-10, atol: 1e-12)
    // A constant target: zero coefficients, intercept = its value.
    var y = Synthetic.gaussian(rows: 10, columns: 2, seed: 92)
    for i in 0..<10 { y[i, 1] = 0.1 }
    let c = try PLSRegression(components: 2).fit(x, y)
    #expect(c.constantTargets == [1])
    #expect(c.coefficients.column(1).allSatisfy { $0 == 0 })
    #expect(c.intercepts[1] == 0.1)
  }
}
