import NeurometryLinearAlgebra

/// How a score is normalised by a noise ceiling c (a Spearman–Brown corrected split-half
/// reliability, which estimates the r² a perfect model could reach on these data).
///
/// - `explainedVariance` (default): the fraction of explainable variance explained,
///   sign(s)·s²/c for a Pearson score s = r, and R²/c for an R² score. The sign is kept so a
///   model that predicts the wrong way round stays below zero.
/// - `brainScore`: Brain-Score's `explained_variance`, (s/c)² (their derivation assumes the
///   model's own reliability equals the data's: r(X,Y)/√(r(X,X)·r(Y,Y)) ≈ r/c).
///
/// Policy (documented, applied by `normalize`): a ceiling that is NaN or ≤ `minimumCeiling`
/// (default 0) gives NaN, never a huge or negative ratio; values above 1 (noise, or a ceiling
/// underestimated from few repetitions) are kept as they are unless `clampAt` is given (Brain-Score
/// once clamped at 1.1); both cases are counted in warnings. Negative-MSE scores cannot be
/// normalised this way: `normalize` throws for them.
public enum CeilingNormalization: String, CaseIterable, Sendable, Codable {
  case explainedVariance = "explained-variance"
  case brainScore = "brainscore"

  /// Normalised scores per target; `warnings` says how many were undefined or above 1.
  public func normalize(
    scores: [Double], ceilings: [Double], score: EncodingScore, minimumCeiling: Double = 0, clampAt: Double? = nil
  ) throws -> (values: [Double], warnings: [String]) {
    guard scores.count == ceilings.count else {
      throw NeurometryError.shapeMismatch(
        context: "ceiling normalisation", message: "\(scores.count) scores but \(ceilings.count) ceilings")
    }
    guard score != .negativeMeanSquaredError else {
      throw NeurometryError.invalidInput(
        context: "ceiling normalisation",
        message: "negative mean squared errors cannot be normalised by a correlation ceiling; score with pearson or r2")
    }
    var lowCeiling = 0
    var above = 0
    let values = zip(scores, ceilings).map { s, c -> Double in
      guard !s.isNaN else { return .nan }
      guard c > minimumCeiling else {
        lowCeiling += 1
        return .nan
      }
      var v: Double
      switch (self, score) {
      case (.explainedVariance, .pearson): v = (s < 0 ? -1 : 1) * s * s / c
      case (.explainedVariance, _): v = s / c
      case (.brainScore, _): v = (s / c) * (s / c)
      }
      if v > 1 {
        above += 1
        if let clampAt { v = Swift.min(v, clampAt) }
      }
      return v
    }
    var warnings: [String] = []
    if lowCeiling > 0 {
      warnings.append(
        "\(lowCeiling) target\(lowCeiling == 1 ? " has" : "s have") a ceiling ≤ \(minimumCeiling) (or undefined); normalised scores are NaN there"
      )
    }
    if above > 0 {
      warnings.append(
        "\(above) normalised score\(above == 1 ? " is" : "s are") above 1\(clampAt.map { " (clamped at \($0))" } ?? " (kept, not clamped)")"
      )
    }
    return (values, warnings)
  }
}
