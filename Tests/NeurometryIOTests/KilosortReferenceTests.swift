import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Kilosort/Phy folders written with numpy 2.4.6 (Tests/Fixtures/kilosort/make_kilosort.py): kept
/// clusters, labels and their sources under every filter, and every spike time (samples /
/// sample_rate, exact) against numpy's.
@Suite struct KilosortReferenceTests {
  static var expected: [String: Any] {
    (try? Fixtures.json("kilosort", "expected.json") as? [String: Any]) ?? [:]
  }
  static var cases: [(String, String)] {
    Self.expected.keys.sorted().flatMap { folder in
      ((Self.expected[folder] as? [String: Any])?.keys.sorted() ?? []).map { (folder, $0) }
    }
  }

  @Test func everyCaseIsListed() { #expect(Self.cases.count == 8) }

  @Test(arguments: KilosortReferenceTests.cases)
  func clustersMatchNumpy(folder: String, filter: String) throws {
    let want = try #require((Self.expected[folder] as? [String: Any])?[filter] as? [[String: Any]])
    let sorting = try KilosortSorting.read(
      Fixtures.path("kilosort", folder), filter: try #require(PhyClusterFilter(rawValue: filter)))
    #expect(sorting.clusters.map { Int($0.id) } == want.compactMap { $0["id"] as? Int })
    for (cluster, w) in zip(sorting.clusters, want) {
      #expect(cluster.label == w["label"] as? String, "cluster \(cluster.id)")
      #expect(cluster.labelSource == w["source"] as? String, "cluster \(cluster.id)")
      #expect(cluster.sampleIndices == (w["samples"] as? [Int] ?? []).map(Int64.init))
      #expect(cluster.spikeTimes == (w["seconds"] as? [String] ?? []).map { Double($0) ?? .nan })
    }
  }

  @Test func curatedFolderReportsWhatItUsed() throws {
    let folder = try PhyFolder.read(Fixtures.path("kilosort", "curated"))
    #expect(folder.clusterSource == "spike_clusters.npy")
    #expect(folder.parameters.sampleRate == 30000)
    #expect(folder.parameters.channelCount == 4)
    #expect(folder.parameters.dataType == "int16")
    #expect(folder.parameters.highPassFiltered == false)
    #expect(folder.recordingSamples == 30000)
    #expect(
      folder.labelFiles == ["cluster_group.tsv 'group'", "cluster_KSLabel.tsv 'KSLabel'", "cluster_info.tsv 'KSLabel'"])
    let good = try folder.sorting(filter: .good)
    #expect(good.labelSources == ["cluster_group.tsv 'group'": 2, "cluster_KSLabel.tsv 'KSLabel'": 3])
    #expect(good.excludedByLabel == ["mua": 2, "noise": 1])
    #expect(good.recordingDuration == 1)
    #expect(good.warnings == ["1 labelled cluster has no spikes in spike_clusters.npy (merged or split away in Phy?)"])
  }

  @Test func templatesOnlyFolderUsesTemplatesAndWarnsAboutTheMissingRecording() throws {
    let folder = try PhyFolder.read(Fixtures.path("kilosort", "templates_only"))
    #expect(folder.clusterSource == "spike_templates.npy")
    #expect(folder.parameters.dataPaths == [#"D:\data\rec_g0_t0.imec0.ap.bin"#, "second.bin"])
    #expect(folder.parameters.sampleRate == 30000)
    #expect(folder.recordingSamples == nil)
    #expect(folder.warnings.count == 1 && folder.warnings[0].contains("not found"))
    #expect(folder.labels.isEmpty)
  }

  @Test func unsortedSpikeTimesAreSortedPerClusterWithAWarning() throws {
    let s = try KilosortSorting.read(Fixtures.path("kilosort", "info_only"), filter: .all)
    #expect(s.warnings.contains { $0.contains("not in increasing order") })
    #expect(s.warnings.contains { $0.contains("dat_path") })
    #expect(s.sampleRate == 25000)
  }

  @Test func paramsParsing() throws {
    let p = try PhyParameters.parse(
      """
      # comment = 1
      dat_path = "a#b.dat"  # a '#' inside quotes stays
      n_channels_dat = 3_84
      dtype = u'float32'
      offset = 0x10
      sample_rate = 2.5e4
      hp_filtered = True
      extra = (1, [2.5, None], {'k': -3})
      """, path: "params.py")
    #expect(p.dataPaths == ["a#b.dat"])
    #expect(p.channelCount == 384)
    #expect(p.dataType == "float32")
    #expect(p.bytesPerSample == 4)
    #expect(p.sampleRate == 25000)
    #expect(p.highPassFiltered == true)
    #expect(p.assignments["extra"] == "(1, [2.5, None], {'k': -3})")
  }
}
