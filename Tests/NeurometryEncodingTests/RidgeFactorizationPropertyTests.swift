import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

@testable import NeurometryEncoding

/// The Gram-matrix path of the primal factorisation against QR + SVD, and its conditioning rule.
@Suite struct RidgeFactorizationPropertyTests {
  /// Ridge predictions X_new·β(α) from a factorisation, for one α.
  static func predictions(_ f: RidgeFactorization, _ xNew: Matrix, _ y: Matrix, alpha: Double) -> Matrix {
    gemm(f.projection(of: xNew).scalingColumns(by: f.gains(alpha)), f.project(targets: y))
  }

  @Test func gramPathEqualsQRAndSVDWhenWellConditioned() throws {
    // Tall, odd shapes; κ_α well below the limit.
    for (n, p, t) in [(61, 23, 7), (250, 180, 3)] {
      let x = Synthetic.gaussian(rows: n, columns: p, seed: UInt64(n))
      let y = Synthetic.gaussian(rows: n, columns: t, seed: UInt64(n + 1))
      let xNew = Synthetic.gaussian(rows: 9, columns: p, seed: UInt64(n + 2))
      let alpha = 0.5 * Double(n)
      let viaGram = try RidgeFactorization(x, form: .primal, smallestPenalty: alpha)
      let viaSVD = try RidgeFactorization(x, form: .primal)
      #expect(viaGram.throughGram && !viaSVD.throughGram)
      for a in [alpha, 3 * alpha, 100 * alpha] {
        assertClose(
          Self.predictions(viaGram, xNew, y, alpha: a), Self.predictions(viaSVD, xNew, y, alpha: a), rtol: 1e-11,
          "n \(n), p \(p), α \(a)")
      }
      // Leave-one-out leverages: diag(B·diag(h)·Bᵀ) agree too.
      let hg = viaGram.hatWeights(alpha)
      let hs = viaSVD.hatWeights(alpha)
      for i in [0, n / 2, n - 1] {
        let lg = (0..<viaGram.rank).reduce(0.0) { $0 + viaGram.basis[i, $1] * viaGram.basis[i, $1] * hg[$1] }
        let ls = (0..<viaSVD.rank).reduce(0.0) { $0 + viaSVD.basis[i, $1] * viaSVD.basis[i, $1] * hs[$1] }
        #expect(abs(lg - ls) <= 1e-12, "leverage of sample \(i): \(lg) vs \(ls)")
      }
    }
  }

  @Test func illConditionedOrRankDeficientProblemsUseQRAndSVD() throws {
    // Rank deficient: a duplicated column makes λ_min = 0, so κ_α = (λ_max + α)/α is huge for small α.
    var x = Synthetic.gaussian(rows: 80, columns: 30, seed: 4)
    for i in 0..<80 { x[i, 29] = x[i, 0] }
    #expect(!(try RidgeFactorization(x, form: .primal, smallestPenalty: 1e-3)).throughGram)
    // A large enough α keeps the regularised problem well conditioned: the Gram path is exact enough.
    let f = try RidgeFactorization(x, form: .primal, smallestPenalty: 10)
    #expect(f.throughGram)
    let y = Synthetic.gaussian(rows: 80, columns: 2, seed: 5)
    assertClose(
      Self.predictions(f, x, y, alpha: 10), Self.predictions(try RidgeFactorization(x, form: .primal), x, y, alpha: 10),
      rtol: 1e-11, "rank-deficient X, α = 10")
    // Wide X never takes it (the dual or plain SVD forms apply).
    #expect(!(try RidgeFactorization(x.transposed, form: .primal, smallestPenalty: 10)).throughGram)
  }
}
