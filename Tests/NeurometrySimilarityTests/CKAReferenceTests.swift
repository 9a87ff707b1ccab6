import Foundation
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// CKA against a numpy implementation of the published formulas (Tests/Fixtures/cka/make_cka.py:
/// Kornblith et al. 2019's reference code, cross-checked there against Song et al. 2012's HSIC
/// formulas), numpy 2.4.6. Relative tolerance 1e-10.
@Suite struct CKAReferenceTests {
  static let cases = ["tall", "wide", "four", "offset", "ties"]

  static func inputs(_ name: String) throws -> (Matrix, Matrix) {
    (try Fixtures.matrix("cka", "\(name)_x"), try Fixtures.matrix("cka", "\(name)_y"))
  }

  static func entry(_ name: String) throws -> [String: Any] {
    (try GeometryFixtures.expected("cka")["cases"] as? [String: Any])?[name] as? [String: Any] ?? [:]
  }

  @Test(arguments: cases, CKAEstimator.allCases)
  func linearCKAInBothFormsMatchesNumpy(name: String, estimator: CKAEstimator) throws {
    let (x, y) = try Self.inputs(name)
    let e = try Self.entry(name)
    let expected = GeometryFixtures.double(e["linear_\(estimator.rawValue)"])
    let hsic = GeometryFixtures.doubles(e["linear_\(estimator.rawValue)_hsic"])
    #expect(hsic.count == 3)
    for form in [CKAForm.feature, .gram, nil] {
      let r = try CKA(kernel: .linear, estimator: estimator, form: form).compare(x, y)
      let what = "\(name) \(estimator) \(form?.rawValue ?? "automatic")"
      assertClose(r.value, expected, rtol: 1e-10, what)
      assertClose(r.angular, acos(expected), rtol: 1e-10, what + " angular")
      assertClose([r.hsic.xy, r.hsic.xx, r.hsic.yy], hsic, rtol: 1e-10, what + " HSIC")
      #expect(r.observations == x.rows)
      if form == nil { #expect(r.form == (x.rows > x.columns + y.columns ? .feature : .gram)) }
    }
  }

  @Test(arguments: cases, CKAEstimator.allCases)
  func rbfCKAMatchesNumpyForEveryBandwidthAndMedian(name: String, estimator: CKAEstimator) throws {
    let (x, y) = try Self.inputs(name)
    let e = try Self.entry(name)
    for median in RBFMedian.allCases {
      guard median != .distancePairs else { continue }  // its own fixture, below
      let key = median == .squaredFull ? "full" : "offdiagonal"
      for f in [0.5, 1.0, 2.0] {
        let r = try CKA(kernel: .rbf, estimator: estimator, bandwidth: f, median: median).compare(x, y)
        let what = "\(name) rbf \(estimator) \(key) f=\(f)"
        assertClose(r.value, GeometryFixtures.double(e["rbf_\(estimator.rawValue)_\(key)_\(f)"]), rtol: 1e-10, what)
        let sigma = GeometryFixtures.doubles(e["rbf_sigma_\(key)_\(f)"])
        assertClose([r.sigmaX ?? .nan, r.sigmaY ?? .nan], sigma, rtol: 1e-10, what + " sigma")
        #expect(r.form == .gram && r.bandwidth == f && r.median == median)
      }
    }
  }

  /// The three bandwidth conventions on cases with an even number of pairs (210, 190), where the
  /// median of squared distances and the median distance differ, and an odd one (231), where they
  /// agree (make_rbf_median_distance.py: `np.median(pdist(X))`).
  @Test(arguments: CKAEstimator.allCases)
  func rbfMedianConventionsMatchNumpy(estimator: CKAEstimator) throws {
    let fixture = try Fixtures.json("cka", "rbf_median_distance.json") as? [String: Any] ?? [:]
    let cases = fixture["cases"] as? [String: [String: Any]] ?? [:]
    #expect(cases.count == 3)
    let keys: [(RBFMedian, String)] = [
      (.squaredFull, "full"), (.squaredPairs, "offdiagonal"), (.distancePairs, "median_distance"),
    ]
    for (name, e) in cases.sorted(by: { $0.key < $1.key }) {
      let x = try Fixtures.matrix("cka", "rbfmed_\(name)_x")
      let y = try Fixtures.matrix("cka", "rbfmed_\(name)_y")
      var sigmas: [RBFMedian: [Double]] = [:]
      for (median, key) in keys {
        for f in [0.5, 1.0, 2.0] {
          let r = try CKA(kernel: .rbf, estimator: estimator, bandwidth: f, median: median).compare(x, y)
          let what = "\(name) \(estimator) \(median.rawValue) f=\(f)"
          assertClose(r.value, GeometryFixtures.double(e["rbf_\(estimator.rawValue)_\(key)_\(f)"]), rtol: 1e-10, what)
          let sigma = [r.sigmaX ?? .nan, r.sigmaY ?? .nan]
          assertClose(sigma, GeometryFixtures.doubles(e["rbf_sigma_\(key)_\(f)"]), rtol: 1e-12, what + " sigma")
          if f == 1 { sigmas[median] = sigma }
        }
      }
      // Even pair counts: the two pair conventions differ beyond rounding; odd: they agree.
      let gap = zip(sigmas[.squaredPairs] ?? [], sigmas[.distancePairs] ?? []).map { abs($0 - $1) / $0 }.max() ?? .nan
      if e["pairs_even"] as? Bool == true {
        #expect(gap > 1e-9, "\(name): \(gap)")
      } else {
        #expect(gap < 1e-14, "\(name): \(gap)")
      }
    }
  }

  @Test func rbfMedianNamesAndAliases() throws {
    #expect(RBFMedian(rawValue: "full") == .squaredFull && RBFMedian(rawValue: "squared-full") == .squaredFull)
    #expect(RBFMedian(rawValue: "off-diagonal") == .squaredPairs && RBFMedian(rawValue: "distance") == .distancePairs)
    #expect(RBFMedian(rawValue: "median") == nil)
    #expect(try CKA().median == .squaredFull)
  }

  @Test(arguments: CKAEstimator.allCases)
  func precomputedKernelsMatchNumpy(estimator: CKAEstimator) throws {
    let k = try Fixtures.matrix("cka", "kern_k")
    let l = try Fixtures.matrix("cka", "kern_l")
    let e = try GeometryFixtures.expected("cka")["precomputed"] as? [String: Any] ?? [:]
    let r = try CKA(kernel: .precomputed, estimator: estimator).compare(k, l)
    assertClose(r.value, GeometryFixtures.double(e[estimator.rawValue]), rtol: 1e-10, "precomputed \(estimator)")
    assertClose(
      [r.hsic.xy, r.hsic.xx, r.hsic.yy], GeometryFixtures.doubles(e["\(estimator.rawValue)_hsic"]), rtol: 1e-10,
      "precomputed \(estimator) HSIC")
  }
}
