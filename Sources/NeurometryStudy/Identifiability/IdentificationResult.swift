import NeurometryLinearAlgebra

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

  /// The accuracy, its Wilson interval at `confidence` and chance from the counts: correct = the
  /// diagonal of `confusion`, trials = its total plus `undecided`.
  init(measure: String, label: String, confusion: [[Int]], undecided: Int, confidence: Double) {
    let correct = confusion.indices.map { confusion[$0][$0] }.reduce(0, +)
    let trials = confusion.map { $0.reduce(0, +) }.reduce(0, +) + undecided
    (lower, upper) = WilsonInterval.bounds(successes: correct, trials: trials, confidence: confidence)
    self.measure = measure
    self.label = label
    self.accuracy = Double(correct) / Double(trials)
    self.chance = 1 / Double(confusion.count)
    self.confusion = confusion
    self.undecided = undecided
  }
}

extension IdentificationResult {
  /// One result from the shards of a run (`LayerIdentification.run(_:repetitions:)` over disjoint
  /// repetition ranges, any order): confusion counts and undecided surrogates summed, accuracy and
  /// intervals recomputed — equal to the unsplit run's. Throws `invalidInput` unless every part has
  /// the same layers, noise scales, seed, confidence, regions and measures.
  public static func merging(_ parts: [IdentificationResult]) throws -> IdentificationResult {
    guard let first = parts.first else {
      throw NeurometryError.invalidInput(context: "identify merge", message: "no parts to merge")
    }
    func refuse(_ what: String) -> NeurometryError {
      .invalidInput(context: "identify merge", message: "the parts differ in their \(what)")
    }
    for p in parts.dropFirst() {
      if p.layers != first.layers { throw refuse("layers") }
      if p.noiseScales != first.noiseScales { throw refuse("noise scales") }
      if p.seed != first.seed || p.confidence != first.confidence { throw refuse("seed or confidence") }
      if p.regions.map(\.region) != first.regions.map(\.region) { throw refuse("regions") }
    }
    let regions = try first.regions.enumerated().map { g, region in
      RegionIdentification(
        region: region.region, subjects: region.subjects, reliability: region.reliability,
        levels: try region.levels.enumerated().map { s, level in
          NoiseLevelIdentification(
            noiseScale: level.noiseScale, reliability: level.reliability,
            measures: try level.measures.enumerated().map { k, m in
              let all = parts.map { $0.regions[g].levels[s].measures }
              let size = first.layers.count
              guard
                all.allSatisfy({
                  $0.count == level.measures.count && $0[k].label == m.label && $0[k].confusion.count == size
                    && $0[k].confusion.allSatisfy { $0.count == size }
                })
              else { throw refuse("measures or confusion matrices") }
              let confusion = m.confusion.indices.map { t in
                m.confusion[t].indices.map { l in all.map { $0[k].confusion[t][l] }.reduce(0, +) }
              }
              return MeasureIdentification(
                measure: m.measure, label: m.label, confusion: confusion,
                undecided: all.map { $0[k].undecided }.reduce(0, +), confidence: first.confidence)
            })
        })
    }
    return IdentificationResult(
      layers: first.layers, repetitions: parts.map(\.repetitions).reduce(0, +), noiseScales: first.noiseScales,
      seed: first.seed, confidence: first.confidence, regions: regions, warnings: first.warnings)
  }
}
