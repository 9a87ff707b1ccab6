import ArgumentParser
import Foundation
import Neurometry

/// `neurometry encode ACTIVATIONS RESPONSES`: how well a layer predicts each neuron or voxel.
struct EncodeCommand: ShardableCommand {
  static let configuration = CommandConfiguration(
    commandName: "encode",
    abstract: "Cross-validated encoding model from network activations to brain responses, per target.",
    discussion: """
      ACTIVATIONS: stimuli × features (conv activations are flattened per stimulus); pick an .npz \
      member with --layer. RESPONSES: stimuli × targets, or repetitions × stimuli × targets (averaged \
      for fitting, and used for the split-half noise ceiling). Held-out scores come from --cv; ridge \
      penalties are chosen per target inside each training set (--inner-cv), so scores are not \
      inflated by the selection. Per-target arrays go to --output (.npz or .h5); --json prints \
      summaries and the run's peak memory. With --shard K/N the targets are split into N runs of \
      contiguous target blocks (--target-block targets each): shard K fits its blocks and writes them \
      to --partial; `neurometry merge` writes the outputs of the whole run (ridge and banded ridge; \
      PLS fits all targets together and does not split).
      """)

  @Argument(help: "Network activations (stimuli × features), .npy or .npz.")
  var activations: String

  @Argument(help: "Brain responses (stimuli × targets, or repetitions × stimuli × targets), .npy or .npz.")
  var responses: String

  @Option(help: "Member of an .npz ACTIVATIONS file (the layer); repeat it for banded ridge, one band per layer.")
  var layer: [String] = []

  @Option(help: "Member of an .npz RESPONSES file.")
  var dataset: String?

  @Option(help: "Model: \(EncodeModelChoice.allCases.map(\.rawValue).joined(separator: ", ")).")
  var model: EncodeModelChoice = .ridge

  @Option(help: "Ridge penalties: logspace:START:STOP:COUNT (powers of 10) or a list 0.1,1,10.")
  var alphas = "logspace:-2:5:15"

  @Option(
    help:
      "Held-out splits: kfold:K, shuffled-kfold:K, group-kfold:K, shuffle-split:S:F, stratified-shuffle-split:S:F (F: test fraction or train=F), loo."
  )
  var cv = "kfold:5"

  @Option(
    help:
      "Held-out splits from a JSON file [{\"train\": [...], \"test\": [...]}, ...] (e.g. saved from scikit-learn); replaces --cv."
  )
  var splits: String?

  @Option(
    name: .customLong("fold-ids"),
    help:
      "A fold id per stimulus (.npy, .txt or FILE.csv:COLUMN): fold k tests the stimuli with id k, −1 = always trained on (scikit-learn's PredefinedSplit); replaces --cv."
  )
  var foldIDs: String?

  @Option(
    name: .customLong("inner-cv"),
    help: "Ridge penalty selection inside each training set: same syntax, or loo (efficient leave-one-out).")
  var innerCV = "kfold:5"

  @Option(help: "Seed of the shuffled splitters (numpy RandomState seed, as scikit-learn's random_state).")
  var seed: UInt32 = 0

  @Option(
    help: "Score per target on held-out stimuli: \(EncodingScore.allCases.map(\.rawValue).joined(separator: ", ")).")
  var score: EncodingScore = .pearson

  @Option(
    help:
      "Use a published recipe: brainscore (PLS(25), 10 stratified 90/10 splits, seed 1, Pearson r, median over targets, (r/ceiling)²)."
  )
  var preset: EncodePreset?

  @Option(help: "Banded ridge: band sizes in columns, e.g. 500,500 (default: one band per --layer).")
  var bands: String?

  @Option(
    help: "Banded ridge: band-weight vectors tried (himalaya's random search over the simplex, seeded by --seed).")
  var iterations = 100

  @Option(
    name: .customLong("band-grid"),
    help: "Banded ridge: try every band weighting in steps of 1/N instead of the random search (deterministic).")
  var bandGrid: Int?

  @Option(
    name: .customLong("band-weights"),
    help:
      "Banded ridge: the band weightings to try, e.g. 0.5,0.5;0.9,0.1 (one positive weight per band each), instead of a search."
  )
  var bandWeights: String?

  @Option(help: "PLS: number of components (capped, with a warning, by the features available).")
  var components = 25

  @Flag(help: "PLS: scale features and responses to unit variance (scikit-learn's default; Brain-Score does not).")
  var scale = false

  @Flag(name: .customLong("no-intercept"), help: "Do not fit an intercept (features and responses must be centred).")
  var noIntercept = false

  @Option(help: "Group label per stimulus (runs, sessions) for group-kfold, 1-D .npy.")
  var groups: String?

  @Option(help: "Class label per stimulus for stratified splits, 1-D .npy.")
  var classes: String?

  @Option(help: "Region label per target, 1-D .npy: summaries per region.")
  var regions: String?

  @Option(help: "Repetitions × stimuli × targets for the noise ceiling (when RESPONSES is 2-D).")
  var repetitions: String?

  @Option(name: .customLong("ceiling-splits"), help: "Random split-halves averaged for the ceiling.")
  var ceilingSplits = 10

  @Option(name: .customLong("ceiling-seed"), help: "Seed of the split-halves (Brain-Score uses 1).")
  var ceilingSeed: UInt32 = 1

  @Option(help: "Ceiling normalisation: \(CeilingNormalization.allCases.map(\.rawValue).joined(separator: ", ")).")
  var normalization: CeilingNormalization = .explainedVariance

  @Flag(name: .customLong("drop-nan-targets"), help: "Fit the targets without NaN; the others get NaN outputs.")
  var dropNaNTargets = false

  @Option(help: "Label per target (unit id, voxel), 1-D .npy: written as `targets` with the per-target arrays.")
  var targets: String?

  @Option(help: "Write per-target arrays to this file (.npz, or .h5 with labels and parameters as attributes).")
  var output: String?

  @Option(help: "Write each stimulus's held-out prediction (stimuli × targets; .npy or .h5).")
  var predictions: String?

  @Option(
    help:
      "Write the coefficients (features × targets) and intercepts of the model refit on all stimuli (.h5, or .npy plus NAME_intercepts.npy)."
  )
  var coefficients: String?

  @Option(
    name: .customLong("target-block"),
    help:
      "Targets fitted together per block, the unit --shard splits (default: from the shapes and a 256 MiB batch budget, at least 1,024 when that fits)."
  )
  var targetBlock: Int?

  @Flag(help: "Overwrite --output if it exists.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

  @OptionGroup var memory: MemoryOptions

  @OptionGroup var shardOptions: ShardOptions

  func validate() throws {
    if let output {
      let lower = output.lowercased()
      guard lower.hasSuffix(".npz") || lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") else {
        throw ValidationError("--output must end in .npz or .h5 (per-target arrays)")
      }
    }
    for (option, path) in [("--predictions", predictions), ("--coefficients", coefficients)] {
      guard let path else { continue }
      let lower = path.lowercased()
      guard lower.hasSuffix(".npy") || lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") else {
        throw ValidationError("\(option) must end in .npy or .h5")
      }
    }
    if splits != nil && foldIDs != nil { throw ValidationError("give --splits or --fold-ids, not both") }
    if bandWeights != nil && bandGrid != nil { throw ValidationError("give --band-weights or --band-grid, not both") }
    if (bandWeights != nil || bandGrid != nil) && model != .banded {
      throw ValidationError("--band-weights and --band-grid apply to --model banded")
    }
    if let targetBlock, targetBlock < 1 { throw ValidationError("--target-block must be at least 1") }
    if (shardOptions.shard != nil || targetBlock != nil) && (model == .pls || preset == .brainscore) {
      throw ValidationError(
        "PLS fits its components to all targets together, so it does not split by targets: drop --shard and --target-block"
      )
    }
  }

  var inputFiles: [String] {
    [activations, responses]
      + [repetitions, groups, classes, regions, targets, splits, foldIDs].compactMap {
        $0.map { ArrayFile.pathAndMember($0).path }
      }
  }

  /// Refuses existing outputs (before any work) unless --force.
  func requireNewOutputs() throws {
    let outputs =
      (output.map { [$0] } ?? []) + (predictions.map { [$0] } ?? [])
      + (coefficients.map(EncodingEvaluation.coefficientPaths) ?? [])
    if !force, let existing = outputs.first(where: { FileManager.default.fileExists(atPath: $0) }) {
      throw NeurometryError.outputExists(path: existing)
    }
  }

  func run() throws {
    try reportingDataErrors(inputs: [activations, responses]) {
      if let shard = shardOptions.shard {
        if !force, let partial = shardOptions.partial, FileManager.default.fileExists(atPath: partial) {
          throw NeurometryError.outputExists(path: partial)
        }
        try requireMemory()
        let inputs = try load()
        // The label files are used at the merge; a bad one is refused now, not after every shard ran.
        _ = try targetLabels(inputs)
        let evaluation = try encodingAnalysis(inputs).evaluation
        let blocks = try evaluation.targetBlocks(inputs.x, inputs.y, names: inputs.names).count
        try writePartial(
          try evaluation.evaluate(inputs.x, inputs.y, names: inputs.names, blocks: shard.units(of: blocks)),
          total: blocks, unitName: "target blocks", json: outputOptions.json, force: force)
        return
      }
      // Refused before the analysis, not after it.
      try requireNewOutputs()
      try requireMemory()
      let inputs = try load()
      let analysis = try encodingAnalysis(inputs)
      try finish(try analysis.evaluation.evaluate(inputs.x, inputs.y, names: inputs.names), analysis, inputs)
    }
  }

  func merge(_ payloads: [CrossValidatedEncoding.Partial]) throws {
    try reportingDataErrors {
      try requireNewOutputs()
      let inputs = try load()
      let analysis = try encodingAnalysis(inputs)
      try finish(try analysis.evaluation.merge(payloads, inputs.x, inputs.y, names: inputs.names), analysis, inputs)
    }
  }

  /// The activations and responses as the options name them.
  func load() throws -> EncodeInputs {
    try EncodeInputs.load(
      activations: activations, layers: layer, responses: responses, dataset: dataset, repetitionsFile: repetitions)
  }

  /// The region per target (--regions) and the target names (--targets, default 0, 1, …), checked
  /// to have one entry per target.
  func targetLabels(_ inputs: EncodeInputs) throws -> (regions: SampleLabels?, names: [String]) {
    let t = inputs.y.columns
    return (
      try regions.map { try EncodeInputs.labels($0, expected: t, what: "targets") },
      try targets.map { try EncodeInputs.targetLabels($0, expected: t) } ?? (0..<t).map(String.init)
    )
  }

  /// The ceiling and summaries of `evaluation`, the output files and the report.
  func finish(_ evaluation: EncodingEvaluation, _ analysis: EncodingAnalysis, _ inputs: EncodeInputs) throws {
    let (regionLabels, targetLabels) = try self.targetLabels(inputs)
    let result = try analysis.run(
      evaluation: evaluation, y: inputs.y, repetitions: inputs.repetitions, regions: regionLabels, names: inputs.names)
    let report = EncodeReport(result: result, inputs: inputs, output: output, peakMemoryBytes: PeakMemory.bytes)
    if let output {
      try report.write(report.parameters(analysis), targets: targetLabels, to: output, overwrite: force)
    }
    if let predictions { try result.evaluation.writePredictions(to: predictions, overwrite: force) }
    if let coefficients { try result.evaluation.writeCoefficients(to: coefficients, overwrite: force) }
    try printReport(
      command: "encode", json: outputOptions.json,
      inputs: report.inputFields(activations: activations, responses: responses),
      parameters: { report.parameters(analysis) }, result: report.json, warnings: result.warnings
    ) { report.human }
  }

  /// The library configuration these options describe.
  func encodingAnalysis(_ inputs: EncodeInputs) throws -> EncodingAnalysis {
    try encodingAnalysis(
      samples: inputs.x.rows, features: inputs.x.columns, layerSizes: inputs.layerSizes, xName: inputs.names.x)
  }

  /// The configuration for `samples` × `features` activations made of layers of `layerSizes`.
  func encodingAnalysis(samples n: Int, features: Int, layerSizes: [Int], xName: String) throws -> EncodingAnalysis {
    let groupLabels = try groups.map { try EncodeInputs.labels($0, expected: n, what: "stimuli") }
    let classLabels = try classes.map { try EncodeInputs.labels($0, expected: n, what: "stimuli") }
    let explicit =
      try splits.map { CrossValidation.explicit(try CrossValidationSplit.read($0)) }
      ?? foldIDs.map { spec in
        let ids = try EncodeInputs.labels(spec, expected: n, what: "stimuli", numeric: true)
        return CrossValidation.explicit(try CrossValidationSplit.predefined(testFold: ids, context: spec))
      }
    if preset == .brainscore {
      var analysis = BrainScorePreset.analysis(classes: classLabels)
      if let explicit { analysis.evaluation.crossValidation = explicit }
      return analysis
    }
    let outer = try explicit ?? CrossValidationOption.parse(cv, seed: seed, groups: groupLabels, classes: classLabels)
    let grid = try PenaltyGrid.parse(alphas)
    let encodingModel: EncodingModel
    switch model {
    case .ridge:
      if innerCV == "loo" {
        encodingModel = .ridgeLeaveOneOut(RidgeLeaveOneOut(alphas: grid, fitIntercept: !noIntercept))
      } else {
        let inner = try CrossValidationOption.parse(innerCV, seed: seed, groups: groupLabels, classes: classLabels)
        encodingModel = .ridge(RidgeCV(alphas: grid, crossValidation: inner, fitIntercept: !noIntercept))
      }
    case .pls:
      encodingModel = .pls(PLSRegression(components: components, scale: scale))
    case .banded:
      let sizes = try bands.map(Self.bandSizes) ?? layerSizes
      guard sizes.count >= 2 else {
        throw NeurometryError.invalidInput(
          context: "encode --model banded", message: "needs at least two bands: repeat --layer, or give --bands SIZES")
      }
      guard sizes.reduce(0, +) == features else {
        throw NeurometryError.shapeMismatch(
          context: "--bands \(bands ?? "")",
          message: "band sizes add up to \(sizes.reduce(0, +)) columns but \(xName) has \(features)")
      }
      let inner = try CrossValidationOption.parse(
        innerCV, seed: seed, groups: groupLabels, classes: classLabels)
      encodingModel = .bandedRidge(
        BandedRidgeCV(
          bands: BandedRidgeCV.consecutiveBands(sizes: sizes), alphas: grid,
          search: try bandWeights.map { .fixed(try Self.bandWeightVectors($0, bands: sizes.count)) }
            ?? bandGrid.map { .simplexGrid(divisions: $0) } ?? .random(iterations: iterations, seed: seed),
          crossValidation: inner, fitIntercept: !noIntercept))
    }
    var evaluation = CrossValidatedEncoding(
      model: encodingModel, crossValidation: outer, score: score, nanTargets: dropNaNTargets ? .drop : .error)
    evaluation.keepPredictions = predictions != nil
    evaluation.keepCoefficients = coefficients != nil
    evaluation.targetBlock = targetBlock
    return EncodingAnalysis(
      evaluation: evaluation,
      ceiling: SplitHalfReliability(splits: ceilingSplits, seed: ceilingSeed), normalization: normalization)
  }
}

extension EncodeCommand {
  /// Refuses, before reading the activations and responses, a run whose estimated peak
  /// (`CrossValidatedEncoding.memoryEstimate` for the shapes in the files' headers) exceeds
  /// --max-memory or the memory available. Nothing is checked when a header cannot say.
  func requireMemory() throws {
    let names = layer.isEmpty ? [nil] : layer.map { Optional($0) }
    var sizes: [Int] = []
    var samples = 0
    for name in names {
      // A header that cannot be read is left to the loader, whose errors say what is wrong.
      guard let shape = try? ArrayFile.shape(activations, member: name), !shape.isEmpty else { return }
      samples = shape[0]
      sizes.append(shape.dropFirst().reduce(1, *))
    }
    guard let y = try? ArrayFile.shape(responses, member: dataset), y.count == 2 || y.count == 3 else { return }
    let (n, t) = (y[y.count - 2], y[y.count - 1])
    guard n == samples else { return }  // the loader explains the mismatch
    let analysis = try encodingAnalysis(
      samples: n, features: sizes.reduce(0, +), layerSizes: sizes, xName: activations)
    var estimate = analysis.evaluation.memoryEstimate(samples: n, features: sizes.reduce(0, +), targets: t)
    if y.count == 3 { estimate.add("responses' repetitions", rows: y[0] * n, columns: t) }
    try memory.require(
      estimate, for: "encode \(activations) \(responses)",
      advice:
        "fit fewer targets at once (a region, or --dataset of a smaller array), or use a machine with more memory (--max-memory sets the limit)"
    )
  }

  /// "0.5,0.5;0.9,0.1" → [[0.5, 0.5], [0.9, 0.1]]: each vector one positive weight per band.
  static func bandWeightVectors(_ text: String, bands: Int) throws -> [[Double]] {
    let vectors = text.split(separator: ";").map { v in
      v.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    }
    for (k, v) in vectors.enumerated() {
      guard v.count == bands, v.allSatisfy({ ($0 ?? -1) > 0 && ($0 ?? .nan).isFinite }) else {
        throw NeurometryError.invalidInput(
          context: "--band-weights '\(text)'",
          message: "weighting \(k) is not \(bands) positive numbers (one per band, e.g. 0.5,0.5;0.9,0.1)")
      }
    }
    guard !vectors.isEmpty else {
      throw NeurometryError.invalidInput(context: "--band-weights", message: "no weighting given")
    }
    return vectors.map { $0.compactMap { $0 } }
  }

  /// "500,500" → [500, 500]; each size at least 1 (a band with no features is an error).
  static func bandSizes(_ text: String) throws -> [Int] {
    let sizes = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !sizes.isEmpty, sizes.allSatisfy({ $0 != nil }) else {
      throw NeurometryError.invalidInput(context: "--bands '\(text)'", message: "expected band sizes like 500,500")
    }
    let values = sizes.compactMap { $0 }
    if let empty = values.firstIndex(where: { $0 < 1 }) {
      throw NeurometryError.invalidInput(
        context: "--bands '\(text)'",
        message: "band \(empty) has \(values[empty]) features; every band needs at least one")
    }
    return values
  }
}
