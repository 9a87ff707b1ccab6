import ArgumentParser
import Foundation
import Neurometry

/// `neurometry report`: the model–brain report — every layer of a network against every brain
/// region, with bootstrap intervals, noise ceilings, the best layer and how sure we are — as one
/// self-contained HTML page and its JSON twin.
struct ReportCommand: ShardableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Which layer of a network is most like each brain region, by how much, and how sure (HTML + JSON).",
    discussion: """
      STUDY is a study file (YAML or JSON; Docs/study.md): the activations, the regions with their \
      recordings (NWB spikes, Phy folders, fMRI runs with an atlas ROI or a mask, or patterns files; \
      several subjects per region), the measures and their parameters, bootstrap samples and seed. \
      Simple studies work with flags alone: --activations FILE --region NAME=PATTERNS … \
      --measures rsa,cka,encoding. Writes OUTPUT (HTML) and its JSON twin beside it (OUTPUT with \
      .json, or --json-output); progress goes to stderr. Existing outputs are kept unless --force. \
      With --shard K/N only the K-th of N blocks of units (measure × region × layer, measure-major) \
      is computed and written to --partial; `neurometry merge` writes the report of the whole study.
      """)

  @OptionGroup var studyOptions: StudyOptions

  @Option(help: "The HTML report to write.")
  var output: String

  @Option(name: .customLong("json-output"), help: "The JSON twin (default: OUTPUT with the extension .json).")
  var jsonOutput: String?

  @Option(help: "Bootstrap samples (overrides the study file's).")
  var bootstrap: Int?

  @Option(
    name: .customLong("identify-repetitions"),
    help:
      "Would we know? Surrogate brains per layer for the identification check (overrides the study file's 'identify'; 0: no check)."
  )
  var identifyRepetitions: Int?

  @Option(
    name: .customLong("null-permutations"),
    help: "Stimulus permutations for the null of every score (overrides the study file's 'null'; 0: no null).")
  var nullPermutations: Int?

  @Flag(help: "Replace existing outputs.")
  var force = false

  @Flag(help: "No progress lines on stderr.")
  var quiet = false

  @OptionGroup var format: OutputOptions

  @OptionGroup var memory: MemoryOptions

  @OptionGroup var shardOptions: ShardOptions

  func validate() throws {
    if let bootstrap, bootstrap < 2 { throw ValidationError("--bootstrap must be at least 2") }
    if let r = identifyRepetitions, r < 0 { throw ValidationError("--identify-repetitions must be at least 0") }
    if let p = nullPermutations, p < 0 { throw ValidationError("--null-permutations must be at least 0") }
  }

  var jsonPath: String { jsonOutput ?? ((output as NSString).deletingPathExtension + ".json") }

  /// The study the file or flags describe, with --bootstrap, --seed, --identify-repetitions and
  /// --null-permutations applied.
  func studySpecification() throws -> StudySpecification {
    var spec = try studyOptions.specification()
    if let bootstrap { spec.bootstrap = bootstrap }
    if let r = identifyRepetitions {
      spec.identify =
        r == 0 ? nil : IdentifySpecification(repetitions: r, noiseScales: spec.identify?.noiseScales ?? [1, 4])
    }
    if let p = nullPermutations {
      spec.null = p == 0 ? nil : NullSpecification(permutations: p, deadSalmon: spec.null?.deadSalmon ?? 20)
    }
    return spec
  }

  var inputFiles: [String] { studyOptions.inputFiles }

  /// Refuses outputs that exist (unless --force) or coincide, before any work.
  func requireNewOutputs() throws {
    guard output != jsonPath else {
      throw NeurometryError.invalidInput(context: output, message: "the HTML and JSON outputs are the same file")
    }
    if !force, let existing = [output, jsonPath].first(where: { FileManager.default.fileExists(atPath: $0) }) {
      throw NeurometryError.outputExists(path: existing)
    }
  }

  func run() throws {
    try reportingDataErrors {
      let spec = try studySpecification()
      let progress = quiet ? { _ in } : Self.printProgress
      if let shard = shardOptions.shard {
        if !force, let partial = shardOptions.partial, FileManager.default.fileExists(atPath: partial) {
          throw NeurometryError.outputExists(path: partial)
        }
        let partial = try ModelBrainStudy(spec, memoryLimit: memory.limit).runShard(shard, progress: progress)
        try writePartial(
          partial, total: partial.totalUnits, unitName: "units (measure × region × layer)", json: format.json,
          force: force, inputs: inputFiles + [spec.resolve(spec.activations.file)])
        return
      }
      try requireNewOutputs()
      try finish(try ModelBrainStudy(spec, memoryLimit: memory.limit).run(progress: progress), spec: spec)
    }
  }

  func merge(_ payloads: [ModelBrainStudy.Partial]) throws {
    try reportingDataErrors {
      let spec = try studySpecification()
      try requireNewOutputs()
      try finish(try ModelBrainStudy(spec, memoryLimit: memory.limit).merge(payloads), spec: spec)
    }
  }

  /// Writes the page and its JSON twin and prints the summary (or the envelope).
  func finish(_ result: StudyResult, spec: StudySpecification) throws {
    let envelope = CommandOutput(
      command: "report", inputs: ["study": spec.file ?? "(flags)"], parameters: ReportParameters(spec),
      result: result, warnings: result.warnings)
    let json = try envelope.jsonText()
    let html = try ModelBrainReport(result: result).html()
    try FileAccess.write(Data(html.utf8), to: output, overwrite: force)
    try FileAccess.write(Data((json + "\n").utf8), to: jsonPath, overwrite: force)
    if format.json {
      print(json)
    } else {
      print(Self.summary(result, written: [output, jsonPath]).joined(separator: "\n"))
    }
  }

  /// "[ 12/72] rsa: 6 layers × V4 · 3.1 s, about 9 s left" on stderr.
  static func printProgress(_ p: StudyProgress) {
    let width = String(p.total).count
    let done = String(repeating: " ", count: max(0, width - String(p.done).count)) + String(p.done)
    let left = p.remaining.map { " · about \(formatSeconds($0)) left" } ?? ""
    FileHandle.standardError.write(
      Data("neurometry report: [\(done)/\(p.total)] \(p.step) · \(formatSeconds(p.elapsed))\(left)\n".utf8))
  }

  static func formatSeconds(_ s: Double) -> String {
    s < 60 ? String(format: "%.1f s", s) : String(format: "%d min %02d s", Int(s) / 60, Int(s) % 60)
  }

  /// The human summary: one line per measure and region with the best layer.
  static func summary(_ r: StudyResult, written: [String]) -> [String] {
    var lines = [
      "\(r.study.name): \(r.layers.count) layers × \(r.regions.count) regions, \(r.stimuli.count) stimuli, \(r.study.bootstrap) bootstrap samples (seed \(r.study.seed))"
    ]
    for m in r.measures {
      lines.append("\(m.label):")
      for g in m.regions {
        let b = g.best
        let normalized = g.normalized.map { " (\(formatNumber($0[b])) of the ceiling)" } ?? ""
        lines.append(
          "  \(g.region): best \(g.bestLayer) = \(formatNumber(g.scores[b])) [\(formatNumber(g.lower[b])), \(formatNumber(g.upper[b]))]\(normalized), P(best) = \(formatNumber(g.bestProbability[b]))"
        )
      }
    }
    if let identification = r.identification {
      lines.append("Would we know? \(IdentifyCommand.header(identification))")
      lines += IdentifyCommand.regionLines(identification)
    }
    if let nulls = r.nulls {
      lines.append(
        "Against \(nulls.permutations) stimulus permutations (best layer: calibrated score z, p over the best of \(nulls.layers.count) layers):"
      )
      for g in nulls.regions {
        let parts = g.measures.compactMap { m -> String? in
          guard
            let best = r.measures.first(where: { $0.label == m.label })?.regions.first(where: { $0.region == g.region }
            )?.best
          else { return nil }
          return "\(m.label) z = \(formatNumber(m.calibrated[best])), p = \(formatNumber(m.maxStatisticPValues[best]))"
        }
        lines.append("  \(g.region): " + parts.joined(separator: " · "))
      }
    }
    return lines + closingLines(written: written, warnings: r.warnings)
  }
}

/// The study's parameters in the JSON envelope.
struct ReportParameters: Encodable {
  let seed: UInt64
  let bootstrap: Int
  let confidence: Double
  let correction: String
  let measures: [String: [String: String]]
  let identify: IdentifyCheck?
  let null: NullCheck?

  struct IdentifyCheck: Encodable {
    let repetitions: Int
    let noiseScales: [Double]
    enum CodingKeys: String, CodingKey { case repetitions, noiseScales = "noise_scales" }
  }

  struct NullCheck: Encodable { let permutations: Int }

  init(_ s: StudySpecification) {
    seed = s.seed
    bootstrap = s.bootstrap
    confidence = s.confidence
    correction = s.correction.rawValue
    measures = Self.table(s.measures)
    identify = s.identify.map { IdentifyCheck(repetitions: $0.repetitions, noiseScales: $0.noiseScales) }
    null = s.null.map { NullCheck(permutations: $0.permutations) }
  }

  /// Each measure's parameters by its family.
  static func table(_ measures: [MeasureSpecification]) -> [String: [String: String]] {
    Dictionary(measures.map { ($0.kind.rawValue, $0.parameters) }, uniquingKeysWith: { _, last in last })
  }
}
