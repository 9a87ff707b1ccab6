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
    #expect(Self.findings.count == 26, "\(Self.findings)")
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
    // Its dataspace's dimension also exceeds its maximum: the guard driver refuses it first now
    // (the check of a selection against the machine's memory stays, beneath).
    ("dataspace-claims-5.8e17-values.mat", "names", "reference 0 points to no object: the file is damaged"),
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

  /// What libhdf5 1.10 trusts in object headers and dataset storage (found by fuzzing the MAT and
  /// NWB readers, `run.sh mat 600 -fork=1`, `run.sh nwb 600 -fork=1`), refused before libhdf5 acts
  /// on it, with the reason: `arguments` run on the real binary (FILE stands for the finding).
  /// Several of these files also have a dimension beyond its maximum, which the guard driver now
  /// refuses first; the checks they found first (compact storage, number widths, struct grids)
  /// stay beneath it.
  @Test(arguments: [
    (
      "mat/compact-dataset-holds-684-of-234156-bytes.mat", ["convert", "FILE", "--dataset", "char_arr_2d"],
      "/char_arr_2d: the file is damaged: an object header lies about its size or its attributes"
    ),
    (
      "mat/attribute-dataspace-past-its-message.mat", ["convert", "FILE", "--dataset", "char_arr_2d"],
      "/char_arr_2d: the file is damaged: an object header lies about its size or its attributes"
    ),
    (
      "mat/attribute-name-without-its-nul.mat", ["convert", "FILE", "--dataset", "char_arr_3d"],
      "/char_arr_3d: the file is damaged: an object header lies about its size or its attributes"
    ),
    (
      "mat/int16-of-4294967294-bytes-and-an-empty-link-name.mat", ["convert", "FILE", "--dataset", "I16"],
      "/I16: the file is damaged: an object header lies about its size or its attributes"
    ),
    (
      "mat/int16-of-4294967294-bytes-and-an-empty-link-name.mat", ["inspect", "FILE"],
      "/: the file is damaged: link 1 of this group has the invalid name ''"
    ),
    (
      "nwb/continuation-chunk-past-end-of-file.nwb", ["inspect", "FILE"],
      "corrupt object header at address 96 (an attribute's name, type, shape or values run past its message, a dimension exceeds its maximum, a variable-length or enumeration type misstates its size, or the header or a continuation of it runs past the end of the file)"
    ),
    ("nwb/attribute-past-its-message.nwb", ["inspect", "FILE"], "corrupt object header at address 800"),
    ("nwb/vlen-string-characters-of-20-GB.nwb", ["inspect", "FILE"], "corrupt object header at address 800"),
    ("nwb/vlen-type-smaller-than-its-descriptors.nwb", ["inspect", "FILE"], "corrupt object header at address 800"),
    (
      "nwb/local-heap-claims-21-GB.nwb", ["inspect", "FILE"],
      "/: the file is damaged: a group's heap of link names claims more than the file holds, refused before libhdf5 read it"
    ),
    (
      "mat/struct-array-grid-larger-than-its-field.mat", ["convert", "FILE", "--dataset", "data/struct2_/x"],
      "/data/struct2_/x: holds object references"
    ),
  ])
  func damagedHeadersAndStorageAreRefusedByName(file: String, arguments: [String], message: String) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = Fixtures.path("fuzz", file)
    let args =
      arguments.map { $0 == "FILE" ? path : $0 } + (arguments[0] == "convert" ? ["--output", dir.file("out.npy")] : [])
    let r = try CLIRunner.run(args, timeout: 60)
    #expect(!r.signaled && !r.timedOut && r.status == 1, "\(file): exit \(r.status)\n\(r.stderr)")
    #expect(r.stderr.hasPrefix("neurometry: error: \(path): "), "\(file): \(r.stderr)")
    #expect(r.stderr.contains(message), "\(file): \(r.stderr)")
  }

  /// A chunked layer whose chunks exceed its fixed shape is listed unread, with why.
  @Test func chunksLargerThanTheShapeAreRefused() throws {
    let path = Fixtures.path("fuzz", "hdf5/chunks-larger-than-a-fixed-shape.h5")
    let r = try CLIRunner.run(["inspect", path, "--json"], timeout: 60)
    #expect(r.status == 0, "\(r.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    #expect(
      json?["warnings"] as? [String] == [
        "/model/block1/conv: its values were not read: the file is damaged: its chunks (3, 3, 37, 2) are larger than its shape (9, 3, 4, 2) allows on axis 2, which is not extendible; refused before libhdf5 read it"
      ], "\(r.stdout)")
  }

  /// `inspect` lists what it can of a damaged file and names what it could not read, with why.
  @Test func inspectNamesTheObjectsItCouldNotRead() throws {
    let path = Fixtures.path("fuzz", "hdf5/dimension-beyond-its-maximum.h5")
    let r = try CLIRunner.run(["inspect", path, "--json"], timeout: 60)
    #expect(r.status == 0, "\(r.stderr)")
    let json = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
    let warnings = json?["warnings"] as? [String] ?? []
    #expect(warnings.count == 3, "\(warnings)")
    #expect(
      warnings.first?.hasPrefix(
        "/model/block1/conv: not read: the file is damaged: an object header lies about its size or its attributes")
        == true, "\(warnings)")
  }
}
