import Foundation
import NeurometryLinearAlgebra

/// Per-target choice of the ridge penalty from cross-validation scores, as himalaya does
/// (`_select_best_alphas`, local_alpha=True):
///
/// - mean score over folds for every α (NaN fold scores are left out of the mean, with a warning
///   from the caller; himalaya would propagate them);
/// - the best α maximises mean + 1e-10·log α (the slope breaks ties towards the larger α);
/// - `conservative`: instead, the largest α whose mean (with the slope) is at least the best mean
///   minus the standard deviation (ddof 0) of the best α's fold scores. himalaya tests "strictly
///   greater", which picks the largest α of the grid when the best α's fold scores do not vary
///   (e.g. a single split); Neurometry keeps the best α there.
///
/// The score reported for the chosen α is its plain mean over folds: himalaya's `cv_scores_`
/// include the 1e-10·log α slope, which Neurometry leaves out (documented deviation).
enum AlphaSelection {
  struct Result {
    /// Index into the α grid per target.
    var chosen: [Int]
    /// Mean score per α (rows) and target (columns), without the tie-break slope.
    var meanScores: Matrix
    /// Targets for which every α had a NaN mean (chosen: the largest α).
    var undefined: [Int]
    /// Number of (fold, α, target) scores that were NaN.
    var nanFoldScores: Int
  }

  /// `foldScores[f]` is α × targets.
  static func select(foldScores: [Matrix], alphas: [Double], conservative: Bool) -> Result {
    let a = alphas.count
    let t = foldScores.first?.columns ?? 0
    var mean = Matrix(rows: a, columns: t)
    var std = Matrix(rows: a, columns: t)
    var nanCount = 0
    for i in 0..<a {
      for j in 0..<t {
        var s = 0.0
        var c = 0
        for f in foldScores {
          let v = f[i, j]
          if v.isNaN { nanCount += 1 } else { s += v; c += 1 }
        }
        let m = c > 0 ? s / Double(c) : .nan
        mean[i, j] = m
        if conservative {
          var ss = 0.0
          for f in foldScores where !f[i, j].isNaN { ss += (f[i, j] - m) * (f[i, j] - m) }
          std[i, j] = c > 0 ? (ss / Double(c)).squareRoot() : .nan
        }
      }
    }
    let slope = alphas.map { Foundation.log($0) * 1e-10 }
    let largest = alphas.indices.max { alphas[$0] < alphas[$1] || (alphas[$0] == alphas[$1] && $0 > $1) } ?? 0
    var chosen = [Int](repeating: largest, count: t)
    var undefined: [Int] = []
    for j in 0..<t {
      var best = -1
      var bestValue = -Double.infinity
      for i in 0..<a {
        let v = mean[i, j] + slope[i]
        if !v.isNaN && (best < 0 || v > bestValue) {
          best = i
          bestValue = v
        }
      }
      guard best >= 0 else {
        undefined.append(j)
        continue
      }
      if conservative {
        let toBeat = bestValue - std[best, j]
        var pick = best
        for i in 0..<a {
          let v = mean[i, j] + slope[i]
          if !v.isNaN && v >= toBeat && alphas[i] > alphas[pick] { pick = i }
        }
        best = pick
      }
      chosen[j] = best
    }
    return Result(chosen: chosen, meanScores: mean, undefined: undefined, nanFoldScores: nanCount)
  }
}
