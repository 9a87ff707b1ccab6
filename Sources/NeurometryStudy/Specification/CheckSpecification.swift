/// Would we know? The identification check a study runs beside its measures (YAML `identify`),
/// shown in the report's "Would we know?" section: for every region with repeated presentations,
/// `repetitions` surrogate brains per layer at each noise scale (`LayerIdentification`).
///
/// ```yaml
/// identify: {repetitions: 100, noise_scales: [1, 4]}
/// ```
public struct IdentifySpecification: Sendable, Equatable {
  /// Surrogate brains per layer and subject (≥ 1; default 100).
  public var repetitions: Int
  /// Multiples λ of the data's noise standard deviation (finite, ≥ 0; default [1, 4]).
  public var noiseScales: [Double]

  /// The check with `repetitions` surrogates per layer at `noiseScales`.
  public init(repetitions: Int = 100, noiseScales: [Double] = [1, 4]) {
    self.repetitions = repetitions
    self.noiseScales = noiseScales
  }

  /// The analysis of `measures` with these settings, the study's seed and confidence.
  public func analysis(measures: [MeasureSpecification], seed: UInt64, confidence: Double) -> LayerIdentification {
    LayerIdentification(
      measures: measures, repetitions: repetitions, noiseScales: noiseScales, seed: seed, confidence: confidence)
  }
}

/// The stimulus-permutation null a study computes beside its measures (YAML `null`): for every
/// measure, region and layer, a p-value, the null's quantiles, a calibrated score and the
/// max-statistic p over layers (`PermutationNull`), shown beside the raw scores in the report.
///
/// With it, the dead-salmon baseline: each layer's score when its features are shuffled over the
/// stimuli (`dead_salmon` copies per layer).
///
/// ```yaml
/// null: {permutations: 1000, dead_salmon: 20}
/// ```
public struct NullSpecification: Sendable, Equatable {
  /// Stimulus permutations per region (≥ 1; default 1000: p-values down to 1/1001).
  public var permutations: Int
  /// Feature-permuted copies of each layer (≥ 0; default 20; 0: no dead-salmon baseline).
  public var deadSalmon: Int

  /// A null of `permutations` permutations with `deadSalmon` feature-permuted copies per layer.
  public init(permutations: Int = 1000, deadSalmon: Int = 20) {
    self.permutations = permutations
    self.deadSalmon = deadSalmon
  }

  /// The analysis of `measures` with these settings and the study's seed.
  public func analysis(measures: [MeasureSpecification], seed: UInt64) -> PermutationNull {
    PermutationNull(measures: measures, permutations: permutations, seed: seed, deadSalmon: deadSalmon)
  }
}
