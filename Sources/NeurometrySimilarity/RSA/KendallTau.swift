import NeurometryLinearAlgebra

/// Kendall rank correlations in O(q log q) (Knight 1966): dense ranks by one sort per vector,
/// a counting sort of the pairs by (x, y), and the discordant pairs counted as inversions by a
/// merge sort.
///
/// With q₀ = q(q−1)/2 pairs, tₓ and t_y the pairs tied in x and in y, t_xy those tied in both and
/// D the discordant pairs, C − D = q₀ − tₓ − t_y + t_xy − 2D (scipy's `kendalltau` bookkeeping):
/// τ_A = (C − D)/q₀ and τ_B = (C − D)/√((q₀ − tₓ)(q₀ − t_y)).
public struct KendallTau: Sendable {
  /// A vector prepared once for many comparisons: dense ranks 0..<k and its tied-pair count.
  public struct Prepared: Sendable {
    let ranks: [Int32]
    let levels: Int
    /// The indices in increasing order of value (stable).
    let order: [Int32]
    /// Number of pairs with equal values.
    public let tiedPairs: Int

    /// Dense ranks (equal values share a rank), from one radix argsort. Values must not be NaN.
    public init(_ x: [Double]) {
      let order = x.count >= 64 ? Ranking.radixArgsort(x) : Ranking.stableArgsort(x).map { Int32($0) }
      var ranks = [Int32](repeating: 0, count: x.count)
      var level: Int32 = -1
      var previous = -Double.infinity
      var ties = 0
      var run = 0
      for (k, i32) in order.enumerated() {
        let i = Int(i32)
        if k == 0 || x[i] != previous {
          ties += run * (run - 1) / 2
          run = 0
          level += 1
          previous = x[i]
        }
        run += 1
        ranks[i] = level
      }
      ties += run * (run - 1) / 2
      self.ranks = ranks
      self.levels = Int(level) + 1
      self.order = order
      self.tiedPairs = ties
    }
  }

  /// The counts for one pair of vectors of equal length.
  public struct Counts: Sendable, Equatable {
    public let pairs: Int
    public let discordant: Int
    public let tiedX: Int
    public let tiedY: Int
    public let tiedBoth: Int

    /// C − D.
    public var concordantMinusDiscordant: Int { pairs - tiedX - tiedY + tiedBoth - 2 * discordant }
    /// τ_A, clipped to [−1, 1] (rounding cannot push it outside; integers are exact).
    public var tauA: Double {
      pairs > 0 ? Swift.min(1, Swift.max(-1, Double(concordantMinusDiscordant) / Double(pairs))) : .nan
    }
    /// τ_B; NaN when either vector is constant.
    public var tauB: Double {
      let denominator = (Double(pairs - tiedX) * Double(pairs - tiedY)).squareRoot()
      guard denominator > 0 else { return .nan }
      return Swift.min(1, Swift.max(-1, Double(concordantMinusDiscordant) / denominator))
    }
  }

  /// The Kendall counts of x and y (same length).
  public static func counts(_ x: Prepared, _ y: Prepared) -> Counts {
    let q = x.ranks.count
    precondition(y.ranks.count == q, "KendallTau: lengths \(q) and \(y.ranks.count) differ")
    var sequence = [Int32](repeating: 0, count: q)
    var tiedBoth = 0
    if x.tiedPairs == 0 {
      // No ties in x: its own order is the (x, y) order, and no pair is tied in both.
      for k in 0..<q { sequence[k] = y.ranks[Int(x.order[k])] }
    } else {
      // Counting sort by y, then a stable counting sort by x: order by (x, y).
      let byY = y.order  // already stable in y
      let order = countingSort(byY, keys: x.ranks, levels: x.levels)
      var run = 0
      for k in 0..<q {
        let i = Int(order[k])
        sequence[k] = y.ranks[i]
        if k > 0 {
          let j = Int(order[k - 1])
          if x.ranks[i] == x.ranks[j] && y.ranks[i] == y.ranks[j] {
            run += 1
          } else {
            tiedBoth += run * (run + 1) / 2
            run = 0
          }
        }
      }
      tiedBoth += run * (run + 1) / 2
    }
    let discordant = inversions(&sequence)
    return Counts(
      pairs: q * (q - 1) / 2, discordant: discordant, tiedX: x.tiedPairs, tiedY: y.tiedPairs, tiedBoth: tiedBoth)
  }

  /// τ_A of two vectors (no NaN).
  public static func tauA(_ x: [Double], _ y: [Double]) -> Double { counts(Prepared(x), Prepared(y)).tauA }

  /// τ_B of two vectors (no NaN).
  public static func tauB(_ x: [Double], _ y: [Double]) -> Double { counts(Prepared(x), Prepared(y)).tauB }

  /// Stable counting sort of `items` by `keys[item]` (keys in 0..<levels).
  static func countingSort(_ items: [Int32], keys: [Int32], levels: Int) -> [Int32] {
    var start = [Int](repeating: 0, count: levels + 1)
    for i in items { start[Int(keys[Int(i)]) + 1] += 1 }
    for l in 0..<levels { start[l + 1] += start[l] }
    var out = [Int32](repeating: 0, count: items.count)
    for i in items {
      let k = Int(keys[Int(i)])
      out[start[k]] = i
      start[k] += 1
    }
    return out
  }

  /// Number of pairs i < j with a[i] > a[j] (strictly), by bottom-up merge sort; sorts `a`.
  static func inversions(_ a: inout [Int32]) -> Int {
    let n = a.count
    guard n > 1 else { return 0 }
    var buffer = [Int32](repeating: 0, count: n)
    var count = 0
    var width = 1
    var sourceIsA = true
    while width < n {
      a.withUnsafeMutableBufferPointer { pa in
        buffer.withUnsafeMutableBufferPointer { pb in
          let src = sourceIsA ? pa : pb
          let dst = sourceIsA ? pb : pa
          var lo = 0
          while lo < n {
            let mid = Swift.min(lo + width, n)
            let hi = Swift.min(lo + 2 * width, n)
            var i = lo
            var j = mid
            var k = lo
            // Branch-free merge step (the comparison is unpredictable on random data): take the
            // right element when it is strictly smaller, and then every element left in the
            // left run forms an inversion with it.
            while i < mid && j < hi {
              let (a, b) = (src[i], src[j])
              let right = b < a
              dst[k] = right ? b : a
              count &+= right ? mid - i : 0
              j &+= right ? 1 : 0
              i &+= right ? 0 : 1
              k &+= 1
            }
            while i < mid {
              dst[k] = src[i]
              i += 1
              k += 1
            }
            while j < hi {
              dst[k] = src[j]
              j += 1
              k += 1
            }
            lo = hi
          }
        }
      }
      sourceIsA.toggle()
      width *= 2
    }
    if !sourceIsA { a = buffer }
    return count
  }
}
