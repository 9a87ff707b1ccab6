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
      PATTERNS is an observations × channels array (.npy, or an .npz member chosen with --dataset). \
      Observations with the same --conditions label are averaged; conditions are sorted by label \
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

  @Option(name: .long, help: "A channels × channels noise precision (.npy) for mahalanobis and crossnobis.")
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

  @Option(name: .long, help: "Write the RDM here (.npz with labels, or .npy).")
  var output: String?

  @Flag(name: .long, help: "Write square n × n matrices instead of condensed vectors.")
  var square = false

  @Flag(name: .long, help: "Replace existing output files.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

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

  func validate() throws {
    if noise != nil && noiseResiduals != nil {
      throw ValidationError("give either --noise (a precision) or --noise-residuals, not both")
    }
    if (noise != nil || noiseResiduals != nil) && !method.usesNoisePrecision {
      throw ValidationError("--noise applies only to --method mahalanobis or crossnobis")
    }
  }

  func run() throws {
    try reportingDataErrors {
      let rdms = try compute()
      var outputs: [String] = []
      if let output { outputs = try RDMFile.write(rdms, to: output, square: square, overwrite: force) }
      if outputOptions.json {
        var inputs = ["patterns": patterns]
        inputs["conditions"] = conditions
        inputs["runs"] = runs
        inputs["noise"] = noise ?? noiseResiduals
        let poisson = method == .poisson || method == .poissonCV
        let parameters = Parameters(
          method: method.rawValue, removeMean: removeMean, unbalanced: unbalanced,
          weighting: unbalanced ? weighting.rawValue : nil,
          noiseMethod: noiseResiduals == nil ? nil : noiseMethod.rawValue,
          priorLambda: poisson ? priorLambda : nil, priorWeight: poisson ? priorWeight : nil,
          poissonFolds: method == .poissonCV ? poissonFolds.rawValue : nil)
        let envelope = CommandOutput(
          command: "rdm", inputs: inputs, parameters: parameters,
          result: Result(rdms: rdms, conditionCount: rdms.conditionCount, outputs: outputs), warnings: rdms.warnings)
        print(try envelope.jsonText())
      } else {
        print(Self.humanSummary(rdms, outputs: outputs))
      }
    }
  }

  /// Reads the inputs and runs the estimator.
  func compute() throws -> RDMs {
    let x = try ArrayFile.readMatrix(patterns, member: dataset)
    let source = dataset.map { "\(patterns):\($0)" } ?? patterns
    var descriptors: [String: [String]] = [:]
    for (name, file) in [("condition", conditions), ("run", runs)] {
      guard let file else { continue }
      let labels = try ArrayFile.readLabels(file)
      guard labels.count == x.rows else {
        throw NeurometryError.shapeMismatch(
          context: "rdm",
          message: "'\(file)' has \(labels.count.grouped) labels but '\(source)' has \(x.rows.grouped) rows")
      }
      descriptors[name] = labels
    }
    let data = try ResponsePatterns(measurements: x, observationDescriptors: descriptors, source: source)
    var precision: Matrix? = nil
    if let noise { precision = try ArrayFile.readMatrix(noise) }
    if let noiseResiduals {
      precision = try NoiseCovarianceEstimator(method: noiseMethod, degreesOfFreedom: noiseDof)
        .fit(residuals: try ArrayFile.readMatrix(noiseResiduals)).precision
    }
    if unbalanced {
      return try UnbalancedRDMEstimator(
        method: method, conditionDescriptor: conditions == nil ? nil : "condition",
        runDescriptor: runs == nil ? nil : "run", noisePrecision: precision, weighting: weighting,
        priorLambda: priorLambda, priorWeight: priorWeight
      ).fit(data)
    }
    return try RDMEstimator(
      method: method, conditionDescriptor: conditions == nil ? nil : "condition",
      runDescriptor: runs == nil ? nil : "run", noisePrecision: precision, removeMean: removeMean,
      priorLambda: priorLambda, priorWeight: priorWeight, poissonFolds: poissonFolds
    ).fit(data)
  }

  static func humanSummary(_ rdms: RDMs, outputs: [String]) -> String {
    let v = rdms.dissimilarities.elements.filter { $0.isFinite }
    var lines = [
      "RDM (\(rdms.measure)): \(rdms.conditionCount) conditions, \(rdms.pairCount.grouped) pairs",
      "  conditions: \(rdms.conditions.prefix(8).joined(separator: ", "))\(rdms.conditionCount > 8 ? ", …" : "")",
      "  min \(formatNumber(v.min()))  max \(formatNumber(v.max()))  mean \(formatNumber(v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)))"
        + (v.count < rdms.dissimilarities.count ? "  missing \(rdms.dissimilarities.count - v.count)" : ""),
    ]
    if !outputs.isEmpty { lines.append("  written: \(outputs.joined(separator: ", "))") }
    lines += rdms.warnings.map { "  warning: \($0)" }
    return lines.joined(separator: "\n")
  }
}
