import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

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
    expectNeurometryError(fragments, folder) {
      _ = try KilosortSorting.read(Fixtures.path("kilosort", "broken/\(folder)"), filter: filter)
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
