import Foundation
import NeurometryData
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

@testable import NeurometrySimilarity

/// Properties of the comparators and transforms on seeded random RDMs.
@Suite struct RDMComparisonPropertyTests {
  /// Squared euclidean RDMs of noisy copies of one pattern set (n conditions).
  static func rdms(_ count: Int, conditions n: Int, seed: UInt64, ties: Bool = false) throws -> RDMs {
    var g = RandomStream(seed: seed)
    let base = Matrix(rows: n, columns: 5, elements: g.gaussians(n * 5))
    let sets = try (0..<count).map { _ -> RDMs in
      let x = base + Matrix(rows: n, columns: 5, elements: g.gaussians(n * 5))
      return try RDMEstimator(method: .euclidean).fit(ResponsePatterns(measurements: x))
    }
    let all = try RDMs.concatenating(sets)
    guard ties else { return all }
    return all.replacing(dissimilarities: all.dissimilarities.map { ($0 * 2).rounded() / 2 })
  }

  /// Kendall counts by the O(q²) definition.
  static func naiveTau(_ x: [Double], _ y: [Double]) -> (a: Double, b: Double) {
    var s = 0
    var tx = 0
    var ty = 0
    let q = x.count
    for i in 0..<q {
      for j in (i + 1)..<q {
        let dx = x[i] < x[j] ? 1 : (x[i] > x[j] ? -1 : 0)
        let dy = y[i] < y[j] ? 1 : (y[i] > y[j] ? -1 : 0)
        s += dx * dy
        if dx == 0 { tx += 1 }
        if dy == 0 { ty += 1 }
      }
    }
    let pairs = q * (q - 1) / 2
    return (Double(s) / Double(pairs), Double(s) / (Double(pairs - tx) * Double(pairs - ty)).squareRoot())
  }

  @Test func inversionCountEqualsTheQuadraticLoopForEveryRunLayout() {
    // Lengths around powers of two exercise both merges: equal runs (merged from both ends)
    // and the short last run (merged from the front).
    var g = RandomStream(seed: 78)
    for n in [1, 2, 3, 5, 7, 8, 9, 16, 31, 33, 64, 100, 255, 256, 257, 1000, 1024, 1537] {
      for levels in [2, 5, n + 1, 4 * n + 3] {
        let a = (0..<n).map { _ in Int32(g.nextInt(below: levels)) }
        var naive = 0
        for i in 0..<n { for j in (i + 1)..<n where a[i] > a[j] { naive += 1 } }
        var sorted = a
        #expect(KendallTau.inversions(&sorted) == naive, "n \(n), levels \(levels)")
        #expect(sorted == a.sorted(), "n \(n), levels \(levels): the merge must also sort")
      }
    }
  }

  /// The integer-key path settles pairs whose keys collide by their exact values: values closer
  /// than (max − min)/2³² (here 1e-12 apart next to an outlier of 1e6), ±0, ties, and a spread so
  /// wide the key scale overflows (−1e308 … 1e308) or underflows (all values within a few ulps).
  @Test func inversionsAndTiesEqualTheQuadraticLoopWhenKeysCollide() {
    var g = RandomStream(seed: 79)
    let cases: [[Double]] = [
      (0..<300).map { _ in 1 + 1e-12 * Double(g.nextInt(below: 50)) } + [1e6, -3],
      (0..<200).map { k in k % 3 == 0 ? 0.0 : (k % 3 == 1 ? -0.0 : Double(g.nextInt(below: 4))) },
      (0..<257).map { _ in [-1e308, 1e308, 0, 1, 2][g.nextInt(below: 5)] },
      (0..<130).map { _ in 1 + Double(g.nextInt(below: 4)) * Double.ulpOfOne },
      (0..<1000).map { _ in g.nextUniform() },
      [5, 5], [2, 1], [],
    ]
    for s in cases {
      var inversions = 0
      var ties = 0
      for i in s.indices {
        for j in s.indices where j > i {
          if s[i] > s[j] { inversions += 1 }
          if s[i] == s[j] { ties += 1 }
        }
      }
      let counted = KendallTau.inversionsAndTies(s)
      #expect(counted.inversions == inversions && counted.ties == ties, "\(s.count) values: \(counted)")
    }
  }

  /// rho-a with a few RDMs on one side walks the many in rank order; it must equal the GEMM of
  /// the two centred-rank matrices on either side and with ties.
  @Test func rankProductsOfFewAgainstManyEqualTheGEMMOfTheRanks() throws {
    let few = try Self.rdms(2, conditions: 12, seed: 21, ties: true).dissimilarities
    let many = try Self.rdms(9, conditions: 12, seed: 22, ties: true).dissimilarities
    for (a, b) in [(few, many), (many, few)] {
      let walked = try RDMComparison.rankProducts(a, b)
      let product = gemm(RDMComparison.centredRanks(a), RDMComparison.centredRanks(b), transposeB: true)
      #expect(walked.rows == a.rows && walked.columns == b.rows)
      #expect(walked.elements == product.elements, "centred ranks are multiples of ½: both sums are exact")
    }
  }

  @Test func mergeSortKendallEqualsTheQuadraticLoopWithTies() {
    var g = RandomStream(seed: 77)
    for (q, levels) in [(2, 2), (3, 3), (17, 4), (64, 1000), (200, 6), (501, 30)] {
      for _ in 0..<5 {
        let x = (0..<q).map { _ in Double(g.nextInt(below: levels)) }
        let y = (0..<q).map { k in Double(g.nextInt(below: levels)) + (k % 3 == 0 ? x[k] : 0) }
        let naive = Self.naiveTau(x, y)
        #expect(KendallTau.tauA(x, y) == naive.a, "q \(q)")
        let prepared = KendallTau.counts(.init(x), .init(y))
        #expect(KendallTau.counts(.init(x), values: y) == prepared, "q \(q): raw-values path")
        #expect(KendallTau.counts(.init(y), values: x).tauA == prepared.tauA, "q \(q): τ is symmetric")
        let b = KendallTau.tauB(x, y)
        if naive.b.isNaN { #expect(b.isNaN) } else { #expect(abs(b - naive.b) <= 1e-14, "q \(q): \(b) vs \(naive.b)") }
      }
    }
    #expect(KendallTau.tauB([1, 1, 1], [1, 2, 3]).isNaN, "a constant vector has no τ_B")
  }

  @Test(arguments: RDMComparator.allCases) func symmetryAndBounds(_ c: RDMComparator) throws {
    let a = try Self.rdms(3, conditions: 7, seed: 1, ties: c == .tauA)
    let b = try Self.rdms(4, conditions: 7, seed: 2)
    let ab = try RDMComparison(c).compare(a, b).values
    let ba = try RDMComparison(c).compare(b, a).values
    assertClose(ab, ba.transposed, rtol: 1e-10, atol: 1e-12, c.rawValue)
    if c.isSimilarity {
      #expect(ab.elements.allSatisfy { $0 >= -1 - 1e-12 && $0 <= 1 + 1e-12 }, "\(c): \(ab.elements)")
    } else {
      #expect(ab.elements.allSatisfy { $0 >= -1e-9 })
    }
    let self_ = try RDMComparison(c).compare(a, a).values
    for i in 0..<a.count {
      if c == .tauA {
        // Ties count 0 in τ_A: an RDM with tied pairs has τ_A < 1 with itself.
        let ties = KendallTau.Prepared(a.vector(i)).tiedPairs
        let pairs = a.pairCount * (a.pairCount - 1) / 2
        assertClose(self_[i, i], Double(pairs - ties) / Double(pairs), rtol: 1e-15, "τ_A of an RDM with itself")
      } else if c.isSimilarity {
        assertClose(self_[i, i], 1, rtol: 0, atol: 1e-12, "\(c) of an RDM with itself")
      } else {
        assertClose(self_[i, i], 0, rtol: 0, atol: 1e-12 * a.dissimilarities.elements.max()!, "\(c) metric to itself")
      }
    }
  }

  @Test func rankComparatorsAreInvariantToMonotoneTransformsAndCorrToAffineOnes() throws {
    let a = try Self.rdms(2, conditions: 9, seed: 3)
    let b = try Self.rdms(3, conditions: 9, seed: 4)
    let warped = a.replacing(dissimilarities: a.dissimilarities.map { Foundation.exp(3 * $0) + 1 })
    let affine = a.replacing(dissimilarities: a.dissimilarities.map { 2.5 * $0 - 7 })
    for c in [RDMComparator.spearman, .rhoA, .tauA, .tauB] {
      assertClose(
        try RDMComparison(c).compare(warped, b).values, try RDMComparison(c).compare(a, b).values, rtol: 1e-12,
        atol: 1e-14, c.rawValue)
    }
    assertClose(
      try RDMComparison(.corr).compare(affine, b).values, try RDMComparison(.corr).compare(a, b).values, rtol: 1e-10,
      atol: 1e-13)
    // Without ties ρ_A is Spearman's ρ.
    assertClose(
      try RDMComparison(.rhoA).compare(a, b).values, try RDMComparison(.spearman).compare(a, b).values, rtol: 1e-12,
      atol: 1e-14)
  }

  @Test func whitenedComparatorsWithIdentityCovarianceAgreeAcrossForms() throws {
    let a = try Self.rdms(2, conditions: 6, seed: 5)
    let b = try Self.rdms(2, conditions: 6, seed: 6)
    for c in [RDMComparator.cosineCov, .corrCov] {
      let identity = try RDMComparison(c).compare(a, b).values
      let full = try RDMComparison(c, patternCovariance: .full(.identity(6))).compare(a, b).values
      let diag = try RDMComparison(c, patternCovariance: .diagonal([Double](repeating: 1, count: 6))).compare(a, b)
      let approx = try RDMComparison(
        c, patternCovariance: .diagonal([Double](repeating: 1, count: 6)), diagonalWhitening: .rsatoolbox
      ).compare(a, b)
      assertClose(full, identity, rtol: 1e-10, atol: 1e-13, c.rawValue)
      assertClose(diag.values, identity, rtol: 1e-10, atol: 1e-13)
      assertClose(approx.values, identity, rtol: 1e-12, atol: 1e-14)
      // Scaling Σ does not change a cosine.
      let scaled = try RDMComparison(c, patternCovariance: .full(3 * Matrix.identity(6))).compare(a, b).values
      assertClose(scaled, identity, rtol: 1e-10, atol: 1e-13)
    }
  }

  @Test func inputsAreNeverModified() throws {
    let a = try Self.rdms(2, conditions: 6, seed: 8)
    let copy = a
    for c in RDMComparator.allCases { _ = try RDMComparison(c).compare(a, a) }
    let transforms: [RDMTransform] = [
      .rank, .sqrt, .positive, .minMax, .geoTopological(try GeoTopologicalTransform(lower: 0.2, upper: 0.5)),
      .geodesic(GeodesicTransform()),
    ]
    for t in transforms { _ = try t.apply(a) }
    #expect(a == copy)
  }
}
