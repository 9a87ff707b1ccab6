/// Selection of order statistics without a full sort (Hoare's quickselect with a median-of-three
/// pivot and a sort fallback after 2·log₂(n) + 8 rounds, so the worst case stays O(n log n)).
enum OrderStatistic {
  /// Rearranges `values` so that `values[k]` is the k-th smallest (0-based), everything before it
  /// ≤ it and everything after it ≥ it (C++ `nth_element`). Values must not be NaN.
  static func select(_ values: inout [Double], _ k: Int) {
    precondition(k >= 0 && k < values.count, "OrderStatistic.select: k = \(k) out of 0..<\(values.count)")
    values.withUnsafeMutableBufferPointer { v in
      var lo = 0
      var hi = v.count - 1
      var budget = 2 * (Int.bitWidth - v.count.leadingZeroBitCount) + 8
      while hi > lo {
        if budget == 0 {
          var block = UnsafeMutableBufferPointer(rebasing: v[lo...hi])
          block.sort()
          return
        }
        budget -= 1
        let (a, b, c) = (v[lo], v[lo + (hi - lo) / 2], v[hi])
        let pivot = Swift.max(Swift.min(a, b), Swift.min(Swift.max(a, b), c))
        var i = lo
        var j = hi
        while i <= j {
          while v[i] < pivot { i += 1 }
          while v[j] > pivot { j -= 1 }
          if i <= j {
            v.swapAt(i, j)
            i += 1
            j -= 1
          }
        }
        // Now v[lo...j] ≤ pivot, v[i...hi] ≥ pivot, and everything strictly between equals it.
        if k <= j {
          hi = j
        } else if k >= i {
          lo = i
        } else {
          return
        }
      }
    }
  }

  /// The k-th and (k+1)-th smallest values (0-based; k+1 < count), as numpy's median needs for an
  /// even count. Rearranges `values`.
  static func adjacentPair(_ values: inout [Double], _ k: Int) -> (Double, Double) {
    select(&values, k)
    var next = Double.infinity
    for i in (k + 1)..<values.count where values[i] < next { next = values[i] }
    return (values[k], next)
  }
}
