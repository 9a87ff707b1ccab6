import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Nothing a user wrote is lost (issue 16), proved on the real binary: an output that is one of
/// the run's inputs is refused even with --force (by any spelling of its path, or a hard link); an
/// existing output is replaced only with --force; SIGINT and SIGTERM leave neither the output nor
/// a temporary file; inputs are only read (a read-only input works and keeps its bytes).
@Suite struct NothingLostTests {
  static let rsa = Fixtures.directory + "/rsa"

  /// The bytes of `path`.
  static func bytes(_ path: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: path)) }

  /// Copies the patterns and labels of the RSA fixtures into `dir` (read-only when asked).
  static func inputs(in dir: TemporaryDirectory, readOnly: Bool = false) throws {
    for (from, to) in [("bal_measurements.npy", "patterns.npy"), ("bal_conditions.npy", "labels.npy")] {
      try FileManager.default.copyItem(atPath: "\(rsa)/\(from)", toPath: dir.file(to))
      if readOnly { try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: dir.file(to)) }
    }
    try FileManager.default.copyItem(
      atPath: Fixtures.path("hdf5", "activations.h5"), toPath: dir.file("activations.h5"))
  }

  /// Output = input, each way of naming it, with --force: refused, the input's bytes unchanged.
  @Test(arguments: [
    ["convert", "patterns.npy", "--output", "patterns.npy"],
    ["convert", "patterns.npy", "--output", "./patterns.npy"],
    ["rdm", "patterns.npy", "--conditions", "labels.npy", "--output", "labels.npy"],
    ["convert", "patterns.npy", "--output", "link.npy"],
    ["convert", "activations.h5", "--dataset", "/model/fc", "--output", "activations.h5"],
  ])
  func outputEqualToAnInputIsRefusedEvenWithForce(arguments: [String]) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try Self.inputs(in: dir)
    try FileManager.default.linkItem(atPath: dir.file("patterns.npy"), toPath: dir.file("link.npy"))
    let target = arguments[arguments.count - 1]
    let before = try Self.bytes(dir.file(target))
    let r = try CLIRunner.run(arguments + ["--force"], in: dir.path)
    #expect(r.status == 1, "\(arguments): exit \(r.status)\n\(r.stderr)")
    #expect(r.stderr.contains("of this run; write the output to another file"), "\(r.stderr)")
    #expect(try Self.bytes(dir.file(target)) == before, "\(target) changed")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: dir.path).allSatisfy { !$0.contains(".partial-") },
      "a temporary file was left")
  }

  /// An existing output is kept without --force and replaced with it, for each kind of writer
  /// (NPY, HDF5, the report's HTML and JSON twin).
  @Test(arguments: [
    (["convert", "patterns.npy", "--output"], "out.npy"),
    (["convert", "patterns.npy", "--output"], "out.h5"),
    (["rdm", "patterns.npy", "--conditions", "labels.npy", "--output"], "rdm.npy"),
    (["noise", "patterns.npy", "--output"], "precision.npy"),
  ])
  func existingOutputIsReplacedOnlyWithForce(arguments: [String], output: String) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try Self.inputs(in: dir)
    let mine = Data("a file the user wrote\n".utf8)
    try mine.write(to: URL(fileURLWithPath: dir.file(output)))
    let kept = try CLIRunner.run(arguments + [output], in: dir.path)
    #expect(kept.status == 1 && kept.stderr.contains("already exists; pass --force"), "\(kept.stderr)")
    #expect(try Self.bytes(dir.file(output)) == mine)
    let replaced = try CLIRunner.run(arguments + [output, "--force"], in: dir.path)
    #expect(replaced.status == 0, "\(replaced.stderr)")
    #expect(try Self.bytes(dir.file(output)) != mine)
  }

  /// SIGTERM (a scheduler's kill, a closed terminal) during the computation: exit 143, one line,
  /// no output and no temporary file. (SIGINT: ReportCommandTests.interruptedRunLeavesNothing.)
  @Test func terminatedRunLeavesNothing() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let (status, message) = try CLIRunner.signalled(
      [
        "report", Fixtures.repositoryRoot + "/SampleData/study/study.yaml", "--output", dir.file("r.html"),
        "--bootstrap", "20000", "--quiet",
      ], signal: SIGTERM, after: 3)
    #expect(status == 143)
    #expect(message == "neurometry: terminated; no output was written\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
  }

  /// Inputs are only read: read-only inputs work, and keep their bytes and permissions.
  @Test func readOnlyInputsAreOnlyRead() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try Self.inputs(in: dir, readOnly: true)
    let before = try Self.bytes(dir.file("patterns.npy"))
    let r = try CLIRunner.run(
      ["rdm", "patterns.npy", "--conditions", "labels.npy", "--output", "rdm.npy"], in: dir.path)
    #expect(r.status == 0, "\(r.stderr)")
    #expect(try Self.bytes(dir.file("patterns.npy")) == before)
    let mode = try FileManager.default.attributesOfItem(atPath: dir.file("patterns.npy"))[.posixPermissions] as? Int
    #expect(mode == 0o444)
  }
}
