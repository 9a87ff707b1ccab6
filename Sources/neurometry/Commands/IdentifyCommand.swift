import ArgumentParser
import Foundation
import Neurometry

/// `neurometry identify`: would we know? For a study, how often each measure picks the layer that
/// generated a synthetic brain as noisy as each real region (`LayerIdentification`).
struct IdentifyCommand: ShardableCommand {
  static let configuration = CommandConfiguration(
    commandName: "identify",
    abstract:
      "Would we know? How often each measure picks the layer that generated a surrogate brain at the data's noise.",
    discussion: """
      For every region with repeated presentations (trials, runs), and every layer taken as the \
      truth, draws --repetitions surrogate brains: a random linear readout of the layer with the \
      region's channel count, signal variance and noise (matched to its split-half reliability). \
      Each measure of the study scores every layer against each surrogate; the best-scoring layer \
      is the one identified. Prints, per region and noise scale, each measure's accuracy with its \
      Wilson interval (chance is 1/layers) and, with --json, the confusion matrices (true × chosen \
      layer). --noise-scales multiplies the noise's standard deviation (1: as measured). The study \
      is given as for `report`: a study file, or --activations with --region NAME=PATTERNS.
      """)

  @OptionGroup var studyOptions: StudyOptions

  @Option(help: "Surrogate brains per layer (and subject); default: the study file's 'identify', else 100.")
  var repetitions: Int?

  @Option(
    name: .customLong("noise-scales"),
    help:
      "Comma-separated multiples of the data's noise standard deviation (1: as measured); default: the study file's 'identify', else 1,4."
  )
  var noiseScales: String?

  @Option(help: "Level of the accuracy intervals.")
  var confidence: Double = 0.95

  @Flag(help: "No progress lines on stderr.")
  var quiet = false

  @Flag(help: "Replace an existing partial result (--partial).")
  var force = false

  @OptionGroup var format: OutputOptions

  @OptionGroup var shardOptions: ShardOptions

  /// --noise-scales as numbers (validate has checked they parse).
  var scales: [Double]? {
    noiseScales.map { $0.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) } }
  }

  func validate() throws {
    if let repetitions, repetitions < 1 { throw ValidationError("--repetitions must be at least 1") }
    if let noiseScales, let scales {
      let parts = noiseScales.split(separator: ",", omittingEmptySubsequences: false)
      if parts.isEmpty || scales.count != parts.count || scales.contains(where: { !$0.isFinite || $0 < 0 }) {
        throw ValidationError("--noise-scales must be comma-separated numbers ≥ 0, got '\(noiseScales)'")
      }
    }
    if !(confidence > 0 && confidence < 1) { throw ValidationError("--confidence must be between 0 and 1") }
  }

  var inputFiles: [String] { studyOptions.inputFiles }

  /// The analysis the study and the options describe: --repetitions and --noise-scales, else the
  /// study file's `identify`, else 100 and 1,4.
  func analysis(_ spec: StudySpecification) -> LayerIdentification {
    let settings = spec.identify ?? IdentifySpecification()
    return LayerIdentification(
      measures: spec.measures, repetitions: repetitions ?? settings.repetitions,
      noiseScales: scales ?? settings.noiseScales, seed: spec.seed, confidence: confidence)
  }

  func run() throws {
    try reportingDataErrors(inputs: studyOptions.inputFiles) {
      let spec = try studyOptions.specification()
      let analysis = analysis(spec)
      var range: Range<Int>? = nil
      if let shard = shardOptions.shard {
        if !force, let partial = shardOptions.partial, FileManager.default.fileExists(atPath: partial) {
          throw NeurometryError.outputExists(path: partial)
        }
        range = shard.units(of: analysis.repetitions)
        if range?.isEmpty ?? true {
          throw NeurometryError.invalidInput(
            context: "--shard \(shard)",
            message:
              "has no repetitions: \(analysis.repetitions) repetitions split into at most \(analysis.repetitions) shards"
          )
        }
      }
      let result = try analysis.run(spec, repetitions: range) { region, scale in
        if !quiet {
          FileHandle.standardError.write(
            Data("neurometry identify: \(region) at noise × \(formatNumber(scale)) done\n".utf8))
        }
      }
      if shardOptions.shard != nil {
        try writePartial(
          result, total: analysis.repetitions, unitName: "repetitions", json: format.json, force: force,
          inputs: inputFiles + [spec.resolve(spec.activations.file)])
        return
      }
      try finish(result, spec: spec, analysis: analysis)
    }
  }

  /// The whole run's result from its shards' (in shard order).
  func merge(_ payloads: [IdentificationResult]) throws {
    try reportingDataErrors(inputs: studyOptions.inputFiles) {
      let spec = try studyOptions.specification()
      try finish(try IdentificationResult.merging(payloads), spec: spec, analysis: analysis(spec))
    }
  }

  /// Prints the summary or the JSON envelope.
  func finish(_ result: IdentificationResult, spec: StudySpecification, analysis: LayerIdentification) throws {
    if format.json {
      let envelope = CommandOutput(
        command: "identify", inputs: ["study": spec.file ?? "(flags)"],
        parameters: IdentifyParameters(analysis), result: result, warnings: result.warnings)
      print(try envelope.jsonText())
    } else {
      print(Self.summary(result).joined(separator: "\n"))
    }
  }

  /// One block per region: its reliability, then per noise scale each measure's accuracy.
  static func summary(_ r: IdentificationResult) -> [String] {
    [header(r)] + regionLines(r) + closingLines(written: [], warnings: r.warnings)
  }

  /// "6 candidate layers (chance 0.166667), 100 surrogates per layer, seed 0; accuracy […]".
  static func header(_ r: IdentificationResult) -> String {
    "\(r.layers.count) candidate layers (chance \(formatNumber(1 / Double(r.layers.count)))), \(r.repetitions) surrogates per layer, seed \(r.seed); accuracy [\(formatNumber(r.confidence * 100))% Wilson interval]"
  }

  /// Per region its reliability, then per noise scale each measure's accuracy and interval.
  static func regionLines(_ r: IdentificationResult) -> [String] {
    var lines: [String] = []
    for g in r.regions {
      lines.append(
        "\(g.region) (\(g.subjects.joined(separator: ", ")); mean channel reliability \(formatNumber(g.reliability))):")
      for level in g.levels {
        let measures = level.measures.map {
          "\($0.label) \(formatNumber($0.accuracy)) [\(formatNumber($0.lower)), \(formatNumber($0.upper))]"
        }
        lines.append(
          "  noise × \(formatNumber(level.noiseScale)) (reliability \(formatNumber(level.reliability))): "
            + measures.joined(separator: " · "))
      }
    }
    return lines
  }
}

/// The analysis' settings in the JSON envelope.
struct IdentifyParameters: Encodable {
  let repetitions: Int
  let noiseScales: [Double]
  let seed: UInt64
  let confidence: Double
  let measures: [String: [String: String]]

  init(_ a: LayerIdentification) {
    repetitions = a.repetitions
    noiseScales = a.noiseScales
    seed = a.seed
    confidence = a.confidence
    measures = ReportParameters.table(a.measures)
  }

  enum CodingKeys: String, CodingKey {
    case repetitions, seed, confidence, measures
    case noiseScales = "noise_scales"
  }
}
