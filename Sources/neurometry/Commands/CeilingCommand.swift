import ArgumentParser
import Foundation
import Neurometry

/// `neurometry ceiling REPETITIONS [--splits N --seed S | --halves FILE]` (split-half reliability
/// with Spearman–Brown) or `neurometry ceiling --predictions P --observations Y` (a score per
/// target between given predictions and observations).
struct CeilingCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ceiling",
    abstract: "Split-half noise ceiling per target, or the score per target of given predictions.",
    discussion: """
      With REPETITIONS (repetitions × stimuli × targets): the repetitions are split in two halves, \
      each half averaged, the halves correlated across stimuli per target (Pearson r) and corrected \
      to all repetitions by Spearman–Brown, 2r/(1 + r); averaged over --splits random halvings \
      (scikit-learn's ShuffleSplit(train_size=0.5, random_state=--seed), Brain-Score's defaults 10 \
      and 1) or over the halvings of --halves (a JSON list of {"train": [...], "test": [...]} \
      repetition indices). The aggregate is the mean over splits of the median over targets, with \
      its standard error. With --predictions and --observations (stimuli × targets each): the score \
      of each target (--score pearson, r2 or neg-mse).
      """)

  @Argument(help: "Repetitions × stimuli × targets (split-half mode).")
  var repetitions: String?

  @Option(name: .long, help: "The member of an .npz/HDF5/MAT file (REPETITIONS, or both score inputs).")
  var dataset: String?

  @Option(name: .long, help: "Random halvings averaged (split-half mode).")
  var splits = 10

  @Option(name: .long, help: "Seed of the random halvings (scikit-learn's random_state).")
  var seed: UInt32 = 1

  @Option(name: .long, help: "Given halvings: a JSON list of {\"train\": [...], \"test\": [...]} repetition indices.")
  var halves: String?

  @Option(name: .long, help: "Predictions, stimuli × targets (score mode).")
  var predictions: String?

  @Option(name: .long, help: "Observations, stimuli × targets (score mode).")
  var observations: String?

  @Option(name: .long, help: "Score mode: pearson (default), r2 or neg-mse.")
  var score: EncodingScore = .pearson

  @Option(name: .long, help: "Write the per-target values (.npy, or .h5 with the per-split values too).")
  var output: String?

  @Flag(name: .long, help: "Replace an existing output file.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

  struct Parameters: Encodable {
    let mode: String
    let splits: Int?
    let seed: UInt32?
    let halves: String?
    let score: String?
  }

  /// The split-half result: Brain-Score's aggregate and the per-target summary.
  struct SplitHalf: Encodable {
    let center: Double?
    let error: Double?
    let splitMedians: [Double?]
    let repetitions: Int
    let halves: [CrossValidationSplit]
    let targets: Int
    let medianPerTarget: Double?
    let output: String?
    enum CodingKeys: String, CodingKey {
      case center, error, splitMedians = "split_medians", repetitions, halves, targets
      case medianPerTarget = "median_per_target", output
    }
  }

  struct Scores: Encodable {
    let score: String
    let targets: Int
    let scoredTargets: Int
    let median: Double?
    let mean: Double?
    let output: String?
    enum CodingKeys: String, CodingKey {
      case score, targets, scoredTargets = "scored_targets", median, mean, output
    }
  }

  var scoreMode: Bool { predictions != nil || observations != nil }

  func validate() throws {
    if scoreMode {
      guard predictions != nil, observations != nil, repetitions == nil else {
        throw ValidationError("score mode takes --predictions and --observations (and no REPETITIONS)")
      }
      if halves != nil { throw ValidationError("--halves applies to the split-half mode") }
    } else {
      guard repetitions != nil else {
        throw ValidationError("give REPETITIONS (split-half mode) or --predictions and --observations")
      }
      if splits < 1 { throw ValidationError("--splits must be at least 1") }
    }
  }

  func run() throws {
    try reportingDataErrors(inputs: [repetitions, predictions].compactMap { $0 }) {
      try SquareMatrixOutput.requireWritable(output, force: force)
      if scoreMode { return try runScores() }
      let path = repetitions ?? ""
      let array = try ArrayFile.read(path, member: dataset)
      guard array.dimensions == 3 else {
        throw NeurometryError.shapeMismatch(
          context: path,
          message: "expected repetitions × stimuli × targets (3-D), found shape \(array.shapeDescription)")
      }
      let reps = try array.matrixStack(context: path)
      let given = try halves.map(CrossValidationSplit.read)
      let ceiling = try SplitHalfReliability(splits: splits, seed: seed, halves: given).estimate(reps, source: path)
      if let output {
        try ArrayFile.write(
          NDArray(shape: [ceiling.perTarget.count], values: .float64(ceiling.perTarget)), to: output, overwrite: force)
      }
      let median = ceiling.medianPerTarget
      let result = SplitHalf(
        center: ceiling.center.isFinite ? ceiling.center : nil, error: ceiling.error.isFinite ? ceiling.error : nil,
        splitMedians: ceiling.splitMedians.nonFiniteAsNull, repetitions: ceiling.repetitions, halves: ceiling.halves,
        targets: ceiling.perTarget.count, medianPerTarget: median, output: output)
      try printReport(
        command: "ceiling", json: outputOptions.json, inputs: ["repetitions": path],
        parameters: {
          Parameters(
            mode: "split-half", splits: given == nil ? splits : nil, seed: given == nil ? seed : nil, halves: halves,
            score: nil)
        }, result: result, warnings: ceiling.warnings
      ) {
        ([
          "split-half ceiling (Spearman–Brown), \(ceiling.halves.count) halvings of \(ceiling.repetitions) repetitions, \(ceiling.perTarget.count.grouped) targets",
          "  mean over splits of the median over targets: \(formatNumber(ceiling.center)) ± \(formatNumber(ceiling.error))",
          "  median per-target ceiling: \(formatNumber(median))",
        ] + closingLines(written: output.map { [$0] } ?? [], warnings: ceiling.warnings)).joined(separator: "\n")
      }
    }
  }

  func runScores() throws {
    let (p, o) = (predictions ?? "", observations ?? "")
    let predicted = try ArrayFile.readMatrix(p, member: dataset)
    let observed = try ArrayFile.readMatrix(o, member: dataset)
    guard predicted.rows == observed.rows, predicted.columns == observed.columns else {
      throw NeurometryError.shapeMismatch(
        context: "ceiling",
        message:
          "\(p) is \(predicted.rows)×\(predicted.columns) but \(o) is \(observed.rows)×\(observed.columns) (stimuli × targets each)"
      )
    }
    try predicted.requireFinite(p, "the predictions", rowName: "stimulus", columnName: "target")
    try observed.requireFinite(o, "the observations", rowName: "stimulus", columnName: "target")
    let values = try score.values(truth: observed, predictions: predicted)
    if let output {
      try ArrayFile.write(NDArray(shape: [values.count], values: .float64(values)), to: output, overwrite: force)
    }
    let summary = try EncodingSummary(scores: values).all
    let undefined = values.indices.filter { values[$0].isNaN }
    let warnings =
      undefined.isEmpty
      ? []
      : [
        "\(undefined.count) target\(undefined.count == 1 ? "" : "s") constant in the observations or predictions: score undefined (null), e.g. target \(undefined.prefix(5).map(String.init).joined(separator: ", "))"
      ]
    let result = Scores(
      score: score.rawValue, targets: values.count, scoredTargets: summary.scoredTargets, median: summary.medianScore,
      mean: summary.meanScore, output: output)
    try printReport(
      command: "ceiling", json: outputOptions.json, inputs: ["predictions": p, "observations": o],
      parameters: { Parameters(mode: "score", splits: nil, seed: nil, halves: nil, score: score.rawValue) },
      result: result, warnings: warnings
    ) {
      ([
        "\(score.rawValue) per target, \(predicted.rows.grouped) stimuli, \(values.count.grouped) targets (\(summary.scoredTargets.grouped) scored)",
        "  median \(formatNumber(result.median)), mean \(formatNumber(result.mean))",
      ] + closingLines(written: output.map { [$0] } ?? [], warnings: warnings)).joined(separator: "\n")
    }
  }
}
