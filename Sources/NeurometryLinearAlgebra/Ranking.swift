/// Sorting and ranking helpers with numpy/scipy conventions.
public enum Ranking {
  /// Indices that sort `x` ascending, stable (equal values keep their original order), NaN last —
  /// `numpy.argsort(x, kind="stable")`. −0.0 and +0.0 are equal.
  ///
  /// Short inputs use a comparison sort; from 64 values on, an LSD radix sort on the values' bit
  /// patterns mapped to order-preserving unsigned keys (6 passes of 11 bits, passes whose digit is
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

  /// Stable radix argsort (see `stableArgsort`), indices as Int32.
  ///
  /// Finite values that are not all equal take `linearKeyArgsort` (two passes for up to 32,768
  /// values). Otherwise each value becomes an order-preserving 64-bit key. Only the bits where the keys differ
  /// matter: the top (at most 33) of them are packed above the index into one 64-bit word, and the
  /// words are LSD-radix-sorted on those bits in passes of 11 (≤ 3 passes, 2,048 buckets, one
  /// 8-byte move per element and pass; the index below makes every word distinct and keeps the
  /// sort stable). Runs of words whose packed bits are equal but whose full keys may differ are
  /// then put in order by their full keys (insertion sort for short runs, a full-key radix sort
  /// for long ones), so the result is exact for any input. On 19,900 values in [0, 1) this is three
  /// passes instead of the eight of a byte-wise sort: the inner loop of the rank comparators and
  /// of their bootstraps.
  public static func radixArgsort(_ x: [Double]) -> [Int32] {
    let n = x.count
    precondition(n < Int(Int32.max), "radixArgsort: too many values")
    guard n > 1 else { return n == 1 ? [0] : [] }
    let indexBits = Swift.max(1, Int.bitWidth - (n - 1).leadingZeroBitCount)
    if indexBits <= 31, let order = linearKeyArgsort(x, indexBits: indexBits) { return order }
    let keys = x.map(sortKey)
    guard indexBits <= 31 else { return fullKeyRadixArgsort(keys) }
    var differing: UInt64 = 0
    keys.withUnsafeBufferPointer { k in
      let first = k[0]
      for i in 0..<n { differing |= k[i] ^ first }
    }
    if differing == 0 { return (0..<Int32(n)).map { $0 } }
    let significant = UInt64.bitWidth - differing.leadingZeroBitCount  // bits 0..<significant differ
    let kept = Swift.min(significant, 33, UInt64.bitWidth - indexBits)
    let dropped = significant - kept  // low key bits left out of the packed word
    let keptMask: UInt64 = kept == 64 ? .max : (1 << UInt64(kept)) - 1
    var words = [UInt64](repeating: 0, count: n)
    keys.withUnsafeBufferPointer { k in
      words.withUnsafeMutableBufferPointer { w in
        for i in 0..<n { w[i] = (((k[i] >> UInt64(dropped)) & keptMask) << UInt64(indexBits)) | UInt64(i) }
      }
    }
    sortWords(&words, fromBit: indexBits, bits: kept)
    let indexMask = (UInt64(1) << UInt64(indexBits)) - 1
    var order = words.map { Int32(truncatingIfNeeded: $0 & indexMask) }
    if dropped > 0 { orderTiedRuns(&order, words: words, indexBits: indexBits) { keys[Int($0)] } }
    return order
  }

  /// The fast path of `radixArgsort` for finite values that are not all equal: the packed key is
  /// κ(v) = ⌊(v − min)·2ᵇ/(max − min)⌋ (clamped to 2ᵇ − 1) instead of the top bits of the value's
  /// bit pattern. κ is non-decreasing (each rounded step is monotone), so sorting by κ and then
  /// ordering the runs of equal κ by value is exact; b = 22 (two passes of 11 bits) up to 32,768
  /// values — on 19,900 values spread over their range about 50 pairs share a κ — and 33 above.
  /// Returns nil when a value is NaN or infinite or the scale overflows.
  static func linearKeyArgsort(_ x: [Double], indexBits: Int) -> [Int32]? {
    let n = x.count
    guard let (lo, hi) = x.withUnsafeBufferPointer(finiteRange), hi > lo else { return nil }
    let bits = Swift.min(n <= 32_768 ? 22 : 33, UInt64.bitWidth - indexBits)
    let scale = Double(sign: .plus, exponent: bits, significand: 1) / (hi - lo)
    guard scale.isFinite, scale > 0 else { return nil }
    let top = Double((UInt64(1) << UInt64(bits)) - 1)
    let shift = UInt64(indexBits)
    var words = [UInt64](unsafeUninitializedCapacity: n) { w, initialized in
      x.withUnsafeBufferPointer { v in
        for k in 0..<n { w[k] = UInt64(Swift.min((v[k] - lo) * scale, top)) &<< shift | UInt64(k) }
      }
      initialized = n
    }
    sortWords(&words, fromBit: indexBits, bits: bits)
    let indexMask = (UInt64(1) << shift) - 1
    var order = words.map { Int32(truncatingIfNeeded: $0 & indexMask) }
    x.withUnsafeBufferPointer { v in
      orderTiedRuns(&order, words: words, indexBits: indexBits) { sortKey(v[Int($0)]) }
    }
    return order
  }

  /// The smallest and largest value, or nil when a value is NaN or infinite (v·0 is NaN exactly
  /// for those). One branch-free pass.
  public static func finiteRange(_ v: UnsafeBufferPointer<Double>) -> (lo: Double, hi: Double)? {
    guard let first = v.first else { return nil }
    var (lo, hi, zero) = (first, first, 0.0)
    for value in v {
      lo = value < lo ? value : lo
      hi = value > hi ? value : hi
      zero += value * 0
    }
    return zero == 0 ? (lo, hi) : nil
  }

  /// LSD radix sort of `words` on bits fromBit..<fromBit+bits, 11 bits a pass (bits above are 0).
  static func sortWords(_ words: inout [UInt64], fromBit: Int, bits: Int) {
    let n = words.count
    let digit = 11
    let buckets = 1 << digit
    let passes = (bits + digit - 1) / digit
    var other = [UInt64](repeating: 0, count: n)
    // Every pass's digit counted in one read of the words.
    var counts = [Int32](repeating: 0, count: passes * buckets)
    counts.withUnsafeMutableBufferPointer { c in
      words.withUnsafeBufferPointer { w in
        for i in 0..<n {
          for p in 0..<passes {
            c[
              p &* buckets &+ Int(truncatingIfNeeded: (w[i] &>> UInt64(fromBit &+ p &* digit)) & UInt64(buckets - 1))] &+=
              1
          }
        }
      }
    }
    for p in 0..<passes {
      let shift = UInt64(fromBit + p * digit)
      let skip = counts.withUnsafeMutableBufferPointer { c -> Bool in
        var total: Int32 = 0
        for b in (p * buckets)..<((p + 1) * buckets) {
          let count = c[b]
          if Int(count) == n { return true }  // one digit for every word
          c[b] = total
          total &+= count
        }
        return false
      }
      if skip { continue }
      counts.withUnsafeMutableBufferPointer { c in
        words.withUnsafeBufferPointer { w in
          other.withUnsafeMutableBufferPointer { o in
            let offsets = c.baseAddress! + p * buckets
            for i in 0..<n {
              let word = w[i]
              let b = Int(truncatingIfNeeded: (word &>> shift) & UInt64(buckets - 1))
              let dst = Int(truncatingIfNeeded: offsets[b])
              offsets[b] = offsets[b] &+ 1
              o[dst] = word
            }
          }
        }
      }
      swap(&words, &other)
    }
  }

  /// Within each run of equal packed key bits, orders the indices by full key (stably).
  static func orderTiedRuns(
    _ order: inout [Int32], words: [UInt64], indexBits: Int, key: (Int32) -> UInt64
  ) {
    let n = order.count
    let shift = UInt64(indexBits)
    // The starts of runs of equal packed keys (adjacent words whose bits above the index agree),
    // found by one branch-light scan; most runs have length 1.
    var tied: [Int] = []
    words.withUnsafeBufferPointer { w in
      var k = 1
      while k < n {
        if (w[k] ^ w[k - 1]) &>> shift == 0 {
          tied.append(k - 1)
          k += 1
          while k < n && (w[k] ^ w[k - 1]) &>> shift == 0 { k += 1 }
        }
        k += 1
      }
    }
    for start in tied {
      var end = start + 1
      while end < n && (words[end] ^ words[start]) &>> shift == 0 { end += 1 }
      do {
        let run = Array(order[start..<end])  // in index order (the packed index keeps it stable)
        let sorted: [Int32]
        if run.count <= 32 {
          var r = run
          for i in 1..<r.count {
            let v = r[i]
            var j = i
            while j > 0 && key(v) < key(r[j - 1]) {
              r[j] = r[j - 1]
              j -= 1
            }
            r[j] = v
          }
          sorted = r
        } else {
          sorted = fullKeyRadixArgsort(run.map(key)).map { run[Int($0)] }
        }
        order.replaceSubrange(start..<end, with: sorted)
      }
    }
  }

  /// Stable LSD radix argsort of order-preserving keys (the general path of `radixArgsort`).
  ///
  /// Six passes of 11 bits (2,048 buckets: the offsets stay in L1). One read of the values builds
  /// the keys and all six histograms; a pass whose digit is the same for every key (the sign and
  /// top exponent bits of values in one binade range usually are) is skipped; the others scatter
  /// (key, index) pairs once. Everything runs on raw buffers: this is the inner loop of the rank
  /// comparators and of their bootstraps.
  static func fullKeyRadixArgsort(_ sortKeys: [UInt64]) -> [Int32] {
    let n = sortKeys.count
    guard n > 0 else { return [] }
    let bits = 11
    let buckets = 1 << bits
    let passes = 6
    var keys = sortKeys
    var keys2 = [UInt64](repeating: 0, count: n)
    var order = (0..<Int32(n)).map { $0 }  // the identity until a pass permutes it
    var order2 = [Int32](repeating: 0, count: n)
    var histogram = [Int32](repeating: 0, count: passes * buckets)
    histogram.withUnsafeMutableBufferPointer { h in
      keys.withUnsafeMutableBufferPointer { kp in
        do {
          for i in 0..<n {
            let key = kp[i]
            for p in 0..<passes {
              h[p &* buckets &+ Int(truncatingIfNeeded: (key >> UInt64(p &* bits)) & UInt64(buckets - 1))] &+= 1
            }
          }
        }
      }
    }
    for pass in 0..<passes {
      let shift = UInt64(pass * bits)
      let skip = histogram.withUnsafeMutableBufferPointer { h -> Bool in
        let base = pass * buckets
        var total: Int32 = 0
        for k in 0..<buckets {
          let c = h[base + k]
          if Int(c) == n { return true }  // every key has the same digit here
          h[base + k] = total
          total &+= c
        }
        return false
      }
      if skip { continue }
      histogram.withUnsafeMutableBufferPointer { h in
        guard let offsets = h.baseAddress.map({ $0 + pass * buckets }) else { return }
        keys.withUnsafeBufferPointer { kp in
          order.withUnsafeBufferPointer { op in
            keys2.withUnsafeMutableBufferPointer { k2 in
              order2.withUnsafeMutableBufferPointer { o2 in
                let mask = UInt64(buckets - 1)
                for i in 0..<n {
                  let key = kp[i]
                  let b = Int(truncatingIfNeeded: (key >> shift) & mask)
                  let dst = Int(truncatingIfNeeded: offsets[b])
                  offsets[b] &+= 1
                  k2[dst] = key
                  o2[dst] = op[i]
                }
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
    [Double](unsafeUninitializedCapacity: x.count) { out, count in
      averageRanks(x, shift: 0, into: out)
      count = x.count
    }
  }

  /// `averageRanks(x)` minus `shift`, written to `out` (x.count elements), e.g. centred ranks with
  /// shift (n + 1)/2 — exact, since ranks are multiples of ½ — for the rank comparators.
  public static func averageRanks(_ x: [Double], shift: Double, into out: UnsafeMutableBufferPointer<Double>) {
    let n = x.count
    precondition(out.count >= n, "averageRanks: output too short")
    if x.contains(where: { $0.isNaN }) {
      for k in 0..<n { out[k] = .nan }
      return
    }
    let order = n >= 64 ? radixArgsort(x) : stableArgsort(x).map { Int32($0) }
    x.withUnsafeBufferPointer { v in
      order.withUnsafeBufferPointer { o in
        var i = 0
        while i < n {
          let value = v[Int(o[i])]
          var j = i + 1
          while j < n && v[Int(o[j])] == value { j += 1 }
          // positions i..<j (0-based) share ranks i+1 … j: average (i + 1 + j) / 2
          let r = Double(i + 1 + j) / 2 - shift
          for k in i..<j { out[Int(o[k])] = r }
          i = j
        }
      }
    }
  }

  /// Σₖ (r(x)ₖ − shift)·w[p, k] for every row p of `weights` (each as long as x), where r are the
  /// average ranks of `averageRanks` — the inner products of x's shifted ranks with a few fixed
  /// vectors without writing the ranks out: one argsort, then a walk in rank order that reads the
  /// weights (ties share their average rank, so a run of ties adds its rank times the run's sum of
  /// weights). NaN in x gives NaN for every row.
  public static func shiftedRankDots(_ x: [Double], shift: Double, weights: Matrix) -> [Double] {
    let n = x.count
    precondition(weights.columns == n, "shiftedRankDots: \(weights.columns) weights for \(n) values")
    let m = weights.rows
    var dots = [Double](repeating: 0, count: m)
    if x.contains(where: { $0.isNaN }) { return dots.map { _ in .nan } }
    let order = n >= 64 ? radixArgsort(x) : stableArgsort(x).map { Int32($0) }
    x.withUnsafeBufferPointer { v in
      order.withUnsafeBufferPointer { o in
        weights.elements.withUnsafeBufferPointer { w in
          for p in 0..<m {
            let row = w.baseAddress! + p * n
            var dot = 0.0
            var i = 0
            while i < n {
              let first = Int(o[i])
              let value = v[first]
              var sum = row[first]
              var j = i + 1
              while j < n && v[Int(o[j])] == value {
                sum += row[Int(o[j])]
                j += 1
              }
              dot += (Double(i + 1 + j) / 2 - shift) * sum
              i = j
            }
            dots[p] = dot
          }
        }
      }
    }
    return dots
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

  /// The median of the finite values of `x` (NaN and ±∞ skipped, numpy's `nanmedian` over finite
  /// values); nil when none is finite. O(n log n).
  public static func medianOfFinite(_ x: [Double]) -> Double? {
    let v = x.filter { $0.isFinite }.sorted()
    guard !v.isEmpty else { return nil }
    let n = v.count
    return n % 2 == 1 ? v[n / 2] : v[n / 2 - 1] + (v[n / 2] - v[n / 2 - 1]) * 0.5
  }
}
