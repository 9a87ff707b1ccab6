import ArgumentParser

/// `neurometry patterns` options for spike recordings (NWB units + a trials table).
struct SpikePatternOptions: ParsableArguments {
  @Option(name: .long, help: "An NWB file with a units table and a trials (TimeIntervals) table.")
  var spikes: String?

  @Option(
    name: .long,
    help: "Counting window START:END in seconds relative to the alignment time, half-open [START, END).")
  var window: String = "0:1"

  @Option(name: .long, help: "Align windows on each trial's start_time or on this numeric trials column (event times).")
  var align: String = "start_time"

  @Option(name: .long, help: "Number of equal time bins in the window (a third axis for time-resolved RSA).")
  var bins: Int = 1

  @Option(name: .long, help: "The trials column whose values are the conditions.")
  var condition: String?

  @Option(name: .long, help: "The TimeIntervals table holding the trials (a name under /intervals, or a path).")
  var trials: String = "trials"

  @Option(name: .long, help: "The units table.")
  var units: String = "/units"

  @Option(name: .long, help: "Keep only units whose column has this value, e.g. quality=good (repeatable).")
  var unitFilter: [String] = []

  @Flag(name: .long, help: "One row per trial (for crossnobis) instead of the mean per condition.")
  var perTrial = false

  @Option(name: .long, help: "With --per-trial: a trials column of run (fold) labels to keep.")
  var runs: String?

  @Flag(name: .long, help: "Spike counts instead of rates (spikes per second).")
  var counts = false
}
