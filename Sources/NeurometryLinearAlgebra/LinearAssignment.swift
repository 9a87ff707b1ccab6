/// The linear sum assignment problem (scipy `optimize.linear_sum_assignment`): for an m×n cost
/// matrix C, the one-to-one matching of min(m, n) rows to columns with the least (or greatest)
/// total cost Σₖ C[rₖ, cₖ].
///
/// Algorithm: shortest augmenting paths with dual potentials (Crouse 2016, "On implementing 2D
/// rectangular assignment algorithms", IEEE TAES), the algorithm scipy uses, in the same order
/// of operations, so ties between equally good assignments are broken the same way. O(m²n)
/// for m ≤ n (a wide problem is solved on its transpose).
public enum LinearAssignment {
  /// The optimal assignment: `rows` ascending (0..<m when m ≤ n), `columns[k]` matched to
  /// `rows[k]`. Throws `invalidInput` for NaN or a cost that makes every assignment infinite.
  public static func solve(_ cost: Matrix, maximize: Bool = false) throws -> (rows: [Int], columns: [Int]) {
    if let (i, j) = cost.firstNonFinite, cost[i, j].isNaN {
      throw NeurometryError.invalidInput(
        context: "linear assignment", message: "the cost matrix has NaN at row \(i), column \(j)")
    }
    let transpose = cost.rows > cost.columns
    var c = transpose ? cost.transposed : cost
    if maximize { c = c.map { -$0 } }
    let (nr, nc) = (c.rows, c.columns)
    guard nr > 0 else { return ([], []) }
    var u = [Double](repeating: 0, count: nr)
    var v = [Double](repeating: 0, count: nc)
    var shortest = [Double](repeating: .infinity, count: nc)
    var path = [Int](repeating: -1, count: nc)
    var col4row = [Int](repeating: -1, count: nr)
    var row4col = [Int](repeating: -1, count: nc)
    var rowVisited = [Bool](repeating: false, count: nr)
    var columnVisited = [Bool](repeating: false, count: nc)
    var remaining = [Int](repeating: 0, count: nc)

    for currentRow in 0..<nr {
      // Dijkstra-like search for the shortest augmenting path from `currentRow`.
      var minValue = 0.0
      var i = currentRow
      var remainingCount = nc
      for it in 0..<nc { remaining[it] = nc - it - 1 }
      for k in 0..<nr { rowVisited[k] = false }
      for k in 0..<nc {
        columnVisited[k] = false
        shortest[k] = .infinity
      }
      var sink = -1
      try c.withUnsafeBufferPointer { e in
        while sink == -1 {
          var index = -1
          var lowest = Double.infinity
          rowVisited[i] = true
          for it in 0..<remainingCount {
            let j = remaining[it]
            let r = minValue + e[i * nc + j] - u[i] - v[j]
            if r < shortest[j] {
              path[j] = i
              shortest[j] = r
            }
            if shortest[j] < lowest || (shortest[j] == lowest && row4col[j] == -1) {
              lowest = shortest[j]
              index = it
            }
          }
          minValue = lowest
          guard minValue.isFinite, index >= 0 else {
            throw NeurometryError.invalidInput(
              context: "linear assignment", message: "the cost matrix admits no assignment with a finite total")
          }
          let j = remaining[index]
          if row4col[j] == -1 { sink = j } else { i = row4col[j] }
          columnVisited[j] = true
          remainingCount -= 1
          remaining[index] = remaining[remainingCount]
        }
      }
      // Update the dual potentials, then augment along the path.
      u[currentRow] += minValue
      for k in 0..<nr where rowVisited[k] && k != currentRow { u[k] += minValue - shortest[col4row[k]] }
      for k in 0..<nc where columnVisited[k] { v[k] -= minValue - shortest[k] }
      var j = sink
      while true {
        let r = path[j]
        row4col[j] = r
        swap(&col4row[r], &j)
        if r == currentRow { break }
      }
    }
    if !transpose { return (Array(0..<nr), col4row) }
    // Solved Cᵀ: col4row maps original columns to original rows; order by original row.
    let order = col4row.indices.sorted { col4row[$0] < col4row[$1] }
    return (order.map { col4row[$0] }, order)
  }
}
