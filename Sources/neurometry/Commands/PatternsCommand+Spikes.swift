import ArgumentParser
import Foundation
import Neurometry

/// What `neurometry patterns --spikes … --json` reports.
struct SpikePatternsReport: Encodable {
  let outputs: [String]
  let shape: [Int]
  let conditions: [String]
  let trialsPerCondition: [Int]
  let units: Int
  let trials: Int
  let nwbVersion: String

  enum CodingKeys: String, CodingKey {
    case outputs, shape, conditions, trialsPerCondition = "trials_per_condition", units, trials
    case nwbVersion = "nwb_version"
  }
}

struct SpikePatternsParameters: Encodable {
  let window: [Double]
  let bins: Int
  let align: String
  let condition: String?
  let perTrial: Bool
  let runs: String?
  let measure: String
  let unitFilter: [String]

  enum CodingKeys: String, CodingKey {
    case window, bins, align, condition, perTrial = "per_trial", runs, measure, unitFilter = "unit_filter"
  }
}

extension PatternsCommand {
  func runSpikes() throws {
    let o = spikeOptions
    guard let path = o.spikes else { return }
    let window = try SpikeWindow(parsing: o.window, bins: o.bins)
    let nwb = try NWBFile(path: path)
    var spikes = try SpikeTrains(nwb.units(at: o.units))
    for filter in o.unitFilter {
      let parts = filter.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2 else {
        throw NeurometryError.invalidInput(
          context: "--unit-filter", message: "'\(filter)' is not COLUMN=VALUE, e.g. quality=good")
      }
      spikes = try spikes.selecting(parts[0], in: Set(parts[1].split(separator: ",").map(String.init)))
    }
    let trials = try Trials(nwb.intervals(o.trials))
    let fit = try SpikePatterns(
      window: window, alignment: o.align == "start_time" ? .trialStart : .column(o.align),
      condition: o.condition ?? "", perTrial: o.perTrial, run: o.runs, rates: !o.counts
    ).fit(spikes, trials)
    let measure = o.counts ? "spike counts" : "rates (spikes/s)"
    let written = try PatternsFile.write(
      fit.patterns, to: output,
      attributes: [
        "source": path, "window": o.window, "bins": String(o.bins), "align": o.align,
        "condition": o.condition ?? "", "measure": measure, "per_trial": o.perTrial ? "true" : "false",
      ], overwrite: force)
    let rows = fit.patterns[0].observationCount
    let shape = fit.patterns.count == 1 ? [rows, spikes.count] : [fit.patterns.count, rows, spikes.count]
    let report = SpikePatternsReport(
      outputs: written, shape: shape, conditions: fit.conditions, trialsPerCondition: fit.trialsPerCondition,
      units: spikes.count, trials: trials.count, nwbVersion: nwb.version)
    if outputOptions.json {
      let parameters = SpikePatternsParameters(
        window: [window.start, window.end], bins: o.bins, align: o.align, condition: o.condition,
        perTrial: o.perTrial, runs: o.runs, measure: measure, unitFilter: o.unitFilter)
      let envelope = CommandOutput(
        command: "patterns", inputs: ["spikes": path], parameters: parameters, result: report, warnings: fit.warnings)
      print(try envelope.jsonText())
    } else {
      var lines = [
        "\(path): NWB \(nwb.version), \(spikes.count) units, \(trials.count) trials",
        "patterns: \(NDArray.describe(shape: shape)) \(measure), window [\(window.start), \(window.end)) s from \(o.align)\(o.bins > 1 ? " in \(o.bins) bins" : "")",
        "conditions (\(fit.conditions.count)): \(fit.conditions.prefix(12).joined(separator: ", "))\(fit.conditions.count > 12 ? ", …" : "")",
        "wrote: \(written.joined(separator: ", "))",
      ]
      lines += fit.warnings.map { "warning: \($0)" }
      print(lines.joined(separator: "\n"))
    }
  }
}
