import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The real binary's `cka` subcommand: values equal the library's reference-tested ones, the
/// JSON envelope, --pairwise/--stacked/--batch-size, --output with --force, exit codes.
@Suite struct CKACommandTests {
  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static func expected(_ key: String, case name: String = "tall") throws -> Double {
    let all = try Fixtures.json("cka", "expected.json") as? [String: Any]
    let entry = (all?["cases"] as? [String: Any])?[name] as? [String: Any]
    return Double(entry?[key] as? String ?? "") ?? .nan
  }

  /// A 1-D representation is read as n × 1 with a warning (it used to pass without a word).
  @Test func oneDimensionalInputWarns() throws {
    let dir = try TemporaryDirectory()
    let v = dir.file("scores.npy")
    try NPYFile.write(NDArray(shape: [6], values: .float64([0.5, 1, 3, 2, 8, 5])), to: v)
    let x = dir.file("x.npy")
    try NPYFile.write(Matrix(rows: 6, columns: 2) { i, j in Double(i * i + 3 * j) }, to: x)
    let r = try CLIRunner.run(["cka", v, x, "--json"])
    #expect(r.status == 0, "\(r.stderr)")
    let warnings = try json(r.stdout)["warnings"] as? [String] ?? []
    #expect(
      warnings.contains("\(v) is a 1-D array of 6 values, read as 6 stimuli × 1 feature; is it a representation?"))
    let human = try CLIRunner.run(["cka", v, x])
    #expect(human.stdout.contains("1-D array") || human.stderr.contains("1-D array"))
  }

  @Test func pairPrintsTheReferenceValueInTheJSONEnvelope() throws {
    let (x, y) = (Fixtures.path("cka", "tall_x.npy"), Fixtures.path("cka", "tall_y.npy"))
    for (args, key) in [
      ([String](), "linear_biased"), (["--estimator", "debiased"], "linear_debiased"),
      (["--kernel", "rbf", "--bandwidth", "0.5", "--median", "off-diagonal"], "rbf_biased_offdiagonal_0.5"),
    ] {
      let r = try CLIRunner.run(["cka", x, y, "--json"] + args)
      #expect(r.status == 0, "stderr: \(r.stderr)")
      let j = try json(r.stdout)
      #expect(j["schema"] as? String == "neurometry/1" && j["command"] as? String == "cka")
      #expect((j["inputs"] as? [String: String]) == ["x": x, "y": y])
      let result = try #require(j["result"] as? [String: Any])
      assertClose(result["value"] as? Double ?? .nan, try Self.expected(key), rtol: 1e-12, key)
      #expect(result["observations"] as? Int == 37)
      #expect(j["warnings"] as? [String] == [])
    }
    let human = try CLIRunner.run(["cka", x, y])
    #expect(human.status == 0 && human.stdout.hasPrefix("CKA = 0.826412"))
    #expect(human.stdout.contains("feature form, 37 stimuli"))
  }

  @Test func pairwiseMatrixWithMinibatchesAndOutputFile() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let layers = (0..<3).map { Fixtures.path("cka", "mb_l\($0).npy") }
    let out = dir.file("cka.npy")
    let args = ["cka", "--pairwise"] + layers + ["--estimator", "debiased", "--batch-size", "20", "--output", out]
    let r = try CLIRunner.run(args + ["--json"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let result = try #require(try json(r.stdout)["result"] as? [String: Any])
    let values = try #require(result["values"] as? [[Double]])
    let mb = (try Fixtures.json("cka", "expected.json") as? [String: Any])?["minibatch"] as? [String: Any]
    let expected = (mb?["debiased_20"] as? [String] ?? []).map { Double($0) ?? .nan }
    assertClose(values.flatMap { $0 }, expected, rtol: 1e-12)
    #expect(result["batch_sizes"] as? [Int] == [20, 20, 20])
    let written = try NPYFile.read(out).matrix(context: out)
    assertClose(written.elements, values.flatMap { $0 }, rtol: 1e-12)
    // An existing output is not replaced without --force.
    let again = try CLIRunner.run(args)
    #expect(again.status == 1)
    #expect(again.stderr == "neurometry: error: \(out): already exists; pass --force to overwrite it\n")
    #expect(try CLIRunner.run(args + ["--force"]).status == 0)
  }

  @Test func stackedFileEqualsSeparateFiles() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let a = Synthetic.gaussian(rows: 30, columns: 6, seed: 1)
    let layers = [
      a, gemm(a, Synthetic.gaussian(rows: 6, columns: 6, seed: 2)), Synthetic.gaussian(rows: 30, columns: 6, seed: 3),
    ]
    let stack = NDArray(shape: [3, 30, 6], values: .float64(layers.flatMap(\.elements)))
    try ArrayFile.write(stack, to: dir.file("stack.npy"))
    for (k, l) in layers.enumerated() { try ArrayFile.write(NDArray(l), to: dir.file("l\(k).npy")) }
    let stacked = try CLIRunner.run(["cka", "--stacked", dir.file("stack.npy"), "--json"])
    let separate = try CLIRunner.run(["cka", "--pairwise"] + (0..<3).map { dir.file("l\($0).npy") } + ["--json"])
    #expect(stacked.status == 0 && separate.status == 0, "\(stacked.stderr) \(separate.stderr)")
    let s = try #require((try json(stacked.stdout)["result"] as? [String: Any])?["values"] as? [[Double]])
    let p = try #require((try json(separate.stdout)["result"] as? [String: Any])?["values"] as? [[Double]])
    assertClose(s.flatMap { $0 }, p.flatMap { $0 }, rtol: 1e-14)
    let names = (try json(stacked.stdout)["result"] as? [String: Any])?["names"] as? [String]
    #expect(names == (0..<3).map { "\(dir.file("stack.npy"))[\($0)]" })
  }

  @Test func npzMemberAndConvActivationsAreFlattened() throws {
    let r = try CLIRunner.run(
      ["cka", "SampleData/activations.npz", "SampleData/activations.npz", "--dataset", "conv1", "--json"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let result = try #require(try json(r.stdout)["result"] as? [String: Any])
    assertClose(result["value"] as? Double ?? .nan, 1, rtol: 1e-12)
    #expect(result["observations"] as? Int == 24)
  }

  @Test func usageErrorsExit64AndDataErrorsExit1() throws {
    let x = Fixtures.path("cka", "tall_x.npy")
    #expect(try CLIRunner.run(["cka", x]).status == 64)
    #expect(try CLIRunner.run(["cka", x, x, "--bandwidth", "0"]).status == 64)
    #expect(try CLIRunner.run(["cka", x, x, "--kernel", "cosine"]).status == 64)
    #expect(try CLIRunner.run(["cka", x, x, "--output", "m.npy"]).status == 64)
    let mismatch = try CLIRunner.run(["cka", x, Fixtures.path("cka", "wide_y.npy")])
    #expect(mismatch.status == 1)
    #expect(
      mismatch.stderr
        == "neurometry: error: cka: \(x) has 37 rows (observations) but \(Fixtures.path("cka", "wide_y.npy")) has 9; CKA compares representations of the same stimuli\n"
    )
    let small = try CLIRunner.run(["cka", Fixtures.path("cka", "four_x.npy"), Fixtures.path("cka", "four_y.npy")])
    #expect(small.status == 0)
    let missing = try CLIRunner.run(["cka", x, "no-such-file.npy"])
    #expect(missing.status == 1 && missing.stderr.contains("no-such-file.npy"))
  }
}
