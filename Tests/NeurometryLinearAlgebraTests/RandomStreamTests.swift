import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

@Suite struct RandomStreamTests {
  func expected(_ key: String) throws -> [UInt64] {
    let json = try #require(try Fixtures.json("random", "expected.json") as? [String: [String]])
    return try #require(json[key]).compactMap { UInt64($0) }
  }

  @Test func xoshiroMatchesTheReferenceCode() throws {
    var g = RandomStream(state: (1, 2, 3, 4))
    let ours = (0..<10).map { _ in g.next() }
    #expect(ours == (try expected("xoshiro256starstar_state_1_2_3_4")))
  }

  @Test func splitMixMatchesTheReferenceCode() throws {
    for (seed, key) in [(UInt64(0), "splitmix64_seed_0"), (1_234_567, "splitmix64_seed_1234567")] {
      var s = seed
      let ours = (0..<5).map { _ in RandomStream.splitMix64(&s) }
      #expect(ours == (try expected(key)))
    }
  }

  @Test func streamsAreReproducibleAndDistinct() {
    var a = RandomStream(seed: 42, stream: 7)
    var b = RandomStream(seed: 42, stream: 7)
    var c = RandomStream(seed: 42, stream: 8)
    var d = RandomStream(seed: 43, stream: 7)
    let xa = (0..<100).map { _ in a.next() }
    #expect(xa == (0..<100).map { _ in b.next() })
    #expect(xa != (0..<100).map { _ in c.next() })
    #expect(xa != (0..<100).map { _ in d.next() })
  }

  @Test func uniformAndGaussianMomentsAreRight() {
    var g = RandomStream(seed: 2024)
    let n = 200_000
    let u = (0..<n).map { _ in g.nextUniform() }
    #expect(u.allSatisfy { $0 >= 0 && $0 < 1 })
    let mean = u.reduce(0, +) / Double(n)
    #expect(abs(mean - 0.5) < 4 * (1.0 / 12).squareRoot() / Double(n).squareRoot())
    let z = g.gaussians(n)
    let zm = z.reduce(0, +) / Double(n)
    let zv = z.map { ($0 - zm) * ($0 - zm) }.reduce(0, +) / Double(n - 1)
    #expect(abs(zm) < 4 / Double(n).squareRoot())
    #expect(abs(zv - 1) < 4 * (2.0 / Double(n)).squareRoot())
  }

  @Test func integersAreUnbiasedAndInRange() {
    var g = RandomStream(seed: 9)
    let n = 7
    var counts = [Int](repeating: 0, count: n)
    let draws = 70_000
    for _ in 0..<draws { counts[g.nextInt(below: n)] += 1 }
    // χ² with 6 degrees of freedom; 22.46 is the 0.999 quantile.
    let e = Double(draws) / Double(n)
    let chi2 = counts.map { (Double($0) - e) * (Double($0) - e) / e }.reduce(0, +)
    #expect(chi2 < 22.46)
  }

  @Test func permutationsArePermutationsAndBootstrapIndicesAreInRange() {
    var g = RandomStream(seed: 5, stream: 3)
    for n in [0, 1, 2, 17] {
      #expect(g.permutation(n).sorted() == Array(0..<n))
    }
    let b = g.sampleWithReplacement(from: 13, count: 1000)
    #expect(b.count == 1000 && b.allSatisfy { (0..<13).contains($0) })
    #expect(Set(b).count == 13)
  }
}
