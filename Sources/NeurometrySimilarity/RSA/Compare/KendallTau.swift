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
    /// q₀ = q(q−1)/2, the number of pairs of positions.
    public let pairs: Int
    /// D, the pairs ordered oppositely by the two vectors (ties in either excluded).
    public let discordant: Int
    /// tₓ, the pairs tied in the first vector.
    public let tiedX: Int
    /// t_y, the pairs tied in the second vector.
    public let tiedY: Int
    /// t_xy, the pairs tied in both vectors.
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

  /// The Kendall counts of a prepared x against raw values y (same length, no NaN): no ranks or
  /// argsort of y are needed. y is gathered in x's order, sorted by value inside each group of
  /// x-ties (these pairs are not discordant; equal values among them are the pairs tied in both),
  /// then merge-sorted (`inversionsAndTies`: integer keys, exact on ties), which counts the
  /// discordant pairs and the pairs tied in y. This is the path for one model against many data
  /// RDMs: each data RDM costs one gather and one merge sort.
  public static func counts(_ x: Prepared, values y: [Double]) -> Counts {
    let q = x.ranks.count
    precondition(y.count == q, "KendallTau: lengths \(q) and \(y.count) differ")
    var sequence = [Double](repeating: 0, count: q)
    var tiedBoth = 0
    sequence.withUnsafeMutableBufferPointer { s in
      y.withUnsafeBufferPointer { v in
        x.order.withUnsafeBufferPointer { o in
          for k in 0..<q { s[k] = v[Int(o[k])] }
        }
      }
      guard x.tiedPairs > 0 else { return }
      x.ranks.withUnsafeBufferPointer { r in
        x.order.withUnsafeBufferPointer { o in
          var start = 0
          while start < q {
            let level = r[Int(o[start])]
            var end = start + 1
            while end < q && r[Int(o[end])] == level { end += 1 }
            if end - start > 1 {
              var group = UnsafeMutableBufferPointer(rebasing: s[start..<end])
              group.sort()
              tiedBoth += tiedPairs(inSorted: UnsafeBufferPointer(group))
            }
            start = end
          }
        }
      }
    }
    let (discordant, tiedY) = inversionsAndTies(sequence)
    return Counts(pairs: q * (q - 1) / 2, discordant: discordant, tiedX: x.tiedPairs, tiedY: tiedY, tiedBoth: tiedBoth)
  }

  /// The strict inversions of `s` (pairs i < j with s[i] > s[j]) and its pairs of equal values.
  ///
  /// Merge-sorts integer words instead of doubles (a 1-cycle integer compare in the merge's
  /// critical path instead of a 3-cycle `ucomisd`; measured 21 % faster): word = κ(s[i])·2³² + i
  /// with κ(v) = ⌊(v − min)·2³²/(max − min)⌋ clamped to 2³² − 1. κ is non-decreasing (each rounded
  /// step is monotone), so κ(s[i]) > κ(s[j]) implies s[i] > s[j]; the index makes the words
  /// distinct and keeps the order of equal keys. Pairs with equal κ — among them every pair of
  /// equal values — end up as runs of the sorted words in their original order, where the exact
  /// values settle them (a merge sort of the run's values). Values spread so widely that the
  /// scale overflows fall back to merge-sorting the values themselves.
  static func inversionsAndTies(_ s: [Double]) -> (inversions: Int, ties: Int) {
    let n = s.count
    guard n > 1 else { return (0, 0) }
    // Infinite values (or a spread whose scale overflows) fall back to merging the values.
    let range = s.withUnsafeBufferPointer(Ranking.finiteRange)
    if let (lo, hi) = range, !(hi > lo) { return (0, n * (n - 1) / 2) }
    let scale = range.map { 4_294_967_296.0 / ($0.hi - $0.lo) } ?? .nan
    guard let lo = range?.lo, scale.isFinite && scale > 0 && n <= Int(UInt32.max) else {
      var sorted = s
      let count = inversions(&sorted)
      return (count, sorted.withUnsafeBufferPointer { tiedPairs(inSorted: $0) })
    }
    let top = Double(UInt32.max)
    var words = [UInt64](unsafeUninitializedCapacity: n) { w, initialized in
      s.withUnsafeBufferPointer { v in
        for k in 0..<n { w[k] = UInt64(Swift.min((v[k] - lo) * scale, top)) << 32 | UInt64(k) }
      }
      initialized = n
    }
    var count = inversions(&words)
    var ties = 0
    words.withUnsafeBufferPointer { w in
      s.withUnsafeBufferPointer { v in
        var start = 0
        while start < n {
          let key = w[start] >> 32
          var end = start + 1
          while end < n && w[end] >> 32 == key { end += 1 }
          if end - start > 1 {
            var run = (start..<end).map { v[Int(truncatingIfNeeded: w[$0] & 0xffff_ffff)] }
            count &+= inversions(&run)
            ties += run.withUnsafeBufferPointer { tiedPairs(inSorted: $0) }
          }
          start = end
        }
      }
    }
    return (count, ties)
  }

  /// Σ r(r−1)/2 over the runs of equal values of a sorted buffer.
  static func tiedPairs(inSorted s: UnsafeBufferPointer<Double>) -> Int {
    var ties = 0
    var run = 1
    for k in 1..<Swift.max(s.count, 1) {
      if s[k] == s[k - 1] {
        run += 1
      } else {
        ties += run * (run - 1) / 2
        run = 1
      }
    }
    return ties + run * (run - 1) / 2
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
  ///
  /// Runs of equal length are merged from both ends at once (two independent dependency chains,
  /// twice the instruction-level parallelism of one branch-free merge). The front takes the w
  /// smallest outputs and counts, for each right element it takes, the left elements still ahead
  /// of it; the back takes the w largest and counts, for each left element it takes, the right
  /// elements still below it. A pair (right element taken by the front, left element taken by the
  /// back) is an inversion counted by both, so their product is subtracted once.
  static func inversions<T: Comparable>(_ a: inout [T]) -> Int {
    let n = a.count
    guard n > 1 else { return 0 }
    var buffer = a
    var count = a.withUnsafeMutableBufferPointer { p in p.baseAddress.map { sortBlocksOfEight($0, n) } ?? 0 }
    var width = Swift.min(8, n)
    var sourceIsA = true
    while width < n {
      a.withUnsafeMutableBufferPointer { pa in
        buffer.withUnsafeMutableBufferPointer { pb in
          guard let src = (sourceIsA ? pa : pb).baseAddress, let dst = (sourceIsA ? pb : pa).baseAddress else { return }
          var lo = 0
          while lo < n {
            let mid = Swift.min(lo + width, n)
            let hi = Swift.min(lo + 2 * width, n)
            if hi - mid == width {
              count &+= mergeBothEnds(src, dst, lo: lo, mid: mid, hi: hi)
            } else {
              count &+= mergeFromFront(src, dst, lo: lo, mid: mid, hi: hi)
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

  /// Sorts each block of eight (and the short last block) in place and returns the inversions
  /// inside the blocks: the first three merge passes replaced by 28 branch-free comparisons and a
  /// 19-comparator sorting network (Knuth, TAOCP 5.3.4) per block.
  static func sortBlocksOfEight<T: Comparable>(_ p: UnsafeMutablePointer<T>, _ n: Int) -> Int {
    var count = 0
    var lo = 0
    while lo + 8 <= n {
      let b = p + lo
      for i in 0..<7 {
        let v = b[i]
        for j in (i + 1)..<8 { count &+= b[j] < v ? 1 : 0 }
      }
      @inline(__always) func exchange(_ i: Int, _ j: Int) {
        let (x, y) = (b[i], b[j])
        let swapped = y < x
        b[i] = swapped ? y : x
        b[j] = swapped ? x : y
      }
      exchange(0, 2); exchange(1, 3); exchange(4, 6); exchange(5, 7)
      exchange(0, 4); exchange(1, 5); exchange(2, 6); exchange(3, 7)
      exchange(0, 1); exchange(2, 3); exchange(4, 5); exchange(6, 7)
      exchange(2, 4); exchange(3, 5)
      exchange(1, 4); exchange(3, 6)
      exchange(1, 2); exchange(3, 4); exchange(5, 6)
      lo += 8
    }
    // The short last block: insertion sort, one inversion per shift.
    for i in (lo + 1)..<Swift.max(n, lo + 1) {
      let v = p[i]
      var j = i
      while j > lo && v < p[j - 1] {
        p[j] = p[j - 1]
        j -= 1
        count &+= 1
      }
      p[j] = v
    }
    return count
  }

  /// Merges the sorted runs src[lo..<mid] and src[mid..<hi] into dst[lo..<hi] (stable), returning
  /// the inversions between them. Branch-free: the comparison is unpredictable on random data.
  @inline(__always)
  static func mergeFromFront<T: Comparable>(
    _ src: UnsafeMutablePointer<T>, _ dst: UnsafeMutablePointer<T>, lo: Int, mid: Int, hi: Int
  ) -> Int {
    var count = 0
    var i = lo
    var j = mid
    var k = lo
    // Take the right element when it is strictly smaller; every element left in the left run
    // then forms an inversion with it.
    while i < mid && j < hi { count &+= frontStep(src, dst, &i, &j, &k, mid: mid) }
    while i < mid {
      dst[k] = src[i]
      i &+= 1
      k &+= 1
    }
    while j < hi {
      dst[k] = src[j]
      j &+= 1
      k &+= 1
    }
    return count
  }

  /// One branch-free step of a merge from the front: writes the smaller of src[i] and src[j]
  /// (the left one on a tie) to dst[k], advances the cursors, and returns the inversions it
  /// closes — every element left in the left run when the right element is taken (mid − i).
  @inline(__always)
  static func frontStep<T: Comparable>(
    _ src: UnsafeMutablePointer<T>, _ dst: UnsafeMutablePointer<T>, _ i: inout Int, _ j: inout Int, _ k: inout Int,
    mid: Int
  ) -> Int {
    let (a, b) = (src[i], src[j])
    let right = b < a
    dst[k] = right ? b : a
    let closed = right ? mid &- i : 0
    j &+= right ? 1 : 0
    i &+= right ? 0 : 1
    k &+= 1
    return closed
  }

  /// `mergeFromFront` for two runs of the same length w, merged from both ends in w steps each.
  /// Neither end can run out before its last step (each takes w of the 2w outputs), so the loop
  /// needs no bounds tests.
  @inline(__always)
  static func mergeBothEnds<T: Comparable>(
    _ src: UnsafeMutablePointer<T>, _ dst: UnsafeMutablePointer<T>, lo: Int, mid: Int, hi: Int
  ) -> Int {
    let w = mid - lo
    var (i, j, k) = (lo, mid, lo)  // front cursors
    var (ib, jb, kb) = (mid - 1, hi - 1, hi - 1)  // back cursors
    var front = 0
    var back = 0
    for _ in 0..<w {
      front &+= frontStep(src, dst, &i, &j, &k, mid: mid)

      let (c, d) = (src[ib], src[jb])
      let left = c > d
      dst[kb] = left ? c : d
      back &+= left ? jb &- mid &+ 1 : 0
      ib &-= left ? 1 : 0
      jb &-= left ? 0 : 1
      kb &-= 1
    }
    let rightTakenByFront = j - mid
    let leftTakenByBack = mid - 1 - ib
    return front &+ back &- rightTakenByFront &* leftTakenByBack
  }
}
