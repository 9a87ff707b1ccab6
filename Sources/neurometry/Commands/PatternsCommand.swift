import ArgumentParser
import Foundation
import Neurometry

/// `neurometry patterns`: recordings → response patterns files (.npy + labels, or .h5).
struct PatternsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "patterns",
    abstract: "Turn recordings into response patterns (conditions × channels), written as .npy or .h5.",
    discussion: """
      Spikes (--spikes FILE.nwb, or --phy DIR with --events): every unit's spikes are counted in the \
      half-open window [s + START, s + END) around each trial's alignment time s (a spike exactly at \
      s + END belongs to the next window); rates are counts / (END − START). Trials are averaged per \
      condition (numeric conditions sorted numerically, strings lexicographically) unless --per-trial \
      is given. Trials come from --events (an events .tsv with start_time or onset, an .npy of event \
      times, or an .nwb file's trials table) or from the --spikes NWB file.

      fMRI (--bold RUN [--bold RUN …] with --mask or --atlas): per run, a first-level design from the \
      run's events (nilearn's make_first_level_design_matrix: SPM HRF, cosine drift 0.01 Hz, \
      oversampling 50) and OLS GLM betas per channel; one row per (run, condition) with condition and \
      run labels (crossnobis-ready), or with --average one row per condition. --noise-precision \
      estimates each run's noise covariance from its GLM residuals (rsatoolbox prec_from_residuals, \
      dof = scans − design columns) and writes the mean of the runs' precisions, or with \
      --noise-per-run one precision per run, ready for `rdm --method crossnobis --noise`.

      Output .npy: the patterns plus <stem>_conditions.npy, <stem>_runs.npy and the channel labels \
      (<stem>_units.npy, <stem>_voxels.npy or <stem>_regions.npy); output .h5: one file with \
      /patterns, /observations/*, /channels/*.
      """
  )

  @OptionGroup(title: "Spikes") var spikeOptions: SpikePatternOptions

  @OptionGroup(title: "fMRI") var fmriOptions: FMRIPatternOptions

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Spikes: the trials (.tsv, .npy of event times, or .nwb). fMRI: one events .tsv per --bold, in the same order.",
      valueName: "file"))
  var events: [String] = []

  @Option(
    name: .long,
    help: "The column naming each trial's condition (spikes: required; fMRI events: default trial_type).")
  var condition: String?

  @Option(name: .long, help: "Where to write the patterns (.npy or .h5).")
  var output: String

  @Flag(name: .long, help: "Replace existing output files.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

  var isFMRI: Bool { !fmriOptions.bold.isEmpty }

  func validate() throws {
    let s = spikeOptions
    let sources = [s.spikes != nil, s.phy != nil, isFMRI].filter { $0 }.count
    guard sources == 1 else {
      throw ValidationError(
        sources == 0
          ? "give the recording to turn into patterns: --spikes FILE.nwb, --phy DIR, or --bold RUN.nii.gz"
          : "give one kind of recording: --spikes, --phy or --bold")
    }
    try Self.checkPatternsPath(output, option: "--output")
    if isFMRI {
      try validateFMRI()
    } else {
      try validateSpikes()
    }
  }

  func validateSpikes() throws {
    let s = spikeOptions
    if fmriOptions.anyGiven {
      throw ValidationError(
        "--mask, --atlas, --labels, --average, --residuals and --noise-precision apply to fMRI (--bold) only")
    }
    guard condition != nil else {
      throw ValidationError("give --condition COLUMN (the trials column naming each trial's condition)")
    }
    if s.phy != nil && events.isEmpty {
      throw ValidationError("--phy needs the trials: --events FILE (.tsv, .npy of event times, or .nwb)")
    }
    guard events.count <= 1 else { throw ValidationError("spikes take one --events file (the trials)") }
    do {
      _ = try SpikeWindow(parsing: s.window, bins: s.bins)
    } catch let error as NeurometryError {
      throw ValidationError(error.description)
    }
    _ = try s.parsedTrialColumns()
    _ = try s.parsedUnitFilters()
  }

  func validateFMRI() throws {
    let f = fmriOptions
    let s = spikeOptions
    if s.perTrial || s.counts || s.runs != nil || s.bins != 1 || !s.unitFilter.isEmpty || !s.trialColumn.isEmpty {
      throw ValidationError(
        "--per-trial, --counts, --runs, --bins, --unit-filter and --trial-column apply to spikes only")
    }
    guard (f.mask != nil) != (f.atlas != nil) else {
      throw ValidationError("give the channels: --mask FILE (voxels) or --atlas FILE (regions), one of them")
    }
    if f.labels != nil && f.atlas == nil { throw ValidationError("--labels names the regions of an --atlas") }
    guard events.isEmpty || events.count == f.bold.count else {
      throw ValidationError(
        "\(f.bold.count) --bold but \(events.count) --events; give one events file per run, in the same order, or none (BIDS layout)"
      )
    }
    if let tr = f.repetitionTime, !(tr > 0 && tr.isFinite) { throw ValidationError("--tr must be > 0 seconds") }
    if let residuals = f.residuals { try Self.checkPatternsPath(residuals, option: "--residuals") }
    if let noise = f.noisePrecision {
      guard noise.lowercased().hasSuffix(".npy") else { throw ValidationError("--noise-precision must end in .npy") }
    } else if f.noisePerRun {
      throw ValidationError("--noise-per-run applies to --noise-precision")
    }
  }

  static func checkPatternsPath(_ path: String, option: String) throws {
    let lower = path.lowercased()
    guard lower.hasSuffix(".npy") || lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") else {
      throw ValidationError("\(option) must end in .npy or .h5")
    }
  }

  func run() throws {
    try reportingDataErrors {
      if isFMRI { try runFMRI() } else { try runSpikes() }
    }
  }

  /// Prints the JSON envelope or the human lines (with the warnings).
  func emit<I: Encodable, P: Encodable, R: Encodable>(
    inputs: I, parameters: P, result: R, warnings: [String], lines: [String]
  ) throws {
    try printReport(
      command: "patterns", json: outputOptions.json, inputs: inputs, parameters: { parameters }, result: result,
      warnings: warnings
    ) { (lines + warnings.map { "warning: \($0)" }).joined(separator: "\n") }
  }
}
