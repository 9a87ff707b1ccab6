import Foundation
import NeurometryLinearAlgebra

/// The Wilcoxon signed-rank test of paired differences d, two-sided, as `scipy.stats.wilcoxon`
/// computes it with its defaults (zeros dropped from the ranks, no continuity correction,
/// `method='auto'`).
///
/// With the non-zero differences ranked by |d| (ties averaged) and T⁺ the sum of the ranks of the
/// positive ones, the p-value comes from
/// - the exact null distribution (subset sums of {1, …, n}, a dynamic programme) when there are
///   at most 50 differences, no ties and no zeros: p = 2·min(P(T ≤ ⌈T⁺⌉), P(T ≥ ⌊T⁺⌋)), ≤ 1;
/// - all 2ⁿ sign flips of d (a permutation test, exact) when there are ties or zeros and n ≤ 13;
/// - otherwise the normal approximation z = (T⁺ − m(m+1)/4)/σ, m non-zero differences,
///   σ² = m(m+1)(2m+1)/24 − Σ(t³ − t)/48 over tie groups, p = erfc(|z|/√2).
public enum SignedRankTest {
  /// The two-sided p-value; NaN without a non-zero difference.
  public static func pValue(_ differences: [Double]) -> Double {
    let all = differences.filter { !$0.isNaN }
    let n = all.count
    let nonzero = all.filter { $0 != 0 }
    let m = nonzero.count
    guard m > 0 else { return .nan }
    let absolute = nonzero.map { abs($0) }
    let ranks = Ranking.averageRanks(absolute)
    let tPlus = zip(nonzero, ranks).filter { $0.0 > 0 }.map(\.1).reduce(0, +)
    let ties = Ranking.tieGroupSizes(absolute)
    if n <= 50 && ties.isEmpty && m == n {
      let total = n * (n + 1) / 2
      var counts = [Double](repeating: 0, count: total + 1)
      counts[0] = 1
      for k in 1...n {
        for s in stride(from: total, through: k, by: -1) { counts[s] += counts[s - k] }
      }
      let outcomes = pow(2, Double(n))
      let below = counts[0...Int(tPlus.rounded(.up))].reduce(0, +) / outcomes
      let above = counts[Int(tPlus.rounded(.down))...total].reduce(0, +) / outcomes
      return Swift.min(1, 2 * Swift.min(below, above))
    }
    if n <= 13 {
      // Every sign flip of the differences (zeros stay zero): T⁺ of each.
      var le = 0
      var ge = 0
      let tolerance = 1e-14 * Swift.max(1, abs(tPlus))
      for mask in 0..<(1 << m) {
        var t = 0.0
        for k in 0..<m where (mask >> k) & 1 == 1 { t += ranks[k] }
        if t <= tPlus + tolerance { le += 1 }
        if t >= tPlus - tolerance { ge += 1 }
      }
      let outcomes = Double(1 << m)
      return Swift.min(1, 2 * Swift.min(Double(le), Double(ge)) / outcomes)
    }
    let dm = Double(m)
    let mean = dm * (dm + 1) / 4
    let correction = ties.map { Double($0 * $0 * $0 - $0) }.reduce(0, +) / 48
    let sd = (dm * (dm + 1) * (2 * dm + 1) / 24 - correction).squareRoot()
    guard sd > 0 else { return 1 }
    return erfc(abs((tPlus - mean) / sd) / 2.0.squareRoot())
  }
}
