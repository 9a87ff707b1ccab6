import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The real binary's `shape` subcommand: netrep's values through the CLI, cross-validation with
/// --test, --pairwise with --output (train and test matrices), exit codes.
@Suite struct ShapeCommandTests {
  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static func expected(_ group: String, _ name: String, _ key: String) throws -> [Double] {
    let all = try Fixtures.json("shape", "expected.json") as? [String: Any]
    let entry = ((all?[group] as? [String: Any])?[name] as? [String: Any])?[key] as? [String]
    return (entry ?? []).map { Double($0) ?? .nan }
  }

  @Test func crossValidatedPairMatchesNetrep() throws {
    let f = { (s: String) in Fixtures.path("shape", "padded_\(s).npy") }
    let r = try CLIRunner.run(
      ["shape", f("x"), f("y"), "--test", f("xt"), f("yt"), "--alpha", "0.5", "--score", "euclidean", "--json"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let j = try json(r.stdout)
    let result = try #require(j["result"] as? [String: Any])
    let expected = try Self.expected("linear", "padded", "0.5_True_euclidean")
    assertClose(
      [result["distance"] as? Double ?? .nan, result["test_distance"] as? Double ?? .nan], expected, rtol: 1e-12)
    #expect(result["widths"] as? [Int] == [5, 9] && result["padded_width"] as? Int == 9)
    let metric = (j["parameters"] as? [String: Any])?["metric"] as? [String: Any]
    #expect(metric?["alpha"] as? Double == 0.5 && metric?["zero_pad"] as? Bool == true)
    // Permutation group, uncentred, human output.
    let p = try CLIRunner.run(["shape", f("x"), f("y"), "--group", "permutation", "--no-center"])
    #expect(p.status == 0)
    let d = try Self.expected("permutation", "padded", "False_angular")[0]
    #expect(p.stdout.hasPrefix("shape distance = \(String(format: "%.6g", d))"), "\(p.stdout)")
  }

  @Test func pairwiseWithTestDataWritesBothMatrices() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let nets = (0..<5).map { Fixtures.path("shape", "nets_\($0).npy") }
    let tests = (0..<5).map { Fixtures.path("shape", "nets_test_\($0).npy") }
    let out = dir.file("d.npy")
    let r = try CLIRunner.run(["shape", "--pairwise"] + nets + ["--test"] + tests + ["--output", out, "--json"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let pw = (try Fixtures.json("shape", "expected.json") as? [String: Any])?["pairwise"] as? [String: Any]
    let expected = (pw?["linear_1.0_angular"] as? [[String]] ?? []).map { $0.map { Double($0) ?? .nan } }
    #expect(expected.count == 2)
    let train = try NPYFile.read(out).matrix(context: out)
    let held = try NPYFile.read(dir.file("d-test.npy")).matrix(context: "test")
    assertClose(train.elements, expected.first ?? [], rtol: 1e-12, "train")
    assertClose(held.elements, expected.last ?? [], rtol: 1e-12, "test")
    #expect(try CLIRunner.run(["shape", "--pairwise"] + nets + ["--output", out]).status == 1)
  }

  @Test func usageAndDataErrors() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let x = Fixtures.path("shape", "equal_x.npy")
    let y = Fixtures.path("shape", "equal_y.npy")
    #expect(try CLIRunner.run(["shape", x, y, "--alpha", "2"]).status == 64)
    #expect(try CLIRunner.run(["shape", x, y, "--test", x]).status == 64)
    #expect(try CLIRunner.run(["shape", x, y, x]).status == 64)
    #expect(try CLIRunner.run(["shape", x, y, "--group", "affine"]).status == 64)
    var bad = try NPYFile.read(y).matrix(context: y)
    bad[3, 2] = .nan
    try ArrayFile.write(NDArray(bad), to: dir.file("nan.npy"))
    let r = try CLIRunner.run(["shape", x, dir.file("nan.npy")])
    #expect(r.status == 1)
    #expect(
      r.stderr == "neurometry: error: shape: \(dir.file("nan.npy")) has a non-finite value (nan) at row 3, column 2\n")
    let noPad = try CLIRunner.run(
      ["shape", Fixtures.path("shape", "padded_x.npy"), Fixtures.path("shape", "padded_y.npy"), "--no-zero-pad"])
    #expect(noPad.status == 1 && noPad.stderr.contains("zero padding is off"))
  }
}
