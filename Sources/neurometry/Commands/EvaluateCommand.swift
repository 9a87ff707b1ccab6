import ArgumentParser
import Foundation
import Neurometry

/// `neurometry evaluate DATA --models MODELS --method M [--bootstrap …]`: model RDMs against
/// subject RDMs, with the noise ceiling, bootstrap variances and tests.
struct EvaluateCommand: ShardableCommand {
  static let configuration = CommandConfiguration(
    commandName: "evaluate",
    abstract: "Evaluate model RDMs against data RDMs with a noise ceiling, bootstrap and tests.",
    discussion: """
      DATA holds one RDM per subject and MODELS one RDM per (fixed) model, as `neurometry rdm` writes \
      them or as .npy arrays (k × pairs, n × n, k × n × n). Model names come from --model-names, an \
      'rdm_name' member of an .npz, or 'model 0', 'model 1', …. --bootstrap resamples conditions \
      (patterns), subjects or both; sample b uses random stream b of --seed, so results do not depend \
      on the number of threads. p-values: t-tests (default) or bootstrap proportions; pairwise \
      comparisons are corrected with --correction. With --model-kind select, weighted or interpolate \
      the MODELS RDMs form one flexible model, fitted and scored by --scheme crossval (k-fold over \
      subjects and conditions) or bootstrap-crossval (a k-fold cross-validation inside each bootstrap \
      sample, rsatoolbox's bootstrap_crossval). With --shard K/N a bootstrap of fixed models \
      (--bootstrap patterns, subjects, both or dual) is split into N blocks of samples; `neurometry \
      merge` gives the result of the whole bootstrap.
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

  @Option(name: .long, help: "Seed of the bootstrap (and of the cross-validation folds).")
  var seed: UInt64 = 0

  @Option(
    name: .customLong("bootstrap-indices"),
    help:
      "Resample with these draws instead of seeded ones: .npz with members rdms and/or conditions (samples × indices), or JSON [{\"rdms\": [...], \"conditions\": [...]}]."
  )
  var bootstrapIndices: String?

  @Option(
    name: .long,
    help:
      "fixed (the models as given, with --bootstrap), crossval, or bootstrap-crossval (--bootstrap picks what is resampled, default both; dual: the dual bootstrap)."
  )
  var scheme: Scheme = .fixed

  @Option(
    name: .long,
    help: "How the model RDMs form models: fixed (one model each) or one select, weighted or interpolate model of all.")
  var modelKind: RSAModel.Kind = .fixed

  @Option(name: .long, help: "Fitter of the flexible model (default: select, nnls, interpolate for the kinds).")
  var fitter: RSAModelFitter.Method?

  @Option(name: .long, help: "Cross-validation folds over conditions (default: rsatoolbox's default_k_pattern).")
  var folds: Int?

  @Option(name: .long, help: "Cross-validation folds over subjects (default: rsatoolbox's default_k_rdm).")
  var subjectFolds: Int?

  @Option(name: .long, help: "Cross-validation repetitions per bootstrap sample (rsatoolbox n_cv).")
  var repetitions: Int = 2

  @Option(
    name: .long,
    help:
      "--scheme crossval on these training/test sets (JSON list of {train_rdms, test_rdms, train_conditions, test_conditions, ceiling_rdms}) instead of k-fold sets."
  )
  var sets: String?

  @Flag(name: .long, help: "Compute the noise ceiling once on all data instead of per bootstrap sample.")
  var fixedCeiling = false

  @Option(name: .long, help: "p-values from t-tests, bootstrap proportions or sign-rank tests over subjects.")
  var test: ModelTests.Kind = .tTest

  @Option(name: .long, help: "Correction of the pairwise tests: uncorrected, bonferroni or fdr.")
  var correction: MultipleComparisons = .fdr

  @Option(name: .long, help: "Significance level.")
  var alpha: Double = 0.05

  @Option(
    name: .long,
    help: "Write the evaluations (samples × models, models × subjects, or models × folds for crossval) here (.npy).")
  var output: String?

  @Flag(name: .long, help: "Replace an existing output file.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

  @OptionGroup var shardOptions: ShardOptions

  enum Scheme: String, CaseIterable, ExpressibleByArgument {
    case fixed, crossval
    case bootstrapCrossval = "bootstrap-crossval"
  }

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
    let scheme: String
    let modelKind: String
    let fitter: String?
    let conditionFolds: Int?
    let subjectFolds: Int?
    let repetitions: Int?
    enum CodingKeys: String, CodingKey {
      case method, bootstrap, samples, seed, perSampleNoiseCeiling = "per_sample_noise_ceiling", test, correction, alpha
      case scheme, modelKind = "model_kind", fitter, conditionFolds = "condition_folds", subjectFolds = "subject_folds"
      case repetitions
    }
  }

  struct Result: Encodable {
    let summary: ModelEvaluationSummary
    let output: String?
    func encode(to encoder: Encoder) throws {
      try summary.encode(to: encoder)
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(output, forKey: .output)
    }
    enum CodingKeys: String, CodingKey { case output }
  }

  func validate() throws {
    if bootstrap != .none && samples < 2 { throw ValidationError("--samples must be at least 2") }
    if !(alpha > 0 && alpha < 1) { throw ValidationError("--alpha must be in (0, 1)") }
    if test == .bootstrap && bootstrap == .none && scheme != .bootstrapCrossval {
      throw ValidationError("--test bootstrap needs --bootstrap or --scheme bootstrap-crossval")
    }
    if bootstrap == .dual && fixedCeiling {
      throw ValidationError("--bootstrap dual computes the noise ceiling per sample; drop --fixed-ceiling")
    }
    if test == .signRank && bootstrap != .none {
      throw ValidationError("--test sign-rank tests the subjects' evaluations: use it without --bootstrap")
    }
    switch scheme {
    case .fixed:
      if modelKind != .fixed {
        throw ValidationError(
          "--model-kind \(modelKind.rawValue) is fitted to the data: evaluate it with --scheme crossval or bootstrap-crossval"
        )
      }
      if folds != nil || subjectFolds != nil {
        throw ValidationError("--folds and --subject-folds need --scheme crossval or bootstrap-crossval")
      }
    case .crossval:
      if bootstrap != .none { throw ValidationError("--scheme crossval does not resample: drop --bootstrap") }
      if test != .tTest {
        throw ValidationError("--scheme crossval gives no variance estimate, so no --test \(test.rawValue)")
      }
    case .bootstrapCrossval:
      if test == .signRank {
        throw ValidationError("--test sign-rank tests the subjects' evaluations: use --scheme fixed")
      }
      if samples < 2 { throw ValidationError("--samples must be at least 2") }
      if fixedCeiling { throw ValidationError("--scheme bootstrap-crossval computes the noise ceiling per sample") }
    }
    if sets != nil && scheme != .crossval { throw ValidationError("--sets needs --scheme crossval") }
    if modelKind != .fixed && modelNames.count > 1 {
      throw ValidationError(
        "--model-kind \(modelKind.rawValue) makes one model of all model RDMs: give one --model-names")
    }
    if sets != nil && (folds != nil || subjectFolds != nil) {
      throw ValidationError("--sets gives the folds: drop --folds and --subject-folds")
    }
    if bootstrapIndices != nil && (scheme != .fixed || ![.patterns, .subjects, .both].contains(bootstrap)) {
      throw ValidationError("--bootstrap-indices applies to --bootstrap patterns, subjects or both (--scheme fixed)")
    }
    if shardOptions.shard != nil && (scheme != .fixed || bootstrap == .none) {
      throw ValidationError(
        "--shard splits the samples of a bootstrap of fixed models (--scheme fixed with --bootstrap patterns, subjects, both or dual); this evaluation runs unsplit"
      )
    }
    if let k = folds, k < 1 { throw ValidationError("--folds must be at least 1") }
    if let k = subjectFolds, k < 1 { throw ValidationError("--subject-folds must be at least 1") }
    if repetitions < 1 { throw ValidationError("--repetitions must be at least 1") }
  }

  /// The models: one fixed model per RDM, or one flexible model of all RDMs.
  func makeModels(_ modelRDMs: RDMs, names: [String]) throws -> [RSAModel] {
    if modelKind == .fixed {
      return try (0..<modelRDMs.count).map { try RSAModel.fixed(names[$0], modelRDMs.selecting([$0])) }
    }
    let name = modelNames.first ?? "\(modelKind.rawValue) model"
    return [try RSAModel(name: name, kind: modelKind, rdms: modelRDMs)]
  }

  /// The evaluation the options ask for.
  func evaluate(_ list: [RSAModel], _ subjects: RDMs) throws -> ModelEvaluationResult {
    let comparison = RDMComparison(method)
    let fitters = list.map {
      RSAModelFitter(method: fitter ?? RSAModelFitter.defaultMethod(for: $0.kind), comparison: comparison)
    }
    switch scheme {
    case .fixed:
      if let bootstrapIndices {
        return try evaluator.bootstrap(
          list, data: subjects, scheme: bootstrap.scheme, samples: try BootstrapSample.read(bootstrapIndices))
      }
      return bootstrap == .dual
        ? try evaluator.dualBootstrap(list, data: subjects, count: samples, seed: seed)
        : try evaluator.bootstrap(list, data: subjects, scheme: bootstrap.scheme, count: samples, seed: seed)
    case .crossval:
      // rsatoolbox sets_k_fold: its default k's, the assignment shuffled (here by --seed).
      let (kRDM, kPattern) = crossvalFolds(subjects)
      let folds =
        try sets.map(Self.readSets)
        ?? CrossValidationSets.kFold(
          rdms: subjects.count, conditions: subjects.conditionCount, kRDM: kRDM, kPattern: kPattern, seed: seed)
      return try evaluator.crossValidate(list, data: subjects, folds: folds, fitters: fitters)
    case .bootstrapCrossval:
      if bootstrap == .dual {
        let defaults = ModelEvaluator.defaultFolds(for: subjects)
        return try evaluator.dualBootstrapCrossValidate(
          list, data: subjects, count: samples, seed: seed, kRDM: subjectFolds ?? defaults.kRDM,
          kPattern: folds ?? defaults.kPattern, repetitions: repetitions, fitters: fitters)
      }
      let resampled: EvaluationScheme =
        bootstrap == .patterns
        ? .bootstrapCrossValidationPatterns
        : bootstrap == .subjects ? .bootstrapCrossValidationSubjects : .bootstrapCrossValidation
      return try evaluator.bootstrapCrossValidate(
        list, data: subjects, scheme: resampled, count: samples, seed: seed, kRDM: subjectFolds, kPattern: folds,
        repetitions: repetitions, fitters: fitters)
    }
  }

  var inputFiles: [String] { [data, models] + (bootstrapIndices.map { [$0] } ?? []) }

  /// The data RDMs, the models and their names.
  func load() throws -> (subjects: RDMs, models: [RSAModel], names: [String]) {
    let subjects = try RDMFile.read(data)
    let modelRDMs = try RDMFile.read(models)
    var names = modelNames
    if names.isEmpty { names = modelRDMs.rdmDescriptors["name"] ?? (0..<modelRDMs.count).map { "model \($0)" } }
    guard names.count == modelRDMs.count || (modelKind != .fixed && modelNames.count <= 1) else {
      throw NeurometryError.shapeMismatch(
        context: "evaluate", message: "\(names.count) model names for \(modelRDMs.count) model RDMs in '\(models)'")
    }
    let list = try makeModels(modelRDMs, names: names)
    return (subjects, list, list.map(\.name))
  }

  var evaluator: ModelEvaluator {
    ModelEvaluator(comparison: RDMComparison(method), perSampleNoiseCeiling: !fixedCeiling)
  }

  func run() throws {
    try reportingDataErrors(inputs: [data, models]) {
      if !force, let output, FileManager.default.fileExists(atPath: output) {
        throw NeurometryError.outputExists(path: output)
      }
      let (subjects, list, names) = try load()
      if let shard = shardOptions.shard {
        // Each shard draws all samples' indices (cheap) and evaluates its block of them.
        let samples =
          try bootstrapIndices.map { try BootstrapSample.read($0) }
          ?? (0..<self.samples).map {
            BootstrapSample.draw(
              bootstrap == .dual ? .bootstrapBoth : bootstrap.scheme, rdms: subjects.count,
              conditions: subjects.conditionCount, seed: seed, sample: $0)
          }
        let range = shard.units(of: samples.count)
        let block = Array(samples[range])
        let rows =
          bootstrap == .dual
          ? try evaluator.dualBootstrapRows(list, data: subjects, samples: block)
          : try evaluator.bootstrapRows(list, data: subjects, scheme: bootstrap.scheme, samples: block)
        try writePartial(
          BootstrapRows(total: samples.count, samples: range, rows: rows), total: samples.count, unitName: "samples",
          json: outputOptions.json, force: force)
        return
      }
      try finish(try evaluate(list, subjects), subjects: subjects, names: names)
    }
  }

  func merge(_ payloads: [BootstrapRows]) throws {
    try reportingDataErrors {
      if !force, let output, FileManager.default.fileExists(atPath: output) {
        throw NeurometryError.outputExists(path: output)
      }
      let (subjects, list, names) = try load()
      let rows = try BootstrapRows.stacking(payloads)
      let result =
        bootstrap == .dual
        ? try evaluator.dualBootstrapResult(list, data: subjects, rows: rows)
        : try evaluator.bootstrapResult(list, data: subjects, scheme: bootstrap.scheme, rows: rows)
      try finish(result, subjects: subjects, names: names)
    }
  }

  /// Writes --output and prints the report of an evaluation.
  func finish(_ result: ModelEvaluationResult, subjects: RDMs, names: [String]) throws {
    if let output { try NPYFile.write(result.evaluations, to: output, overwrite: force) }
    let summary = try ModelEvaluationSummary(
      result, test: test, correction: correction, alpha: alpha,
      folds: sets == nil ? crossvalFolds(subjects) : nil)
    let cv = summary.crossValidation
    let warnings = summary.warnings
    let isBootstrap = bootstrap != .none || scheme == .bootstrapCrossval
    try printReport(
      command: "evaluate", json: outputOptions.json,
      inputs: ["data": data, "models": models].merging(bootstrapIndices.map { ["bootstrap_indices": $0] } ?? [:]) {
        a, _ in a
      },
      parameters: {
        Parameters(
          method: method.rawValue, bootstrap: bootstrap.rawValue,
          samples: isBootstrap ? (bootstrapIndices == nil ? samples : result.evaluations.rows) : nil,
          seed: isBootstrap && bootstrapIndices == nil ? seed : nil,
          perSampleNoiseCeiling: isBootstrap ? !fixedCeiling : nil,
          test: test.rawValue, correction: correction.rawValue, alpha: alpha, scheme: scheme.rawValue,
          modelKind: modelKind.rawValue,
          fitter: modelKind == .fixed ? nil : (fitter ?? RSAModelFitter.defaultMethod(for: modelKind)).rawValue,
          conditionFolds: cv?.conditionFolds, subjectFolds: cv?.subjectFolds,
          repetitions: scheme == .bootstrapCrossval ? repetitions : nil)
      },
      result: Result(summary: summary, output: output),
      warnings: warnings
    ) {
      var lines = [
        "\(method.rawValue), \(result.scheme.rawValue)\(bootstrap == .none && scheme != .bootstrapCrossval ? "" : " (\(samples) samples, seed \(seed))")\(cv.map { ", \($0.folds) folds" + ($0.repetitions > 1 ? " × \($0.repetitions) repetitions" : "") } ?? ""): \(names.count) models, \(subjects.count) subjects, \(subjects.conditionCount) conditions",
        "  noise ceiling: \(formatNumber(result.noiseCeiling.lower)) – \(formatNumber(result.noiseCeiling.upper))",
        "  " + "model".padding(toLength: 20, withPad: " ", startingAt: 0)
          + [" mean", "SEM", "p(>0)", "p(≠ NC)"].map { String(repeating: " ", count: 9 - $0.count) + $0 }.joined(),
      ]
      for s in summary.models {
        let name =
          s.name.count > 20
          ? String(s.name.prefix(19)) + "…" : s.name.padding(toLength: 20, withPad: " ", startingAt: 0)
        lines.append("  \(name)" + [s.mean, s.sem, s.pZero, s.pNoiseCeiling].map { " " + pad($0) }.joined())
      }
      let shown = summary.pairs.filter { $0.significant == true }
      lines.append(
        "  significant differences (\(test.rawValue), \(correction.rawValue), α = \(formatNumber(alpha))): "
          + (shown.isEmpty ? "none" : shown.map { "\($0.first) vs \($0.second)" }.joined(separator: ", ")))
      return (lines + closingLines(written: output.map { [$0] } ?? [], warnings: warnings)).joined(separator: "\n")
    }
  }

  /// The folds of a --sets file.
  static func readSets(_ path: String) throws -> [CrossValidationFold] {
    guard FileManager.default.fileExists(atPath: path) else { throw NeurometryError.fileNotFound(path: path) }
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw NeurometryError.unreadableFile(path: path, reason: error.localizedDescription)
    }
    do {
      return try JSONDecoder().decode([CrossValidationFold].self, from: data)
    } catch let DecodingError.keyNotFound(key, context) {
      throw NeurometryError.malformedFile(
        path: path, field: key.stringValue,
        message: "fold \(context.codingPath.first?.intValue ?? 0) has no '\(key.stringValue)' (a list of indices)")
    } catch {
      throw NeurometryError.malformedFile(
        path: path, field: nil,
        message:
          "expected a JSON list of folds {train_rdms, test_rdms, train_conditions, test_conditions, ceiling_rdms} of integer indices (\(error))"
      )
    }
  }

  /// k_rdm and k_pattern of --scheme crossval: the options, else rsatoolbox's `sets_k_fold` defaults.
  func crossvalFolds(_ subjects: RDMs) -> (kRDM: Int, kPattern: Int) {
    (
      subjectFolds ?? CrossValidationSets.defaultKRDM(Double(subjects.count)),
      folds ?? CrossValidationSets.defaultKPattern(Double(subjects.conditionCount))
    )
  }

  func pad(_ x: Double?) -> String {
    let s = formatNumber(x)
    return String(repeating: " ", count: Swift.max(0, 8 - s.count)) + s
  }
}
