import Foundation
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Metric axioms, invariances and closed forms of the generalized shape metrics (Williams et
/// al. 2021): symmetry, identity, the triangle inequality on many random triples, invariance to
/// the group, α = 0 ⇔ mean canonical correlation, α = 1 ⇔ normalised Bures similarity.
@Suite struct ShapeMetricPropertyTests {
  static func related(_ base: Matrix, width: Int, noise: Double, seed: UInt64) -> Matrix {
    let map = Synthetic.gaussian(rows: base.columns, columns: width, seed: seed)
    return gemm(base, map) + noise * Synthetic.gaussian(rows: base.rows, columns: width, seed: seed + 1)
  }

  static var metrics: [ShapeMetric] {
    var out = [ShapeMetric]()
    for alpha in [0.0, 0.4, 1.0] {
      for score in ShapeScore.allCases {
        for group in ShapeGroup.allCases {
          if let m = try? ShapeMetric(alpha: alpha, score: score, group: group) { out.append(m) }
        }
      }
    }
    return out
  }

  /// The identity group compares unit i with unit i: at α = 1 its angular distance is
  /// arccos(⟨Xc, Yc⟩_F / (‖Xc‖‖Yc‖)) of the centred data; the groups nest (identity ⊂ permutations
  /// ⊂ rotations), so d_orthogonal ≤ d_permutation ≤ d_identity; a permutation of the units is
  /// invisible to the permutation group but not to the identity.
  @Test func identityGroupIsTheUnalignedDistance() throws {
    let x = Synthetic.gaussian(rows: 20, columns: 5, seed: 41)
    let y = x + 0.7 * Synthetic.gaussian(rows: 20, columns: 5, seed: 42)
    let identity = try ShapeMetric(alpha: 1, group: .identity)
    let (xc, yc) = (x.columnCentered, y.columnCentered)
    let cosine =
      dot(xc.elements, yc.elements) / (dot(xc.elements, xc.elements) * dot(yc.elements, yc.elements)).squareRoot()
    assertClose(try identity.distance(x, y).distance, acos(cosine), rtol: 1e-12, "closed form")
    let permuted = x.selectingColumns([3, 0, 4, 1, 2])
    #expect(try identity.distance(x, x).distance < 1e-7)
    #expect(try identity.distance(x, permuted).distance > 0.5)
    #expect(try ShapeMetric(alpha: 1, group: .permutation).distance(x, permuted).distance < 1e-7)
    for alpha in [0.0, 0.5, 1.0] {
      let d = try ShapeGroup.allCases.map { try ShapeMetric(alpha: alpha, group: $0).distance(x, y).distance }
      #expect(d[0] <= d[1] + 1e-12 && d[1] <= d[2] + 1e-12, "α \(alpha): \(d)")
    }
    // Unequal widths: the narrower side is zero-padded, unit i against unit i.
    let narrow = Matrix(rows: 20, columns: 3) { i, j in x[i, j] }
    #expect(try identity.distance(narrow, x).distance > 0)
  }

  @Test func symmetricAndZeroOnIdenticalInputs() throws {
    let base = Synthetic.gaussian(rows: 29, columns: 4, seed: 1)
    let x = Self.related(base, width: 6, noise: 0.5, seed: 2)
    let y = Self.related(base, width: 9, noise: 0.5, seed: 3)
    for m in Self.metrics {
      assertClose(try m.distance(x, y).distance, try m.distance(y, x).distance, rtol: 1e-10, "\(m) symmetry")
      let same = try m.distance(x, x).distance
      #expect(same >= 0 && same < 1e-10 * (m.score == .angular ? 1 : x.frobeniusNorm), "\(m) d(X, X) = \(same)")
      #expect(try m.distance(x, y).distance > 1e-3, "\(m) distinct inputs")
    }
  }

  @Test func triangleInequalityOnManyRandomTriples() throws {
    var checked = 0
    for seed in 0..<60 {
      let s = UInt64(1000 + 10 * seed)
      let n = 12 + seed % 7
      let base = Synthetic.gaussian(rows: n, columns: 3, seed: s)
      // Near and far triples, so that the inequality is sometimes nearly tight.
      let noise = [0.05, 0.5, 3.0][seed % 3]
      let x = Self.related(base, width: 5, noise: noise, seed: s + 1)
      let y = Self.related(base, width: 5, noise: noise, seed: s + 3)
      let z = Self.related(base, width: 5, noise: noise, seed: s + 5)
      for m in Self.metrics {
        let dxy = try m.distance(x, y).distance
        let dyz = try m.distance(y, z).distance
        let dxz = try m.distance(x, z).distance
        for (a, b, c) in [(dxz, dxy, dyz), (dxy, dxz, dyz), (dyz, dxy, dxz)] {
          #expect(a <= b + c + 1e-10 * max(1, a), "\(m) seed \(seed): \(a) > \(b) + \(c)")
        }
        checked += 1
      }
    }
    #expect(checked == 60 * Self.metrics.count)
  }

  @Test func triangleInequalityWithZeroPaddingAtAlphaOne() throws {
    // Padding to a wider P leaves α = 1 distances unchanged, so mixed widths stay metric.
    for seed in 0..<30 {
      let s = UInt64(5000 + 10 * seed)
      let base = Synthetic.gaussian(rows: 15, columns: 3, seed: s)
      let x = Self.related(base, width: 3, noise: 0.3, seed: s + 1)
      let y = Self.related(base, width: 7, noise: 0.3, seed: s + 3)
      let z = Self.related(base, width: 5, noise: 0.3, seed: s + 5)
      for score in ShapeScore.allCases {
        let m = try ShapeMetric(alpha: 1, score: score)
        let (dxy, dyz, dxz) = (
          try m.distance(x, y).distance, try m.distance(y, z).distance, try m.distance(x, z).distance
        )
        #expect(dxz <= dxy + dyz + 1e-10 && dxy <= dxz + dyz + 1e-10 && dyz <= dxy + dxz + 1e-10)
      }
    }
  }

  @Test func invariantToTheGroupAndToTranslation() throws {
    let base = Synthetic.gaussian(rows: 31, columns: 4, seed: 11)
    let x = Self.related(base, width: 6, noise: 0.4, seed: 12)
    let y = Self.related(base, width: 6, noise: 0.4, seed: 13)
    let rotation = try GeometryFixtures.orthogonal(6, seed: 14)
    let permutation = GeometryFixtures.permutation(6, seed: 15)
    let shift = Matrix(rows: 31, columns: 6) { _, j in Double(j) * 7 - 4 }
    for m in Self.metrics {
      let d = try m.distance(x, y).distance
      assertClose(try m.distance(x + shift, y).distance, d, rtol: 1e-9, "\(m) translation")
      guard m.group != .identity else { continue }  // the trivial group: no invariance to test
      let g = m.group == .orthogonal ? rotation : permutation
      assertClose(try m.distance(gemm(x, g), y).distance, d, rtol: 1e-9, "\(m) X·G")
      assertClose(try m.distance(x, gemm(y, g)).distance, d, rtol: 1e-9, "\(m) Y·G")
      if m.group == .permutation && m.alpha == 1 {
        // A general rotation is not a permutation: the permutation distance changes.
        #expect(abs(try m.distance(gemm(x, rotation), y).distance - d) > 1e-3, "\(m)")
      }
    }
  }

  /// Canonical correlations of the column spaces of Xc and Yc.
  static func canonicalCorrelations(_ x: Matrix, _ y: Matrix) throws -> [Double] {
    let qx = try x.columnCentered.svd().u
    let qy = try y.columnCentered.svd().u
    return try gemm(qx, qy, transposeA: true).singularValues()
  }

  @Test func alphaZeroIsTheMeanCanonicalCorrelation() throws {
    for (k, (p, q)) in [(4, 4), (3, 7), (8, 5)].enumerated() {
      let base = Synthetic.gaussian(rows: 40, columns: 3, seed: UInt64(20 + k))
      let x = Self.related(base, width: p, noise: 0.7, seed: UInt64(30 + k))
      let y = Self.related(base, width: q, noise: 0.7, seed: UInt64(40 + k))
      let rho = try Self.canonicalCorrelations(x, y)
      let expected = acos(rho.reduce(0, +) / Double(p * q).squareRoot())
      let m = try ShapeMetric(alpha: 0, score: .angular)
      assertClose(try m.distance(x, y).distance, expected, rtol: 1e-9, "α = 0, widths \(p), \(q)")
      let free = try ShapeMetric(alpha: 0, score: .angular, whitening: .scaleFree)
      assertClose(try free.distance(x, y).distance, expected, rtol: 1e-9, "scale-free α = 0")
    }
  }

  @Test func alphaOneCosineIsTheNormalisedBuresSimilarity() throws {
    for (k, (p, q)) in [(5, 5), (3, 8), (9, 4)].enumerated() {
      let base = Synthetic.gaussian(rows: 10, columns: 3, seed: UInt64(50 + k))
      let x = Self.related(base, width: p, noise: 0.6, seed: UInt64(60 + k))
      let y = Self.related(base, width: q, noise: 0.6, seed: UInt64(70 + k))
      // NBS(K, L) = tr((K^½ L K^½)^½) / √(tr K · tr L), K = Xc·Xcᵀ, L = Yc·Ycᵀ (n×n).
      let kk = gram(x.columnCentered, side: .rows)
      let ll = gram(y.columnCentered, side: .rows)
      let root = try kk.psdSquareRoot()
      let inner = gemm(gemm(root, ll), root).symmetrized
      // K^½ L K^½ has rank ≤ min(p, q) < n: its zero eigenvalues come out as ±rounding, whose
      // square roots (~1e-8·√λmax) would swamp the comparison, so they are dropped.
      let eigenvalues = try inner.symmetricEigenvalues()
      let floor = 1e-12 * (eigenvalues.last ?? 0)
      let fidelity = eigenvalues.filter { $0 > floor }.reduce(0) { $0 + $1.squareRoot() }
      let nbs = fidelity / (kk.trace * ll.trace).squareRoot()
      let d = try ShapeMetric(alpha: 1, score: .angular).distance(x, y).distance
      assertClose(cos(d), nbs, rtol: 1e-8, "α = 1, widths \(p), \(q)")
    }
  }

  @Test func scaleFreeWhiteningRemovesNetrepsScaleDependence() throws {
    let base = Synthetic.gaussian(rows: 35, columns: 4, seed: 80)
    let x = Self.related(base, width: 5, noise: 0.5, seed: 81)
    let y = Self.related(base, width: 6, noise: 0.5, seed: 82)
    let netrep = try ShapeMetric(alpha: 0.5)
    let free = try ShapeMetric(alpha: 0.5, whitening: .scaleFree)
    // netrep's whitening mixes α with λ^(-1/2) of XcᵀXc, so scaling X changes the distance.
    #expect(abs(try netrep.distance(100 * x, y).distance - netrep.distance(x, y).distance) > 1e-3)
    assertClose(try free.distance(100 * x, y).distance, try free.distance(x, y).distance, rtol: 1e-10)
    assertClose(try free.distance(x, 0.001 * y).distance, try free.distance(x, y).distance, rtol: 1e-10)
    // Both agree at α = 1 (no whitening).
    assertClose(
      try ShapeMetric(alpha: 1, whitening: .scaleFree).distance(x, y).distance,
      try ShapeMetric(alpha: 1).distance(x, y).distance, rtol: 1e-12)
  }

  @Test func euclideanDistanceScalesWithTheDataAtAlphaOne() throws {
    let base = Synthetic.gaussian(rows: 20, columns: 3, seed: 90)
    let x = Self.related(base, width: 4, noise: 0.5, seed: 91)
    let y = Self.related(base, width: 4, noise: 0.5, seed: 92)
    let m = try ShapeMetric(alpha: 1, score: .euclidean)
    assertClose(try m.distance(3 * x, 3 * y).distance, 3 * (try m.distance(x, y).distance), rtol: 1e-10)
  }

  @Test func pairwiseEqualsSeparateDistancesAndCrossValidationOnTrainingData() throws {
    let base = Synthetic.gaussian(rows: 25, columns: 3, seed: 100)
    let nets = [4, 6, 5, 6].enumerated().map { k, w in Self.related(base, width: w, noise: 0.5, seed: UInt64(101 + k)) }
    for m in Self.metrics {
      let r = try m.pairwiseDistances(nets, test: nets)
      for i in 0..<4 {
        #expect(r.distances[i][i] == 0)
        for j in 0..<4 where j != i {
          let d = try m.distance(nets[i], nets[j]).distance
          assertClose(r.distances[i][j], d, rtol: 1e-12, "\(m) (\(i), \(j))")
          assertClose(r.distances[j][i], d, rtol: 1e-12)
          // Scoring the training data as test data gives the training distance.
          assertClose(r.testDistances?[i][j] ?? .nan, d, rtol: 1e-9, "\(m) CV on training data (\(i), \(j))")
        }
      }
    }
  }

  @Test func fittedMapsAreOrthogonalAfterWhiteningAndInputsUnchanged() throws {
    let x = Synthetic.gaussian(rows: 18, columns: 4, seed: 110)
    let y = Synthetic.gaussian(rows: 18, columns: 6, seed: 111)
    let (x0, y0) = (x, y)
    let fit = try ShapeMetric(alpha: 1).fit(x, y)
    #expect(fit.paddedWidth == 6 && fit.wx.rows == 6 && fit.wy.columns == 6)
    assertClose(gemm(fit.wx, fit.wx, transposeA: true), Matrix.identity(6), atol: 1e-12)
    assertClose(gemm(fit.wy, fit.wy, transposeA: true), Matrix.identity(6), atol: 1e-12)
    #expect(x == x0 && y == y0)
  }
}
