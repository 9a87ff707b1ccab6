import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `neurometry patterns` → `rdm` → `compare` / `evaluate` on the sample NWB session, through the
/// files each command writes.
@Suite struct RSAPipelineTests {
  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func patternsFilesFeedRDMsPerTimeBinAndComparisons() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let common = [
      "patterns", "--spikes", "SampleData/spikes.nwb", "--window", "0.05:0.35", "--align", "stim_on", "--condition",
      "stimulus", "--per-trial", "--runs", "run",
    ]
    #expect(try CLIRunner.run(common + ["--output", dir.file("p.h5")]).status == 0)
    #expect(try CLIRunner.run(common + ["--bins", "3", "--output", dir.file("q.npy")]).status == 0)
    let h5 = try CLIRunner.run([
      "rdm", dir.file("p.h5"), "--method", "crossnobis", "--output", dir.file("p.npz"), "--json",
    ])
    #expect(h5.status == 0, "stderr: \(h5.stderr)")
    let rdms = try #require((try json(h5.stdout)["result"] as? [String: Any])?["rdms"] as? [String: Any])
    #expect(rdms["conditions"] as? [String] == ["animal", "body", "face", "object", "scene", "word"])
    #expect((rdms["descriptors"] as? [String: String])?["folds"] == "4")
    let binned = try CLIRunner.run([
      "rdm", dir.file("q.npy"), "--method", "correlation", "--output", dir.file("q_rdm.npz"), "--json",
    ])
    #expect(binned.status == 0, "stderr: \(binned.stderr)")
    let j = try json(binned.stdout)
    #expect((j["inputs"] as? [String: String])?["conditions"] == dir.file("q_conditions.npy"))
    let binnedRDMs = try #require((j["result"] as? [String: Any])?["rdms"] as? [String: Any])
    #expect((binnedRDMs["rdm_descriptors"] as? [String: [String]])?["time"] == ["0.0", "1.0", "2.0"])
    #expect(try NPZFile(path: dir.file("q_rdm.npz")).array(named: "rdm_time").strings == ["0.0", "1.0", "2.0"])
    // Time bins against the whole-window crossnobis RDM, and as "subjects" for evaluate.
    let c = try CLIRunner.run([
      "compare", dir.file("q_rdm.npz"), dir.file("p.npz"), "--method", "spearman", "--json",
    ])
    #expect(c.status == 0, "stderr: \(c.stderr)")
    let values = try #require(
      ((try json(c.stdout)["result"] as? [String: Any])?["comparison"] as? [String: Any])?["values"] as? [[Double]])
    #expect(values.count == 3 && values[0].count == 1)
    let e = try CLIRunner.run(["evaluate", dir.file("q_rdm.npz"), "--models", dir.file("p.npz"), "--method", "corr"])
    #expect(e.status == 0, "stderr: \(e.stderr)")
    #expect(e.stdout.contains("1 models, 3 subjects, 6 conditions"))
  }
}
