import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Trials from files (`Trials.read(events:)`, `Trials(events:)`): TSV typing, start/stop columns,
/// .npy event times and columns, NWB tables; every error with its message.
@Suite struct TrialsFilesTests {
  func table(_ text: String) throws -> TSVTable { try TSVTable.parse(text, path: "ev.tsv") }

  @Test func tsvColumnsAreTypedAsPandasWould() throws {
    let t = try Trials(
      events: table(
        "start_time\tstop_time\tstim\tcode\tgain\tnote\n0.5\t1\tc10\t3\t0.5\ta\n1.5\t2\tc2\t-4\tn/a\tn/a\n"))
    #expect(t.startTimes == [0.5, 1.5] && t.stopTimes == [1, 2])
    #expect(t.columns["stim"] == .strings(["c10", "c2"]))
    #expect(t.columns["code"] == .integers([3, -4]))
    guard case .numbers(let gain)? = t.columns["gain"] else {
      Issue.record("gain is not numeric")
      return
    }
    #expect(gain[0] == 0.5 && gain[1].isNaN)
    #expect(t.columns["note"] == .strings(["a", "n/a"]))
    #expect(t.columns["start_time"] == nil)
    #expect(t.source == "ev.tsv")
  }

  @Test func bidsOnsetAndDurationGiveStartAndStop() throws {
    let t = try Trials(events: table("onset\tduration\ttrial_type\n1.0\t0.5\tface\n3\tn/a\thouse\n5\t0\tface\n"))
    #expect(t.startTimes == [1, 3, 5])
    #expect(t.stopTimes == [1.5, 3, 5])
    #expect(try t.column("onset") == .numbers([1, 3, 5]))  // "1.0" is not an integer literal
    #expect(try t.column("trial_type") == .strings(["face", "house", "face"]))
    let noStop = try Trials(events: table("start_time\tstim\n2\ta\n"))
    #expect(noStop.stopTimes == [2])
  }

  @Test func tsvErrorsNameFileLineAndColumn() throws {
    #expect(
      errorMessage { _ = try Trials(events: table("time\tstim\n1\ta\n")) }
        == "ev.tsv: columns: has neither 'start_time' nor 'onset', so the trials have no start times (columns: 'time', 'stim')"
    )
    #expect(
      errorMessage { _ = try Trials(events: table("start_time\tstop_time\n1\t2\n3\t2.5\n")) }
        == "ev.tsv: line 3: the trial stops before it starts (stop_time 2.5 < start_time 3.0)")
    #expect(
      errorMessage { _ = try Trials(events: table("onset\tduration\n1\t-0.5\n")) }
        == "ev.tsv: line 2: the trial stops before it starts (duration -0.5)")
    #expect(
      errorMessage { _ = try Trials(events: table("onset\tduration\nn/a\t1\n")) }
        == "ev.tsv: column 'onset', line 2: is n/a; every row needs a value (the trial's start in seconds)")
  }

  @Test func npyEventTimesAndColumns() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try NPYFile.write(NDArray(shape: [3], values: .float64([0.5, 1.5, 2.5])), to: dir.file("t.npy"), overwrite: false)
    try NPYFile.write(
      NDArray(shape: [3, 2], values: .float64([0.5, 1, 1.5, 2, 2.5, 3])), to: dir.file("ss.npy"), overwrite: false)
    try NPYFile.write(NDArray(shape: [3], values: .string(["b", "a", "b"])), to: dir.file("s.npy"), overwrite: false)
    try NPYFile.write(NDArray(shape: [3], values: .int64([7, 8, 9])), to: dir.file("i.npy"), overwrite: false)
    try NPYFile.write(NDArray(shape: [2], values: .int64([1, 2])), to: dir.file("two.npy"), overwrite: false)
    try NPYFile.write(
      NDArray(shape: [2, 3], values: .float64([0, 1, 2, 3, 4, 5])), to: dir.file("wide.npy"), overwrite: false)
    try NPYFile.write(
      NDArray(shape: [2, 2], values: .float64([0, 1, 3, 2])), to: dir.file("backwards.npy"), overwrite: false)
    let t = try Trials.read(
      events: dir.file("t.npy"), columns: [("stim", dir.file("s.npy")), ("id", dir.file("i.npy"))])
    #expect(t.startTimes == [0.5, 1.5, 2.5] && t.stopTimes == t.startTimes)
    #expect(t.columns["stim"] == .strings(["b", "a", "b"]))
    #expect(t.columns["id"] == .integers([7, 8, 9]))
    let ss = try Trials.read(events: dir.file("ss.npy"))
    #expect(ss.startTimes == [0.5, 1.5, 2.5] && ss.stopTimes == [1, 2, 3])
    #expect(
      errorMessage { _ = try Trials.read(events: dir.file("t.npy"), columns: [("stim", dir.file("two.npy"))]) }
        == "\(dir.file("two.npy")): has 2 values but \(dir.file("t.npy")) has 3 trials")
    #expect(
      errorMessage { _ = try Trials.read(events: dir.file("ss.npy"), columns: [("start_time", dir.file("i.npy"))]) }
        == "\(dir.file("i.npy")): is given as trials column 'start_time', but \(dir.file("ss.npy")) already has a column of that name"
    )
    #expect(
      errorMessage { _ = try Trials.read(events: dir.file("wide.npy")) }
        == "\(dir.file("wide.npy")): has shape (2, 3); expected event times as a 1-D (or N×1) array of starts, or N×2 starts and stops"
    )
    #expect(
      errorMessage { _ = try Trials.read(events: dir.file("t.npy"), columns: [("x", dir.file("wide.npy"))]) }
        == "\(dir.file("wide.npy")): has shape (2, 3); a trials column is 1-D, one value per trial")
    #expect(
      errorMessage { _ = try Trials.read(events: dir.file("backwards.npy")) }
        == "\(dir.file("backwards.npy")): event 1 stops before it starts (stop 2.0 < start 3.0)")
    #expect(
      errorMessage { _ = try Trials.read(events: dir.file("s.npy")) }
        == "\(dir.file("s.npy")): holds <U1, expected event times in seconds")
    try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: dir.file("e.csv")))
    #expect(
      errorMessage { _ = try Trials.read(events: dir.file("e.csv")) }.contains(
        "not a format Neurometry reads trials from"))
    #expect(
      errorMessage { _ = try Trials.read(events: dir.file("none.tsv")) } == "\(dir.file("none.tsv")): no such file")
  }

  @Test func nwbTrialsTableByName() throws {
    let t = try Trials.read(events: Fixtures.path("nwb", "session1.nwb"))
    #expect(t.count == 23)
    #expect(
      errorMessage { _ = try Trials.read(events: Fixtures.path("nwb", "session1.nwb"), intervals: "saccades") }
        .contains("/intervals/saccades"))
    let blocks = try Trials.read(events: Fixtures.path("nwb", "session1.nwb"), intervals: "blocks")
    #expect(blocks.count == 3 && blocks.columns["label"] != nil)
  }
}
