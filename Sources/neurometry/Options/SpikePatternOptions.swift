import ArgumentParser
import Neurometry

/// `neurometry patterns` options for spikes: NWB units or a Kilosort/Phy folder, binned around
/// the trials.
struct SpikePatternOptions: ParsableArguments {
  @Option(name: .long, help: "An NWB file with a units table (and, unless --events is given, a trials table).")
  var spikes: String?

  @Option(
    name: .long, help: ArgumentHelp("A Kilosort/Phy output folder (params.py, spike_times.npy, …).", valueName: "dir"))
  var phy: String?

  @Option(
    name: .long,
    help:
      "With --phy: which curated clusters to keep, by their Phy label (cluster_group.tsv, else cluster_info.tsv, else KSLabel)."
  )
  var clusters: PhyClusterFilter = .good

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Add a per-trial column from an .npy file with one value per trial, e.g. stimulus=stimuli.npy (repeatable).",
      valueName: "name=file.npy"))
  var trialColumn: [String] = []

  @Option(
    name: .long, parsing: .unconditional,
    help:
      "Counting window START:END in seconds relative to the alignment time, half-open [START, END); START may be negative (-0.1:0.5)."
  )
  var window: String = "0:1"

  @Option(name: .long, help: "Align windows on each trial's start_time or on this numeric trials column (event times).")
  var align: String = "start_time"

  @Option(name: .long, help: "Number of equal time bins in the window (a third axis for time-resolved RSA).")
  var bins: Int = 1

  @Option(name: .long, help: "The NWB TimeIntervals table holding the trials (a name under /intervals, or a path).")
  var trials: String = "trials"

  @Option(name: .long, help: "The NWB units table.")
  var units: String = "/units"

  @Option(
    name: .long,
    help: "Keep only units whose column has this value, e.g. quality=good or (Phy) label=mua (repeatable).")
  var unitFilter: [String] = []

  @Flag(name: .long, help: "One row per trial (for crossnobis) instead of the mean per condition.")
  var perTrial = false

  @Option(name: .long, help: "With --per-trial: a trials column of run (fold) labels to keep.")
  var runs: String?

  @Flag(name: .long, help: "Spike counts instead of rates (spikes per second).")
  var counts = false

  /// `--trial-column` values as (name, path); throws a usage error for a malformed one.
  func parsedTrialColumns() throws -> [(name: String, path: String)] {
    try trialColumn.map { text in
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
        throw ValidationError("--trial-column '\(text)' is not NAME=FILE.npy, e.g. stimulus=stimuli.npy")
      }
      return (parts[0], parts[1])
    }
  }

  /// `--unit-filter` values as (column, accepted values); throws a usage error for a malformed one.
  func parsedUnitFilters() throws -> [(column: String, values: Set<String>)] {
    try unitFilter.map { text in
      let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw ValidationError("--unit-filter '\(text)' is not COLUMN=VALUE, e.g. quality=good")
      }
      return (parts[0], Set(parts[1].split(separator: ",").map(String.init)))
    }
  }
}
