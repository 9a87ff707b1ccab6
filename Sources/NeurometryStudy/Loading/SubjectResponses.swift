import NeurometryData
import NeurometryLinearAlgebra

/// One subject's responses in one region: the stimulus × channel means, and the single
/// observations (trials, or runs' betas) they average, for split-half noise ceilings.
public struct SubjectResponses: Sendable {
  /// The region's name.
  public let region: String
  /// The subject's label.
  public let subject: String
  /// "spikes", "phy", "fmri" or "patterns".
  public let kind: String
  /// The files read.
  public let files: [String]
  /// Stimulus ids of the rows of `means`.
  public let stimuli: [String]
  /// stimuli × channels: the mean response to each stimulus.
  public let means: Matrix
  /// observations × channels (one row per trial or per run's beta), or nil when the source has
  /// one row per stimulus.
  public let observations: Matrix?
  /// The stimulus of each row of `observations`.
  public let observationStimuli: [String]
  /// What a channel is ("units", "voxels", "channels").
  public let channelKind: String
  /// Things the loader reported: units without spikes, trial windows outside the recording, spike
  /// sorting and fMRI run or design notes.
  public let warnings: [String]

  /// Responses from their parts, taken as given (no shape checks): `means` is stimuli × channels with
  /// rows in `stimuli` order, `observations` (when given) one row per entry of `observationStimuli`.
  public init(
    region: String, subject: String, kind: String, files: [String], stimuli: [String], means: Matrix,
    observations: Matrix?, observationStimuli: [String], channelKind: String, warnings: [String]
  ) {
    self.region = region
    self.subject = subject
    self.kind = kind
    self.files = files
    self.stimuli = stimuli
    self.means = means
    self.observations = observations
    self.observationStimuli = observationStimuli
    self.channelKind = channelKind
    self.warnings = warnings
  }

  /// The number of channels (columns of `means`).
  public var channelCount: Int { means.columns }

  /// Repetition matrices for split halves: repetition r holds, for every stimulus of `order`, its
  /// r-th observation (in the order the observations come: trial order, run order). R is the
  /// smallest number of observations any stimulus has; nil when R < 2 (no split-half ceiling).
  public func repetitions(order: [String]) -> (matrices: [Matrix], dropped: Int)? {
    guard let x = observations else { return nil }
    var rowsOf: [String: [Int]] = [:]
    for (i, s) in observationStimuli.enumerated() { rowsOf[s, default: []].append(i) }
    let counts = order.map { rowsOf[$0]?.count ?? 0 }
    guard let r = counts.min(), r >= 2 else { return nil }
    let dropped = counts.reduce(0, +) - r * order.count
    let matrices = (0..<r).map { k in
      Matrix(rows: order.count, columns: x.columns) { s, c in x[rowsOf[order[s], default: []][k], c] }
    }
    return (matrices, dropped)
  }

  /// The means with rows in `order`; throws naming a stimulus of `order` missing here.
  func means(in order: [String]) throws -> Matrix {
    var position: [String: Int] = [:]
    for (i, s) in stimuli.enumerated() { position[s] = i }
    let rows = try order.map { id -> Int in
      guard let p = position[id] else {
        throw NeurometryError.invalidInput(
          context: "region '\(region)' (\(subject))", message: "has no responses to stimulus '\(id)'")
      }
      return p
    }
    return Matrix(rows: rows.count, columns: means.columns) { i, c in means[rows[i], c] }
  }
}
