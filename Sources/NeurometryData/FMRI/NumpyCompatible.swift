/// numpy's elementary routines, evaluated the way numpy evaluates them, so that design matrices
/// agree with nilearn's to the last bits where the arithmetic allows.
enum NumpyCompatible {
  /// `numpy.linspace(start, stop, num)` (endpoint included): `i·step + start` with
  /// `step = (stop − start)/(num − 1)`, and the last element set to `stop` exactly.
  static func linspace(_ start: Double, _ stop: Double, _ num: Int) -> [Double] {
    guard num > 0 else { return [] }
    guard num > 1 else { return [start] }
    let div = Double(num - 1)
    let delta = stop - start
    let step = delta / div
    var y = [Double](repeating: 0, count: num)
    for i in 0..<num {
      y[i] = step == 0 ? (Double(i) / div) * delta + start : Double(i) * step + start
    }
    y[num - 1] = stop
    return y
  }

  /// `numpy.searchsorted(sorted, x, side="left")`: the first index whose value is ≥ x.
  static func searchsortedLeft(_ sorted: [Double], _ x: Double) -> Int {
    var lo = 0
    var hi = sorted.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// numpy's pairwise summation of a contiguous float64 array (`np.sum`): blocks of 8
  /// accumulators up to 128 elements, halves above.
  static func pairwiseSum(_ a: ArraySlice<Double>) -> Double {
    let n = a.count
    let s = a.startIndex
    if n < 8 {
      var r = 0.0
      for i in 0..<n { r += a[s + i] }
      return r
    }
    if n <= 128 {
      var r = (0..<8).map { a[s + $0] }
      var i = 8
      while i < n - n % 8 {
        for j in 0..<8 { r[j] += a[s + i + j] }
        i += 8
      }
      var res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
      while i < n {
        res += a[s + i]
        i += 1
      }
      return res
    }
    var n2 = n / 2
    n2 -= n2 % 8
    return pairwiseSum(a[s..<(s + n2)]) + pairwiseSum(a[(s + n2)...])
  }
}
