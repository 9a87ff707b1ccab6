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
    let t = truth.columns
    var flat = [Double](repeating: 0, count: blocks * t)
    flat.withUnsafeMutableBufferPointer { stackedScores(truth: truth, stacked: stacked, blocks: blocks, into: $0) }
    return (0..<blocks).map { Array(flat[($0 * t)..<(($0 + 1) * t)]) }
  }

  /// `stackedScores(truth:stacked:blocks:)` written into `out` (blocks × t, row-major): the same
  /// sums in the same order, on raw buffers so that the inner loops over targets vectorise.
  func stackedScores(
    truth: Matrix, stacked: Matrix, blocks: Int, into out: UnsafeMutableBufferPointer<Double>
  ) {
    let n = truth.rows
    let t = truth.columns
    precondition(stacked.rows == blocks * n && stacked.columns == t, "stackedScores: shape mismatch")
    precondition(out.count >= blocks * t, "stackedScores: output too small")
    guard t > 0 else { return }
    let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 5 * t)
    defer { scratch.deallocate() }
    scratch.initialize(repeating: 0, count: 5 * t)
    // Statistics of the truth: means and centred sums of squares.
    let (yMean, yVar) = (scratch, scratch + t)
    let (a0, a1, a2) = (scratch + 2 * t, scratch + 3 * t, scratch + 4 * t)
    let nd = Double(n)
    truth.elements.withUnsafeBufferPointer { yb in
      stacked.elements.withUnsafeBufferPointer { pb in
        guard let y = yb.baseAddress, let p = pb.baseAddress, let o = out.baseAddress else { return }
        for i in 0..<n {
          let row = y + i * t
          for j in 0..<t { yMean[j] += row[j] }
        }
        for j in 0..<t { yMean[j] /= nd }
        for i in 0..<n {
          let row = y + i * t
          for j in 0..<t {
            let d = row[j] - yMean[j]
            yVar[j] += d * d
          }
        }
        for b in 0..<blocks {
          let base = p + b * n * t
          let result = o + b * t
          for j in 0..<t {
            a0[j] = 0
            a1[j] = 0
            a2[j] = 0
          }
          switch self {
          case .negativeMeanSquaredError, .r2:
            for i in 0..<n {
              let (row, predicted) = (y + i * t, base + i * t)
              for j in 0..<t {
                let d = row[j] - predicted[j]
                a0[j] += d * d
              }
            }
            if self == .negativeMeanSquaredError {
              for j in 0..<t { result[j] = -a0[j] / nd }
            } else {
              for j in 0..<t { result[j] = yVar[j] > 0 ? 1 - a0[j] / yVar[j] : .nan }
            }
          case .pearson:
            for i in 0..<n {
              let predicted = base + i * t
              for j in 0..<t { a0[j] += predicted[j] }
            }
            for j in 0..<t { a0[j] /= nd }
            for i in 0..<n {
              let (row, predicted) = (y + i * t, base + i * t)
              for j in 0..<t {
                let dp = predicted[j] - a0[j]
                a1[j] += (row[j] - yMean[j]) * dp
                a2[j] += dp * dp
              }
            }
            for j in 0..<t {
              result[j] = yVar[j] > 0 && a2[j] > 0 ? a1[j] / (yVar[j] * a2[j]).squareRoot() : .nan
            }
          }
        }
      }
    }
  }
}
