import ArgumentParser
import Foundation
import Neurometry

/// `neurometry evaluate DATA --models MODELS --method M [--bootstrap …]`: model RDMs against
/// subject RDMs, with the noise ceiling, bootstrap variances and tests.
struct EvaluateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate",
    abstract: "Evaluate model RDMs against data RDMs with a noise ceiling, bootstrap and tests.",
    discussion: """
      DATA holds one RDM per subject and MODELS one RDM per (fixed) model, as `neurometry rdm` writes \
      them or as .npy arrays (k × pairs, n × n, k × n × n). Model names come from --model-names, an \
      'rdm_name' member of an .npz, or 'model 0', 'model 1', …. --bootstrap resamples conditions \
      (patterns), subjects or both; sample b uses random stream b of --seed, so results do not depend \
      on the number of threads. p-values: t-tests (default) or bootstrap proportions; pairwise \
      comparisons are corrected with --correction.
      """
  )

  @Argument(help: "The data RDMs (one per subject).")
  var data: String

  @Option(name: .long, help: "The model RDMs (one per model).")
  var models: String

  @Option(name: .long, parsing: .upToNextOption, help: "Names of the models, in order.")
  var modelNames: [String] = []

  @Option(name: .long, help: "The comparator.")
  var method: RDMComparator = .cosine

  @Option(
    name: .long, help: "Resampling: none, patterns, subjects, both, or dual (both, with the dual variance combination)."
  )
  var bootstrap: Resampling = .none

  @Option(name: .long, help: "Number of bootstrap samples.")
  var samples: Int = 1000

  @Option(name: .long, help: "Seed of the bootstrap.")
  var seed: UInt64 = 0

  @Flag(name: .long, help: "Compute the noise ceiling once on all data instead of per bootstrap sample.")
  var fixedCeiling = false

  @Option(name: .long, help: "p-values from t-tests, bootstrap proportions or sign-rank tests over subjects.")
  var test: ModelTests.Kind = .tTest

  @Option(name: .long, help: "Correction of the pairwise tests: uncorrected, bonferroni or fdr.")
  var correction: MultipleComparisons = .fdr

  @Option(name: .long, help: "Significance level.")
  var alpha: Double = 0.05

  @Option(name: .long, help: "Write the evaluations (samples × models, or models × subjects) here (.npy).")
  var output: String?

  @Flag(name: .long, help: "Replace an existing output file.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

  enum Resampling: String, CaseIterable, ExpressibleByArgument {
    case none, patterns, subjects, both, dual
    var scheme: EvaluationScheme {
      switch self {
      case .none: return .fixed
      case .patterns: return .bootstrapPatterns
      case .subjects: return .bootstrapSubjects
      case .both: return .bootstrapBoth
      case .dual: return .dualBootstrap
      }
    }
  }

  struct Parameters: Encodable {
    let method: String
    let bootstrap: String
    let samples: Int?
    let seed: UInt64?
    let perSampleNoiseCeiling: Bool?
    let test: String
    let correction: String
    let alpha: Double
    enum CodingKeys: String, CodingKey {
      case method, bootstrap, samples, seed, perSampleNoiseCeiling = "per_sample_noise_ceiling", test, correction, alpha
    }
  }

  struct ModelSummary: Encodable {
    let name: String
    let mean: Double
    let sem: Double?
    let pZero: Double?
    let pNoiseCeiling: Double?
    enum CodingKeys: String, CodingKey {
      case name, mean, sem, pZero = "p_zero", pNoiseCeiling = "p_noise_ceiling"
    }
  }

  struct Pair: Encodable {
    let first: String
    let second: String
    let difference: Double
    let p: Double?
    let pAdjusted: Double?
    let significant: Bool?
    enum CodingKeys: String, CodingKey {
      case first, second, difference, p, pAdjusted = "p_adjusted", significant
    }
  }

  struct Result: Encodable {
    let scheme: String
    let models: [ModelSummary]
    let noiseCeiling: NoiseCeiling
    let pairs: [Pair]
    let degreesOfFreedom: Int
    let subjects: Int
    let conditions: Int
    let validSamples: Int?
    let output: String?
    enum CodingKeys: String, CodingKey {
      case scheme, models, noiseCeiling = "noise_ceiling", pairs, degreesOfFreedom = "dof", subjects, conditions
      case validSamples = "valid_samples", output
    }
  }

  func validate() throws {
    if bootstrap != .none && samples < 2 { throw ValidationError("--samples must be at least 2") }
    if !(alpha > 0 && alpha < 1) { throw ValidationError("--alpha must be in (0, 1)") }
    if test == .bootstrap && bootstrap == .none { throw ValidationError("--test bootstrap needs --bootstrap") }
    if bootstrap == .dual && fixedCeiling {
      throw ValidationError("--bootstrap dual computes the noise ceiling per sample; drop --fixed-ceiling")
    }
    if test == .signRank && bootstrap != .none {
      throw ValidationError("--test sign-rank tests the subjects' evaluations: use it without --bootstrap")
    }
  }

  func run() throws {
    try reportingDataErrors {
      let subjects = try RDMFile.read(data)
      let modelRDMs = try RDMFile.read(models)
      var names = modelNames
      if names.isEmpty { names = modelRDMs.rdmDescriptors["name"] ?? (0..<modelRDMs.count).map { "model \($0)" } }
      guard names.count == modelRDMs.count else {
        throw NeurometryError.shapeMismatch(
          context: "evaluate", message: "\(names.count) model names for \(modelRDMs.count) model RDMs in '\(models)'")
      }
      let list = try (0..<modelRDMs.count).map { try RSAModel.fixed(names[$0], modelRDMs.selecting([$0])) }
      let evaluator = ModelEvaluator(comparison: RDMComparison(method), perSampleNoiseCeiling: !fixedCeiling)
      let result =
        bootstrap == .dual
        ? try evaluator.dualBootstrap(list, data: subjects, count: samples, seed: seed)
        : try evaluator.bootstrap(list, data: subjects, scheme: bootstrap.scheme, count: samples, seed: seed)
      let tests = (try? result.tests(test))
      if let output { try NPYFile.write(result.evaluations, to: output, overwrite: force) }
      let means = result.means
      let sem = result.standardErrors
      let summaries = names.indices.map { i in
        ModelSummary(
          name: names[i], mean: means[i], sem: sem?[i], pZero: tests?.versusZero[i],
          pNoiseCeiling: tests?.versusNoiseCeiling[i])
      }
      let pairIndices = CondensedIndex.pairs(names.count)
      let pValues = tests?.pairwiseCondensed
      let adjusted = pValues.map { correction.adjusted($0) }
      let significant = pValues.map { correction.significant($0, alpha: alpha) }
      let pairs = pairIndices.enumerated().map { k, pair in
        Pair(
          first: names[pair.i], second: names[pair.j], difference: means[pair.i] - means[pair.j], p: pValues?[k],
          pAdjusted: adjusted?[k], significant: significant?[k])
      }
      var warnings = result.warnings
      if tests == nil { warnings.append("no p-values: a single data RDM gives no variance estimate") }
      if outputOptions.json {
        let isBootstrap = bootstrap != .none
        let parameters = Parameters(
          method: method.rawValue, bootstrap: bootstrap.rawValue, samples: isBootstrap ? samples : nil,
          seed: isBootstrap ? seed : nil, perSampleNoiseCeiling: isBootstrap ? !fixedCeiling : nil,
          test: test.rawValue, correction: correction.rawValue, alpha: alpha)
        let envelope = CommandOutput(
          command: "evaluate", inputs: ["data": data, "models": models], parameters: parameters,
          result: Result(
            scheme: result.scheme.rawValue, models: summaries, noiseCeiling: result.noiseCeiling, pairs: pairs,
            degreesOfFreedom: result.degreesOfFreedom, subjects: subjects.count, conditions: subjects.conditionCount,
            validSamples: isBootstrap ? result.validSamples.count : nil, output: output),
          warnings: warnings)
        print(try envelope.jsonText())
      } else {
        var lines = [
          "\(method.rawValue), \(result.scheme.rawValue)\(bootstrap == .none ? "" : " (\(samples) samples, seed \(seed))"): \(names.count) models, \(subjects.count) subjects, \(subjects.conditionCount) conditions",
          "  noise ceiling: \(formatNumber(result.noiseCeiling.lower)) – \(formatNumber(result.noiseCeiling.upper))",
          "  " + "model".padding(toLength: 20, withPad: " ", startingAt: 0)
            + [" mean", "SEM", "p(>0)", "p(≠ NC)"].map { String(repeating: " ", count: 9 - $0.count) + $0 }.joined(),
        ]
        for s in summaries {
          let name =
            s.name.count > 20
            ? String(s.name.prefix(19)) + "…" : s.name.padding(toLength: 20, withPad: " ", startingAt: 0)
          lines.append("  \(name)" + [s.mean, s.sem, s.pZero, s.pNoiseCeiling].map { " " + pad($0) }.joined())
        }
        let shown = pairs.filter { $0.significant == true }
        lines.append(
          "  significant differences (\(test.rawValue), \(correction.rawValue), α = \(formatNumber(alpha))): "
            + (shown.isEmpty ? "none" : shown.map { "\($0.first) vs \($0.second)" }.joined(separator: ", ")))
        if let output { lines.append("  written: \(output)") }
        lines += warnings.map { "  warning: \($0)" }
        print(lines.joined(separator: "\n"))
      }
    }
  }

  func pad(_ x: Double?) -> String {
    let s = formatNumber(x)
    return String(repeating: " ", count: Swift.max(0, 8 - s.count)) + s
  }
}
