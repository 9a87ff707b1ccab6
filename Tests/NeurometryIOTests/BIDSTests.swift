import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// BIDS file names, BOLD sidecars, and the JSON parser under them.
@Suite struct BIDSTests {
  @Test func entitiesSuffixAndExtension() throws {
    let n = try #require(BIDSFileName(path: "/data/sub-01/func/sub-01_ses-pre_task-faces_acq-mb4_run-02_bold.nii.gz"))
    #expect(n.subject == "01")
    #expect(n.session == "pre")
    #expect(n.task == "faces")
    #expect(n.run == "02")
    #expect(n["acq"] == "mb4")
    #expect(n.suffix == "bold")
    #expect(n.fileExtension == ".nii.gz")
    #expect(n.entities.map { $0.key } == ["sub", "ses", "task", "acq", "run"])
    #expect(n.replacing(suffix: "events", extension: ".tsv") == "sub-01_ses-pre_task-faces_acq-mb4_run-02_events.tsv")
    #expect(
      n.replacing(suffix: "events", extension: ".tsv", dropping: ["acq"])
        == "sub-01_ses-pre_task-faces_run-02_events.tsv")
  }

  @Test func namesThatAreNotBIDS() {
    #expect(BIDSFileName(path: "bold.nii.gz")?.entities == [])
    #expect(BIDSFileName(path: "sub01_task-x_bold.nii") == nil)
    #expect(BIDSFileName(path: "sub-01_task-x_") == nil)
    #expect(BIDSFileName(path: "sub-01_task-x_bold-1.nii") == nil)
  }

  @Test func sidecarIsFoundByInheritance() throws {
    let bold = Fixtures.path("fmri", "bids/sub-01/func/sub-01_task-objects_run-1_bold.nii.gz")
    let path = try #require(BIDSBoldSidecar.locate(forImage: bold))
    #expect(path.hasSuffix("bids/task-objects_bold.json"))
    let s = try BIDSBoldSidecar.read(path)
    #expect(s.repetitionTime == 2.0)
    #expect(s.taskName == "objects")
    #expect(s.sliceTiming == nil)
  }

  func sidecar(_ text: String) throws -> BIDSBoldSidecar {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = dir.file("task-x_bold.json")
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return try BIDSBoldSidecar.read(path)
  }

  @Test func sidecarFields() throws {
    let s = try sidecar(#"{"RepetitionTime": 0.72, "SliceTiming": [0, 0.36, 0.1e1], "StartTime": -0.5}"#)
    #expect(s.repetitionTime == 0.72)
    #expect(s.sliceTiming == [0, 0.36, 1])
    #expect(s.startTime == -0.5)
  }

  @Test(arguments: [
    (#"{"TaskName": "x"}"#, ["RepetitionTime", "is missing"]),
    (#"{"RepetitionTime": "2"}"#, ["RepetitionTime", "positive number of seconds"]),
    (#"{"RepetitionTime": 2000}"#, ["RepetitionTime", "milliseconds"]),
    (#"{"RepetitionTime": 2, "SliceTiming": [0, "a"]}"#, ["SliceTiming", "array of numbers"]),
    (#"[1, 2]"#, ["not a JSON object"]),
    ("{\"RepetitionTime\": 2,\n  oops}", ["line 2, column 3", "invalid JSON"]),
  ])
  func badSidecarsAreNamed(text: String, fragments: [String]) {
    expectNeurometryError(fragments + ["task-x_bold.json"], text) { _ = try sidecar(text) }
  }

  @Test func jsonValues() throws {
    let v = try JSONValue.parse(
      #"{"a": [1, -0.5e-3, true, false, null], "s": "tab\tq\"\u00e9\ud83d\ude00", "n": {}}"#, path: "t.json")
    #expect(v["a"] == .array([.number(1), .number(-0.0005), .bool(true), .bool(false), .null]))
    #expect(v["s"]?.stringValue == "tab\tq\"é😀")
    #expect(v["n"] == .object([:]))
    // Correctly rounded: the closest double to each decimal.
    for text in ["0.1", "2.2250738585072011e-308", "9007199254740993", "1.7976931348623157e308", "4.9e-324"] {
      #expect(try JSONValue.parse(text, path: "n.json").doubleValue == Double(text))
    }
    for bad in ["01", "1.", ".5", "-", "1e", "[1,]", "{\"a\" 1}", "\"\\x\"", "tru", "[1] 2", "\"\u{01}\""] {
      #expect(throws: NeurometryError.self, "\(bad)") { _ = try JSONValue.parse(bad, path: "bad.json") }
    }
  }
}
