import ArgumentParser
import Foundation
import Neurometry

/// `neurometry rdm PATTERNS --method M [--conditions FILE] [--runs FILE] [--noise FILE] …`:
/// RDMs from response patterns.
struct RDMCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rdm",
    abstract: "Compute a representational dissimilarity matrix (RDM) from response patterns.",
    discussion: """
      PATTERNS is an observations × channels array (.npy, or an .npz member chosen with --dataset), \
      a bins × observations × channels array (one RDM per time bin), or a patterns .h5 file from \
      `neurometry patterns` (its condition and run descriptors are used; so are the \
      NAME_conditions.npy and NAME_runs.npy files it writes beside an .npy). \
      Observations with the same condition label are averaged; conditions are sorted by label \
      (numerically when all labels are numbers, else lexicographically). crossnobis and poisson-cv \
      cross-validate over --runs (leave one run out). The RDM is written with --output as .npz \
      (members dissimilarities, conditions, measure) or .npy (plus NAME.conditions.npy).
      """
  )

  @Argument(help: "The patterns file (observations × channels).")
  var patterns: String

  @Option(name: .long, help: "The member of an .npz/HDF5 patterns file.")
  var dataset: String?

  @Option(name: .long, help: "The dissimilarity measure.")
  var method: RDMMethod = .euclidean

  @Option(name: .long, help: "File of condition labels, one per observation (without it each row is a condition).")
  var conditions: String?

  @Option(name: .long, help: "File of run labels, one per observation (folds for crossnobis and poisson-cv).")
  var runs: String?

  @Option(
    name: .long,
    help:
      "A channels × channels noise precision (.npy) for mahalanobis and crossnobis, or runs × channels × channels (one per run, runs sorted) for crossnobis."
  )
  var noise: String?

  @Option(name: .long, help: "Residuals (rows × channels) to estimate the noise precision from.")
  var noiseResiduals: String?

  @Option(name: .long, help: "Noise covariance estimator for --noise-residuals.")
  var noiseMethod: NoiseCovarianceMethod = .shrinkageDiagonal

  @Option(name: .long, help: "Degrees of freedom of the residuals (default rows − 1).")
  var noiseDof: Int?

  @Flag(name: .long, help: "Subtract each pattern's mean across channels first.")
  var removeMean = false

  @Flag(name: .long, help: "Use the unbalanced estimator (NaN channels, incomplete runs, unequal repetitions).")
  var unbalanced = false

  @Option(name: .long, help: "Pair weighting of the unbalanced estimator.")
  var weighting: UnbalancedWeighting = .number

  @Option(name: .long, help: "Poisson prior rate λ.")
  var priorLambda: Double = 1

  @Option(name: .long, help: "Poisson prior weight w.")
  var priorWeight: Double = 0.1

  @Option(name: .long, help: "poisson-cv folds: average (all folds) or last-fold (rsatoolbox 0.3.2).")
  var poissonFolds: PoissonCVFolds = .average

  @Option(name: .long, help: "Write the RDM here (.npz or .h5 with labels, or .npy).")
  var output: String?

  @Flag(name: .long, help: "Write square n × n matrices instead of condensed vectors.")
  var square = false

  @Flag(name: .long, help: "Replace existing output files.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

  @OptionGroup var memory: MemoryOptions

  struct Parameters: Encodable {
    let method: String
    let removeMean: Bool
    let unbalanced: Bool
    let weighting: String?
    let noiseMethod: String?
    let priorLambda: Double?
    let priorWeight: Double?
    let poissonFolds: String?
    enum CodingKeys: String, CodingKey {
      case method, removeMean = "remove_mean", unbalanced, weighting, noiseMethod = "noise_method"
      case priorLambda = "prior_lambda", priorWeight = "prior_weight", poissonFolds = "poisson_folds"
    }
  }

  struct Result: Encodable {
    let rdms: RDMs
    let conditionCount: Int
    let outputs: [String]
    enum CodingKeys: String, CodingKey { case rdms, conditionCount = "condition_count", outputs }
  }

  var parameters: Parameters {
    let poisson = method == .poisson || method == .poissonCV
    return Parameters(
      method: method.rawValue, removeMean: removeMean, unbalanced: unbalanced,
      weighting: unbalanced ? weighting.rawValue : nil, noiseMethod: noiseResiduals == nil ? nil : noiseMethod.rawValue,
      priorLambda: poisson ? priorLambda : nil, priorWeight: poisson ? priorWeight : nil,
      poissonFolds: method == .poissonCV ? poissonFolds.rawValue : nil)
  }

  func validate() throws {
    if noise != nil && noiseResiduals != nil {
      throw ValidationError("give either --noise (a precision) or --noise-residuals, not both")
    }
    if (noise != nil || noiseResiduals != nil) && !method.usesNoisePrecision {
      throw ValidationError("--noise applies only to --method mahalanobis or crossnobis")
    }
  }

  func run() throws {
    try reportingDataErrors(inputs: [patterns]) {
      let (rdms, labelFiles) = try compute()
      var outputs: [String] = []
      if let output { outputs = try RDMFile.write(rdms, to: output, square: square, overwrite: force) }
      var inputs = ["patterns": patterns]
      inputs["conditions"] = labelFiles["condition"]
      inputs["runs"] = labelFiles["run"]
      inputs["noise"] = noise ?? noiseResiduals
      try printReport(
        command: "rdm", json: outputOptions.json, inputs: inputs, parameters: { parameters },
        result: Result(rdms: rdms, conditionCount: rdms.conditionCount, outputs: outputs), warnings: rdms.warnings
      ) { Self.humanSummary(rdms, outputs: outputs) }
    }
  }

  /// Reads the inputs and runs the estimator (one RDM per time bin for 3-D patterns).
  func compute() throws -> (rdms: RDMs, labelFiles: [String: String]) {
    var labels: [String: String] = [:]
    if let conditions { labels["condition"] = conditions }
    if let runs { labels["run"] = runs }
    try requireMemory()
    let (bins, labelFiles) = try PatternsFile.load(patterns, member: dataset, labels: labels)
    var precision: Matrix? = nil
    var runPrecisions: [Matrix]? = nil
    if let noise {
      let array = try ArrayFile.read(noise, member: nil)
      if array.dimensions == 3 {
        // runs × P × P: one precision per run (rsatoolbox's list form), in crossnobis's run order.
        guard method == .crossnobis, !unbalanced else {
          throw NeurometryError.invalidInput(
            context: "--noise \(noise)",
            message:
              "a runs × channels × channels stack (\(NDArray.describe(shape: array.shape))) holds one precision per run, which only --method crossnobis (balanced) uses; give a channels × channels precision"
          )
        }
        runPrecisions = try array.matrixStack(context: noise)
      } else {
        precision = try array.matrix(context: noise)
      }
    }
    if let noiseResiduals {
      precision = try NoiseCovarianceEstimator(method: noiseMethod, degreesOfFreedom: noiseDof)
        .fit(residuals: try ArrayFile.readMatrix(noiseResiduals)).precision
    }
    let descriptors = bins.first?.observationDescriptors ?? [:]
    let conditionDescriptor = descriptors["condition"] == nil ? nil : "condition"
    let runDescriptor = descriptors["run"] == nil || !(method.isCrossValidated || unbalanced) ? nil : "run"
    let estimator: any PatternRDMEstimator =
      unbalanced
      ? UnbalancedRDMEstimator(
        method: method, conditionDescriptor: conditionDescriptor, runDescriptor: runDescriptor,
        noisePrecision: precision, weighting: weighting, priorLambda: priorLambda, priorWeight: priorWeight)
      : RDMEstimator(
        method: method, conditionDescriptor: conditionDescriptor, runDescriptor: runDescriptor,
        noisePrecision: precision, runNoisePrecisions: runPrecisions, removeMean: removeMean, priorLambda: priorLambda,
        priorWeight: priorWeight, poissonFolds: poissonFolds)
    return (try estimator.fit(timeBins: bins), labelFiles)
  }

  /// Refuses, before reading the patterns, a run whose estimated peak (`RDMEstimator.memoryEstimate`
  /// from the file's header; per time bin) exceeds --max-memory or the memory available.
  func requireMemory() throws {
    guard let shape = try? PatternsFile.shape(patterns, member: dataset) else { return }
    func distinct(_ file: String?) throws -> Int? {
      guard let file else { return nil }
      let (path, column) = ArrayFile.pathAndMember(file)
      return Set(try ArrayFile.readLabels(path, member: column).values).count
    }
    var estimate = RDMEstimator.memoryEstimate(
      method: method, observations: shape.observations, channels: shape.channels, conditions: try distinct(conditions),
      folds: try distinct(runs), noisePrecision: noise != nil || noiseResiduals != nil, removeMean: removeMean)
    if shape.bins > 1 {
      estimate.add(
        "the other time bins' patterns", rows: (shape.bins - 1) * shape.observations, columns: shape.channels)
    }
    try memory.require(
      estimate, for: "rdm \(patterns)",
      advice:
        "use fewer channels (an ROI, or --dataset of a smaller array) or a machine with more memory; --max-memory sets the limit"
    )
  }

  static func humanSummary(_ rdms: RDMs, outputs: [String]) -> String {
    let v = rdms.dissimilarities.elements.filter { $0.isFinite }
    let lines = [
      "RDM (\(rdms.measure)): \(rdms.conditionCount) conditions, \(rdms.pairCount.grouped) pairs",
      "  conditions: \(rdms.conditions.prefix(8).joined(separator: ", "))\(rdms.conditionCount > 8 ? ", …" : "")",
      "  min \(formatNumber(v.min()))  max \(formatNumber(v.max()))  mean \(formatNumber(v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)))"
        + (v.count < rdms.dissimilarities.count ? "  missing \(rdms.dissimilarities.count - v.count)" : ""),
    ]
    return (lines + closingLines(written: outputs, warnings: rdms.warnings)).joined(separator: "\n")
  }
}
