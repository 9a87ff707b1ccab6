import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `NumpyRandomState` against numpy 2.4.6's `RandomState` (Tests/Fixtures/numpy_random/
/// make_numpy_random.py): every draw must be identical, bit for bit.
@Suite struct NumpyRandomStateReferenceTests {
  static let seeds: [UInt32] = [0, 1, 42, 4_294_967_295]

  func table() throws -> [String: Any] {
    try #require(try Fixtures.json("numpy_random", "expected.json") as? [String: Any])
  }

  func integers(_ seed: UInt32, _ key: String) throws -> [Int] {
    let c = try #require(try table()[String(seed)] as? [String: Any])
    return try #require(c[key] as? [Int], "\(key)")
  }

  func doubles(_ seed: UInt32, _ key: String) throws -> [Double] {
    let c = try #require(try table()[String(seed)] as? [String: Any])
    let hex = try #require(c[key] as? [String], "\(key)")
    return try hex.map { try #require(Double($0), "hex float \($0)") }
  }

  @Test(arguments: seeds) func thirtyTwoBitOutputsMatch(seed: UInt32) throws {
    var g = NumpyRandomState(seed: seed)
    // 700 > 624 outputs: the state is regenerated once on the way.
    #expect((0..<700).map { _ in Int(g.nextUInt32()) } == (try integers(seed, "uint32")))
  }

  @Test(arguments: seeds) func doublesMatchBitForBit(seed: UInt32) throws {
    var g = NumpyRandomState(seed: seed)
    #expect((0..<9).map { _ in g.nextDouble() } == (try doubles(seed, "random_sample")))
  }

  @Test(arguments: seeds) func permutationsShufflesAndChoicesMatch(seed: UInt32) throws {
    var g = NumpyRandomState(seed: seed)
    #expect(g.permutation(37) == (try integers(seed, "permutation_37")))
    #expect(g.permutation(1) == (try integers(seed, "permutation_1")))
    #expect(g.permutation(2) == (try integers(seed, "permutation_2")))
    var values = Array(0..<101)
    g.shuffle(&values)
    #expect(values == (try integers(seed, "then_shuffle_101")))
    #expect(g.choiceWithoutReplacement(from: 53, count: 20) == (try integers(seed, "then_choice_20_of_53")))
  }

  @Test(arguments: seeds) func normalsAndExponentialsMatch(seed: UInt32) throws {
    var g = NumpyRandomState(seed: seed)
    // 11 normals: the cached second value of the last pair must be kept for the next call.
    #expect((0..<11).map { _ in g.nextGaussian() } == (try doubles(seed, "standard_normal")))
    #expect((0..<5).map { _ in g.nextExponential() } == (try doubles(seed, "then_standard_exponential")))
  }

  @Test(arguments: seeds) func gammaAndDirichletMatch(seed: UInt32) throws {
    for shape in [0.1, 0.5, 1.0, 2.5, 7.0] {
      var g = NumpyRandomState(seed: seed)
      #expect((0..<8).map { _ in g.nextGamma(shape: shape) } == (try doubles(seed, "standard_gamma_\(shape)")))
    }
    for concentration in [0.1, 1.0] {
      var g = NumpyRandomState(seed: seed)
      let rows = (0..<5).flatMap { _ in g.nextDirichlet([concentration, concentration, concentration]) }
      #expect(rows == (try doubles(seed, "dirichlet_\(concentration)_3x5")))
    }
  }

  @Test func boundedIntegersUseBothMaskedBranches() throws {
    let t = try table()
    var g = NumpyRandomState(seed: 7)
    let wide = (0..<6).map { _ in Int(g.nextInterval((1 << 40) - 1)) }
    #expect(wide == t["interval64_seed_7_max_2pow40_minus_1"] as? [Int])
    var h = NumpyRandomState(seed: 7)
    #expect((0..<6).map { _ in Int(h.nextInterval(999)) } == t["interval32_seed_7_max_999"] as? [Int])
  }

  @Test func edgeCases() {
    var g = NumpyRandomState(seed: 3)
    #expect(g.nextInterval(0) == 0)
    #expect(g.permutation(0).isEmpty)
    #expect(g.nextGamma(shape: 0) == 0)
    let d = g.nextDirichlet([0.1, 0.1, 0.1, 0.1])
    assertClose(d.reduce(0, +), 1, rtol: 1e-15, "Dirichlet row sums to 1")
  }
}
