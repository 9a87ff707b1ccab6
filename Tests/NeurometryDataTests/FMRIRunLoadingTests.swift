import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Several runs at once (`FMRIRun.loadRuns`): events by position or by BIDS name, run labels from
/// the BIDS `run` entity or by position, and the errors.
@Suite struct FMRIRunLoadingTests {
  static let func_ = Fixtures.path("fmri", "bids/sub-01/func")
  static func bold(_ k: Int) -> String { "\(func_)/sub-01_task-objects_run-\(k)_bold.nii.gz" }
  static func events(_ k: Int) -> String { "\(func_)/sub-01_task-objects_run-\(k)_events.tsv" }

  @Test func bidsRunsAreLabelledByTheirRunEntity() throws {
    let (runs, warnings) = try FMRIRun.loadRuns(bold: [Self.bold(2), Self.bold(1)])
    #expect(runs.map(\.label) == ["2", "1"])
    #expect(runs.map { $0.events.path } == [Self.events(2), Self.events(1)])
    #expect(warnings.isEmpty)
  }

  @Test func explicitEventsGoWithTheirRunByPosition() throws {
    let (runs, _) = try FMRIRun.loadRuns(bold: [Self.bold(1), Self.bold(2)], events: [Self.events(2), Self.events(1)])
    #expect(runs.map { $0.events.path } == [Self.events(2), Self.events(1)])
    #expect(runs.map(\.label) == ["1", "2"])
  }

  @Test func repeatedOrMissingRunEntitiesFallBackToPositions() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try FileManager.default.copyItem(atPath: Self.bold(1), toPath: dir.file("first.nii.gz"))
    let (runs, warnings) = try FMRIRun.loadRuns(
      bold: [Self.bold(1), dir.file("first.nii.gz")], events: [Self.events(1), Self.events(1)], repetitionTime: 2)
    #expect(runs.map(\.label) == ["1", "2"])
    #expect(
      warnings == [
        "the runs' BIDS run entities (1, none) do not label them uniquely; runs are labelled by position 1…2 in the order given"
      ])
    let (same, sameWarnings) = try FMRIRun.loadRuns(bold: [Self.bold(1), Self.bold(1)])
    #expect(same.map(\.label) == ["1", "2"])
    #expect(sameWarnings.first?.contains("(1, 1) do not label them uniquely") == true)
  }

  @Test func errorsNameWhatIsMissing() throws {
    #expect {
      _ = try FMRIRun.loadRuns(bold: [Self.bold(1), Self.bold(2)], events: [Self.events(1)])
    } throws: {
      ($0 as? NeurometryError)?.description
        == "fMRI runs: 2 BOLD images but 1 events file; give one events file per run, in the same order, or none (BIDS layout)"
    }
    #expect {
      _ = try FMRIRun.loadRuns(bold: [])
    } throws: { ($0 as? NeurometryError)?.description == "fMRI runs: no BOLD image given" }
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try FileManager.default.copyItem(atPath: Self.bold(1), toPath: dir.file("sub-09_task-x_run-1_bold.nii.gz"))
    #expect {
      _ = try FMRIRun.loadRuns(bold: [dir.file("sub-09_task-x_run-1_bold.nii.gz")])
    } throws: {
      ($0 as? NeurometryError)?.description == "\(dir.file("sub-09_task-x_run-1_events.tsv")): no such file"
    }
  }
}
