import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Closed forms and invariances of banded ridge.
@Suite struct BandedRidgePropertyTests {
  let x = Synthetic.gaussian(rows: 34, columns: 9, seed: 101)
  var y: Matrix {
    gemm(x, Synthetic.gaussian(rows: 9, columns: 5, seed: 102)) + Synthetic.gaussian(rows: 34, columns: 5, seed: 103)
  }

  @Test func oneBandIsRidgeCV() throws {
    let alphas = [0.1, 1, 10, 100]
    let xNew = Synthetic.gaussian(rows: 4, columns: 9, seed: 104)
    for solver in [RidgeSolver.primal, .dual] {
      let banded = try BandedRidgeCV(bands: [0..<9], alphas: alphas, search: .random(iterations: 3), solver: solver)
        .fit(x, y)
      let ridge = try RidgeCV(alphas: alphas).fit(x, y)
      #expect(banded.alphas == ridge.alphas)
      assertClose(banded.cvScores, ridge.cvScores, rtol: 1e-10, "CV scores")
      assertClose(try banded.predict(xNew), try ridge.predict(xNew), rtol: 1e-10, atol: 1e-12, "predictions")
    }
  }

  @Test func resultsDoNotDependOnBatchesOrOnKeepingTheCrossProducts() throws {
    let model = BandedRidgeCV(
      bands: [0..<4, 4..<9], alphas: [0.3, 3, 30], search: .random(iterations: 5, seed: 2), score: .pearson)
    let reference = try model.fit(x, y)
    var lean = model
    lean.memoryBudgetBytes = 1  // one target per batch, no cached XᵀY
    let other = try lean.fit(x, y)
    #expect(other.alphas == reference.alphas)
    assertClose(other.deltas, reference.deltas, rtol: 1e-14, "δ")
    assertClose(other.cvScores, reference.cvScores, rtol: 1e-12, "CV scores")
    assertClose(try #require(other.coefficients), try #require(reference.coefficients), rtol: 1e-11, atol: 1e-13)
  }

  @Test func primalAndDualFormsAgree() throws {
    let base = BandedRidgeCV(bands: [0..<3, 3..<9], alphas: [0.5, 5, 50], search: .random(iterations: 4, seed: 9))
    var primal = base
    primal.solver = .primal
    var dual = base
    dual.solver = .dual
    let a = try primal.fit(x, y)
    let b = try dual.fit(x, y)
    #expect(a.alphas == b.alphas)
    assertClose(b.deltas, a.deltas, rtol: 1e-12, "δ")
    assertClose(try #require(b.coefficients), try #require(a.coefficients), rtol: 1e-10, atol: 1e-12, "β")
  }
}

@Suite struct BandWeightSearchTests {
  @Test func simplexGridIsExhaustiveAndDeterministic() throws {
    let two = try BandWeightSearch.simplexGrid(divisions: 4).weights(bands: 2)
    #expect(two == [[0.5, 0.5], [0.25, 0.75], [0.75, 0.25]])
    let three = try BandWeightSearch.simplexGrid(divisions: 6).weights(bands: 3)
    #expect(three.count == 10)  // C(5, 2)
    let third: Double = 2.0 / 6
    #expect(three[0] == [third, third, third])
    #expect(three.allSatisfy { w in w.allSatisfy { $0 > 0 } && abs(w.reduce(0, +) - 1) < 1e-15 })
    #expect(Set(three.map { $0.map { Int(($0 * 6).rounded()) } }).count == 10)
    #expect(throws: NeurometryError.self) { _ = try BandWeightSearch.simplexGrid(divisions: 2).weights(bands: 3) }
    let x = Synthetic.gaussian(rows: 20, columns: 5, seed: 1)
    let y = Synthetic.gaussian(rows: 20, columns: 2, seed: 2)
    let fit = try BandedRidgeCV(bands: [0..<2, 2..<5], alphas: [1, 10], search: .simplexGrid(divisions: 5)).fit(x, y)
    #expect(fit.weightsTried.count == 4)
  }
}
