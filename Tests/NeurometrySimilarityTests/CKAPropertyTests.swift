import Foundation
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Invariances and identities of CKA (Kornblith et al. 2019, §3): invariant to orthogonal
/// transforms and isotropic scaling, not to general invertible linear maps (linear kernel).
@Suite struct CKAPropertyTests {
  /// Y correlated with X, both with odd shapes; n > p + q and n ≤ p + q variants.
  static func pair(n: Int, p: Int, q: Int, seed: UInt64) -> (Matrix, Matrix) {
    let x = Synthetic.gaussian(rows: n, columns: p, seed: seed)
    let w = Synthetic.gaussian(rows: p, columns: q, seed: seed + 1)
    let noise = Synthetic.gaussian(rows: n, columns: q, seed: seed + 2)
    return (x, gemm(x, w) + 0.8 * noise)
  }

  static let shapes: [(Int, Int, Int)] = [(41, 7, 13), (11, 19, 5), (6, 2, 3), (64, 3, 30)]

  static var configurations: [CKA] {
    var out = [CKA]()
    for estimator in CKAEstimator.allCases {
      for form in [CKAForm.feature, .gram] {
        if let c = try? CKA(kernel: .linear, estimator: estimator, form: form) { out.append(c) }
      }
      for median in RBFMedian.allCases {
        if let c = try? CKA(kernel: .rbf, estimator: estimator, bandwidth: 0.8, median: median) { out.append(c) }
      }
    }
    return out
  }

  @Test func symmetricAndOneForIdenticalInputs() throws {
    for (k, (n, p, q)) in Self.shapes.enumerated() {
      let (x, y) = Self.pair(n: n, p: p, q: q, seed: UInt64(10 + k))
      for c in Self.configurations {
        let xy = try c.compare(x, y).value
        let yx = try c.compare(y, x).value
        assertClose(xy, yx, rtol: 1e-12, "\(c) symmetry \(n)×\(p),\(q)")
        assertClose(try c.compare(x, x).value, 1, rtol: 1e-12, "\(c) CKA(X, X)")
        #expect(try c.compare(x, x).angular < 2e-7)
        if c.estimator == .biased { #expect(xy >= 0 && xy <= 1 + 1e-12) }
      }
    }
  }

  @Test func invariantToOrthogonalTransformsAndIsotropicScaling() throws {
    for (k, (n, p, q)) in Self.shapes.enumerated() {
      let (x, y) = Self.pair(n: n, p: p, q: q, seed: UInt64(20 + k))
      let qx = try GeometryFixtures.orthogonal(p, seed: UInt64(30 + k))
      let qy = try GeometryFixtures.orthogonal(q, seed: UInt64(40 + k))
      let shift = Matrix(rows: n, columns: p, repeating: 3.5)
      for c in Self.configurations {
        let base = try c.compare(x, y).value
        assertClose(try c.compare(gemm(x, qx), y).value, base, rtol: 1e-10, "\(c) XQ")
        assertClose(try c.compare(x, gemm(y, qy)).value, base, rtol: 1e-10, "\(c) YQ")
        assertClose(try c.compare(7.25 * x, 0.01 * y).value, base, rtol: 1e-10, "\(c) scaling")
        assertClose(try c.compare(x + shift, y).value, base, rtol: 1e-10, "\(c) translation")
      }
    }
  }

  @Test func linearCKAIsNotInvariantToGeneralLinearMaps() throws {
    let (x, y) = Self.pair(n: 50, p: 6, q: 4, seed: 77)
    // An invertible but strongly anisotropic map: CKA must change (it is invariant only to
    // orthogonal maps and isotropic scaling).
    let a = gemm(
      try GeometryFixtures.orthogonal(6, seed: 78), Matrix.diagonal([30, 5, 1, 0.2, 0.05, 0.01]))
    for estimator in CKAEstimator.allCases {
      let c = try CKA(kernel: .linear, estimator: estimator)
      let base = try c.compare(x, y).value
      let mapped = try c.compare(gemm(x, a), y).value
      #expect(abs(base - mapped) > 0.02, "\(estimator): \(base) vs \(mapped)")
    }
  }

  @Test func featureAndGramFormsAgreeOnOddShapes() throws {
    for (k, (n, p)) in Synthetic.oddShapes.enumerated() where n >= 4 {
      let (x, y) = Self.pair(n: n, p: p, q: 3, seed: UInt64(50 + k))
      for estimator in CKAEstimator.allCases {
        let f = try CKA(estimator: estimator, form: .feature).compare(x, y)
        let g = try CKA(estimator: estimator, form: .gram).compare(x, y)
        assertClose(f.value, g.value, rtol: 1e-10, "\(n)×\(p) \(estimator)")
        assertClose([f.hsic.xy, f.hsic.xx, f.hsic.yy], [g.hsic.xy, g.hsic.xx, g.hsic.yy], rtol: 1e-9)
      }
    }
  }

  @Test func precomputedLinearKernelsEqualLinearCKA() throws {
    let (x, y) = Self.pair(n: 23, p: 5, q: 9, seed: 90)
    for estimator in CKAEstimator.allCases {
      let linear = try CKA(kernel: .linear, estimator: estimator).compare(x, y).value
      let k = gram(x, side: .rows)  // uncentred: the precomputed path centres
      let l = gram(y, side: .rows)
      let pre = try CKA(kernel: .precomputed, estimator: estimator).compare(k, l).value
      assertClose(pre, linear, rtol: 1e-10, "\(estimator)")
    }
  }

  @Test func rbfWithWideBandwidthApproachesLinearCKA() throws {
    // exp(−d²/2σ²) ≈ 1 − d²/2σ² as σ → ∞, and centred −d²/2 is the centred linear kernel.
    let (x, y) = Self.pair(n: 30, p: 4, q: 5, seed: 91)
    let linear = try CKA(kernel: .linear).compare(x, y).value
    let rbf = try CKA(kernel: .rbf, bandwidth: 1e4).compare(x, y).value
    assertClose(rbf, linear, rtol: 1e-6)
  }

  @Test func angularIsArccosAndInputsAreUnchanged() throws {
    let (x, y) = Self.pair(n: 12, p: 3, q: 4, seed: 92)
    let (x0, y0) = (x, y)
    let r = try CKA(kernel: .rbf, estimator: .debiased, bandwidth: 0.5).compare(x, y)
    #expect(r.angular == acos(min(max(r.value, -1), 1)))
    #expect(x == x0 && y == y0)
  }
}
