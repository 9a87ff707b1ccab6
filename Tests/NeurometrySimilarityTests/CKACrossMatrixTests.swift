import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// `CKA.crossMatrix` (many representations against a few) equals `compare` pair by pair, for every
/// kernel, estimator and form, and marks an undefined CKA as NaN.
@Suite struct CKACrossMatrixTests {
  @Test func equalsPairwiseCompare() throws {
    let xs = [(13, 4), (13, 30), (13, 7)].enumerated().map { k, shape in
      Synthetic.gaussian(rows: shape.0, columns: shape.1, seed: UInt64(10 + k))
    }
    let ys = [Synthetic.gaussian(rows: 13, columns: 5, seed: 3), Synthetic.gaussian(rows: 13, columns: 21, seed: 4)]
    var cases = 0
    for kernel in [CKAKernel.linear, .rbf] {
      for estimator in CKAEstimator.allCases {
        for form in kernel == .linear ? [CKAForm?.none, .feature, .gram] : [nil] {
          let cka = try CKA(kernel: kernel, estimator: estimator, bandwidth: 0.8, form: form)
          let m = try cka.crossMatrix(xs, ys)
          #expect(m.count == 3 && m.allSatisfy { $0.count == 2 })
          for i in xs.indices {
            for j in ys.indices {
              let v = try cka.compare(xs[i], ys[j]).value
              assertClose(
                [m[i][j]], [v], rtol: 1e-12, atol: 1e-14, "\(kernel) \(estimator) \(String(describing: form))")
            }
          }
          cases += 1
        }
      }
    }
    #expect(cases == 8)
    // Precomputed kernels: the Grams give linear CKA.
    let grams = try CKA(kernel: .precomputed).crossMatrix(
      xs.map { gram($0, side: .rows) }, ys.map { gram($0, side: .rows) })
    let direct = try CKA().crossMatrix(xs, ys)
    assertClose(grams.flatMap { $0 }, direct.flatMap { $0 }, rtol: 1e-12)
    // A constant representation: NaN, the others defined.
    let constant = Matrix(rows: 13, columns: 3, repeating: 2)
    let withConstant = try CKA().crossMatrix([constant, xs[0]], ys)
    #expect(withConstant[0].allSatisfy { $0.isNaN })
    #expect(withConstant[1].allSatisfy { !$0.isNaN })
  }
}
