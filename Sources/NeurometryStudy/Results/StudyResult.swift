import NeurometryData
import NeurometryLinearAlgebra

/// Everything a model–brain study found, with the inputs and parameters that produced it: the
/// `result` of `neurometry report --json` and the numbers of the HTML page (Docs/study.md has the
/// JSON schema). Arrays indexed by layer follow `layers`; condensed arrays follow scipy's pair order.
public struct StudyResult: Sendable, Codable {
  /// The study's settings: name, file, seed, bootstrap samples, confidence and correction.
  public let study: StudyInfo
  /// Stimulus ids in the order every matrix and RDM below uses.
  public let stimuli: [String]
  /// Every layer compared, in the order of every per-layer array.
  public let layers: [LayerInfo]
  /// Every region, with its subjects and their recordings.
  public let regions: [RegionInfo]
  /// One result per measure of the specification, in its order.
  public let measures: [MeasureResult]
  /// RDMs of every layer and region (mean over subjects), for thumbnails and the MDS plot.
  public let rdms: RDMSummary
  /// Every file read (the study file, the activations, each recording), with size and SHA-256.
  public let inputs: [InputFile]
  /// Versions of Neurometry and the libraries behind it, by name ("neurometry", "blas", "hdf5", …).
  public let software: [String: String]
  /// Seconds spent per step ("load", "rsa", "cka", …, "total").
  public let timings: [String: Double]
  /// Every warning of the loaders and the measures, and each subject without a split-half ceiling.
  public let warnings: [String]
  /// Would we know? How often each measure identifies the layer that generated a surrogate brain
  /// as noisy as each region (when the study asks for it: `StudySpecification.identify`).
  public var identification: IdentificationResult? = nil
  /// With `identification`: the tRSA identification grid of the regions (when the study has the same
  /// ≥ 2 subjects in every region, or repetitions to split in halves).
  public var topology: StudyTopologyIdentification? = nil
  /// Every score beside its stimulus-permutation null (when the study asks for it:
  /// `StudySpecification.null`); JSON `nulls`.
  public var nulls: NullResult? = nil

  enum CodingKeys: String, CodingKey {
    case study, stimuli, layers, regions, measures, rdms, inputs, software, timings, warnings, identification, topology
    case nulls
  }
}

/// The study's settings.
public struct StudyInfo: Sendable, Codable {
  /// The study's title.
  public let name: String
  /// The study file, when the specification was read from one.
  public let file: String?
  /// The seed of every random draw.
  public let seed: UInt64
  /// The number of bootstrap samples.
  public let bootstrap: Int
  /// The confidence level of the intervals and tests (e.g. 0.95).
  public let confidence: Double
  /// The correction of the pairwise layer tests: "uncorrected", "bonferroni" or "fdr".
  public let correction: String
}

/// One layer of the network.
public struct LayerInfo: Sendable, Codable {
  /// The layer's name (member name or dataset path).
  public let name: String
  /// The array's shape in the file (stimuli first).
  public let shape: [Int]
  /// The number of features per stimulus (the array flattened after the stimulus axis).
  public let features: Int
}

/// One brain region and its subjects.
public struct RegionInfo: Sendable, Codable {
  /// The region's name.
  public let name: String
  /// The region's subjects, in the specification's order.
  public let subjects: [SubjectInfo]
}

/// One subject's recording of a region.
public struct SubjectInfo: Sendable, Codable {
  /// The subject's label.
  public let name: String
  /// The recording's kind: "spikes", "phy", "fmri" or "patterns".
  public let kind: String
  /// The files read for this subject.
  public let files: [String]
  /// The number of channels (units, voxels or pattern columns).
  public let channels: Int
  /// What a channel is ("units", "voxels", "channels"); JSON `channel_kind`.
  public let channelKind: String
  /// Observations per stimulus used for split halves (0: none).
  public let repetitions: Int

  enum CodingKeys: String, CodingKey {
    case name, kind, files, channels, channelKind = "channel_kind", repetitions
  }
}

/// A file read, with its size and SHA-256 (a folder: the files in it).
public struct InputFile: Sendable, Codable {
  /// The file's path, as read.
  public let path: String
  /// The file's size in bytes.
  public let bytes: Int
  /// The SHA-256 digest of the file's contents, in lowercase hexadecimal.
  public let sha256: String
}

/// One measure over every layer × region.
public struct MeasureResult: Sendable, Codable {
  /// "rsa", "cka", "shape", "encoding".
  public let measure: String
  /// A short human label, e.g. "RSA (correlation RDM, corr)".
  public let label: String
  /// What a score is ("RDM corr", "CKA", "angular distance", "mean held-out r").
  public let scoreLabel: String
  /// The measure's parameters as text, for provenance (e.g. "rdm": "correlation").
  public let parameters: [String: String]
  /// false for distances (shape): the best layer has the smallest score.
  public let higherIsBetter: Bool
  /// The scores against each region, in the order of `StudyResult.regions`.
  public let regions: [RegionScores]

  enum CodingKeys: String, CodingKey {
    case measure, label, scoreLabel = "score_label", parameters, higherIsBetter = "higher_is_better", regions
  }
}

/// One measure's scores of every layer against one region.
public struct RegionScores: Sendable, Codable {
  /// The region's name.
  public let region: String
  /// Point estimate per layer (mean over subjects).
  public let scores: [Double]
  /// Bootstrap confidence interval per layer (percentiles of the valid samples).
  public let lower: [Double]
  /// Upper end of the bootstrap confidence interval per layer.
  public let upper: [Double]
  /// Bootstrap standard deviation per layer.
  public let standardErrors: [Double]
  /// The region's noise ceiling for this measure (nil when it has none).
  public let ceiling: Ceiling?
  /// score / ceiling per layer (nil without a ceiling).
  public let normalized: [Double]?
  /// Index of the best layer (largest score, or smallest distance).
  public let best: Int
  /// The name of the best layer; JSON `best_layer`.
  public let bestLayer: String
  /// Share of valid bootstrap samples in which each layer is the best (ties shared).
  public let bestProbability: [Double]
  /// Two-sided bootstrap p-values of every layer pair, condensed (layer i < j), corrected.
  public let pairwiseP: [Double]
  /// Whether each pair differs at level 1 − confidence after the correction.
  public let pairwiseSignificant: [Bool]
  /// Bootstrap samples used (valid ones: ≥ 3 distinct stimuli).
  public let samples: Int
  /// The scheme: "stimuli" or "stimuli+subjects".
  public let resampling: String

  enum CodingKeys: String, CodingKey {
    case region, scores, lower, upper, standardErrors = "standard_errors", ceiling, normalized, best
    case bestLayer = "best_layer", bestProbability = "best_probability", pairwiseP = "pairwise_p"
    case pairwiseSignificant = "pairwise_significant", samples, resampling
  }

  /// Scores from their parts, taken as given (nothing is checked): per-layer arrays follow the
  /// study's layers, pairwise arrays the condensed layer pairs (i < j).
  public init(
    region: String, scores: [Double], lower: [Double], upper: [Double], standardErrors: [Double], ceiling: Ceiling?,
    normalized: [Double]?, best: Int, bestLayer: String, bestProbability: [Double], pairwiseP: [Double],
    pairwiseSignificant: [Bool], samples: Int, resampling: String
  ) {
    self.region = region
    self.scores = scores
    self.lower = lower
    self.upper = upper
    self.standardErrors = standardErrors
    self.ceiling = ceiling
    self.normalized = normalized
    self.best = best
    self.bestLayer = bestLayer
    self.bestProbability = bestProbability
    self.pairwiseP = pairwiseP
    self.pairwiseSignificant = pairwiseSignificant
    self.samples = samples
    self.resampling = resampling
  }

  /// Encodes with the keys above (snake case: `standard_errors`, `best_layer`, `best_probability`,
  /// `pairwise_p`, `pairwise_significant`). JSON has no NaN: non-finite numbers are written as
  /// null and read back as NaN (`init(from:)`); `ceiling` and `normalized` are left out when nil.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(region, forKey: .region)
    try c.encode(scores.nonFiniteAsNull, forKey: .scores)
    try c.encode(lower.nonFiniteAsNull, forKey: .lower)
    try c.encode(upper.nonFiniteAsNull, forKey: .upper)
    try c.encode(standardErrors.nonFiniteAsNull, forKey: .standardErrors)
    try c.encodeIfPresent(ceiling, forKey: .ceiling)
    try c.encodeIfPresent(normalized?.nonFiniteAsNull, forKey: .normalized)
    try c.encode(best, forKey: .best)
    try c.encode(bestLayer, forKey: .bestLayer)
    try c.encode(bestProbability.nonFiniteAsNull, forKey: .bestProbability)
    try c.encode(pairwiseP.nonFiniteAsNull, forKey: .pairwiseP)
    try c.encode(pairwiseSignificant, forKey: .pairwiseSignificant)
    try c.encode(samples, forKey: .samples)
    try c.encode(resampling, forKey: .resampling)
  }

  /// Decodes the JSON `encode(to:)` writes, reading null numbers back as NaN.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func numbers(_ key: CodingKeys) throws -> [Double] { try c.decode([Double?].self, forKey: key).map { $0 ?? .nan } }
    region = try c.decode(String.self, forKey: .region)
    scores = try numbers(.scores)
    lower = try numbers(.lower)
    upper = try numbers(.upper)
    standardErrors = try numbers(.standardErrors)
    ceiling = try c.decodeIfPresent(Ceiling.self, forKey: .ceiling)
    normalized = try c.decodeIfPresent([Double?].self, forKey: .normalized).map { $0.map { $0 ?? .nan } }
    best = try c.decode(Int.self, forKey: .best)
    bestLayer = try c.decode(String.self, forKey: .bestLayer)
    bestProbability = try numbers(.bestProbability)
    pairwiseP = try numbers(.pairwiseP)
    pairwiseSignificant = try c.decode([Bool].self, forKey: .pairwiseSignificant)
    samples = try c.decode(Int.self, forKey: .samples)
    resampling = try c.decode(String.self, forKey: .resampling)
  }
}

/// A noise ceiling: the value a perfect model is expected to reach on these data.
public struct Ceiling: Sendable, Codable {
  /// For leave-one-subject-out ceilings the lower bound; otherwise equal to `upper`.
  public let lower: Double
  /// The upper bound of the ceiling (for split-half ceilings, the ceiling itself).
  public let upper: Double
  /// "split-half" (Spearman–Brown corrected, √ of the reliability) or "leave-one-subject-out".
  public let method: String
}

/// Condensed RDMs (scipy order over `StudyResult.stimuli`) of every layer and region, their
/// method, and a classical MDS of all of them (distance 1 − Pearson r between RDMs).
///
/// In JSON the RDMs are written up to `storedPairLimit` pairs each (300 stimuli): beyond that they
/// would dominate the file (1,000 stimuli: 499,500 numbers per RDM) and the page draws them as
/// block averages anyway; `rdms_stored` says which, and `neurometry rdm` computes them exactly.
public struct RDMSummary: Sendable, Codable {
  /// The RDM method of every RDM ("correlation", "euclidean", …).
  public let method: String
  /// One condensed RDM per layer, in the order of `StudyResult.layers`.
  public let layers: [[Double]]
  /// One condensed RDM per region (the mean over its subjects), in the order of `StudyResult.regions`.
  public let regions: [[Double]]
  /// One point per layer, then per region: (x, y).
  public let mds: [[Double]]
  /// Share of the positive spectrum the two MDS axes hold.
  public let mdsExplained: Double

  /// RDMs with more pairs are left out of the JSON (300 stimuli).
  public static let storedPairLimit = 44_850

  /// A summary from its parts; `mds` holds one (x, y) point per layer, then per region.
  public init(method: String, layers: [[Double]], regions: [[Double]], mds: [[Double]], mdsExplained: Double) {
    self.method = method
    self.layers = layers
    self.regions = regions
    self.mds = mds
    self.mdsExplained = mdsExplained
  }

  enum CodingKeys: String, CodingKey {
    case method, layers, regions, mds, mdsExplained = "mds_explained", stored = "rdms_stored"
  }

  /// Encodes with the keys `method`, `rdms_stored`, `layers`, `regions`, `mds` and `mds_explained`;
  /// RDMs longer than `storedPairLimit` pairs are written as empty lists (`rdms_stored` false), and
  /// non-finite dissimilarities as null.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let stored = (layers.first ?? regions.first ?? []).count <= Self.storedPairLimit
    try c.encode(method, forKey: .method)
    try c.encode(stored, forKey: .stored)
    try c.encode(stored ? layers.nonFiniteAsNull : [], forKey: .layers)
    try c.encode(stored ? regions.nonFiniteAsNull : [], forKey: .regions)
    try c.encode(mds, forKey: .mds)
    try c.encode(mdsExplained, forKey: .mdsExplained)
  }

  /// Decodes the JSON `encode(to:)` writes, reading null dissimilarities back as NaN (and RDMs that were
  /// not stored as empty lists).
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    method = try c.decode(String.self, forKey: .method)
    layers = try c.decode([[Double?]].self, forKey: .layers).nullAsNaN
    regions = try c.decode([[Double?]].self, forKey: .regions).nullAsNaN
    mds = try c.decode([[Double]].self, forKey: .mds)
    mdsExplained = try c.decode(Double.self, forKey: .mdsExplained)
  }
}
