import NeurometryLinearAlgebra

/// Non-negative least squares by the active-set method of Lawson & Hanson (1974) in the fast
/// form of Bro & de Jong (1997, J. Chemometrics 11): with G = AᵀA + λI and b = Aᵀy precomputed,
/// minimise ½xᵀGx − bᵀx subject to x ≥ 0 (rsatoolbox `_nn_least_squares`, which extends
/// `scipy.optimize.nnls` with a ridge λ and a noise covariance folded into G and b).
///
/// Deterministic. Stops when no inactive weight has a gradient component above 100·ε·max|b|; only
/// inactive weights can enter. (rsatoolbox stops at an absolute 100·ε and may select an already
/// active weight again, which never ends when rounding leaves its gradient above that: seen with
/// 2.8e-14 on ordinary data.)
enum NonNegativeLeastSquares {
  /// x ≥ 0 minimising ½xᵀGx − bᵀx (G symmetric positive definite on the active sets).
  static func solve(gram g: Matrix, rhs b: [Double]) throws -> [Double] {
    let k = b.count
    var x = [Double](repeating: 0, count: k)
    var passive = [Bool](repeating: false, count: k)
    func gradient() -> [Double] {
      let gx = g.times(vector: x)
      return (0..<k).map { b[$0] - gx[$0] }
    }
    func solvePassive() throws -> [Double] {
      let idx = (0..<k).filter { passive[$0] }
      let sub = g.selectingRows(idx).selectingColumns(idx)
      let rhs = Matrix(rows: idx.count, columns: 1, elements: idx.map { b[$0] })
      let s = try sub.solve(rhs).elements
      var full = [Double](repeating: 0, count: k)
      for (n, i) in idx.enumerated() { full[i] = s[n] }
      return full
    }
    var w = gradient()
    var iterations = 0
    let tolerance = 100 * Double.ulpOfOne * Swift.max(1, b.map { abs($0) }.max() ?? 0)
    while let top = (0..<k).filter({ !passive[$0] }).max(by: { w[$0] < w[$1] }), w[top] > tolerance {
      iterations += 1
      if iterations > 10 * k + 10 {
        throw NeurometryError.didNotConverge(
          operation: "non-negative least squares", message: "no solution after \(iterations) active-set steps")
      }
      passive[top] = true
      var s = try solvePassive()
      while (0..<k).contains(where: { passive[$0] && s[$0] < 0 }) {
        var alpha = Double.infinity
        var leaving = -1
        for i in 0..<k where passive[i] && s[i] < 0 {
          let a = x[i] / (x[i] - s[i])
          if a < alpha {
            alpha = a
            leaving = i
          }
        }
        for i in 0..<k where passive[i] { x[i] += alpha * (s[i] - x[i]) }
        x[leaving] = 0
        passive[leaving] = false
        s = try solvePassive()
      }
      for i in 0..<k { x[i] = passive[i] ? s[i] : 0 }
      w = gradient()
    }
    return x
  }
}
