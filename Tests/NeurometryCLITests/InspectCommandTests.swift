import Foundation
import NeurometryTestSupport
import Testing

/// The real `neurometry` binary: JSON contract, human output, exit codes (DESIGN.md §5).
@Suite struct InspectCommandTests {
  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func inspectNPYPrintsSchemaJSON() throws {
    let r = try CLIRunner.run(["inspect", "SampleData/responses.npy", "--json"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let j = try json(r.stdout)
    #expect(j["schema"] as? String == "neurometry/1")
    #expect(j["command"] as? String == "inspect")
    #expect((j["inputs"] as? [String: String])?["file"] == "SampleData/responses.npy")
    #expect(j["warnings"] as? [String] == [])
    let result = try #require(j["result"] as? [String: Any])
    #expect(result["format"] as? String == "npy")
    let arrays = try #require(result["arrays"] as? [[String: Any]])
    #expect(arrays.count == 1)
    #expect(arrays[0]["shape"] as? [Int] == [24, 60])
    #expect(arrays[0]["dtype"] as? String == "<f8")
    #expect(arrays[0]["order"] as? String == "C")
    #expect(arrays[0]["nan_count"] as? Int == 0)
    #expect(arrays[0]["min"] is Double && arrays[0]["max"] is Double && arrays[0]["mean"] is Double)
  }

  @Test func inspectNPZListsEveryMember() throws {
    let r = try CLIRunner.run(["inspect", "SampleData/activations.npz", "--json"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let arrays = try #require((try json(r.stdout)["result"] as? [String: Any])?["arrays"] as? [[String: Any]])
    #expect(arrays.compactMap { $0["name"] as? String } == ["conv1", "conv2", "fc"])
    #expect(arrays[0]["shape"] as? [Int] == [24, 8, 4, 4])
    #expect(arrays[0]["dtype"] as? String == "<f4")
  }

  @Test func nanAndInfinityAreCountedAndNeverBreakTheJSON() throws {
    let r = try CLIRunner.run(["inspect", Fixtures.path("npy", "nan.npy"), "--json"])
    #expect(r.status == 0)
    let a = try #require(((try json(r.stdout)["result"] as? [String: Any])?["arrays"] as? [[String: Any]])?.first)
    #expect(a["nan_count"] as? Int == 2)
    #expect(a["inf_count"] as? Int == 1)
    #expect(a["max"] is NSNull, "max is +inf, reported as null")
  }

  @Test func humanSummaryShowsShapeTypeAndStatistics() throws {
    let r = try CLIRunner.run(["inspect", Fixtures.path("npy", "num_bei2_F.npy")])
    #expect(r.status == 0)
    #expect(r.stdout.contains("shape (3, 4, 5)"))
    #expect(r.stdout.contains(">i2"))
    #expect(r.stdout.contains("F order"))
    #expect(r.stdout.contains("min -30"))
    #expect(r.stdout.contains("max 29"))
  }

  @Test func truncatedFileIsOneLineOnStderrAndExitOne() throws {
    let r = try CLIRunner.run(["inspect", "SampleData/broken/truncated.npy", "--json"])
    #expect(r.status == 1)
    #expect(r.stdout.isEmpty)
    let lines = r.stderr.split(separator: "\n")
    #expect(lines.count == 1)
    #expect(r.stderr.contains("SampleData/broken/truncated.npy"))
    #expect(r.stderr.contains("truncated?"))
  }

  @Test func missingFileExitsOneAndUsageErrorsExit64() throws {
    let missing = try CLIRunner.run(["inspect", "no/such/file.npy"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no/such/file.npy: no such file"))
    #expect(try CLIRunner.run(["inspect"]).status == 64)
    #expect(try CLIRunner.run(["inspect", "a.npy", "--no-such-option"]).status == 64)
    #expect(try CLIRunner.run(["no-such-command"]).status == 64)
  }

  @Test func versionAndHelpWork() throws {
    let v = try CLIRunner.run(["--version"])
    #expect(v.status == 0)
    #expect(v.stdout.hasPrefix("neurometry "))
    #expect(v.stdout.contains("BLAS kernels:"))
    #expect(v.stdout.contains("calls serialised by Neurometry"))
    let h = try CLIRunner.run(["--help"])
    #expect(h.status == 0)
    #expect(h.stdout.contains("inspect"))
  }
}
