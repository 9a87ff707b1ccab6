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

/// Broken Phy folders: each a one-line error naming the file and what was expected.
@Suite struct KilosortErrorTests {
  static let cases: [(String, PhyClusterFilter, [String])] = [
    ("no_clusters", .all, ["no_clusters", "neither spike_clusters.npy nor spike_templates.npy"]),
    (
      "beyond_recording", .all,
      ["spike_times.npy", "spike 2 is at sample 1000, beyond the recording (1,000 samples in continuous.dat)"]
    ),
    ("length_mismatch", .all, ["spike_clusters.npy", "has 2 entries but spike_times.npy has 3 spikes"]),
    ("executable_params", .all, ["params.py", "line 1", "'import os' is not 'name = value'", "never run"]),
    ("expression_params", .all, ["params.py", "line 1", "sample_rate = 3e4 * 1 is not a Python literal", "never run"]),
    ("no_sample_rate", .all, ["params.py", "sample_rate", "is missing"]),
    ("two_d_times", .all, ["spike_times.npy", "has shape (3, 2)", "1-D or N×1"]),
    ("negative_spike", .all, ["spike_times.npy", "spike 1 is at sample -3"]),
    ("no_labels", .good, ["no_labels", "has no cluster labels", "'good'", "'all' or 'not-noise'"]),
    ("float_times", .all, ["spike_times.npy", "element 1 is 2.5, expected a whole number"]),
    ("missing_folder", .all, ["missing_folder", "no such file"]),
  ]

  @Test(arguments: KilosortErrorTests.cases)
  func brokenFolderHasAClearMessage(folder: String, filter: PhyClusterFilter, fragments: [String]) {
    do {
      _ = try KilosortSorting.read(Fixtures.path("kilosort", "broken/\(folder)"), filter: filter)
      Issue.record("\(folder) was read without an error")
    } catch let error as NeurometryError {
      for f in fragments { #expect(error.description.contains(f), "'\(error.description)' lacks '\(f)'") }
      #expect(!error.description.contains("\n"))
    } catch {
      Issue.record("\(folder): not a NeurometryError: \(error)")
    }
  }

  @Test func everyBrokenFolderIsCovered() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("kilosort", "broken"))
    let covered = Set(Self.cases.map { $0.0 })
    for n in names { #expect(covered.contains(n), "broken/\(n) has no error test") }
  }

  @Test func aFileIsNotAFolderAndAFilterCanLeaveNothing() throws {
    #expect {
      _ = try PhyFolder.read(Fixtures.path("kilosort", "curated/params.py"))
    } throws: {
      ($0 as? NeurometryError)?.description.contains("is a file; a Kilosort/Phy output is a folder") ?? false
    }
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    for name in ["params.py", "spike_times.npy", "spike_clusters.npy"] {
      try FileManager.default.copyItem(atPath: Fixtures.path("kilosort", "curated/\(name)"), toPath: dir.file(name))
    }
    try Data("cluster_id\tgroup\n0\tnoise\n1\tnoise\n2\tnoise\n3\tnoise\n5\tmua\n8\tnoise\n13\tnoise\n21\tnoise\n".utf8)
      .write(to: URL(fileURLWithPath: dir.file("cluster_group.tsv")))
    #expect {
      _ = try KilosortSorting.read(dir.path, filter: .good)
    } throws: {
      ($0 as? NeurometryError)?.description.contains("no cluster passes the filter 'good' (1 mua, 7 noise)") ?? false
    }
  }
}
