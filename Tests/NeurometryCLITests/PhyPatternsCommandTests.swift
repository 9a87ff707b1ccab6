import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The real binary on a Kilosort/Phy folder (Tests/Fixtures/kilosort/curated) with its trials as
/// an events TSV, .npy event times + columns, or an NWB trials table: patterns equal numpy's
/// (events/expected.json), the JSON report says what was kept, errors exit 1 or 64.
@Suite struct PhyPatternsCommandTests {
  static let folder = Fixtures.path("kilosort", "curated")
  static let events = Fixtures.path("kilosort", "events")

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static var meanRates: Matrix {
    let e = (try? Fixtures.json("kilosort", "events/expected.json") as? [String: Any]) ?? [:]
    let rows = (e["mean_rates"] as? [[String]] ?? []).map { $0.map { Double($0) ?? .nan } }
    return Matrix(rows: rows.count, columns: rows.first?.count ?? 0, elements: rows.flatMap { $0 })
  }

  /// The expected rates come from expected.json: 3 conditions × 5 units.
  @Test func expectedRatesAreThere() {
    #expect(Self.meanRates.rows == 3 && Self.meanRates.columns == 5)
  }

  @Test(arguments: [
    ["--events", "trials.tsv", "--condition", "stimulus"],
    ["--events", "starts.npy", "--trial-column", "stimulus=stimuli.npy", "--condition", "stimulus"],
    ["--events", "trials.nwb", "--condition", "stimulus"],
    ["--events", "bids_events.tsv", "--condition", "trial_type"],
  ])
  func phyFolderToMeanRates(trialArguments: [String]) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let args = trialArguments.map {
      $0.hasSuffix(".tsv") || $0.hasSuffix(".npy") || $0.hasSuffix(".nwb") ? fix($0) : $0
    }
    let r = try CLIRunner.run(
      ["patterns", "--phy", Self.folder, "--window", "0:0.05", "--output", dir.file("rates.npy"), "--json"] + args)
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let j = try json(r.stdout)
    let result = try #require(j["result"] as? [String: Any])
    #expect(result["shape"] as? [Int] == [3, 5])
    #expect(result["conditions"] as? [String] == ["b", "c10", "c2"])
    #expect(result["trials"] as? Int == 13)
    let phy = try #require(result["phy"] as? [String: Any])
    #expect(phy["filter"] as? String == "good")
    #expect(phy["cluster_source"] as? String == "spike_clusters.npy")
    #expect(phy["excluded_by_label"] as? [String: Int] == ["mua": 2, "noise": 1])
    #expect(phy["recording_duration"] as? Double == 1)
    #expect((j["inputs"] as? [String: String])?["phy"] == Self.folder)
    let warnings = j["warnings"] as? [String] ?? []
    #expect(
      warnings.contains { $0.contains("2 trial windows (trials 11, 12, counting from 0) reach outside the recording") })
    assertClose(try NPYFile.read(dir.file("rates.npy")).matrix(context: ""), Self.meanRates, rtol: 0, "rates")
    #expect(try NPYFile.read(dir.file("rates_units.npy")).strings == ["0", "1", "3", "13", "21"])
    #expect(try NPYFile.read(dir.file("rates_conditions.npy")).strings == ["b", "c10", "c2"])
  }

  func fix(_ name: String) -> String {
    if let eq = name.firstIndex(of: "=") {
      return String(name[...eq]) + "\(Self.events)/" + name[name.index(after: eq)...]
    }
    return "\(Self.events)/\(name)"
  }

  @Test func clusterFilterAndLabelUnitFilterToHDF5() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("mua.h5")
    let r = try CLIRunner.run([
      "patterns", "--phy", Self.folder, "--clusters", "good+mua", "--unit-filter", "label=mua", "--events",
      "\(Self.events)/trials.tsv", "--condition", "stimulus", "--window", "-0.01:0.03", "--bins", "2", "--align",
      "stim_on", "--per-trial", "--runs", "run", "--counts", "--output", out,
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("Kilosort/Phy, 2 'good+mua' clusters of 8"))
    let f = try HDF5File(path: out)
    #expect(try f.dataset("/patterns").read().shape == [2, 13, 2])
    #expect(try f.dataset("/channels/unit").readStrings() == ["5", "8"])
    #expect(try f.dataset("/channels/label").readStrings() == ["mua", "mua"])
    #expect(try f.dataset("/observations/run").readStrings() == (0..<13).map { String($0 % 3) })
    #expect(try f.stringAttribute("trials") == "\(Self.events)/trials.tsv")
  }

  @Test func sampleDataFolder() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let r = try CLIRunner.run([
      "patterns", "--phy", "SampleData/phy", "--events", "SampleData/phy_trials.tsv", "--window", "0.05:0.25",
      "--align", "stim_on", "--condition", "stimulus", "--output", dir.file("rates.npy"), "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let j = try json(r.stdout)
    let result = try #require(j["result"] as? [String: Any])
    #expect(result["shape"] as? [Int] == [4, 7])
    #expect(result["conditions"] as? [String] == ["body", "face", "house", "tool"])
    #expect(result["trials_per_condition"] as? [Int] == [10, 10, 10, 10])
    #expect(
      j["warnings"] as? [String] == [
        "1 labelled cluster has no spikes in spike_clusters.npy (merged or split away in Phy?)"
      ])
    let inspect = try CLIRunner.run(["inspect", "SampleData/phy"])
    #expect(inspect.stdout.contains("12 clusters with 2,660 spikes:"))
    #expect(inspect.stdout.contains("recording: 300,000 samples = 10 s"))
  }

  @Test func errorsExitOneWithTheFileAndUsageErrorsExit64() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("x.npy")
    let noClusters = Fixtures.path("kilosort", "broken/no_clusters")
    let bad = try CLIRunner.run([
      "patterns", "--phy", noClusters, "--events", "\(Self.events)/trials.tsv", "--condition", "stimulus", "--output",
      out,
    ])
    #expect(bad.status == 1)
    #expect(
      bad.stderr
        == "neurometry: error: \(noClusters): has neither spike_clusters.npy nor spike_templates.npy, so the cluster of each spike is unknown (is this a Kilosort output folder?)\n"
    )
    let noLabels = try CLIRunner.run([
      "patterns", "--phy", Fixtures.path("kilosort", "broken/no_labels"), "--events", "\(Self.events)/trials.tsv",
      "--condition", "stimulus", "--output", out,
    ])
    #expect(noLabels.status == 1)
    #expect(noLabels.stderr.contains("has no cluster labels") && noLabels.stderr.contains("'all' or 'not-noise'"))
    let wrongCount = try CLIRunner.run([
      "patterns", "--phy", Self.folder, "--events", "\(Self.events)/starts.npy", "--trial-column",
      "stimulus=\(Self.events)/runs.npy", "--trial-column",
      "x=\(Fixtures.path("kilosort", "curated/spike_clusters.npy"))",
      "--condition", "stimulus", "--output", out,
    ])
    #expect(wrongCount.status == 1)
    #expect(
      wrongCount.stderr.contains("spike_clusters.npy: has 600 values but \(Self.events)/starts.npy has 13 trials"))
    #expect(!FileManager.default.fileExists(atPath: out))
    // Usage errors: no --events, bad filter value, malformed --trial-column, two recordings.
    for args in [
      ["patterns", "--phy", Self.folder, "--condition", "stimulus", "--output", out],
      [
        "patterns", "--phy", Self.folder, "--events", "e.tsv", "--clusters", "best", "--condition", "s", "--output",
        out,
      ],
      [
        "patterns", "--phy", Self.folder, "--events", "e.tsv", "--trial-column", "stim", "--condition", "s", "--output",
        out,
      ],
      [
        "patterns", "--phy", Self.folder, "--spikes", "a.nwb", "--events", "e.tsv", "--condition", "s", "--output", out,
      ],
      ["patterns", "--phy", Self.folder, "--events", "e.tsv", "--condition", "s", "--mask", "m.nii", "--output", out],
    ] {
      let u = try CLIRunner.run(args)
      #expect(u.status == 64, "\(args): \(u.stderr)")
    }
  }
}
