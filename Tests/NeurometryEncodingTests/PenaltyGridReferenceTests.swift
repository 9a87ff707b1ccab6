import NeurometryEncoding
import NeurometryTestSupport
import Testing

/// `PenaltyGrid.logspace` against `numpy.logspace` and the CLI grid syntax. The exponents are the
/// same bits; the powers agree to 1 ulp (numpy's vectorised `power` — SVML on AVX-512 CPUs — and
/// the C library's `pow` may round 10^2.5 differently).
@Suite struct PenaltyGridReferenceTests {
  @Test func logspaceMatchesNumpyToOneUlp() throws {
    let expected = try EncodingFixtures.vector("cli", "alphas_logspace_-2_5_15")
    assertClose(PenaltyGrid.logspace(start: -2, stop: 5, count: 15), expected, rtol: 2.3e-16, "logspace(-2, 5, 15)")
    #expect(try PenaltyGrid.parse("logspace:-2:5:15") == PenaltyGrid.logspace(start: -2, stop: 5, count: 15))
  }

  @Test func listsAndBadSyntax() throws {
    #expect(try PenaltyGrid.parse("0.1, 1,10") == [0.1, 1, 10])
    #expect(PenaltyGrid.logspace(start: 2, stop: 9, count: 1) == [100])
    #expect(throws: (any Error).self) { _ = try PenaltyGrid.parse("logspace:1:2") }
    #expect(throws: (any Error).self) { _ = try PenaltyGrid.parse("1,x") }
  }
}
