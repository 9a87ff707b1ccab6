import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity

/// How far each layer's score is from what chance gives: a stimulus-permutation null for every
/// measure (RSA, CKA, shape, encoding), with p-values, the null's quantiles, calibrated scores and
/// a correction for picking the best of many layers.
///
/// For each region, P permutations π₁ … π_P of the stimuli are drawn (the same for every subject
/// and layer); each measure scores every layer against the region's means with their rows
/// permuted, exactly as the study scores the real region (mean over subjects). Permuting the
/// stimuli breaks any correspondence between layer and brain while keeping each side's own
/// geometry, so the scores form the null distribution of "no shared stimulus structure". With s
/// the observed score of a layer and s₁ … s_P its null scores (for distances, sign-flipped so that
/// larger is always better):
/// - p = (1 + #{k : s_k ≥ s}) / (P + 1) (Phipson & Smyth 2010: never 0, exact under the null);
/// - calibrated score z = (s − mean s_k) / sd s_k (sd with P − 1), in the score's own direction;
/// - the max-statistic p over layers (Westfall & Young 1993, max-T): each layer's null scores are
///   standardised by its own null (z_lk = (s_lk − mean) / sd; layers differ in their null's centre
///   and spread — an RSA or CKA null sits higher for some layers than for others — so raw maxima
///   would let one layer's null swamp the rest), m_k = max over layers of z_lk, and
///   p_max = (1 + #{k : m_k ≥ z}) / (P + 1) for the layer's calibrated score z. It controls the
///   family-wise error of reporting any (or the best) of L layers; undefined (NaN) for a layer
///   whose null does not vary;
/// - the null's 2.5 %, 50 % and 97.5 % quantiles (linear interpolation, numpy's default).
///
/// Permutation k of region g draws from `RandomStream(seed: seed, stream:)` keyed by (g, k) alone:
/// results do not depend on threads or on which measures run.
///
/// The dead-salmon baseline (Bennett et al. 2009's lesson: a pipeline can find "structure" where
/// none exists): D feature-permuted copies of each layer — every feature's values shuffled over
/// the stimuli independently, which keeps each feature's distribution and the layer's size but
/// leaves no stimulus structure — scored against the real region exactly as the layer is. What
/// they get is what the measure gives a structureless representation of this size (biased CKA of
/// many random features, for one, is far from 0). Copy d of layer l draws from the stream keyed
/// by (l, d) alone (the same copies for every region); the mean and the 2.5 %, 50 %, 97.5 %
/// quantiles over the D copies are reported per layer.
///
/// - Complexity: as scoring the P + 1 orderings as surrogate brains (`LayerIdentification`): RSA
///   O(P·n²·c), CKA O(P·L·n²), encoding one cross-validated ridge per layer over all P + 1
///   orderings' channels at once; the dead-salmon baseline scores L·D more layers per region
///   (D·n·p numbers held for one layer's copies at a time).
public struct PermutationNull: Sendable {
  /// The measures, as a study specifies them.
  public var measures: [MeasureSpecification]
  /// P, the permutations per region (default 1000).
  public var permutations: Int
  /// The seed of every permutation (and of encoding's fold shuffle).
  public var seed: UInt64
  /// D, the feature-permuted copies of each layer for the dead-salmon baseline (default 20; 0: none).
  public var deadSalmon: Int

  /// A null of `permutations` stimulus permutations for each of `measures`, and a dead-salmon
  /// baseline of `deadSalmon` feature-permuted copies of each layer.
  public init(measures: [MeasureSpecification], permutations: Int = 1000, seed: UInt64 = 0, deadSalmon: Int = 20) {
    self.measures = measures
    self.permutations = permutations
    self.seed = seed
    self.deadSalmon = deadSalmon
  }

  /// The null of every measure for every region of `data`. Throws `invalidInput` for no measure,
  /// fewer than 1 permutation or fewer stimuli than a measure needs, and any error of a measure.
  public func run(_ data: StudyData) throws -> NullResult {
    if measures.isEmpty { throw NeurometryError.invalidInput(context: "null", message: "needs at least one measure") }
    if permutations < 1 {
      throw NeurometryError.invalidInput(
        context: "null", message: "permutations must be at least 1, got \(permutations)")
    }
    if deadSalmon < 0 {
      throw NeurometryError.invalidInput(
        context: "null", message: "dead_salmon must be at least 0 copies, got \(deadSalmon)")
    }
    try CandidateLayers.requireStimuli(data, for: measures, context: "null")
    let n = data.stimuli.count
    let candidates = CandidateLayers(data)
    let salmon = try deadSalmonScores(data)
    let regions = try data.regions.enumerated().map { g, region -> RegionNull in
      let orders =
        [Array(0..<n)]
        + (0..<permutations).map { k in
          var random = RandomStream(seed: seed, stream: Self.stream(region: g, permutation: k))
          return random.permutation(n)
        }
      let responses = region.means.map { y in orders.map { y.gatheringRows($0) } }
      let nulls = try measures.enumerated().map { k, m in
        Self.summarise(
          m, scores: try candidates.scores(m, responses: responses, seed: seed), deadSalmon: salmon?[g][k])
      }
      return RegionNull(region: region.name, measures: nulls)
    }
    return NullResult(
      layers: data.layers.map(\.name), permutations: permutations, seed: seed, deadSalmon: deadSalmon, regions: regions)
  }

  /// The dead-salmon scores: [region][measure] a layers × D matrix (nil when `deadSalmon` is 0).
  /// One layer's D copies are held at a time.
  func deadSalmonScores(_ data: StudyData) throws -> [[Matrix]]? {
    guard deadSalmon > 0 else { return nil }
    let (layers, d) = (data.layers.count, deadSalmon)
    var out = data.regions.map { _ in measures.map { _ in Matrix(rows: layers, columns: d) } }
    for (l, layer) in data.layers.enumerated() {
      let copies = try Parallel.map(d) { k in
        var random = RandomStream(seed: seed, stream: Self.salmonStream(layer: l, copy: k))
        return Activations.Layer(
          name: "\(layer.name) (features permuted \(k + 1))", shape: [layer.matrix.rows, layer.matrix.columns],
          matrix: Self.featurePermuted(layer.matrix, random: &random))
      }
      for (g, region) in data.regions.enumerated() {
        let dead = CandidateLayers(StudyData(stimuli: data.stimuli, layers: copies, regions: [region], warnings: []))
        for (k, m) in measures.enumerated() {
          let scores = try dead.scores(m, responses: region.means.map { [$0] }, seed: seed)
          for c in 0..<d { out[g][k][l, c] = scores[c, 0] }
        }
      }
    }
    return out
  }

  /// `x` with each column's values shuffled over the rows by its own permutation (drawn in column
  /// order from `random`).
  static func featurePermuted(_ x: Matrix, random: inout RandomStream) -> Matrix {
    var out = Matrix(rows: x.rows, columns: x.columns)
    for j in 0..<x.columns {
      let order = random.permutation(x.rows)
      for i in 0..<x.rows { out[i, j] = x[order[i], j] }
    }
    return out
  }

  /// The stream of dead-salmon copy k of layer l.
  static func salmonStream(layer l: Int, copy k: Int) -> UInt64 {
    var key = UInt64(truncatingIfNeeded: l) &* 0xA076_1D64_78BD_642F ^ 0x7361_6C6D_6F6E
    return RandomStream.splitMix64(&key) ^ UInt64(truncatingIfNeeded: k)
  }

  /// The stream of permutation k of region g.
  static func stream(region g: Int, permutation k: Int) -> UInt64 {
    var key = UInt64(truncatingIfNeeded: g) &* 0xD1B5_4A32_D192_ED03 ^ 0x6E75_6C6C
    return RandomStream.splitMix64(&key) ^ UInt64(truncatingIfNeeded: k)
  }

  /// Observed scores (column 0 of `scores`, layers × (P + 1)) against the null (the other columns).
  static func summarise(_ m: MeasureSpecification, scores: Matrix, deadSalmon salmon: Matrix? = nil) -> MeasureNull {
    let (layers, p) = (scores.rows, scores.columns - 1)
    let sign = m.higherIsBetter ? 1.0 : -1.0
    var observed: [Double] = []
    var mean: [Double] = []
    var sd: [Double] = []
    var pValues: [Double] = []
    var quantiles: [[Double]] = []
    for l in 0..<layers {
      let s = scores[l, 0]
      let null = (1...p).map { scores[l, $0] }.filter(\.isFinite)
      let mu = null.isEmpty ? .nan : null.reduce(0, +) / Double(null.count)
      let variance =
        null.count > 1 ? null.map { ($0 - mu) * ($0 - mu) }.reduce(0, +) / Double(null.count - 1) : .nan
      observed.append(s)
      mean.append(mu)
      sd.append(variance.squareRoot())
      if s.isFinite && !null.isEmpty {
        let exceed = null.filter { sign * $0 >= sign * s }.count
        pValues.append(Double(1 + exceed) / Double(1 + null.count))
      } else {
        pValues.append(.nan)
      }
      quantiles.append([0.025, 0.5, 0.975].map { Self.quantile(null.sorted(), $0) })
    }
    let calibrated = (0..<layers).map { l in sd[l] > 0 ? sign * (observed[l] - mean[l]) / sd[l] : .nan }
    // max-T: each permutation's largest standardised null score over the layers whose null varies.
    let standardised = (0..<layers).filter { sd[$0] > 0 }
    let maxima = (1...p).map { k in
      standardised.map { l in sign * (scores[l, k] - mean[l]) / sd[l] }.filter(\.isFinite).max() ?? -.infinity
    }
    let maxPValues = calibrated.map { z in
      z.isFinite ? Double(1 + maxima.filter { $0 >= z }.count) / Double(1 + p) : .nan
    }
    let salmonRows = salmon.map { d in (0..<d.rows).map { l in (0..<d.columns).map { d[l, $0] }.filter(\.isFinite) } }
    return MeasureNull(
      measure: m.kind.rawValue, label: m.label, higherIsBetter: m.higherIsBetter, scores: observed, nullMean: mean,
      nullSD: sd, nullQuantiles: quantiles, pValues: pValues, maxStatisticPValues: maxPValues, calibrated: calibrated,
      deadSalmonMean: salmonRows?.map { $0.isEmpty ? .nan : $0.reduce(0, +) / Double($0.count) },
      deadSalmonQuantiles: salmonRows?.map { row in [0.025, 0.5, 0.975].map { Self.quantile(row.sorted(), $0) } })
  }

  /// numpy's default (linear) quantile of ascending `sorted` values; NaN when empty.
  static func quantile(_ sorted: [Double], _ q: Double) -> Double {
    guard !sorted.isEmpty else { return .nan }
    let position = q * Double(sorted.count - 1)
    let below = Int(position.rounded(.down))
    let above = Swift.min(below + 1, sorted.count - 1)
    return sorted[below] + (position - Double(below)) * (sorted[above] - sorted[below])
  }
}

/// What `PermutationNull` found, per region and measure.
public struct NullResult: Codable, Sendable, Equatable {
  /// The layers, in the study's order (the order of every per-layer array).
  public let layers: [String]
  /// P, the permutations per region.
  public let permutations: Int
  /// The seed of every permutation.
  public let seed: UInt64
  /// D, the feature-permuted copies of each layer in the dead-salmon baseline (0: none).
  public let deadSalmon: Int
  /// One entry per region.
  public let regions: [RegionNull]

  enum CodingKeys: String, CodingKey {
    case layers, permutations, seed, deadSalmon = "dead_salmon", regions
  }
}

/// One region's nulls.
public struct RegionNull: Codable, Sendable, Equatable {
  /// The region's name.
  public let region: String
  /// One entry per measure, in the analysis' order.
  public let measures: [MeasureNull]
}

/// One measure's scores of every layer beside their permutation null.
public struct MeasureNull: Codable, Sendable, Equatable {
  /// The measure's family.
  public let measure: String
  /// Its label with parameters.
  public let label: String
  /// Whether a larger score means "more alike" (false for distances).
  public let higherIsBetter: Bool
  /// The observed score of each layer.
  public let scores: [Double]
  /// The mean of each layer's null scores.
  public let nullMean: [Double]
  /// Their standard deviation (P − 1 in the denominator).
  public let nullSD: [Double]
  /// Each layer's null quantiles at 2.5 %, 50 % and 97.5 %.
  public let nullQuantiles: [[Double]]
  /// Each layer's permutation p-value, (1 + #{null at least as good}) / (P + 1).
  public let pValues: [Double]
  /// Each layer's max-T p-value: its calibrated score against the maximum over layers of each
  /// permutation's standardised scores (family-wise over the layers).
  public let maxStatisticPValues: [Double]
  /// (score − null mean) / null sd, signed so that larger is more alike than chance.
  public let calibrated: [Double]
  /// The dead-salmon baseline: each layer's mean score over its feature-permuted copies (nil when
  /// none were drawn).
  public let deadSalmonMean: [Double]?
  /// Their 2.5 %, 50 % and 97.5 % quantiles per layer.
  public let deadSalmonQuantiles: [[Double]]?

  enum CodingKeys: String, CodingKey {
    case measure, label, higherIsBetter = "higher_is_better", scores, nullMean = "null_mean", nullSD = "null_sd"
    case nullQuantiles = "null_quantiles", pValues = "p_values", maxStatisticPValues = "max_statistic_p_values"
    case calibrated, deadSalmonMean = "dead_salmon_mean", deadSalmonQuantiles = "dead_salmon_quantiles"
  }

  init(
    measure: String, label: String, higherIsBetter: Bool, scores: [Double], nullMean: [Double], nullSD: [Double],
    nullQuantiles: [[Double]], pValues: [Double], maxStatisticPValues: [Double], calibrated: [Double],
    deadSalmonMean: [Double]? = nil, deadSalmonQuantiles: [[Double]]? = nil
  ) {
    self.deadSalmonMean = deadSalmonMean
    self.deadSalmonQuantiles = deadSalmonQuantiles
    self.measure = measure
    self.label = label
    self.higherIsBetter = higherIsBetter
    self.scores = scores
    self.nullMean = nullMean
    self.nullSD = nullSD
    self.nullQuantiles = nullQuantiles
    self.pValues = pValues
    self.maxStatisticPValues = maxStatisticPValues
    self.calibrated = calibrated
  }

  /// Encodes with snake-case keys (`null_mean`, `null_sd`, `null_quantiles`, `p_values`,
  /// `max_statistic_p_values`); JSON has no NaN, so undefined numbers are written as null.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(measure, forKey: .measure)
    try c.encode(label, forKey: .label)
    try c.encode(higherIsBetter, forKey: .higherIsBetter)
    try c.encode(scores.nonFiniteAsNull, forKey: .scores)
    try c.encode(nullMean.nonFiniteAsNull, forKey: .nullMean)
    try c.encode(nullSD.nonFiniteAsNull, forKey: .nullSD)
    try c.encode(nullQuantiles.nonFiniteAsNull, forKey: .nullQuantiles)
    try c.encode(pValues.nonFiniteAsNull, forKey: .pValues)
    try c.encode(maxStatisticPValues.nonFiniteAsNull, forKey: .maxStatisticPValues)
    try c.encode(calibrated.nonFiniteAsNull, forKey: .calibrated)
    try c.encodeIfPresent(deadSalmonMean?.nonFiniteAsNull, forKey: .deadSalmonMean)
    try c.encodeIfPresent(deadSalmonQuantiles?.nonFiniteAsNull, forKey: .deadSalmonQuantiles)
  }

  /// Decodes what `encode(to:)` writes, null numbers as NaN.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func numbers(_ key: CodingKeys) throws -> [Double] { try c.decode([Double?].self, forKey: key).map { $0 ?? .nan } }
    measure = try c.decode(String.self, forKey: .measure)
    label = try c.decode(String.self, forKey: .label)
    higherIsBetter = try c.decode(Bool.self, forKey: .higherIsBetter)
    scores = try numbers(.scores)
    nullMean = try numbers(.nullMean)
    nullSD = try numbers(.nullSD)
    nullQuantiles = try c.decode([[Double?]].self, forKey: .nullQuantiles).nullAsNaN
    pValues = try numbers(.pValues)
    maxStatisticPValues = try numbers(.maxStatisticPValues)
    calibrated = try numbers(.calibrated)
    deadSalmonMean = try c.decodeIfPresent([Double?].self, forKey: .deadSalmonMean)?.map { $0 ?? .nan }
    deadSalmonQuantiles = try c.decodeIfPresent([[Double?]].self, forKey: .deadSalmonQuantiles)?.nullAsNaN
  }
}
