import NeurometryData
import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometrySimilarity

/// Would we know? If a region were a readout of one of the candidate layers, at the noise the
/// region's data have, how often would each measure pick that layer? (Han, Poggio & Cheung 2023,
/// "System identification of neural systems: if we got it right, would we know?", ICML.)
///
/// For each region, each subject with repeated presentations gives a noise model
/// (`ChannelNoise`: offsets, signal and noise variance per channel). For every layer t taken as
/// the truth and every repetition i, one surrogate brain per subject is drawn from t
/// (`SurrogateBrain`: a random linear readout to the subject's channel count, scaled to its signal
/// variance, plus noise matched to its split-half reliability). Each measure then scores every
/// candidate layer against the surrogate exactly as the study scores the real region (mean over
/// subjects; RSA from the layers' RDMs, CKA, shape distance, cross-validated ridge encoding), and
/// the best-scoring layer is the one "identified" (highest score; lowest shape distance; ties go
/// to the earlier layer). Over the L·R surrogates this gives a confusion matrix (true × chosen
/// layer) and the identification accuracy, with a Wilson interval; chance is 1/L. Each noise
/// scale λ multiplies the noise's standard deviation; the same surrogates are used at every scale.
///
/// Randomness: surrogate (t, i) of subject s in region g draws from
/// `RandomStream(seed: seed, stream:)` keyed by (g, s, t, i) alone, so results do not depend on
/// threads, on the noise scales asked for, or on which measures run.
///
/// - Complexity: per region and noise scale, for K = L·R surrogates of c channels over n stimuli
///   and layers of p features: drawing O(K·n·p·c) (once); RSA O(K·n²·c) for the surrogate RDMs
///   plus O(L·K·n²) to compare; linear CKA O(K·n²·c + L·K·n²); shape distances L·K metric fits;
///   encoding one cross-validated ridge per layer over all K·c surrogate channels at once (ridge
///   chooses α per channel, so this equals fitting each surrogate alone). Memory: the K surrogates,
///   2·K·n·c numbers per subject.
public struct LayerIdentification: Sendable {
  /// The measures to check, as a study specifies them.
  public var measures: [MeasureSpecification]
  /// Surrogates per true layer and subject (default 100).
  public var repetitions: Int
  /// Noise scales λ (default [1, 4]: the data's noise, and four times its standard deviation).
  public var noiseScales: [Double]
  /// The seed of every draw (and of encoding's fold shuffle).
  public var seed: UInt64
  /// The level of the accuracy intervals (default 0.95).
  public var confidence: Double

  /// An analysis of `measures` with `repetitions` surrogates per layer, at `noiseScales`.
  public init(
    measures: [MeasureSpecification], repetitions: Int = 100, noiseScales: [Double] = [1, 4], seed: UInt64 = 0,
    confidence: Double = 0.95
  ) {
    self.measures = measures
    self.repetitions = repetitions
    self.noiseScales = noiseScales
    self.seed = seed
    self.confidence = confidence
  }

  /// Checks the settings: at least one measure, repetitions ≥ 1, finite noise scales ≥ 0, a
  /// confidence strictly between 0 and 1.
  public func validate() throws {
    func refuse(_ message: String) -> NeurometryError { .invalidInput(context: "identify", message: message) }
    if measures.isEmpty { throw refuse("needs at least one measure") }
    if repetitions < 1 { throw refuse("repetitions must be at least 1, got \(repetitions)") }
    if noiseScales.isEmpty { throw refuse("needs at least one noise scale") }
    if let bad = noiseScales.first(where: { !$0.isFinite || $0 < 0 }) {
      throw refuse("noise scales must be finite and ≥ 0, got \(bad)")
    }
    if !(confidence > 0 && confidence < 1) { throw refuse("confidence must be between 0 and 1, got \(confidence)") }
  }

  /// Runs the analysis on a study's data. Regions without a subject whose stimuli were all
  /// presented at least twice are left out with a warning. Throws what `validate` throws,
  /// `invalidInput` for fewer than 2 layers or fewer stimuli than a measure needs, and any
  /// error of a measure. `progress` is called after each region and noise scale.
  public func run(
    _ data: StudyData, progress: (_ region: String, _ noiseScale: Double) -> Void = { _, _ in }
  ) throws -> IdentificationResult {
    try run(data, repetitions: 0..<repetitions, progress: progress)
  }

  /// The analysis of repetitions `range` only (surrogates (t, i) of every layer t for i in
  /// `range`): one shard of the run (`neurometry identify --shard K/N`). Each surrogate depends on
  /// its (region, subject, layer, repetition) alone, so the shards' confusion counts add up to the
  /// whole run's (`IdentificationResult.merging`); the result's `repetitions` is `range.count`.
  /// Throws `invalidInput` for an empty range or one outside 0..<repetitions, and what `run` throws.
  public func run(
    _ data: StudyData, repetitions range: Range<Int>,
    progress: (_ region: String, _ noiseScale: Double) -> Void = { _, _ in }
  ) throws -> IdentificationResult {
    try validate()
    guard !range.isEmpty && range.lowerBound >= 0 && range.upperBound <= repetitions else {
      throw NeurometryError.invalidInput(
        context: "identify", message: "repetitions \(range) are not a non-empty part of 0..<\(repetitions)")
    }
    guard data.layers.count >= 2 else {
      throw NeurometryError.invalidInput(
        context: "identify", message: "needs at least 2 candidate layers, the activations have \(data.layers.count)")
    }
    try CandidateLayers.requireStimuli(data, for: measures, context: "identify")
    let candidates = CandidateLayers(data)
    var regions: [RegionIdentification] = []
    var warnings: [String] = []
    for (g, region) in data.regions.enumerated() {
      var subjects: [String] = []
      var noises: [ChannelNoise] = []
      for s in region.subjects {
        guard let reps = s.repetitions(order: data.stimuli) else { continue }
        noises.append(try ChannelNoise(repetitions: reps.matrices, source: "region '\(region.name)' (\(s.subject))"))
        subjects.append(s.subject)
      }
      guard !noises.isEmpty else {
        warnings.append(
          "\(region.name): left out, no subject presented every stimulus at least twice (the noise level comes from the repetitions)"
        )
        continue
      }
      let surrogates = try drawSurrogates(region: g, layers: candidates.matrices, noises: noises, repetitions: range)
      var levels: [NoiseLevelIdentification] = []
      for scale in noiseScales {
        let responses = surrogates.map { subject in subject.map { $0.responses(noiseScale: scale) } }
        let identified = try measures.map { m in
          try identify(m, scores: try candidates.scores(m, responses: responses, seed: seed), perLayer: range.count)
        }
        let reliability = noises.map { $0.meanReliability(noiseScale: scale) }.reduce(0, +) / Double(noises.count)
        levels.append(NoiseLevelIdentification(noiseScale: scale, reliability: reliability, measures: identified))
        progress(region.name, scale)
      }
      let reliability = noises.map { $0.meanReliability() }.reduce(0, +) / Double(noises.count)
      regions.append(
        RegionIdentification(region: region.name, subjects: subjects, reliability: reliability, levels: levels))
    }
    return IdentificationResult(
      layers: data.layers.map(\.name), repetitions: range.count, noiseScales: noiseScales, seed: seed,
      confidence: confidence, regions: regions, warnings: warnings)
  }

  /// Validates `specification`, loads its data (`StudyData.load`) and runs the analysis on them
  /// (`run(_:repetitions:progress:)`; `range` nil: every repetition): the entry point behind
  /// `neurometry identify` and its shards.
  public func run(
    _ specification: StudySpecification, repetitions range: Range<Int>? = nil,
    progress: (_ region: String, _ noiseScale: Double) -> Void = { _, _ in }
  ) throws -> IdentificationResult {
    try validate()
    try specification.validate()
    return try run(try StudyData.load(specification), repetitions: range ?? 0..<repetitions, progress: progress)
  }

  /// The random stream of surrogate (layer t, repetition i) of subject s in region g.
  static func stream(region g: Int, subject s: Int, layer t: Int, repetition i: Int) -> UInt64 {
    var key = UInt64(truncatingIfNeeded: g) &* 0x9E37_79B9_7F4A_7C15
    for part in [s, t, i] {
      key = RandomStream.splitMix64(&key) ^ UInt64(truncatingIfNeeded: part)
    }
    return key
  }

  /// surrogates[subject][t·r + i′] for the r repetitions of `range` (repetition range.lowerBound + i′).
  func drawSurrogates(
    region g: Int, layers: [Matrix], noises: [ChannelNoise], repetitions range: Range<Int>
  ) throws -> [[SurrogateBrain]] {
    let r = range.count
    return try noises.enumerated().map { s, noise in
      try Parallel.map(layers.count * r) { k in
        var random = RandomStream(
          seed: seed,
          stream: Self.stream(region: g, subject: s, layer: k / r, repetition: range.lowerBound + k % r))
        return try SurrogateBrain.draw(layer: layers[k / r], noise: noise, random: &random)
      }
    }
  }

  /// The confusion matrix and accuracy of `scores` (layers × surrogates, surrogate k of layer
  /// k / perLayer).
  func identify(_ m: MeasureSpecification, scores: Matrix, perLayer: Int) throws -> MeasureIdentification {
    let layers = scores.rows
    var confusion = [[Int]](repeating: [Int](repeating: 0, count: layers), count: layers)
    var undecided = 0
    for k in 0..<scores.columns {
      var best: Int? = nil
      for l in 0..<layers where scores[l, k].isFinite {
        guard let b = best else {
          best = l
          continue
        }
        if m.higherIsBetter ? scores[l, k] > scores[b, k] : scores[l, k] < scores[b, k] { best = l }
      }
      guard let best else {
        undecided += 1
        continue
      }
      confusion[k / perLayer][best] += 1
    }
    return MeasureIdentification(
      measure: m.kind.rawValue, label: m.label, confusion: confusion, undecided: undecided, confidence: confidence)
  }
}

/// The candidate layers, and the scores of each against surrogate brains.
struct CandidateLayers: Sendable {
  let data: StudyData
  var matrices: [Matrix] { data.layers.map(\.matrix) }

  init(_ data: StudyData) { self.data = data }

  /// Throws `invalidInput` (in `context`) when `data` has fewer stimuli than a measure needs.
  static func requireStimuli(_ data: StudyData, for measures: [MeasureSpecification], context: String) throws {
    let n = data.stimuli.count
    for m in measures where n < m.minimumStimuli {
      throw NeurometryError.invalidInput(
        context: context, message: "the study has \(n) stimuli but \(m.label) needs at least \(m.minimumStimuli)")
    }
  }

  /// Scores of every layer (rows) against every surrogate (columns), the mean over subjects:
  /// `responses[subject][k]`.
  func scores(_ m: MeasureSpecification, responses: [[Matrix]], seed: UInt64) throws -> Matrix {
    let k = responses[0].count
    var total = Matrix(rows: matrices.count, columns: k)
    for subject in responses {
      let s = try subjectScores(m, subject, seed: seed)
      total.withUnsafeMutableBufferPointer { t in
        s.withUnsafeBufferPointer { v in for i in 0..<t.count { t[i] += v[i] } }
      }
    }
    return total.map { $0 / Double(responses.count) }
  }

  private func subjectScores(_ m: MeasureSpecification, _ surrogates: [Matrix], seed: UInt64) throws -> Matrix {
    let matrices = self.matrices
    let layers = matrices.count
    let k = surrogates.count
    switch m {
    case .rsa(let r):
      let estimator = RDMEstimator(method: r.rdm)
      let layerRDMs = try r.transformed(try StudyMeasures.layerRDMs(data, method: r.rdm))
      let sets = try Parallel.map(k) {
        try r.transformed(try estimator.fit(ResponsePatterns(measurements: surrogates[$0])))
      }
      return try RDMComparison(r.comparator).compare(layerRDMs, try RDMs.concatenating(sets)).values
    case .cka(let c):
      let values = try c.crossMatrix(matrices, surrogates)
      return Matrix(rows: layers, columns: k) { values[$0][$1] }
    case .shape(let metric):
      let columns = try Parallel.map(k) { j in try matrices.map { try metric.distance($0, surrogates[j]).distance } }
      return Matrix(rows: layers, columns: k) { columns[$1][$0] }
    case .encoding(let e):
      let channels = surrogates.map(\.columns)
      let y = Matrix.horizontalConcatenation(surrogates)
      let evaluation = EncodingStudyMeasure(measure: e, seed: seed).evaluation
      var out = Matrix(rows: layers, columns: k)
      for (l, x) in matrices.enumerated() {
        let fit = try evaluation.evaluate(x, y)
        guard let predictions = fit.heldOutPredictions else {
          throw NeurometryError.invalidInput(
            context: "identify", message: "the encoding evaluation kept no predictions")
        }
        let r = try EncodingScore.pearson.values(truth: y, predictions: predictions)
        var start = 0
        for j in 0..<k {
          out[l, j] = EncodingStudyMeasure.meanDefined(Array(r[start..<(start + channels[j])]))
          start += channels[j]
        }
      }
      return out
    }
  }
}
