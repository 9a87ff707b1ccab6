import NeurometryLinearAlgebra

/// How predictions of one target (a neuron, a voxel) are scored against its measured responses,
/// column by column over the n test samples (y measured, ŷ predicted):
///
/// - `pearson`: r = Σ(y−ȳ)(ŷ−ŷ̄) / √(Σ(y−ȳ)²·Σ(ŷ−ŷ̄)²) (scipy `pearsonr`, himalaya
///   `correlation_score`). NaN when y or ŷ is constant.
/// - `r2`: R² = 1 − Σ(y−ŷ)² / Σ(y−ȳ)² (scikit-learn `r2_score`, himalaya `r2_score`); can be
///   negative. NaN when y is constant.
/// - `negativeMeanSquaredError`: −Σ(y−ŷ)²/n (himalaya `l2_neg_loss`, scikit-learn's leave-one-out
///   criterion); higher is better like the others.
///
/// Deviation, documented: himalaya returns 0 instead of NaN for a constant target (both scores) and
/// for a constant prediction (correlation). Neurometry reports NaN, so a dead channel is never
/// counted as a measured score of zero; fits warn and the CLI lists such targets.
public enum EncodingScore: String, CaseIterable, Sendable, Codable {
  case pearson
  case r2
  case negativeMeanSquaredError = "neg-mse"

  /// Scores of each column of `predictions` against the same column of `truth` (n × t each).
  public func values(truth: Matrix, predictions: Matrix) throws -> [Double] {
    guard truth.rows == predictions.rows && truth.columns == predictions.columns else {
      throw NeurometryError.shapeMismatch(
        context: "score (\(rawValue))",
        message:
          "truth is \(truth.rows)×\(truth.columns) but predictions are \(predictions.rows)×\(predictions.columns)")
    }
    guard truth.rows >= 2 else {
      throw NeurometryError.invalidInput(
        context: "score (\(rawValue))", message: "needs at least 2 samples per target, found \(truth.rows)")
    }
    return stackedScores(truth: truth, stacked: predictions, blocks: 1)[0]
  }

  /// Scores of `blocks` stacked prediction blocks against one truth: `stacked` is
  /// (blocks·n) × t, block a holding rows a·n ..< (a+1)·n. Returns [block][target].
  /// One pass over y for its statistics and two passes over each block (means, then centred sums).
  func stackedScores(truth: Matrix, stacked: Matrix, blocks: Int) -> [[Double]] {
    let n = truth.rows
    let t = truth.columns
    precondition(stacked.rows == blocks * n && stacked.columns == t, "stackedScores: shape mismatch")
    var out = [[Double]](repeating: [Double](repeating: 0, count: t), count: blocks)
    guard t > 0 else { return out }
    // Statistics of the truth: means and centred sums of squares.
    var yMean = [Double](repeating: 0, count: t)
    var yVar = [Double](repeating: 0, count: t)
    truth.elements.withUnsafeBufferPointer { y in
      for i in 0..<n {
        for j in 0..<t { yMean[j] += y[i * t + j] }
      }
      for j in 0..<t { yMean[j] /= Double(n) }
      for i in 0..<n {
        for j in 0..<t {
          let d = y[i * t + j] - yMean[j]
          yVar[j] += d * d
        }
      }
    }
    truth.elements.withUnsafeBufferPointer { y in
      stacked.elements.withUnsafeBufferPointer { p in
        var a0 = [Double](repeating: 0, count: t)
        var a1 = [Double](repeating: 0, count: t)
        var a2 = [Double](repeating: 0, count: t)
        for b in 0..<blocks {
          let base = b * n * t
          for j in 0..<t {
            a0[j] = 0
            a1[j] = 0
            a2[j] = 0
          }
          switch self {
          case .negativeMeanSquaredError, .r2:
            for i in 0..<n {
              for j in 0..<t {
                let d = y[i * t + j] - p[base + i * t + j]
                a0[j] += d * d
              }
            }
            for j in 0..<t {
              if self == .negativeMeanSquaredError {
                out[b][j] = -a0[j] / Double(n)
              } else {
                out[b][j] = yVar[j] > 0 ? 1 - a0[j] / yVar[j] : .nan
              }
            }
          case .pearson:
            for i in 0..<n {
              for j in 0..<t { a0[j] += p[base + i * t + j] }
            }
            for j in 0..<t { a0[j] /= Double(n) }
            for i in 0..<n {
              for j in 0..<t {
                let dp = p[base + i * t + j] - a0[j]
                a1[j] += (y[i * t + j] - yMean[j]) * dp
                a2[j] += dp * dp
              }
            }
            for j in 0..<t {
              out[b][j] = yVar[j] > 0 && a2[j] > 0 ? a1[j] / (yVar[j] * a2[j]).squareRoot() : .nan
            }
          }
        }
      }
    }
    return out
  }
}
