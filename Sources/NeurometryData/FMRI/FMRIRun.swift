import Foundation
import NeurometryIO
import NeurometryLinearAlgebra

/// One fMRI run ready for a first-level GLM: the 4-D series, its events and TR, and a label
/// (the run descriptor of the patterns it yields).
public struct FMRIRun: Sendable {
  /// The run's 4-D BOLD series (scans × voxels).
  public let series: VolumeSeries
  /// The run's events (onsets and durations in seconds, conditions), from which the design is built.
  public let events: BIDSEvents
  /// Seconds between scans.
  public let repetitionTime: Double
  /// The run's label, e.g. "1" (BIDS `run-1`).
  public let label: String
  /// Where the TR came from ("sidecar <path>", "NIfTI header", "given").
  public let repetitionTimeSource: String

  /// A run from a series already read, its events and TR (seconds); `repetitionTimeSource` says where
  /// the TR came from (default "given").
  public init(
    series: VolumeSeries, events: BIDSEvents, repetitionTime: Double, label: String,
    repetitionTimeSource: String = "given"
  ) {
    self.series = series
    self.events = events
    self.repetitionTime = repetitionTime
    self.label = label
    self.repetitionTimeSource = repetitionTimeSource
  }

  /// Loads a run laid out as BIDS: the BOLD image, its events (`…_events.tsv` beside it, with the
  /// same entities minus the suffix, unless `eventsPath` is given), and the TR — `repetitionTime`
  /// if given, else the sidecar's `RepetitionTime` (`BIDSBoldSidecar.locate`), else the NIfTI
  /// header's `pixdim[4]`. A sidecar TR that disagrees with the header by more than 1 ms is an error
  /// (a sign of the wrong sidecar). The label is the `run` entity, else `fallbackLabel`.
  public static func load(
    bold: String, events eventsPath: String? = nil, repetitionTime: Double? = nil,
    conditionColumn: String = "trial_type",
    dropMissingConditions: Bool = false, fallbackLabel: String = "1"
  ) throws -> FMRIRun {
    let series = try VolumeSeries.read(bold)
    let name = BIDSFileName(path: bold)
    let folder = (bold as NSString).deletingLastPathComponent
    let eventsFile: String
    if let eventsPath {
      eventsFile = eventsPath
    } else if let name {
      eventsFile = (folder as NSString).appendingPathComponent(name.replacing(suffix: "events", extension: ".tsv"))
    } else {
      throw NeurometryError.invalidInput(
        context: bold, message: "is not named as BIDS (sub-…_task-…_bold.nii.gz); give its events file explicitly")
    }
    let events = try BIDSEvents.read(
      eventsFile, conditionColumn: conditionColumn, dropMissingConditions: dropMissingConditions)
    let tr: Double
    let source: String
    if let repetitionTime {
      (tr, source) = (repetitionTime, "given")
    } else if let sidecarPath = BIDSBoldSidecar.locate(forImage: bold) {
      let sidecar = try BIDSBoldSidecar.read(sidecarPath)
      if let header = series.headerRepetitionTime, abs(header - sidecar.repetitionTime) > 1e-3 {
        throw NeurometryError.invalidInput(
          context: bold,
          message:
            "its header says TR \(header) s but \(sidecarPath) says RepetitionTime \(sidecar.repetitionTime) s; pass the right TR explicitly"
        )
      }
      (tr, source) = (sidecar.repetitionTime, "sidecar \(sidecarPath)")
    } else if let header = series.headerRepetitionTime {
      (tr, source) = (header, "NIfTI header")
    } else {
      throw NeurometryError.invalidInput(
        context: bold,
        message: "no TR: no *_bold.json sidecar with RepetitionTime and no pixdim[4] in the header; give it explicitly")
    }
    return FMRIRun(
      series: series, events: events, repetitionTime: tr, label: name?.run ?? fallbackLabel,
      repetitionTimeSource: source)
  }
}
