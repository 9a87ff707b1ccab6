/// Sorting and ranking helpers with numpy/scipy conventions.
public enum Ranking {
  /// Indices that sort `x` ascending, stable (equal values keep their original order), NaN last —
  /// `numpy.argsort(x, kind="stable")`. −0.0 and +0.0 are equal.
  ///
  /// Short inputs use a comparison sort; from 64 values on, an LSD radix sort on the values' bit
  /// patterns mapped to order-preserving unsigned keys (8 passes of 8 bits, passes whose byte is
  /// the same for every key skipped): O(n), several times faster than comparing, same result.
  public static func stableArgsort(_ x: [Double]) -> [Int] {
    if x.count >= 64 { return radixArgsort(x).map(Int.init) }
    return x.withUnsafeBufferPointer { v in
      Array(0..<v.count).sorted { a, b in
        let (va, vb) = (v[a], v[b])
        if va.isNaN || vb.isNaN {
          if va.isNaN && vb.isNaN { return a < b }
          return vb.isNaN  // numbers before NaN
        }
        return va < vb || (va == vb && a < b)
      }
    }
  }

  /// The order-preserving key of a double: unsigned comparison of keys = numeric comparison of
  /// values; every NaN maps to the largest key (so NaN sorts last, stably), −0.0 to +0.0's key.
  @inline(__always)
  static func sortKey(_ v: Double) -> UInt64 {
    if v.isNaN { return UInt64.max }
    let bits = (v == 0 ? 0.0 : v).bitPattern
    return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
  }

  /// Stable LSD radix argsort (see `stableArgsort`), indices as Int32.
  public static func radixArgsort(_ x: [Double]) -> [Int32] {
    let n = x.count
    precondition(n < Int(Int32.max), "radixArgsort: too many values")
    var keys = x.map(sortKey)
    var order = (0..<Int32(n)).map { $0 }
    var keys2 = [UInt64](repeating: 0, count: n)
    var order2 = [Int32](repeating: 0, count: n)
    var counts = [Int](repeating: 0, count: 256)
    for pass in 0..<8 {
      let shift = UInt64(pass * 8)
      for k in 0..<256 { counts[k] = 0 }
      keys.withUnsafeBufferPointer { kp in
        for i in 0..<n { counts[Int((kp[i] >> shift) & 0xFF)] += 1 }
      }
      if counts.contains(n) { continue }  // every key has the same byte here
      var total = 0
      for k in 0..<256 {
        let c = counts[k]
        counts[k] = total
        total += c
      }
      keys.withUnsafeBufferPointer { kp in
        order.withUnsafeBufferPointer { op in
          keys2.withUnsafeMutableBufferPointer { k2 in
            order2.withUnsafeMutableBufferPointer { o2 in
              for i in 0..<n {
                let b = Int((kp[i] >> shift) & 0xFF)
                let dst = counts[b]
                counts[b] = dst + 1
                k2[dst] = kp[i]
                o2[dst] = op[i]
              }
            }
          }
        }
      }
      swap(&keys, &keys2)
      swap(&order, &order2)
    }
    return order
  }

  /// Ranks 1…n with ties given the average of the ranks they span — `scipy.stats.rankdata(x,
  /// method="average")`. If any value is NaN, every rank is NaN (scipy's `nan_policy="propagate"`).
  /// O(n log n).
  public static func averageRanks(_ x: [Double]) -> [Double] {
    let n = x.count
    if x.contains(where: { $0.isNaN }) { return [Double](repeating: .nan, count: n) }
    let order = stableArgsort(x)
    var ranks = [Double](repeating: 0, count: n)
    var i = 0
    while i < n {
      var j = i + 1
      while j < n && x[order[j]] == x[order[i]] { j += 1 }
      // positions i..<j (0-based) share ranks i+1 … j: average (i + 1 + j) / 2
      let r = Double(i + 1 + j) / 2
      for k in i..<j { ranks[order[k]] = r }
      i = j
    }
    return ranks
  }

  /// Sizes of the groups of tied values (only groups of two or more), e.g. for tie corrections.
  public static func tieGroupSizes(_ x: [Double]) -> [Int] {
    let s = x.sorted()
    var out: [Int] = []
    var i = 0
    while i < s.count {
      var j = i + 1
      while j < s.count && s[j] == s[i] { j += 1 }
      if j - i > 1 { out.append(j - i) }
      i = j
    }
    return out
  }
}

/// Quantiles with numpy's default method ("linear", Hyndman & Fan type 7).
public enum Quantile {
  /// The q-quantile of `x` for each q in `qs` (0 ≤ q ≤ 1) — `numpy.quantile(x, qs)`:
  /// with sorted values v and h = (n−1)·q, the result is v[⌊h⌋] + (h−⌊h⌋)·(v[⌊h⌋+1] − v[⌊h⌋]),
  /// evaluated as numpy's `_lerp` does (from the upper end when the fraction is ≥ 0.5) so results
  /// agree to the last bit. NaN in `x` gives NaN (numpy's behaviour).
  public static func type7(_ x: [Double], _ qs: [Double]) throws -> [Double] {
    guard !x.isEmpty else { throw NeurometryError.invalidInput(context: "quantile", message: "no values") }
    for q in qs where !(q >= 0 && q <= 1) {
      throw NeurometryError.invalidInput(context: "quantile", message: "q = \(q) is outside [0, 1]")
    }
    if x.contains(where: { $0.isNaN }) { return qs.map { _ in .nan } }
    let v = x.sorted()
    let n = v.count
    return qs.map { q in
      let h = Double(n - 1) * q
      let lo = Swift.min(Swift.max(Int(h.rounded(.down)), 0), n - 1)
      let hi = Swift.min(lo + 1, n - 1)
      let t = h - h.rounded(.down)
      let (a, b) = (v[lo], v[hi])
      let diff = b - a
      return t >= 0.5 ? b - diff * (1 - t) : a + diff * t
    }
  }

  /// The median (type 7).
  public static func median(_ x: [Double]) throws -> Double { try type7(x, [0.5])[0] }
}
