import NeurometryIO
import NeurometryLinearAlgebra

extension FMRIRun {
  /// Loads several runs (`load` for each): `bold[k]` with `events[k]`, or with the events file
  /// BIDS places beside it when `events` is empty.
  ///
  /// Run labels (the `run` descriptor of the patterns): each file's BIDS `run` entity when every
  /// run has one and no two share it; otherwise the position "1", "2", … — with a warning when
  /// BIDS run entities were there but repeat (runs of different sessions or tasks). The events'
  /// own warnings reach the caller through the design (`FirstLevelDesign.make`).
  public static func loadRuns(
    bold: [String], events: [String] = [], repetitionTime: Double? = nil, conditionColumn: String = "trial_type",
    dropMissingConditions: Bool = false
  ) throws -> (runs: [FMRIRun], warnings: [String]) {
    guard !bold.isEmpty else {
      throw NeurometryError.invalidInput(context: "fMRI runs", message: "no BOLD image given")
    }
    guard events.isEmpty || events.count == bold.count else {
      throw NeurometryError.invalidInput(
        context: "fMRI runs",
        message:
          "\(bold.count) BOLD image\(bold.count == 1 ? "" : "s") but \(events.count) events file\(events.count == 1 ? "" : "s"); give one events file per run, in the same order, or none (BIDS layout)"
      )
    }
    var runs: [FMRIRun] = []
    var warnings: [String] = []
    for (k, path) in bold.enumerated() {
      let run = try FMRIRun.load(
        bold: path, events: events.isEmpty ? nil : events[k], repetitionTime: repetitionTime,
        conditionColumn: conditionColumn, dropMissingConditions: dropMissingConditions, fallbackLabel: String(k + 1))
      runs.append(run)
    }
    let entities = bold.map { BIDSFileName(path: $0)?.run }
    let distinct = Set(entities.compactMap { $0 })
    if entities.contains(where: { $0 == nil }) || distinct.count < bold.count {
      if bold.count > 1 && !distinct.isEmpty {
        warnings.append(
          "the runs' BIDS run entities (\(entities.map { $0 ?? "none" }.joined(separator: ", "))) do not label them uniquely; runs are labelled by position 1…\(bold.count) in the order given"
        )
      }
      runs = runs.enumerated().map { k, r in
        FMRIRun(
          series: r.series, events: r.events, repetitionTime: r.repetitionTime, label: String(k + 1),
          repetitionTimeSource: r.repetitionTimeSource)
      }
    }
    return (runs, warnings)
  }
}
