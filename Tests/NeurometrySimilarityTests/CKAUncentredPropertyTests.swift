import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

@testable import NeurometrySimilarity

/// The copy-free feature-space path of linear CKA (rank-one mean correction) against centring.
@Suite struct CKAUncentredPropertyTests {
  @Test(arguments: [CKAEstimator.biased, .debiased]) func equalsTheCentredComputationWhenMeansAreSmall(
    _ estimator: CKAEstimator
  ) throws {
    // Odd shapes, n > p + q (feature form), means up to half a standard deviation.
    let x = Synthetic.gaussian(rows: 301, columns: 17, seed: 1).subtractingFromColumns(
      (0..<17).map { -0.03 * Double($0) })
    let y = Synthetic.gaussian(rows: 301, columns: 5, seed: 2).subtractingFromColumns([0.5, -0.2, 0, 0.1, -0.4])
    let cka = try CKA(estimator: estimator, form: .feature)
    guard let fast = cka.uncentredFeatureStatistics(x, y) else {
      Issue.record("small means must take the copy-free path")
      return
    }
    let centred = KernelMatrices.centered([x, y])
    let norms = estimator == .debiased ? centred.rowSquaredNorms(split: 17) : ([], [])
    let slow = cka.featureSpaceStatistics(centred.matrix, p: 17, q: 5, rowNorms: norms)
    for (a, b, what) in [
      (fast.values.xy, slow.xy, "xy"), (fast.values.xx, slow.xx, "xx"), (fast.values.yy, slow.yy, "yy"),
    ] {
      #expect(abs(a - b) <= 1e-12 * abs(b), "\(what): \(a) vs \(b)")
    }
    #expect(try cka.compare(x, y).value == cka.compare(x, y).value)
  }

  @Test func largeOffsetsConstantColumnsAndNaNTakeTheCentringPath() throws {
    let cka = try CKA(form: .feature)
    let x = Synthetic.gaussian(rows: 200, columns: 6, seed: 3)
    let y = Synthetic.gaussian(rows: 200, columns: 4, seed: 4)
    #expect(cka.uncentredFeatureStatistics(x.subtractingFromColumns([Double](repeating: 1e3, count: 6)), y) == nil)
    var constant = x
    for i in 0..<200 { constant[i, 2] = 0 }
    #expect(cka.uncentredFeatureStatistics(constant, y) == nil)
    var holes = x
    holes[7, 1] = .nan
    #expect(cka.uncentredFeatureStatistics(holes, y) == nil)
    #expect(throws: NeurometryError.self) { _ = try cka.compare(holes, y) }
    // With an offset the centring path gives CKA's translation invariance exactly as before.
    let shifted = try cka.compare(x.subtractingFromColumns([Double](repeating: 1e3, count: 6)), y).value
    #expect(abs(shifted - (try cka.compare(x, y).value)) <= 1e-9)
  }
}
