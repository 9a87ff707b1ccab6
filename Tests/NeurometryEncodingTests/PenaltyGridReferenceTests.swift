import NeurometryEncoding
import NeurometryTestSupport
import Testing

/// `PenaltyGrid.logspace` against `numpy.logspace` (bit for bit, so chosen α compare exactly with
/// Python runs) and the CLI grid syntax.
@Suite struct PenaltyGridReferenceTests {
  @Test func logspaceEqualsNumpyBitForBit() throws {
    let expected = try EncodingFixtures.vector("cli", "alphas_logspace_-2_5_15")
    #expect(PenaltyGrid.logspace(start: -2, stop: 5, count: 15) == expected)
    #expect(try PenaltyGrid.parse("logspace:-2:5:15") == expected)
  }

  @Test func listsAndBadSyntax() throws {
    #expect(try PenaltyGrid.parse("0.1, 1,10") == [0.1, 1, 10])
    #expect(PenaltyGrid.logspace(start: 2, stop: 9, count: 1) == [100])
    #expect(throws: (any Error).self) { _ = try PenaltyGrid.parse("logspace:1:2") }
    #expect(throws: (any Error).self) { _ = try PenaltyGrid.parse("1,x") }
  }
}
