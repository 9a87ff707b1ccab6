import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Linear sum assignment against exhaustive search over every matching (an independent
/// reference), on square and rectangular problems with ties.
@Suite struct LinearAssignmentTests {
  /// The best total over all injective maps from the smaller side to the larger.
  static func bruteForce(_ c: Matrix, maximize: Bool) -> Double {
    let small = min(c.rows, c.columns)
    let large = max(c.rows, c.columns)
    var best = maximize ? -Double.infinity : Double.infinity
    func visit(_ k: Int, _ used: inout [Bool], _ total: Double) {
      if k == small {
        best = maximize ? max(best, total) : min(best, total)
        return
      }
      for j in 0..<large where !used[j] {
        used[j] = true
        visit(k + 1, &used, total + (c.rows <= c.columns ? c[k, j] : c[j, k]))
        used[j] = false
      }
    }
    var used = [Bool](repeating: false, count: large)
    visit(0, &used, 0)
    return best
  }

  @Test func optimalOnRandomSquareAndRectangularProblems() throws {
    for (k, (m, n)) in [(1, 1), (2, 2), (4, 4), (6, 6), (3, 6), (6, 3), (5, 2), (1, 5)].enumerated() {
      for maximize in [false, true] {
        let c = Synthetic.gaussian(rows: m, columns: n, seed: UInt64(100 + k))
        let (rows, cols) = try LinearAssignment.solve(c, maximize: maximize)
        #expect(rows.count == min(m, n) && cols.count == min(m, n))
        #expect(rows == rows.sorted() && Set(rows).count == rows.count && Set(cols).count == cols.count)
        let total = zip(rows, cols).reduce(0.0) { $0 + c[$1.0, $1.1] }
        assertClose(total, Self.bruteForce(c, maximize: maximize), rtol: 1e-12, "\(m)×\(n) maximize \(maximize)")
      }
    }
  }

  @Test func tiesAndIntegerCostsGiveAnOptimalAssignment() throws {
    let c = Matrix([[1, 1, 2, 0], [1, 1, 2, 0], [3, 0, 0, 3], [2, 2, 2, 2]])
    let (rows, cols) = try LinearAssignment.solve(c)
    #expect(rows == [0, 1, 2, 3])
    #expect(zip(rows, cols).reduce(0.0) { $0 + c[$1.0, $1.1] } == Self.bruteForce(c, maximize: false))
    // scipy.optimize.linear_sum_assignment gives columns [3, 1, 2, 0] here (same tie-breaking).
    #expect(cols == [3, 1, 2, 0])
  }

  @Test func nanIsRefused() {
    var c = Synthetic.gaussian(rows: 3, columns: 3, seed: 1)
    c[1, 2] = .nan
    #expect(
      throws: NeurometryError.invalidInput(
        context: "linear assignment", message: "the cost matrix has NaN at row 1, column 2")
    ) {
      _ = try LinearAssignment.solve(c)
    }
  }
}
