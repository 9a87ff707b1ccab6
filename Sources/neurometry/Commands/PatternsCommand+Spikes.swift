import ArgumentParser
import Foundation
import Neurometry

/// What `neurometry patterns --spikes/--phy … --json` reports.
struct SpikePatternsReport: Encodable {
  let outputs: [String]
  let shape: [Int]
  let conditions: [String]
  let trialsPerCondition: [Int]
  let units: Int
  let trials: Int
  /// NWB spikes: the file's NWB version.
  let nwbVersion: String?
  /// Phy spikes: what was read and kept.
  let phy: PhySortingReport?

  enum CodingKeys: String, CodingKey {
    case outputs, shape, conditions, trialsPerCondition = "trials_per_condition", units, trials
    case nwbVersion = "nwb_version", phy
  }
}

/// The Kilosort/Phy part of the report: cluster file, filter, label sources, what was left out.
struct PhySortingReport: Encodable {
  let sampleRate: Double
  let clusterSource: String
  let filter: String
  let labelSources: [String: Int]
  let excludedByLabel: [String: Int]
  let recordingDuration: Double?

  init(_ s: KilosortSorting) {
    sampleRate = s.sampleRate
    clusterSource = s.clusterSource
    filter = s.filter.rawValue
    labelSources = s.labelSources
    excludedByLabel = s.excludedByLabel
    recordingDuration = s.recordingDuration
  }

  enum CodingKeys: String, CodingKey {
    case sampleRate = "sample_rate", clusterSource = "cluster_source", filter, labelSources = "label_sources"
    case excludedByLabel = "excluded_by_label", recordingDuration = "recording_duration"
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
  let clusters: String?

  enum CodingKeys: String, CodingKey {
    case window, bins, align, condition, perTrial = "per_trial", runs, measure, unitFilter = "unit_filter", clusters
  }
}

extension PatternsCommand {
  /// Spikes (NWB units or a Phy folder) + trials → binned patterns, written and reported.
  func runSpikes() throws {
    let o = spikeOptions
    let window = try SpikeWindow(parsing: o.window, bins: o.bins)
    var spikes: SpikeTrains
    var nwbVersion: String? = nil
    var phy: KilosortSorting? = nil
    let source: String
    if let folder = o.phy {
      let sorting = try KilosortSorting.read(folder, filter: o.clusters)
      spikes = try SpikeTrains(sorting)
      phy = sorting
      source = folder
    } else if let path = o.spikes {
      let nwb = try NWBFile(path: path)
      spikes = try SpikeTrains(nwb.units(at: o.units))
      nwbVersion = nwb.version
      source = path
    } else {
      return
    }
    for (column, values) in try o.parsedUnitFilters() { spikes = try spikes.selecting(column, in: values) }
    let trialsFile = events.first ?? source
    let trials = try Trials.read(events: trialsFile, intervals: o.trials, columns: try o.parsedTrialColumns())
    let fit = try SpikePatterns(
      window: window, alignment: o.align == "start_time" ? .trialStart : .column(o.align),
      condition: condition ?? "", perTrial: o.perTrial, run: o.runs, rates: !o.counts
    ).fit(spikes, trials)
    let measure = o.counts ? "spike counts" : "rates (spikes/s)"
    let written = try PatternsFile.write(
      fit.patterns, to: output,
      attributes: [
        "source": source, "trials": trialsFile, "window": o.window, "bins": String(o.bins), "align": o.align,
        "condition": condition ?? "", "measure": measure, "per_trial": o.perTrial ? "true" : "false",
      ], overwrite: force)
    let rows = fit.patterns[0].observationCount
    let shape = fit.patterns.count == 1 ? [rows, spikes.count] : [fit.patterns.count, rows, spikes.count]
    let report = SpikePatternsReport(
      outputs: written, shape: shape, conditions: fit.conditions, trialsPerCondition: fit.trialsPerCondition,
      units: spikes.count, trials: trials.count, nwbVersion: nwbVersion, phy: phy.map(PhySortingReport.init))
    var inputs = [o.phy != nil ? "phy" : "spikes": source]
    if let first = events.first { inputs["events"] = first }
    let parameters = SpikePatternsParameters(
      window: [window.start, window.end], bins: o.bins, align: o.align, condition: condition, perTrial: o.perTrial,
      runs: o.runs, measure: measure, unitFilter: o.unitFilter, clusters: phy.map { $0.filter.rawValue })
    let what =
      phy.map { s in
        "Kilosort/Phy, \(spikes.count) '\(s.filter.rawValue)' clusters of \(s.clusters.count + s.excludedByLabel.values.reduce(0, +)) (cluster ids from \(s.clusterSource))"
      } ?? "NWB \(nwbVersion ?? "?"), \(spikes.count) units"
    let lines = [
      "\(source): \(what), \(trials.count) trials from \(trialsFile)",
      "patterns: \(NDArray.describe(shape: shape)) \(measure), window [\(window.start), \(window.end)) s from \(o.align)\(o.bins > 1 ? " in \(o.bins) bins" : "")",
      "conditions (\(fit.conditions.count)): \(fit.conditions.prefix(12).joined(separator: ", "))\(fit.conditions.count > 12 ? ", …" : "")",
      "wrote: \(written.joined(separator: ", "))",
    ]
    try emit(
      inputs: inputs, parameters: parameters, result: report, warnings: (phy?.warnings ?? []) + fit.warnings,
      lines: lines)
  }
}
