import Foundation
import NeurometryTestSupport
import Testing

/// `neurometry inspect DIR` on Kilosort/Phy folders (Tests/Fixtures/kilosort): files, label
/// sources, clusters and spikes per label, duration; broken folders exit 1 naming the file.
@Suite struct InspectPhyTests {
  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func curatedFolder() throws {
    let folder = Fixtures.path("kilosort", "curated")
    let r = try CLIRunner.run(["inspect", folder])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    for line in [
      "\(folder): PHY, ",
      "  Kilosort/Phy folder, sample rate 30000 Hz",
      "  files: params.py, spike_times.npy, spike_clusters.npy, spike_templates.npy, cluster_group.tsv, cluster_info.tsv, cluster_KSLabel.tsv, continuous.dat",
      "  cluster of each spike from spike_clusters.npy",
      "  labels from, in precedence order: cluster_group.tsv 'group' (4 clusters), cluster_KSLabel.tsv 'KSLabel' (4 clusters), cluster_info.tsv 'KSLabel' (1 cluster)",
      "  8 clusters with 600 spikes:",
      "    good: 5 clusters, 374 spikes",
      "    mua: 2 clusters, 151 spikes",
      "    noise: 1 cluster, 75 spikes",
      "  recording: 30,000 samples = 1 s (from the raw data file size)",
      "  warning: 1 labelled cluster has no spikes in spike_clusters.npy (merged or split away in Phy?)",
      "  spike_times.npy: shape (600, 1)  <u8  C order  600 values",
    ] {
      #expect(r.stdout.contains(line), "missing: \(line)\n\(r.stdout)")
    }
    let j = try json(try CLIRunner.run(["inspect", folder, "--json"]).stdout)
    let result = try #require(j["result"] as? [String: Any])
    #expect(result["format"] as? String == "phy")
    let phy = try #require(result["phy"] as? [String: Any])
    #expect(phy["cluster_count"] as? Int == 8)
    #expect(phy["spike_count"] as? Int == 600)
    #expect(phy["clusters_per_label"] as? [String: Int] == ["good": 5, "mua": 2, "noise": 1])
    #expect(phy["recording_duration"] as? Double == 1)
    #expect((phy["parameters"] as? [String: String])?["dtype"] == "'int16'")
  }

  @Test func folderWithoutLabelsOrRawData() throws {
    let r = try CLIRunner.run(["inspect", Fixtures.path("kilosort", "templates_only")])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("cluster of each spike from spike_templates.npy"))
    #expect(r.stdout.contains("labels: none"))
    #expect(r.stdout.contains("unsorted: 7 clusters, 300 spikes"))
    #expect(r.stdout.contains("recording: duration unknown"))
    #expect(r.stdout.contains("warning: raw data"))
  }

  @Test func brokenFoldersExitOne() throws {
    let noClusters = Fixtures.path("kilosort", "broken/no_clusters")
    let r = try CLIRunner.run(["inspect", noClusters])
    #expect(r.status == 1)
    #expect(r.stderr.contains("\(noClusters): has neither spike_clusters.npy nor spike_templates.npy"))
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let empty = try CLIRunner.run(["inspect", dir.path])
    #expect(empty.status == 1)
    #expect(empty.stderr == "neurometry: error: \(dir.path)/params.py: no such file\n")
  }
}
