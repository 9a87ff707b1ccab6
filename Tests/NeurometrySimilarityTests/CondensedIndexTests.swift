import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

@Suite struct CondensedIndexTests {
  @Test func indexMatchesScipyOrder() {
    let n = 5
    let pairs = CondensedIndex.pairs(n)
    #expect(pairs.count == 10)
    for (k, (i, j)) in pairs.enumerated() {
      #expect(CondensedIndex.index(i, j, n) == k)
      #expect(CondensedIndex.index(j, i, n) == k)
    }
    #expect(pairs[0] == (0, 1) && pairs[4] == (1, 2) && pairs[9] == (3, 4))
  }

  @Test func squareAndCondensedRoundTrip() throws {
    let v = (0..<15).map(Double.init)
    let m = CondensedIndex.square(v, n: 6)
    #expect(m.isSquare && m.rows == 6)
    #expect(m.diagonalElements == [Double](repeating: 0, count: 6))
    #expect(CondensedIndex.condensed(m) == v)
    #expect(try CondensedIndex.conditionCount(pairs: 15, context: "t") == 6)
  }

  @Test func aVectorOfWrongLengthIsRefused() {
    #expect(throws: NeurometryError.self) { try CondensedIndex.conditionCount(pairs: 7, context: "rdm.npy") }
    #expect(throws: NeurometryError.self) { try CondensedIndex.conditionCount(pairs: 0, context: "rdm.npy") }
  }
}
