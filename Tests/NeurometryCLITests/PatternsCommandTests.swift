import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The real `neurometry` binary on the pynwb session: `patterns` from spikes (.npy and .h5
/// outputs, JSON envelope, exit codes) and `inspect` on NWB/HDF5/MAT files.
@Suite struct PatternsCommandTests {
  static let session = Fixtures.path("nwb", "session1.nwb")

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func spikesToNPYPatternsAndLabels() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("rates.npy")
    let r = try CLIRunner.run([
      "patterns", "--spikes", Self.session, "--window", "0.05:0.25", "--condition", "stimulus", "--output", out,
      "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let j = try json(r.stdout)
    #expect(j["command"] as? String == "patterns")
    #expect(j["warnings"] as? [String] == ["1 unit has no spikes (ids 112)"])
    let result = try #require(j["result"] as? [String: Any])
    #expect(result["shape"] as? [Int] == [4, 7])
    #expect(result["conditions"] as? [String] == ["b", "c1", "c10", "c2"])
    #expect(result["trials_per_condition"] as? [Int] == [4, 5, 5, 9])
    #expect(result["nwb_version"] as? String == "2.11.0")
    assertClose(
      try NPYFile.read(out).matrix(context: out), try Fixtures.matrix("nwb", "expected/mean_rates_by_stimulus"),
      rtol: 1e-12, "patterns")
    #expect(try NPYFile.read(dir.file("rates_conditions.npy")).strings == ["b", "c1", "c10", "c2"])
    #expect(try NPYFile.read(dir.file("rates_units.npy")).strings == ["100", "103", "106", "109", "112", "115", "118"])
    // The output exists now: refused without --force (exit 1), replaced with it.
    let again = try CLIRunner.run([
      "patterns", "--spikes", Self.session, "--window", "0.05:0.25", "--condition", "stimulus", "--output", out,
    ])
    #expect(again.status == 1)
    #expect(again.stderr.contains("already exists; pass --force"))
    let forced = try CLIRunner.run([
      "patterns", "--spikes", Self.session, "--window", "0.05:0.25", "--condition", "stimulus", "--output", out,
      "--force",
    ])
    #expect(forced.status == 0, "stderr: \(forced.stderr)")
    #expect(forced.stdout.contains("conditions (4): b, c1, c10, c2"))
  }

  @Test func perTrialTimeBinnedCountsToHDF5() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("trials.h5")
    let r = try CLIRunner.run([
      "patterns", "--spikes", Self.session, "--window", "0.05:0.25", "--bins", "4", "--condition", "stimulus",
      "--per-trial", "--runs", "run", "--counts", "--output", out,
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let f = try HDF5File(path: out)
    let patterns = try f.dataset("/patterns").read()
    #expect(patterns.shape == [4, 23, 7])
    let expected = try Fixtures.array("nwb", "expected/counts_bins").doubles(context: "")
    let got = try patterns.doubles(context: "")
    // File order (bin, trial, unit) vs numpy's (trial, unit, bin).
    let reordered = (0..<4).flatMap { b in (0..<(23 * 7)).map { expected[$0 * 4 + b] } }
    #expect(got == reordered)
    #expect(try f.dataset("/observations/run").readStrings() == (0..<23).map { String($0 / 8) })
    #expect(try f.dataset("/channels/quality").readStrings().count == 7)
    #expect(try f.stringAttribute("schema") == "neurometry-patterns/2")
    #expect(try f.stringAttribute("measure") == "spike counts")
  }

  @Test func alignmentOnAnEventColumnAndUnitFilter() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("good.h5")
    let r = try CLIRunner.run([
      "patterns", "--spikes", Self.session, "--window", "0.05:0.25", "--align", "stim_on", "--condition",
      "condition_id", "--unit-filter", "quality=good", "--output", out, "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let result = try #require(try json(r.stdout)["result"] as? [String: Any])
    #expect(result["conditions"] as? [String] == ["-5", "5", "15", "25", "35"])
    #expect(result["units"] as? Int == 4)
    #expect(try HDF5File(path: out).dataset("/channels/unit").readStrings() == ["100", "106", "112", "115"])
  }

  @Test func sampleDataSessionGivesSixConditions() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let r = try CLIRunner.run([
      "patterns", "--spikes", "SampleData/spikes.nwb", "--window", "0.05:0.35", "--align", "stim_on", "--condition",
      "stimulus", "--output", dir.file("rates.npy"), "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let result = try #require(try json(r.stdout)["result"] as? [String: Any])
    #expect(result["shape"] as? [Int] == [6, 40])
    #expect(result["conditions"] as? [String] == ["animal", "body", "face", "object", "scene", "word"])
    #expect(result["trials_per_condition"] as? [Int] == [20, 20, 20, 20, 20, 20])
  }

  @Test func dataErrorsExitOneAndUsageErrorsExit64() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let broken = Fixtures.path("nwb", "broken/index_not_increasing.nwb")
    let bad = try CLIRunner.run([
      "patterns", "--spikes", broken, "--window", "0.05:0.25", "--condition", "stimulus", "--output", dir.file("x.npy"),
    ])
    #expect(bad.status == 1)
    #expect(
      bad.stderr
        == "neurometry: error: \(broken): /units/spike_times_index is not increasing at row 3 (value 3,566 < 6,247)\n")
    #expect(!FileManager.default.fileExists(atPath: dir.file("x.npy")))
    let missingColumn = try CLIRunner.run([
      "patterns", "--spikes", Self.session, "--window", "0.05:0.25", "--condition", "orientation", "--output",
      dir.file("y.npy"),
    ])
    #expect(missingColumn.status == 1)
    #expect(missingColumn.stderr.contains("has no column 'orientation'"))
    let badWindow = try CLIRunner.run([
      "patterns", "--spikes", Self.session, "--window", "0.25:0.05", "--condition", "stimulus", "--output",
      dir.file("z.npy"),
    ])
    #expect(badWindow.status == 64)
    #expect(try CLIRunner.run(["patterns", "--output", dir.file("z.npy")]).status == 64)
    #expect(
      try CLIRunner.run(["patterns", "--spikes", Self.session, "--condition", "stimulus", "--output", "a.txt"]).status
        == 64)
  }

  @Test func inspectShowsNWBUnitsTrialsAndSeries() throws {
    let r = try CLIRunner.run(["inspect", Self.session])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("NWB 2.11.0, identifier 'session1'"))
    #expect(r.stdout.contains("units /units: 7 units, 14,951 spikes"))
    #expect(r.stdout.contains("intervals /intervals/trials: 23 rows; columns: start_time, stop_time, stimulus"))
    #expect(r.stdout.contains("ElectricalSeries /acquisition/raw: (2000, 4) <i2, 1000 Hz from 2.5 s, unit volts"))
    let j = try CLIRunner.run(["inspect", Self.session, "--json"])
    let result = try #require(try json(j.stdout)["result"] as? [String: Any])
    #expect(result["format"] as? String == "nwb")
    #expect(((result["nwb"] as? [String: Any])?["units"] as? [String: Any])?["spike_count"] as? Int == 14951)
  }

  @Test func inspectOneDatasetByPath() throws {
    let r = try CLIRunner.run([
      "inspect", Fixtures.path("hdf5", "numeric.h5"), "--dataset", "/chunked/gzip_shuffle", "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let j = try json(r.stdout)
    #expect((j["inputs"] as? [String: String])?["dataset"] == "/chunked/gzip_shuffle")
    let arrays = try #require((j["result"] as? [String: Any])?["arrays"] as? [[String: Any]])
    #expect(arrays.count == 1 && arrays[0]["shape"] as? [Int] == [37, 11])
    let mat = try CLIRunner.run(["inspect", Fixtures.path("mat", "session.mat"), "--dataset", "names"])
    #expect(mat.stdout.contains("names: shape (2, 2)") && mat.stdout.contains("'c10', 'c2', 'b', 'a'"))
    let missing = try CLIRunner.run(["inspect", Fixtures.path("hdf5", "numeric.h5"), "--dataset", "/a/zzz"])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("/a/zzz: no such dataset (/a holds: b, dangling, link_to_leaf, x)"))
  }

  @Test func inspectHDF5AndMATAndTheirErrors() throws {
    let h = try CLIRunner.run(["inspect", Fixtures.path("hdf5", "numeric.h5"), "--json"])
    #expect(h.status == 0, "stderr: \(h.stderr)")
    let arrays = try #require((try json(h.stdout)["result"] as? [String: Any])?["arrays"] as? [[String: Any]])
    #expect(arrays.contains { $0["name"] as? String == "/num/bef4" && $0["dtype"] as? String == ">f4" })
    let m = try CLIRunner.run(["inspect", Fixtures.path("mat", "session.mat")])
    #expect(m.status == 0)
    #expect(m.stdout.contains("MAT-V7.3 7.3"))
    #expect(m.stdout.contains("names: shape (2, 2)"))
    let v5 = try CLIRunner.run(["inspect", Fixtures.path("mat", "v5.mat")])
    #expect(v5.status == 1)
    #expect(v5.stderr.contains("is a MATLAB v5 MAT-file (not HDF5)") && v5.stderr.contains("save('out.mat', '-v7.3')"))
    let t = try CLIRunner.run(["inspect", Fixtures.path("nwb", "broken/truncated.nwb")])
    #expect(t.status == 1)
    #expect(t.stderr.contains("truncated?"))
  }
}
