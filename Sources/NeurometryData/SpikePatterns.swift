import NeurometryIO
import NeurometryLinearAlgebra

/// Response patterns from spikes: bin every unit's spikes around every trial, then either
/// average the rates per condition (conditions × units) or keep one row per trial (for
/// crossnobis, with run/fold descriptors).
///
/// - Condition order (DESIGN.md §3): numeric labels numerically, strings lexicographically.
/// - Values: rates (counts / bin width, spikes per second) by default, or raw counts.
/// - Time bins: one `ResponsePatterns` per bin (time-resolved RSA); one bin by default.
/// - Descriptors: observations get `condition` (and `trial`, `run` for per-trial patterns, and
///   `trials` — the number averaged — for averages); channels get `unit` and every unit column.
/// - Warnings: units without spikes; when the spikes say where their recording ends
///   (`SpikeTrains.recordingEnd`, Kilosort/Phy), trial windows reaching outside `[0, end]`, whose
///   counts miss spikes that were never recorded.
///
/// ```swift
/// let fit = try SpikePatterns(window: SpikeWindow(start: 0.05, end: 0.25), condition: "stimulus")
///   .fit(spikes, trials)
/// ```
public struct SpikePatterns: Sendable {
  /// The window, its bins and the trial alignment the spikes are counted with.
  public let binning: SpikeBinning
  /// The trials column whose values are the conditions.
  public let condition: String
  /// Keep one row per trial instead of averaging per condition.
  public let perTrial: Bool
  /// A trials column with run (fold) labels, kept as the `run` descriptor of per-trial rows.
  public let run: String?
  /// Rates (spikes/s) or counts.
  public let rates: Bool

  /// Patterns from spikes counted in `window` (seconds from each trial's `alignment`, default its
  /// start), grouped by the trials column `condition`; averaged per condition unless `perTrial`, with
  /// the `run` column kept for per-trial rows, as rates (spikes/s, default) or counts.
  public init(
    window: SpikeWindow, alignment: SpikeBinning.Alignment = .trialStart, condition: String, perTrial: Bool = false,
    run: String? = nil, rates: Bool = true
  ) {
    binning = SpikeBinning(window: window, alignment: alignment)
    self.condition = condition
    self.perTrial = perTrial
    self.run = run
    self.rates = rates
  }

  /// The result: one pattern set per time bin, with what produced it.
  public struct Result: Sendable {
    /// One per time bin (a single element without time bins).
    public let patterns: [ResponsePatterns]
    /// The conditions in row order (averages) or in sorted order (per-trial rows).
    public let conditions: [String]
    /// Trials per condition, in `conditions` order.
    public let trialsPerCondition: [Int]
    /// The underlying per-(trial, unit, bin) spike counts.
    public let counts: SpikeCounts
    /// Units without spikes and trial windows outside the recording (see the type's documentation).
    public let warnings: [String]
  }

  /// Counts the spikes of every unit around every trial and turns them into one `ResponsePatterns`
  /// per time bin: trials × units when `perTrial`, otherwise conditions × units (the mean over each
  /// condition's trials, conditions in DESIGN.md §3 order). Throws `NeurometryError.invalidInput`
  /// when there are no units or no trials, or when the condition, run or alignment column is missing
  /// or unusable.
  ///
  /// - Complexity: O(U · E · log(1 + S/E)) to count S spikes per unit for U units and E = trials ·
  ///   (bins + 1) edges, plus O(bins · trials · U) to build the patterns.
  public func fit(_ spikes: SpikeTrains, _ trials: Trials) throws -> Result {
    guard spikes.count > 0 else {
      throw NeurometryError.invalidInput(context: spikes.source, message: "has no units")
    }
    guard trials.count > 0 else {
      throw NeurometryError.invalidInput(context: trials.source, message: "has no trials")
    }
    let conditionLabels = try trials.column(condition).typedLabels(context: "\(trials.source): column '\(condition)'")
    let (labels, index) = conditionLabels.groups
    let trialLabels = conditionLabels.values
    let runLabels = try run.map { try trials.column($0).typedLabels(context: "\(trials.source): column '\($0)'") }
    let counts = try binning.fit(spikes, trials)
    var warnings: [String] = []
    let silent = spikes.times.indices.filter { spikes.times[$0].isEmpty }
    if !silent.isEmpty {
      warnings.append(
        "\(silent.count) unit\(silent.count == 1 ? " has" : "s have") no spikes (ids \(silent.prefix(10).map { spikes.unitIDs[$0] }.joined(separator: ", ")))"
      )
    }
    if let end = spikes.recordingEnd {
      let anchors = binning.alignment == .trialStart ? trials.startTimes : try trials.times(binning.alignment.name)
      let outside = anchors.indices.filter {
        anchors[$0] + binning.window.start < 0 || anchors[$0] + binning.window.end > end
      }
      if !outside.isEmpty {
        warnings.append(
          "\(outside.count) trial window\(outside.count == 1 ? "" : "s") (trials \(outside.prefix(10).map(String.init).joined(separator: ", "))\(outside.count > 10 ? ", …" : ""), counting from 0) reach outside the recording (0 s to \(end) s): no spikes can be counted there"
        )
      }
    }
    var perCondition = [Int](repeating: 0, count: labels.count)
    for c in index { perCondition[c] += 1 }
    var channels = spikes.unitDescriptors
    channels["unit"] = spikes.unitIDs
    var out: [ResponsePatterns] = []
    for bin in 0..<counts.binCount {
      let m = counts.matrix(bin: bin, rates: rates)
      var observations: [String: [String]]
      let measurements: Matrix
      if perTrial {
        measurements = m
        observations = ["condition": trialLabels, "trial": (0..<trials.count).map(String.init)]
        if let runLabels { observations["run"] = runLabels.values }
      } else {
        // Mean over the trials of each condition: sum in trial order, then divide.
        var sums = Matrix(rows: labels.count, columns: spikes.count)
        for t in 0..<trials.count {
          for u in 0..<spikes.count { sums[index[t], u] += m[t, u] }
        }
        for c in 0..<labels.count {
          for u in 0..<spikes.count { sums[c, u] /= Double(perCondition[c]) }
        }
        measurements = sums
        observations = ["condition": labels, "trials": perCondition.map(String.init)]
      }
      if counts.binCount > 1 {
        observations["time_bin"] = [String](repeating: String(bin), count: measurements.rows)
      }
      out.append(
        try ResponsePatterns(
          measurements: measurements, observationDescriptors: observations, channelDescriptors: channels,
          observationDescriptorKinds: [
            "condition": conditionLabels.kind, "run": runLabels?.kind ?? .text, "trial": .numeric, "trials": .numeric,
            "time_bin": .numeric,
          ], source: spikes.source))
    }
    return Result(
      patterns: out, conditions: labels, trialsPerCondition: perCondition, counts: counts, warnings: warnings)
  }
}
