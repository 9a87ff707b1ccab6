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
        == "neurometry: error: rdm: '\(rsa)/unb_conditions.npy' has 23 labels but '\(rsa)/bal_measurements.npy' has 26 rows\n"
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
        "neurometry: error: compare (corr): the two sets of RDMs have missing (NaN) pairs at different positions: ('0', '4') missing in the first set"
      ))
    let usage = try CLIRunner.run(["compare", "\(rsa)/cmp_a.npy", "--transform", "geotopological", "--low", "0.2"])
    #expect(usage.status == 64)
    #expect(usage.stderr.contains("--transform geotopological needs --low and --high"))
    #expect(try CLIRunner.run(["compare", "\(rsa)/cmp_a.npy", "--method", "kendall"]).status == 64)
  }
}
