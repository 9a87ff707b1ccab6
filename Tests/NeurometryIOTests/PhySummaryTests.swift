import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `PhySummary` and `FileSummary.inspect` on Kilosort/Phy folders written with numpy
/// (Tests/Fixtures/kilosort): counts per label against expected.json's numpy counts.
@Suite struct PhySummaryTests {
  @Test func curatedCountsMatchTheFixture() throws {
    let path = Fixtures.path("kilosort", "curated")
    #expect(try FileFormat.detect(path) == .phy)
    let s = try FileSummary.inspect(path)
    #expect(s.format == .phy)
    #expect(s.arrays.map(\.name) == ["spike_times.npy", "spike_clusters.npy"])
    #expect(s.arrays[0].dtype == "<u8" && s.arrays[1].dtype == "<i4")
    let p = try #require(s.phy)
    let all = try #require(
      (try Fixtures.json("kilosort", "expected.json") as? [String: Any]).flatMap {
        ($0["curated"] as? [String: Any])?["all"] as? [[String: Any]]
      })
    var clusters: [String: Int] = [:]
    var spikes: [String: Int] = [:]
    for c in all {
      let label = c["label"] as? String ?? "?"
      clusters[label, default: 0] += 1
      spikes[label, default: 0] += c["count"] as? Int ?? 0
    }
    #expect(p.clustersPerLabel == clusters)
    #expect(p.spikesPerLabel == spikes)
    #expect(p.clusterCount == 8 && p.spikeCount == 600)
    #expect(
      p.clustersPerLabelSource == [
        "cluster_group.tsv 'group'": 4, "cluster_KSLabel.tsv 'KSLabel'": 4, "cluster_info.tsv 'KSLabel'": 1,
      ])
    #expect(p.recordingSamples == 30000 && p.recordingDuration == 1)
    #expect(p.sampleRate == 30000)
    #expect(p.files.last == "continuous.dat")
    #expect(p.firstSpike == 10 / 30000.0 && p.lastSpike == 29999 / 30000.0)
  }

  @Test func unlabelledFolderWithoutRawData() throws {
    let p = try #require(try FileSummary.inspect(Fixtures.path("kilosort", "templates_only")).phy)
    #expect(p.clusterSource == "spike_templates.npy")
    #expect(p.labelFiles.isEmpty)
    #expect(p.clustersPerLabel == ["unsorted": 7])
    #expect(p.recordingDuration == nil)
    #expect(p.warnings.contains { $0.contains("not found; spike times are not checked") })
  }

  @Test func aFolderWithoutParamsIsNamed() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    #expect(throws: NeurometryError.fileNotFound(path: dir.file("params.py"))) {
      _ = try FileSummary.inspect(dir.path)
    }
  }
}
