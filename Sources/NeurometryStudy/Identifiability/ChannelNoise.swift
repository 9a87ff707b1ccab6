import NeurometryLinearAlgebra

/// The noise in one subject's channels as its repeated presentations show it, and the signal
/// beneath it: the variance model behind a split-half reliability (classical test theory).
///
/// With r repetitions X₁ … X_r (stimuli × channels, every stimulus once in each) and their mean
/// M, for each channel j:
/// - σ²ⱼ = (1/n) Σᵢ (1/(r − 1)) Σₖ (Xₖ[i, j] − M[i, j])², the trial-to-trial (noise) variance, so
///   the noise of a mean over r presentations has variance σ²ⱼ / r (`meanNoiseVariance`);
/// - vⱼ = max(0, s²ⱼ − σ²ⱼ / r), s²ⱼ the variance of M[·, j] over the n stimuli (n − 1 in the
///   denominator): the variance of the noise-free signal, an unbiased estimate floored at 0
///   (`signalVariance`);
/// - ρⱼ = vⱼ / (vⱼ + σ²ⱼ / r), the reliability of the mean: what a Spearman–Brown-corrected
///   split-half correlation estimates (`reliability`; 0 for a channel without signal).
///
/// Shapes: each repetition n × c, n ≥ 2, r ≥ 2. Complexity O(r·n·c).
public struct ChannelNoise: Sendable, Equatable {
  /// Each channel's mean response over stimuli (its offset).
  public let offsets: [Double]
  /// vⱼ: the variance over stimuli of each channel's noise-free mean response.
  public let signalVariance: [Double]
  /// σ²ⱼ / r: the variance of the noise in each channel's mean over the r repetitions.
  public let meanNoiseVariance: [Double]
  /// r, the number of repetitions the means average.
  public let repetitions: Int

  /// Estimates the noise of `repetitions` (each stimuli × channels, rows in the same stimulus
  /// order). Throws `invalidInput` naming `source` for fewer than 2 repetitions or stimuli,
  /// repetitions of different shapes, or non-finite values.
  public init(repetitions: [Matrix], source: String = "responses") throws {
    guard repetitions.count >= 2, let first = repetitions.first else {
      throw NeurometryError.invalidInput(
        context: source,
        message: "has \(repetitions.count) repetition(s) of every stimulus; the noise level needs at least 2")
    }
    let (n, c, r) = (first.rows, first.columns, repetitions.count)
    guard n >= 2 else {
      throw NeurometryError.invalidInput(
        context: source, message: "has \(n) stimulus; the noise level needs at least 2")
    }
    for (k, x) in repetitions.enumerated() where x.rows != n || x.columns != c {
      throw NeurometryError.shapeMismatch(
        context: source, message: "repetition \(k + 1) is \(x.rows) × \(x.columns), repetition 1 is \(n) × \(c)")
    }
    for (k, x) in repetitions.enumerated() {
      try x.requireFinite("\(source): repetition \(k + 1)", "the responses")
    }
    var mean = [Double](repeating: 0, count: n * c)
    for x in repetitions { for (i, v) in x.elements.enumerated() { mean[i] += v } }
    for i in mean.indices { mean[i] /= Double(r) }
    var noise = [Double](repeating: 0, count: c)
    for x in repetitions {
      for i in 0..<n {
        for j in 0..<c {
          let d = x.elements[i * c + j] - mean[i * c + j]
          noise[j] += d * d
        }
      }
    }
    var offsets = [Double](repeating: 0, count: c)
    for i in 0..<n { for j in 0..<c { offsets[j] += mean[i * c + j] } }
    for j in 0..<c { offsets[j] /= Double(n) }
    var spread = [Double](repeating: 0, count: c)
    for i in 0..<n {
      for j in 0..<c {
        let d = mean[i * c + j] - offsets[j]
        spread[j] += d * d
      }
    }
    let meanNoise = noise.map { $0 / Double(n * (r - 1)) / Double(r) }
    self.offsets = offsets
    self.meanNoiseVariance = meanNoise
    self.signalVariance = zip(spread, meanNoise).map { Swift.max(0, $0 / Double(n - 1) - $1) }
    self.repetitions = r
  }

  /// The channels.
  public var channels: Int { offsets.count }

  /// ρⱼ = vⱼ / (vⱼ + λ²σ²ⱼ/r) for noise scaled by `noiseScale` λ (1: the data's own); 0 without
  /// signal, 1 without noise.
  public func reliability(noiseScale: Double = 1) -> [Double] {
    zip(signalVariance, meanNoiseVariance).map { v, e in
      let noise = noiseScale * noiseScale * e
      return v + noise > 0 ? v / (v + noise) : 0
    }
  }

  /// The mean of `reliability(noiseScale:)` over channels.
  public func meanReliability(noiseScale: Double = 1) -> Double {
    let rho = reliability(noiseScale: noiseScale)
    return rho.isEmpty ? .nan : rho.reduce(0, +) / Double(rho.count)
  }
}
