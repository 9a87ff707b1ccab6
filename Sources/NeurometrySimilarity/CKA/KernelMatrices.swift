import Foundation
import NeurometryLinearAlgebra

/// Kernel (Gram) matrices for CKA and their centring, all on n×n row-major buffers owned by the
/// caller (centring is in place on a matrix the caller made; inputs are never touched).
enum KernelMatrices {
  /// Xc·Xcᵀ (n×n) by SYRK from a block of columns of `centered` (no copy of the block).
  static func linear(_ centered: Matrix, columns: Range<Int>) -> Matrix {
    gram(centered[rows: 0..<centered.rows, columns: columns], side: .rows)
  }

  /// The RBF kernel exp(−d²ᵢⱼ / (2σ²)) with σ = fraction·√median(d²) (`RBFMedian` says which
  /// median), and σ. Distances come from the Gram matrix of the column-centred data,
  /// d²ᵢⱼ = max(‖xᵢ‖² + ‖xⱼ‖² − 2xᵢᵀxⱼ, 0) with an exact zero diagonal; centring first keeps
  /// the cancellation small when the data sit far from the origin.
  static func rbf(_ x: Matrix, fraction: Double, median: RBFMedian, name: String) throws -> (
    kernel: Matrix, sigma: Double
  ) {
    let n = x.rows
    var k = gram(x.columnCentered, side: .rows)
    var upper = [Double]()
    upper.reserveCapacity(n * (n - 1) / 2)
    k.withUnsafeMutableBufferPointer { g in
      var norms = [Double](repeating: 0, count: n)
      for i in 0..<n { norms[i] = g[i * n + i] }
      for i in 0..<n {
        g[i * n + i] = 0
        for j in (i + 1)..<Swift.max(n, i + 1) {
          let d = Swift.max(norms[i] + norms[j] - 2 * g[i * n + j], 0)
          g[i * n + j] = d
          g[j * n + i] = d
          upper.append(d)
        }
      }
    }
    let m = bandwidthMedian(&upper, observations: n, convention: median)
    guard m > 0 else {
      throw NeurometryError.invalidInput(
        context: "cka",
        message:
          "\(name): the median \(median == .distancePairs ? "" : "squared ")distance between observations is 0 (\(median == .squaredFull ? "more than half of all n² pairs, diagonal included," : "more than half of the pairs") are identical rows), so the RBF bandwidth would be 0; remove duplicate rows or use --median \(median == .squaredFull ? "squared-pairs or " : "")the linear kernel"
      )
    }
    // σ² / f²: the median squared distance, or the square of the median distance.
    let width = median == .distancePairs ? m * m : m
    let sigma = fraction * (median == .distancePairs ? m : m.squareRoot())
    let scale = -1 / (2 * fraction * fraction * width)
    k.withUnsafeMutableBufferPointer { g in
      for i in 0..<g.count { g[i] = exp(g[i] * scale) }
    }
    return (k, sigma)
  }

  /// numpy's median of the squared distances — `squaredFull` over the n×n matrix (n zeros on the
  /// diagonal, every pair twice), `squaredPairs` over the pairs i < j — or, for `distancePairs`,
  /// the median of the distances (square roots) over the pairs i < j. `upper` holds the squared
  /// distances of the pairs (all ≥ 0) and is rearranged. O(n²) expected (selection, no sort).
  static func bandwidthMedian(_ upper: inout [Double], observations n: Int, convention: RBFMedian) -> Double {
    guard !upper.isEmpty else { return 0 }
    switch convention {
    case .squaredPairs, .distancePairs:
      // √ is monotone: the middle pairs of the squared distances are those of the distances.
      let root = convention == .distancePairs
      let m = upper.count
      if m % 2 == 1 {
        OrderStatistic.select(&upper, m / 2)
        return root ? upper[m / 2].squareRoot() : upper[m / 2]
      }
      let (a, b) = OrderStatistic.adjacentPair(&upper, m / 2 - 1)
      return root ? (a.squareRoot() + b.squareRoot()) / 2 : (a + b) / 2
    case .squaredFull:
      // Sorted full matrix: n zeros, then each pair value twice. Position k ≥ n holds the
      // ⌊(k − n)/2⌋-th smallest pair.
      let total = n * n
      let lowIndex = total % 2 == 1 ? total / 2 : total / 2 - 1
      let highIndex = total / 2
      func pairIndex(_ k: Int) -> Int? { k < n ? nil : (k - n) / 2 }
      let (pl, ph) = (pairIndex(lowIndex), pairIndex(highIndex))
      var values: (Double, Double) = (0, 0)
      switch (pl, ph) {
      case (nil, nil): return 0
      case (nil, let h?):
        OrderStatistic.select(&upper, h)
        values = (0, upper[h])
      case (let l?, let h?) where l == h:
        OrderStatistic.select(&upper, l)
        values = (upper[l], upper[l])
      case (let l?, _):
        values = OrderStatistic.adjacentPair(&upper, l)
      }
      return total % 2 == 1 ? values.1 : (values.0 + values.1) / 2
    }
  }

  /// Centres a symmetric kernel matrix in place for the estimator:
  /// - biased: H·K·H (Kᵢⱼ − r̄ᵢ − r̄ⱼ + m̄ with row means r̄ and grand mean m̄);
  /// - debiased: Kornblith et al.'s unbiased centring — diagonal set to 0, column sums over n − 2,
  ///   corrected by their total over 2(n − 1), subtracted from rows and columns, diagonal set to 0
  ///   again — after which ⟨K̃c, L̃c⟩_F = n(n−3)·HSIC₁(K, L) of Song et al. (2012). Centring before
  ///   the inner products avoids the cancellation of Song's raw formula when kernels have a
  ///   large constant part (wide RBF kernels).
  static func center(_ k: inout Matrix, estimator: CKAEstimator) {
    let n = k.rows
    guard n > 0 else { return }
    guard estimator == .debiased else { return k.doubleCenter(symmetric: true) }
    k.withUnsafeMutableBufferPointer { g in for i in 0..<n { g[i * n + i] = 0 } }
    var means = k.times(vector: [Double](repeating: 1, count: n))
    let scale = 1 / Double(n - 2)
    for i in 0..<n { means[i] *= scale }
    let correction = means.reduce(0, +) / Double(2 * (n - 1))
    for i in 0..<n { means[i] -= correction }
    k.withUnsafeMutableBufferPointer { g in
      means.withUnsafeBufferPointer { m in
        for i in 0..<n {
          let mi = m[i]
          let row = i * n
          for j in 0..<n { g[row + j] -= mi + m[j] }
        }
        for i in 0..<n { g[i * n + i] = 0 }
      }
    }
  }

  /// Column-centred data side by side, with what the centring pass learnt on the way.
  struct Centered {
    /// [X₁ − x̄₁ | X₂ − x̄₂ | …], n × Σpᵢ.
    let matrix: Matrix
    let means: [Double]
    /// Σᵢ (xᵢⱼ − x̄ⱼ)² per column.
    let columnSumsOfSquares: [Double]

    /// True when every column in `columns` is constant up to the rounding of the centring
    /// itself: Σ(x − x̄)² ≤ n·(4nε·|x̄|)² (the computed mean of n equal values c is within n·ε·|c|
    /// of c). Free: uses sums accumulated while centring.
    func isConstant(columns: Range<Int>) -> Bool {
      let n = Double(matrix.rows)
      let bound = 4 * n * Double.ulpOfOne
      return columns.allSatisfy { j in
        let limit = bound * abs(means[j])
        return columnSumsOfSquares[j] <= n * limit * limit
      }
    }

    /// Σⱼ (xᵢⱼ − x̄ⱼ)² over the columns before and from `split`, per row, in one pass.
    func rowSquaredNorms(split: Int) -> ([Double], [Double]) {
      let (n, w) = (matrix.rows, matrix.columns)
      var left = [Double](repeating: 0, count: n)
      var right = [Double](repeating: 0, count: n)
      matrix.withUnsafeBufferPointer { e in
        for i in 0..<n {
          var (a, b) = (0.0, 0.0)
          for j in 0..<split { a += e[i * w + j] * e[i * w + j] }
          for j in split..<w { b += e[i * w + j] * e[i * w + j] }
          left[i] = a
          right[i] = b
        }
      }
      return (left, right)
    }
  }

  /// The inputs column-centred side by side in one n×Σpᵢ buffer — the one copy CKA makes of its
  /// inputs — with the column sums of squares accumulated in the same pass.
  static func centered(_ blocks: [Matrix]) -> Centered {
    let n = blocks.first?.rows ?? 0
    let width = blocks.reduce(0) { $0 + $1.columns }
    let means = blocks.flatMap(\.columnMeans)
    // Row chunks in parallel (a memory-bound pass over every input element), each with its own
    // column sums of squares, added up afterwards.
    let chunks = n >= 2048 ? Parallel.workers : 1
    var partialSums: [[Double]] = []
    let elements = [Double](unsafeUninitializedCapacity: n * width) { out, count in
      let target = SendablePointer(out.baseAddress)
      partialSums =
        (try? Parallel.map(chunks) { c -> [Double] in
          var ss = [Double](repeating: 0, count: width)
          guard let o0 = target.pointer else { return ss }
          let rows = (c * n / chunks)..<((c + 1) * n / chunks)
          ss.withUnsafeMutableBufferPointer { ss in
            means.withUnsafeBufferPointer { m in
              var offset = 0
              for block in blocks {
                let p = block.columns
                block.withUnsafeBufferPointer { xs in
                  for i in rows {
                    let o = i * width + offset
                    for j in 0..<p {
                      let v = xs[i * p + j] - m[offset + j]
                      o0[o + j] = v
                      ss[offset + j] += v * v
                    }
                  }
                }
                offset += p
              }
            }
          }
          return ss
        }) ?? []
      count = n * width
    }
    var sums = [Double](repeating: 0, count: width)
    for part in partialSums { for j in 0..<width { sums[j] += part[j] } }
    return Centered(
      matrix: Matrix(rows: n, columns: width, elements: elements), means: means, columnSumsOfSquares: sums)
  }
}
