import ArgumentParser
import Neurometry

/// `neurometry patterns`: recordings → response patterns files (.npy + labels, or .h5).
struct PatternsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "patterns",
    abstract: "Turn recordings into response patterns (conditions × channels), written as .npy or .h5.",
    discussion: """
      Spikes (NWB): every unit's spikes are counted in the half-open window [s + START, s + END) \
      around each trial's alignment time s (a spike exactly at s + END belongs to the next window); \
      rates are counts / (END − START). Trials are averaged per condition (numeric conditions sorted \
      numerically, strings lexicographically) unless --per-trial is given. Output .npy: the patterns \
      plus <stem>_conditions.npy and <stem>_units.npy (and <stem>_runs.npy); output .h5: one file \
      with /patterns, /observations/*, /channels/*.
      """
  )

  @OptionGroup var spikeOptions: SpikePatternOptions

  @Option(name: .long, help: "Where to write the patterns (.npy or .h5).")
  var output: String

  @Flag(name: .long, help: "Replace existing output files.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

  func validate() throws {
    guard spikeOptions.spikes != nil else {
      throw ValidationError("give the recording to turn into patterns: --spikes FILE.nwb")
    }
    guard spikeOptions.condition != nil else {
      throw ValidationError("give --condition COLUMN (the trials column naming each trial's condition)")
    }
    do {
      _ = try SpikeWindow(parsing: spikeOptions.window, bins: spikeOptions.bins)
    } catch let error as NeurometryError {
      throw ValidationError(error.description)
    }
    let lower = output.lowercased()
    guard lower.hasSuffix(".npy") || lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") else {
      throw ValidationError("--output must end in .npy or .h5")
    }
  }

  func run() throws {
    try reportingDataErrors {
      try runSpikes()
    }
  }
}
