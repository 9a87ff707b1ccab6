import NeurometryLinearAlgebra

extension Matrix {
  /// Mean of each column in `columns` over the rows `rows` (in the given order).
  func columnMeans(ofRows rows: [Int], columns: Range<Int>) -> [Double] {
    var sums = [Double](repeating: 0, count: columns.count)
    let c = self.columns
    let (lo, w) = (columns.lowerBound, columns.count)
    elements.withUnsafeBufferPointer { e in
      sums.withUnsafeMutableBufferPointer { s in
        guard let e = e.baseAddress, let s = s.baseAddress else { return }
        for i in rows {
          let row = e + i * c + lo
          for j in 0..<w { s[j] += row[j] }
        }
      }
    }
    let inverse = 1 / Double(Swift.max(rows.count, 1))
    return sums.map { $0 * inverse }
  }

  /// The block made of rows `rows` (in order) and the columns `columns`, with `offsets[j]`
  /// subtracted from its column j when given.
  func gathering(rows: [Int], columns: Range<Int>, subtracting offsets: [Double]? = nil) -> Matrix {
    let w = columns.count
    let c = self.columns
    let lo = columns.lowerBound
    var out = [Double](repeating: 0, count: rows.count * w)
    elements.withUnsafeBufferPointer { e in
      out.withUnsafeMutableBufferPointer { o in
        for (r, i) in rows.enumerated() {
          let src = i * c + lo
          let dst = r * w
          if let offsets {
            for j in 0..<w { o[dst + j] = e[src + j] - offsets[j] }
          } else {
            for j in 0..<w { o[dst + j] = e[src + j] }
          }
        }
      }
    }
    return Matrix(rows: rows.count, columns: w, elements: out)
  }
}

/// Ranges of at most `size` consecutive targets covering 0..<count.
func targetBatches(count: Int, size: Int) -> [Range<Int>] {
  let s = Swift.max(size, 1)
  return stride(from: 0, to: count, by: s).map { $0..<Swift.min($0 + s, count) }
}
