/// What `LayerIdentification` found: for each region and noise scale, how often each measure
/// picks the layer that generated a surrogate brain (`SurrogateBrain`), and what it picks instead.
public struct IdentificationResult: Codable, Sendable, Equatable {
  /// The candidate layers, in the study's order (the rows and columns of every confusion matrix).
  public let layers: [String]
  /// Surrogate brains drawn per region, true layer and subject.
  public let repetitions: Int
  /// The noise scales λ (1: the data's own noise; 4: its standard deviation four times larger).
  public let noiseScales: [Double]
  /// The seed of every draw.
  public let seed: UInt64
  /// The level of the accuracy intervals (Wilson score intervals).
  public let confidence: Double
  /// One entry per region of the study, in its order.
  public let regions: [RegionIdentification]
  /// Regions left out and why (no repeated presentations to measure the noise).
  public let warnings: [String]

  enum CodingKeys: String, CodingKey {
    case layers, repetitions, noiseScales = "noise_scales", seed, confidence, regions, warnings
  }
}

/// One region's identification at each noise scale.
public struct RegionIdentification: Codable, Sendable, Equatable {
  /// The region's name.
  public let region: String
  /// Subjects whose repetitions gave the noise level (the surrogates follow each of them).
  public let subjects: [String]
  /// The mean over subjects of the mean channel reliability of the data (`ChannelNoise`).
  public let reliability: Double
  /// One entry per noise scale, in `IdentificationResult.noiseScales` order.
  public let levels: [NoiseLevelIdentification]
}

/// Identification at one noise scale.
public struct NoiseLevelIdentification: Codable, Sendable, Equatable {
  /// λ: the multiple of the data's noise standard deviation.
  public let noiseScale: Double
  /// The mean channel reliability of the surrogates at this scale: vⱼ / (vⱼ + λ²σ²ⱼ/r), averaged.
  public let reliability: Double
  /// One entry per measure, in the analysis' order.
  public let measures: [MeasureIdentification]

  enum CodingKeys: String, CodingKey {
    case noiseScale = "noise_scale", reliability, measures
  }
}

/// How well one measure identifies the generating layer.
public struct MeasureIdentification: Codable, Sendable, Equatable {
  /// The measure's family ("rsa", "cka", "shape", "encoding").
  public let measure: String
  /// Its label with parameters, e.g. "RSA (correlation RDM, corr)".
  public let label: String
  /// The fraction of surrogates whose best-scoring layer is the one that generated them.
  public let accuracy: Double
  /// The Wilson score interval of `accuracy` at the result's confidence.
  public let lower: Double
  /// Upper end of the interval.
  public let upper: Double
  /// 1 / layers: the accuracy of a guess.
  public let chance: Double
  /// confusion[t][l]: surrogates of layer t whose best layer was l (rows sum to `repetitions`
  /// less those undecided).
  public let confusion: [[Int]]
  /// Surrogates with no defined score for any layer (counted as wrong).
  public let undecided: Int
}
