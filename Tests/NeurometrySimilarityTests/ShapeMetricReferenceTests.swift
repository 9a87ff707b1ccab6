import Foundation
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Shape metrics against netrep at commit 0186b8a77ec1 (Tests/Fixtures/shape/make_shape.py;
/// numpy 2.4.6, scipy 1.17.1, scikit-learn 1.9.1): `LinearMetric` for α ∈ {0, 0.3, 0.5, 1},
/// `PermutationMetric`, with and without centring, angular and Euclidean, equal and unequal
/// widths (zero padding), fewer stimuli than units, large offsets and scales; training and
/// held-out scores; `multiset.pairwise_distances`; `whiten`. Relative tolerance 1e-10 (absolute
/// 1e-11 where the distance is 0: netrep's arccos clips to exactly 0, Neurometry's accurate path
/// returns the rounding-level angle).
///
/// "fewrows" has 12 stimuli for 20 and 15 units: φ(X)ᵀφ(Y) has rank ≤ 11, so the optimal
/// rotation is not unique and held-out scores depend on which one an SVD returns (netrep's and
/// ours differ by up to 20% there). Only its training distances, which are unique, are compared.
@Suite struct ShapeMetricReferenceTests {
  static let pairs = ["equal", "padded", "fewrows", "scaled"]
  static let alphas = [0.0, 0.3, 0.5, 1.0]

  static func data(_ name: String) throws -> (x: Matrix, y: Matrix, xt: Matrix, yt: Matrix) {
    (
      try Fixtures.matrix("shape", "\(name)_x"), try Fixtures.matrix("shape", "\(name)_y"),
      try Fixtures.matrix("shape", "\(name)_xt"), try Fixtures.matrix("shape", "\(name)_yt")
    )
  }

  static func expected(_ group: String, _ name: String, _ key: String) throws -> [Double] {
    let e = try GeometryFixtures.expected("shape")[group] as? [String: Any]
    return GeometryFixtures.doubles((e?[name] as? [String: Any])?[key])
  }

  static func pythonKey(_ alpha: Double, _ center: Bool, _ score: ShapeScore) -> String {
    "\(alpha)_\(center ? "True" : "False")_\(score.rawValue)"
  }

  @Test(arguments: pairs, alphas)
  func linearMetricMatchesNetrep(name: String, alpha: Double) throws {
    let d = try Self.data(name)
    for center in [true, false] {
      for score in ShapeScore.allCases {
        let expected = try Self.expected("linear", name, Self.pythonKey(alpha, center, score))
        #expect(expected.count == 2)
        let metric = try ShapeMetric(alpha: alpha, score: score, centerColumns: center)
        let what = "\(name) α=\(alpha) center=\(center) \(score)"
        let atol = expected[0] == 0 ? 1e-11 : 0
        assertClose(try metric.distance(d.x, d.y).distance, expected[0], rtol: 1e-10, atol: atol, what + " train")
        if name == "fewrows" {
          let fit = try metric.fit(d.x, d.y)
          assertClose(try fit.score(d.x, d.y), expected[0], rtol: 1e-10, atol: atol, what + " fit")
          continue
        }
        let cv = try metric.crossValidatedDistance(train: (d.x, d.y), test: (d.xt, d.yt))
        assertClose([cv.distance, cv.testDistance ?? .nan], expected, rtol: 1e-10, what + " cross-validated")
        let fit = try metric.fit(d.x, d.y)
        assertClose([try fit.score(d.x, d.y), try fit.score(d.xt, d.yt)], expected, rtol: 1e-10, what + " fit")
      }
    }
  }

  @Test(arguments: pairs)
  func permutationMetricMatchesNetrep(name: String) throws {
    let d = try Self.data(name)
    for center in [true, false] {
      for score in ShapeScore.allCases {
        let key = "\(center ? "True" : "False")_\(score.rawValue)"
        let expected = try Self.expected("permutation", name, key)
        let metric = try ShapeMetric(alpha: 1, score: score, group: .permutation, centerColumns: center)
        let what = "\(name) permutation center=\(center) \(score)"
        let cv = try metric.crossValidatedDistance(train: (d.x, d.y), test: (d.xt, d.yt))
        assertClose([cv.distance, cv.testDistance ?? .nan], expected, rtol: 1e-10, what)
        let fit = try metric.fit(d.x, d.y)
        assertClose([try fit.score(d.x, d.y), try fit.score(d.xt, d.yt)], expected, rtol: 1e-10, what + " fit")
      }
    }
  }

  @Test(arguments: pairs)
  func whiteningMatrixMatchesNetrepWhiten(name: String) throws {
    let x = try Self.data(name).x
    for alpha in Self.alphas where alpha < 1 {
      let expected = try Fixtures.matrix("shape", "white_\(name)_\(alpha)")
      let z = try ShapeMetric(alpha: alpha).prepare(x).whiteningMatrix()
      // Z has entries up to 1/√1e-7 ≈ 3162 for clipped eigenvalues: compare relative to its size.
      let scale = expected.elements.map(abs).max() ?? 1
      assertClose(z, expected, rtol: 1e-9, atol: 1e-10 * scale, "\(name) α=\(alpha)")
    }
  }

  @Test func pairwiseDistancesMatchNetrepMultiset() throws {
    let nets = try (0..<5).map { try Fixtures.matrix("shape", "nets_\($0)") }
    let tests = try (0..<5).map { try Fixtures.matrix("shape", "nets_test_\($0)") }
    let e = try GeometryFixtures.expected("shape")["pairwise"] as? [String: Any] ?? [:]
    var cases: [(String, ShapeMetric)] = []
    for alpha in [0.0, 0.5, 1.0] {
      for score in ShapeScore.allCases {
        cases.append(("linear_\(alpha)_\(score.rawValue)", try ShapeMetric(alpha: alpha, score: score)))
      }
    }
    for score in ShapeScore.allCases {
      cases.append(("permutation_\(score.rawValue)", try ShapeMetric(score: score, group: .permutation)))
    }
    for (key, metric) in cases {
      let expected = e[key] as? [Any] ?? []
      #expect(expected.count == 2, "\(key)")
      let r = try metric.pairwiseDistances(nets, test: tests)
      assertClose(r.distances.flatMap { $0 }, GeometryFixtures.doubles(expected.first), rtol: 1e-10, key + " train")
      assertClose(
        (r.testDistances ?? []).flatMap { $0 }, GeometryFixtures.doubles(expected.last), rtol: 1e-10, key + " test")
      #expect(r.widths == [6, 4, 8, 6, 5])
      // Without test data, the same training distances.
      let untested = try metric.pairwiseDistances(nets)
      assertClose(untested.distances.flatMap { $0 }, r.distances.flatMap { $0 }, rtol: 1e-12, key)
      #expect(untested.testDistances == nil)
    }
  }
}
