import ArgumentParser
import Foundation
import Neurometry

/// `neurometry measures [--family F] [--json]`: every measure with its parameters
/// (`MeasureCatalogue`).
struct MeasuresCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "measures",
    abstract: "List every measure Neurometry computes, with its parameters, reference and command.")

  @Option(name: .long, help: "Only this family (rdm, rdm-comparison, rdm-transform, cka, shape, …).")
  var family: String?

  @OptionGroup var outputOptions: OutputOptions

  struct Parameters: Encodable { let family: String? }

  func run() throws {
    try reportingDataErrors {
      let all = MeasureCatalogue.all
      if let family, !MeasureCatalogue.families.contains(family) {
        throw NeurometryError.invalidInput(
          context: "--family",
          message: "no family '\(family)' (families: \(MeasureCatalogue.families.joined(separator: ", ")))")
      }
      let shown = family.map { f in all.filter { $0.family == f } } ?? all
      try printReport(
        command: "measures", json: outputOptions.json, inputs: [String: String](),
        parameters: { Parameters(family: family) }, result: shown, warnings: []
      ) {
        var lines: [String] = []
        for f in MeasureCatalogue.families where family == nil || family == f {
          lines.append("\(f):")
          for m in shown where m.family == f {
            lines.append("  \(m.name) — \(m.summary)  [neurometry \(m.command)]")
            for p in m.parameters {
              let choices = p.choices.map { " (\($0.joined(separator: "|")))" } ?? ""
              let value = p.defaultValue.map { "; default \($0)" } ?? ""
              lines.append("      --\(p.name)\(choices): \(p.meaning)\(value)")
            }
          }
        }
        return lines.joined(separator: "\n")
      }
    }
  }
}
