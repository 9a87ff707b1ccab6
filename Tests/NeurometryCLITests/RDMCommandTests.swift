import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The real binary: `neurometry rdm` and `neurometry compare` (DESIGN.md §5).
@Suite struct RDMCommandTests {
  let rsa = Fixtures.directory + "/rsa"

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func crossnobisToNPZWithLabelsMatchesRsatoolbox() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("rdm.npz")
    let r = try CLIRunner.run([
      "rdm", "\(rsa)/bal_measurements.npy", "--method", "crossnobis", "--conditions", "\(rsa)/bal_conditions.npy",
      "--runs", "\(rsa)/bal_runs.npy", "--output", out, "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let j = try json(r.stdout)
    #expect(j["schema"] as? String == "neurometry/1")
    #expect(j["command"] as? String == "rdm")
    let result = try #require(j["result"] as? [String: Any])
    #expect(result["condition_count"] as? Int == 6)
    let rdms = try #require(result["rdms"] as? [String: Any])
    #expect(rdms["conditions"] as? [String] == ["c1", "c10", "c2", "c20", "c3", "c4"])
    #expect(rdms["measure"] as? String == "crossnobis")
    let npz = try NPZFile(path: out)
    #expect(npz.names == ["dissimilarities", "conditions", "measure"])
    let values = try npz.array(named: "dissimilarities")
    #expect(values.shape == [1, 15])
    assertClose(
      try values.doubles(context: "rdm"), try Fixtures.vector("rsa", "bal_rdm_crossnobis"), rtol: 1e-9, atol: 1e-14)
    #expect(try npz.array(named: "conditions").strings == ["c1", "c10", "c2", "c20", "c3", "c4"])
    #expect(try npz.array(named: "measure").strings == ["crossnobis"])
    // JSON numbers agree too (Foundation's parser is not correctly rounded: 1e-12).
    let jsonValues = try #require((rdms["dissimilarities"] as? [[Double]])?.first)
    assertClose(jsonValues, try Fixtures.vector("rsa", "bal_rdm_crossnobis"), rtol: 1e-12, atol: 1e-15)
  }

  @Test func npyOutputGetsAConditionsFileAndIsNeverOverwrittenWithoutForce() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("corr.npy")
    let args = [
      "rdm", "\(rsa)/bal_measurements.npy", "--method", "correlation", "--conditions", "\(rsa)/bal_conditions.npy",
      "--output", out, "--square",
    ]
    let first = try CLIRunner.run(args)
    #expect(first.status == 0, "stderr: \(first.stderr)")
    #expect(first.stdout.contains("RDM (correlation): 6 conditions, 15 pairs"))
    let square = try NPYFile.read(out)
    #expect(square.shape == [6, 6])
    #expect(try NPYFile.read(dir.file("corr.conditions.npy")).strings.first == "c1")
    let again = try CLIRunner.run(args)
    #expect(again.status == 1)
    #expect(again.stderr == "neurometry: error: \(out): already exists; pass --force to overwrite it\n")
    #expect(try CLIRunner.run(args + ["--force"]).status == 0)
  }

  @Test func noiseFromResidualsAndTheUnbalancedEstimator() throws {
    let r = try CLIRunner.run([
      "rdm", "\(rsa)/unb_measurements_nan.npy", "--unbalanced", "--method", "euclidean", "--conditions",
      "\(rsa)/unb_conditions.npy", "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let rdms = try #require((try json(r.stdout)["result"] as? [String: Any])?["rdms"] as? [String: Any])
    let values = try #require((rdms["dissimilarities"] as? [[Double]])?.first)
    assertClose(values, try Fixtures.vector("rsa", "unb_rdm_euclidean_nan"), rtol: 1e-9, atol: 1e-14)
    let n = try CLIRunner.run([
      "rdm", "\(rsa)/noise_residuals_tall.npy", "--method", "mahalanobis", "--noise-residuals",
      "\(rsa)/noise_residuals_tall.npy", "--noise-method", "full",
    ])
    #expect(n.status == 0, "stderr: \(n.stderr)")
    #expect(n.stdout.contains("RDM (squared mahalanobis): 30 conditions, 435 pairs"))
  }

  @Test func dataErrorsExitOneWithTheFileAndUsageErrorsExit64() throws {
    let mismatch = try CLIRunner.run([
      "rdm", "\(rsa)/bal_measurements.npy", "--conditions", "\(rsa)/unb_conditions.npy",
    ])
    #expect(mismatch.status == 1)
    #expect(
      mismatch.stderr
        == "neurometry: error: \(rsa)/unb_conditions.npy: has 23 labels but \(rsa)/bal_measurements.npy has 26 rows\n"
    )
    let oneRun = try CLIRunner.run([
      "rdm", "\(rsa)/bal_measurements.npy", "--method", "crossnobis", "--conditions", "\(rsa)/bal_conditions.npy",
      "--runs", "\(rsa)/bal_conditions.npy",
    ])
    #expect(oneRun.status == 1)
    #expect(oneRun.stderr.contains("has a single observation") || oneRun.stderr.contains("has no observation in run"))
    #expect(try CLIRunner.run(["rdm", "\(rsa)/bal_measurements.npy", "--method", "manhattan"]).status == 64)
    #expect(
      try CLIRunner.run(["rdm", "\(rsa)/bal_measurements.npy", "--noise", "\(rsa)/bal_precision.npy"]).status == 64)
    #expect(try CLIRunner.run(["rdm"]).status == 64)
  }

  /// The condition order follows the label file's dtype (issue 13): a NaN among float labels is
  /// refused (it used to scramble the order and exit 0), strings sort as text even when they look
  /// numeric ('10' < '100' < '2' < '9', as numpy and rsatoolbox), integers by value, and label
  /// files may be .txt (one per line) or a .csv/.tsv column (FILE:COLUMN).
  @Test func conditionOrderFollowsTheLabelFilesType() throws {
    let dir = try TemporaryDirectory()
    let x = Matrix(rows: 8, columns: 3) { i, j in Double((i * 7 + j * 3) % 11) + 0.1 * Double(j) }
    try NPYFile.write(x, to: dir.file("x.npy"))
    var floats = (0..<8).map(Double.init)
    floats[5] = .nan
    try NPYFile.write(NDArray(shape: [8], values: .float64(floats)), to: dir.file("nan.npy"))
    let nan = try CLIRunner.run(["rdm", dir.file("x.npy"), "--conditions", dir.file("nan.npy")])
    #expect(nan.status == 1)
    #expect(nan.stderr.contains("\(dir.file("nan.npy")): label 5 (counting from 0) is nan"), "\(nan.stderr)")

    let words = ["9", "10", "100", "2", "9", "10", "100", "2"]
    try NPYFile.write(NDArray(shape: [8], values: .string(words)), to: dir.file("u.npy"))
    try NPYFile.write(NDArray(shape: [8], values: .int64(words.map { Int64($0)! })), to: dir.file("i.npy"))
    try (words.joined(separator: "\n") + "\n").write(toFile: dir.file("l.txt"), atomically: true, encoding: .utf8)
    try ("onset,stimulus\n" + words.enumerated().map { "\($0.offset),s\($0.element)" }.joined(separator: "\n"))
      .write(toFile: dir.file("events.csv"), atomically: true, encoding: .utf8)
    func conditions(_ labels: String) throws -> [String] {
      let r = try CLIRunner.run(["rdm", dir.file("x.npy"), "--conditions", labels, "--json"])
      #expect(r.status == 0, "\(labels): \(r.stderr)")
      let rdms = try json(r.stdout)["result"] as? [String: Any]
      return (rdms?["rdms"] as? [String: Any])?["conditions"] as? [String] ?? []
    }
    #expect(try conditions(dir.file("u.npy")) == ["10", "100", "2", "9"])
    #expect(try conditions(dir.file("i.npy")) == ["2", "9", "10", "100"])
    #expect(try conditions(dir.file("l.txt")) == ["2", "9", "10", "100"])
    #expect(try conditions(dir.file("events.csv") + ":stimulus") == ["s10", "s100", "s2", "s9"])
    let table = try CLIRunner.run(["rdm", dir.file("x.npy"), "--conditions", dir.file("events.csv")])
    #expect(table.status == 1 && table.stderr.contains("name the label column as \(dir.file("events.csv")):COLUMN"))
  }
}

@Suite struct CompareCommandTests {
  let rsa = Fixtures.directory + "/rsa"

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test(arguments: ["tau-a", "rho-a", "corr", "cosine-cov"]) func comparatorsMatchRsatoolbox(_ method: String) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("values.npy")
    let r = try CLIRunner.run([
      "compare", "\(rsa)/cmp_a.npy", "\(rsa)/cmp_b.npy", "--method", method, "--output", out, "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let result = try #require(try json(r.stdout)["result"] as? [String: Any])
    #expect(result["first_count"] as? Int == 3 && result["second_count"] as? Int == 4)
    #expect((result["comparison"] as? [String: Any])?["pairs_compared"] as? Int == 28)
    let expected = try Fixtures.matrix("rsa", "cmp_\(method)")
    assertClose(try NPYFile.read(out).matrix(context: "out"), expected, rtol: 1e-9, atol: 1e-14, method)
  }

  @Test func transformsAndTheHumanSummary() throws {
    let r = try CLIRunner.run([
      "compare", "\(rsa)/cmp_a.npy", "--method", "spearman", "--transform", "geotopological", "--low", "0.2", "--high",
      "0.8",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stdout.hasPrefix("spearman after geotopological: 3 × 3 RDMs, 8 conditions, 28 pairs compared"))
    let g = try CLIRunner.run(["compare", "\(rsa)/geo_input.npy", "--transform", "geodesic", "--json"])
    #expect(g.status == 0, "stderr: \(g.stderr)")
  }

  @Test func differentMissingPairsAndUsageErrors() throws {
    let r = try CLIRunner.run(["compare", "\(rsa)/cmp_nan_a.npy", "\(rsa)/cmp_b.npy", "--method", "corr"])
    #expect(r.status == 1)
    #expect(
      r.stderr.hasPrefix(
        "neurometry: error: \(rsa)/cmp_nan_a.npy, \(rsa)/cmp_b.npy: compare (corr): the two sets of RDMs have missing (NaN) pairs at different positions: ('0', '4') missing in the first set"
      ))
    let usage = try CLIRunner.run(["compare", "\(rsa)/cmp_a.npy", "--transform", "geotopological", "--low", "0.2"])
    #expect(usage.status == 64)
    #expect(usage.stderr.contains("--transform geotopological needs --low and --high"))
    #expect(try CLIRunner.run(["compare", "\(rsa)/cmp_a.npy", "--method", "kendall"]).status == 64)
  }
}
