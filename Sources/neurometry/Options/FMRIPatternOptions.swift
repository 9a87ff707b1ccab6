import ArgumentParser
import Neurometry

/// `neurometry patterns` options for fMRI: BOLD runs, their events, a mask or an atlas, and the
/// first-level GLM (nilearn's `make_first_level_design_matrix` defaults).
struct FMRIPatternOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "A 4-D BOLD run (.nii, .nii.gz); repeat for several runs. Its events: --events in the same order, or the BIDS *_events.tsv beside it.",
      valueName: "file"))
  var bold: [String] = []

  @Option(name: .long, help: ArgumentHelp("A binary mask: each voxel inside is a channel.", valueName: "file"))
  var mask: String?

  @Option(
    name: .long,
    help: ArgumentHelp("A label atlas: each region (label > 0) is a channel, its mean time course.", valueName: "file"))
  var atlas: String?

  @Option(
    name: .long,
    help: ArgumentHelp("With --atlas: a label table (TSV with index/name, or index name lines).", valueName: "file"))
  var labels: String?

  @Option(
    name: .customLong("tr"),
    help: ArgumentHelp(
      "Seconds between scans (default: the BIDS *_bold.json RepetitionTime, else the header).", valueName: "seconds"))
  var repetitionTime: Double?

  @Flag(
    name: .long, help: "One row per condition, the mean of its per-run betas, instead of one row per (run, condition).")
  var average = false

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Also write the GLM residuals (scans × channels, every run) here, for noise estimates (.npy or .h5).",
      valueName: "file"))
  var residuals: String?

  @Option(
    name: .long,
    help: ArgumentHelp(
      "Write the noise precision estimated from the GLM residuals here (.npy, channels × channels; runs × channels × channels with --noise-per-run), for `rdm --method crossnobis --noise`.",
      valueName: "file"))
  var noisePrecision: String?

  @Option(
    name: .long,
    help: "Noise covariance estimator for --noise-precision (rsatoolbox's shrinkage_diag, shrinkage_eye, diag, full).")
  var noiseMethod: NoiseCovarianceMethod = .shrinkageDiagonal

  @Flag(
    name: .long,
    help:
      "Write one precision per run (runs sorted as crossnobis sorts them) instead of the mean of the runs' precisions.")
  var noisePerRun = false

  @Option(name: .long, help: "Haemodynamic response function.")
  var hrf: HRFModel = .spm

  @Option(name: .long, help: "Low-frequency drift regressors.")
  var drift: DriftModel = .cosine

  @Option(name: .long, help: ArgumentHelp("Cut-off of the cosine drift.", valueName: "Hz"))
  var highPass: Double = 0.01

  @Option(name: .long, help: "Order of the polynomial drift.")
  var driftOrder: Int = 1

  @Option(name: .long, help: "Temporal oversampling of the event grid and the HRF.")
  var oversampling: Int = 50

  @Option(name: .long, help: "Where in each TR a scan is taken as acquired, 0…1 (nilearn's slice_time_ref).")
  var sliceTimeRef: Double = 0

  @Option(
    name: .long, help: "Scaling of each channel's time series before the GLM (percent-of-mean: nilearn's default).")
  var signalScaling: SignalScaling = .none

  @Flag(name: .long, help: "Drop events whose condition is n/a (with a warning) instead of refusing them.")
  var dropNaEvents = false

  /// True when any fMRI option other than --bold was given (for usage checks).
  var anyGiven: Bool {
    !bold.isEmpty || mask != nil || atlas != nil || labels != nil || average || residuals != nil
      || noisePrecision != nil || noisePerRun
  }

  /// The design settings.
  var design: FirstLevelDesign {
    FirstLevelDesign(
      hrf: hrf, oversampling: oversampling, drift: drift, highPass: highPass, driftOrder: driftOrder,
      sliceTimeReference: sliceTimeRef)
  }
}
