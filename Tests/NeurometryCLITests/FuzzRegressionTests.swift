import Foundation
import NeurometryTestSupport
import Testing

/// Every input fuzzing found (Tests/Fixtures/fuzz/TARGET/, see its README) replayed through the real
/// binary: `neurometry inspect` of the file under the target's extension must print a summary or one
/// clear error naming the file (exit 0 or 1), never trap or hang.
@Suite struct FuzzRegressionTests {
  /// The file name each fuzz target writes its inputs to (Tests/Fuzz/Sources/neurometry-fuzz).
  static let fileNames = [
    "npy": "input.npy", "npz": "input.npz", "nifti": "input.nii", "gzip": "input.nii.gz", "tsv": "events.tsv",
    "phy": "params.py", "hdf5": "input.h5", "nwb": "input.nwb", "mat": "input.mat",
  ]

  /// (target, file) for every finding kept.
  static var findings: [(String, String)] {
    let root = Fixtures.directory + "/fuzz"
    let targets = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
    return targets.sorted().flatMap { target -> [(String, String)] in
      let files = (try? FileManager.default.contentsOfDirectory(atPath: root + "/" + target)) ?? []
      return files.sorted().map { (target, root + "/" + target + "/" + $0) }
    }.filter { fileNames[$0.0] != nil }
  }

  @Test func everyFindingIsKept() {
    // Update when a finding is added (Tests/Fixtures/fuzz/README.md lists them).
    #expect(Self.findings.count == 12, "\(Self.findings)")
  }

  @Test func findingsGiveASummaryOrAClearErrorNeverATrap() throws {
    for (target, file) in Self.findings {
      let dir = try TemporaryDirectory()
      defer { dir.cleanup() }
      let name = try #require(Self.fileNames[target])
      try FileManager.default.copyItem(atPath: file, toPath: dir.file(name))
      let r = try CLIRunner.run(["inspect", name], in: dir.path, timeout: 60)
      #expect(!r.signaled && !r.timedOut, "\(file): \(r.signaled ? "trapped" : "hung")\n\(r.stderr)")
      #expect(r.status == 0 || r.status == 1, "\(file): exit \(r.status)\n\(r.stderr)")
      if r.status == 1 {
        #expect(r.stderr.contains(name), "\(file): the error names the file: \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count == 1, "\(file): one line: \(r.stderr)")
      }
    }
  }

  /// Reading the broken variable of each MAT finding is refused with a message naming it.
  @Test(arguments: [
    ("matlab-empty-with-nonzero-dimensions.mat", "E", "E: is marked MATLAB_empty"),
    ("dataspace-claims-5.8e17-values.mat", "names", "more values than this machine's memory holds"),
  ])
  func brokenMATVariablesAreRefused(file: String, dataset: String, message: String) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = Fixtures.path("fuzz", "mat/" + file)
    let r = try CLIRunner.run(["convert", path, "--dataset", dataset, "--output", dir.file("out.npy")])
    #expect(r.status == 1 && r.stderr.contains(message), "\(file): \(r.stderr)")
  }

  /// The strings of a file whose global heap lies are refused before libhdf5 (which crashed, hung
  /// or allocated 4 GB on them) reads the heap: by the check of the strings' descriptors against
  /// their collections, and beneath it by the guard driver.
  @Test(arguments: [
    ("corrupt-global-heap-vlen-strings.h5", "/vlen_ascii"),
    ("global-heap-object-size-minus-one.h5", "/vlen_utf8"),
    ("global-heap-free-space-of-size-zero.h5", "/stimulus_ids"),
  ])
  func corruptGlobalHeapsAreRefused(file: String, dataset: String) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = Fixtures.path("fuzz", "hdf5/" + file)
    let r = try CLIRunner.run(
      ["convert", path, "--dataset", dataset, "--output", dir.file("out.npy")], timeout: 60)
    #expect(!r.signaled && !r.timedOut && r.status == 1, "\(file): exit \(r.status)\n\(r.stderr)")
    #expect(
      r.stderr.contains("global heap collection at address") && r.stderr.contains("refused before libhdf5 read it"),
      "\(file): \(r.stderr)")
  }
}
