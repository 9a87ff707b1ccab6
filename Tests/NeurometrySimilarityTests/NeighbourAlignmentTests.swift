import Foundation
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Mutual k-NN alignment and CKNNA against platonic-rep's metrics.py (Tests/Fixtures/neighbours,
/// float64), and their mathematics: symmetry, identity, invariances, chance level, bad input.
@Suite struct NeighbourAlignmentTests {
  @Test func matchesPlatonicRep() throws {
    let reference = try #require(try Fixtures.json("neighbours", "neighbours_reference.json") as? [String: Any])
    let cases = try #require(reference["cases"] as? [[String: Any]])
    #expect(cases.count == 5)
    for c in cases {
      let name = try #require(c["name"] as? String)
      let k = try #require(c["k"] as? Int)
      let (x, y) = (try Fixtures.matrix("neighbours", "\(name)_a"), try Fixtures.matrix("neighbours", "\(name)_b"))
      let alignment = NeighbourAlignment(k: k)
      assertClose(
        [try alignment.mutualKNN(x, y)], [GeometryFixtures.double(c["mutual_knn"])], rtol: 1e-14, "\(name) mutual k-NN")
      for (unbiased, key) in [(true, "cknna"), (false, "cknna_biased")] {
        let r = try alignment.cknna(x, y, unbiased: unbiased)
        // The reference's expression, with its 1e-6 in the denominator, rebuilt from the terms.
        let theirs = r.hsicXY / ((r.hsicXX * r.hsicYY).squareRoot() + 1e-6)
        assertClose([theirs], [GeometryFixtures.double(c[key])], rtol: 1e-10, "\(name) \(key)")
        assertClose([r.value], [r.hsicXY / (r.hsicXX * r.hsicYY).squareRoot()], rtol: 0, "\(name) \(key) value")
      }
      let swapped = try alignment.cknna(y, x)
      assertClose(
        [swapped.hsicXY / ((swapped.hsicXX * swapped.hsicYY).squareRoot() + 1e-6)],
        [GeometryFixtures.double(c["cknna_swapped"])], rtol: 1e-10, "\(name) CKNNA of B against A")
    }
  }

  @Test func symmetryIdentityAndInvariances() throws {
    let x = Synthetic.gaussian(rows: 30, columns: 8, seed: 1)
    var y = gemm(x, Synthetic.gaussian(rows: 8, columns: 5, seed: 2))
    y.withUnsafeMutableBufferPointer { b in
      let noise = Synthetic.gaussian(rows: 30, columns: 5, seed: 3)
      noise.withUnsafeBufferPointer { e in for i in 0..<b.count { b[i] += 0.7 * e[i] } }
    }
    let (x0, y0) = (x, y)
    let a = NeighbourAlignment(k: 4)
    let m = try a.mutualKNN(x, y)
    let c = try a.cknna(x, y).value
    #expect(m > 0 && m < 1 && c > 0 && c < 1, "\(m) \(c)")
    // Mutual k-NN is symmetric; CKNNA is not quite (its masked kernels are not symmetric, and the
    // unbiased HSIC's 1ᵀÃB̃1 depends on the order; the reference's too, see the fixture), but the
    // HSIC of the pair is, and so is the biased form.
    #expect(try a.mutualKNN(y, x) == m)
    let (forward, backward) = (try a.cknna(x, y), try a.cknna(y, x))
    #expect(forward.value != backward.value)
    assertClose([backward.hsicXX, backward.hsicYY], [forward.hsicYY, forward.hsicXX], rtol: 1e-12, "own terms swap")
    assertClose(
      [try a.cknna(y, x, unbiased: false).value], [try a.cknna(x, y, unbiased: false).value], rtol: 1e-12,
      "biased CKNNA symmetric")
    // Identity.
    #expect(try a.mutualKNN(x, x) == 1)
    assertClose([try a.cknna(x, x).value], [1], rtol: 1e-12, "CKNNA of X with itself")
    // Rotations and uniform scaling of either side; permuting the stimuli of both alike.
    let q = try GeometryFixtures.orthogonal(8, seed: 4)
    let rotated = gemm(x, q).map { 2.5 * $0 }
    #expect(try a.mutualKNN(rotated, y) == m)
    assertClose([try a.cknna(rotated, y).value], [c], rtol: 1e-10, "CKNNA rotated and scaled")
    let p = GeometryFixtures.permutation(30, seed: 5)
    #expect(try a.mutualKNN(gemm(p, x), gemm(p, y)) == m)
    assertClose([try a.cknna(gemm(p, x), gemm(p, y)).value], [c], rtol: 1e-10, "CKNNA stimuli permuted")
    // Not invariant to an invertible non-orthogonal map (a claim the measures do not make): the
    // neighbours of a strongly stretched X differ.
    let stretch = Matrix(rows: 8, columns: 8) { i, j in i == j ? (i == 0 ? 30 : 1) : 0 }
    #expect(try a.mutualKNN(gemm(x, stretch), y) != m)
    #expect(x == x0 && y == y0)
  }

  /// Unrelated representations share about k/(n − 1) of their neighbours.
  @Test func chanceLevel() throws {
    let (n, k) = (300, 10)
    let a = NeighbourAlignment(k: k)
    let m = try a.mutualKNN(
      Synthetic.gaussian(rows: n, columns: 20, seed: 7), Synthetic.gaussian(rows: n, columns: 20, seed: 8))
    #expect(abs(m - Double(k) / Double(n - 1)) < 0.03, "\(m)")
  }

  @Test func badInputIsRefused() {
    let x = Synthetic.gaussian(rows: 6, columns: 3, seed: 1)
    let y = Synthetic.gaussian(rows: 5, columns: 3, seed: 2)
    #expect(
      errorMessage { _ = try NeighbourAlignment(k: 2).mutualKNN(x, y) }
        == "mutual k-NN: X has 6 stimuli (rows) but Y has 5")
    #expect(
      errorMessage { _ = try NeighbourAlignment(k: 6).mutualKNN(x, x) }
        == "mutual k-NN: k must be between 1 and 5 for 6 stimuli, got 6")
    #expect(
      errorMessage { _ = try NeighbourAlignment(k: 1).cknna(x, x) }
        == "CKNNA: k must be between 2 and 5 for 6 stimuli, got 1")
    var bad = x
    bad[2, 1] = .nan
    #expect(errorMessage { _ = try NeighbourAlignment(k: 2).cknna(x, bad) } == "CKNNA: Y has NaN or infinite values")
    let three = Synthetic.gaussian(rows: 3, columns: 2, seed: 3)
    #expect(
      errorMessage { _ = try NeighbourAlignment(k: 2).cknna(three, three) }
        == "CKNNA: the unbiased HSIC needs at least 4 stimuli, got 3")
  }
}
