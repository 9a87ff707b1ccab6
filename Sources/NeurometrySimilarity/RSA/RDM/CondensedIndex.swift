import NeurometryLinearAlgebra

/// Positions in scipy's condensed order of the pairs of n conditions: the strict upper triangle
/// read row by row, (0,1), (0,2), …, (0,n−1), (1,2), …, (n−2,n−1) — `scipy.spatial.distance.squareform`.
///
/// Pair (i, j) with i < j is at `i·n − i·(i+1)/2 + (j − i − 1)`; there are n(n−1)/2 pairs.
public enum CondensedIndex {
  /// n(n−1)/2.
  public static func pairCount(_ n: Int) -> Int { n * (n - 1) / 2 }

  /// The position of the pair {i, j} (i ≠ j, either order).
  @inlinable
  public static func index(_ i: Int, _ j: Int, _ n: Int) -> Int {
    let (a, b) = i < j ? (i, j) : (j, i)
    return a * n - a * (a + 1) / 2 + (b - a - 1)
  }

  /// The number of conditions n with n(n−1)/2 = `pairs`, or an error naming `context` when no such
  /// n exists (e.g. a vector of 7 values).
  public static func conditionCount(pairs: Int, context: String) throws -> Int {
    var n = Int((Double(2 * pairs)).squareRoot().rounded(.up))
    while n * (n - 1) / 2 > pairs && n > 0 { n -= 1 }
    while n * (n - 1) / 2 < pairs { n += 1 }
    guard n * (n - 1) / 2 == pairs, pairs > 0 else {
      throw NeurometryError.shapeMismatch(
        context: context,
        message:
          "\(pairs.grouped) dissimilarities is not n(n−1)/2 for any number of conditions n ≥ 2 (an RDM vector holds the strict upper triangle)"
      )
    }
    return n
  }

  /// The row-index and column-index of every pair, in condensed order.
  public static func pairs(_ n: Int) -> [(i: Int, j: Int)] {
    var out: [(Int, Int)] = []
    out.reserveCapacity(pairCount(n))
    for i in 0..<n {
      for j in (i + 1)..<Swift.max(n, i + 1) { out.append((i, j)) }
    }
    return out
  }

  /// The strict upper triangle of a square matrix in condensed order (no checks of symmetry).
  public static func condensed(_ m: Matrix) -> [Double] {
    precondition(m.isSquare, "condensed: matrix is \(m.rows)×\(m.columns)")
    let n = m.rows
    var out = [Double]()
    out.reserveCapacity(pairCount(n))
    m.withUnsafeBufferPointer { e in
      for i in 0..<n {
        for j in (i + 1)..<Swift.max(n, i + 1) { out.append(e[i * n + j]) }
      }
    }
    return out
  }

  /// The symmetric n×n matrix with `vector` above and below the diagonal and `diagonal` on it.
  public static func square(_ vector: [Double], n: Int, diagonal: Double = 0) -> Matrix {
    precondition(vector.count == pairCount(n), "square: \(vector.count) values for \(n) conditions")
    var m = Matrix(rows: n, columns: n, repeating: diagonal)
    m.withUnsafeMutableBufferPointer { e in
      var k = 0
      for i in 0..<n {
        for j in (i + 1)..<Swift.max(n, i + 1) {
          e[i * n + j] = vector[k]
          e[j * n + i] = vector[k]
          k += 1
        }
      }
    }
    return m
  }
}
