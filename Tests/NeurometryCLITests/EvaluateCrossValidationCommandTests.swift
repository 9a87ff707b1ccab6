import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The real binary: `neurometry evaluate --scheme crossval | bootstrap-crossval` with flexible models.
@Suite struct EvaluateCrossValidationCommandTests {
  let cv = Fixtures.directory + "/crossval"

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// rsatoolbox's crossval on its own k-fold sets (Tests/Fixtures/crossval/make_crossval.py): the
  /// weighted (fit_regress) and select models, one run each.
  @Test(arguments: [("weighted", "regression", 1), ("select", "select", 0)])
  func crossvalOnGivenSetsMatchesRsatoolbox(_ kind: String, _ fitter: String, _ row: Int) throws {
    let r = try CLIRunner.run([
      "evaluate", "\(cv)/data.npy", "--models", "\(cv)/\(kind).npy", "--model-kind", kind, "--fitter", fitter,
      "--scheme", "crossval", "--sets", "\(cv)/cv_kfold_corr_folds.json", "--method", "corr", "--model-names", "flex",
      "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let j = try json(r.stdout)
    let parameters = try #require(j["parameters"] as? [String: Any])
    #expect(parameters["scheme"] as? String == "crossval")
    #expect(parameters["model_kind"] as? String == kind)
    #expect(parameters["fitter"] as? String == fitter)
    let result = try #require(j["result"] as? [String: Any])
    #expect(result["scheme"] as? String == "crossval")
    let details = try #require(result["cross_validation"] as? [String: Any])
    #expect(details["folds"] as? Int == 6)
    let folds = try #require(details["fold_evaluations"] as? [[Double]])
    let expected = try Fixtures.matrix("crossval", "cv_kfold_corr_evaluations")
    assertClose(try #require(folds.first), expected.row(row), rtol: 1e-11)
    let models = try #require(result["models"] as? [[String: Any]])
    #expect(models.count == 1 && models[0]["name"] as? String == "flex")
    assertClose(try #require(models[0]["mean"] as? Double), expected.row(row).reduce(0, +) / 6, rtol: 1e-11)
    #expect(models[0]["sem"] == nil && models[0]["p_zero"] == nil)
    let nc = try #require(result["noise_ceiling"] as? [String: Double])
    assertClose(
      [try #require(nc["lower"]), try #require(nc["upper"])],
      try Fixtures.vector("crossval", "cv_kfold_corr_noise_ceiling"), rtol: 1e-11)
    let warnings = try #require(j["warnings"] as? [String])
    #expect(
      warnings.contains { $0.contains("no p-values: cross-validation without a bootstrap gives no variance estimate") })
  }

  @Test func seededBootstrapCrossvalIsReproducibleAndWritesTheSamples() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let base = [
      "evaluate", "\(cv)/data.npy", "--models", "\(cv)/interpolate.npy", "--model-kind", "interpolate", "--scheme",
      "bootstrap-crossval", "--bootstrap", "patterns", "--samples", "12", "--folds", "2", "--subject-folds", "2",
      "--repetitions", "3", "--method", "cosine", "--json",
    ]
    let a = try CLIRunner.run(base + ["--seed", "8", "--output", dir.file("a.npy")])
    let b = try CLIRunner.run(base + ["--seed", "8", "--output", dir.file("b.npy")])
    let c = try CLIRunner.run(base + ["--seed", "9"])
    #expect(a.status == 0 && b.status == 0 && c.status == 0, "stderr: \(a.stderr)")
    #expect(try NPYFile.read(dir.file("a.npy")) == NPYFile.read(dir.file("b.npy")))
    #expect(try NPYFile.read(dir.file("a.npy")).shape == [12, 1])
    let result = try #require(try json(a.stdout)["result"] as? [String: Any])
    #expect(result["scheme"] as? String == "bootstrap-crossval-patterns")
    #expect(result["dof"] as? Int == 15)
    let details = try #require(result["cross_validation"] as? [String: Any])
    #expect(details["folds"] as? Int == 4 && details["repetitions"] as? Int == 3)
    #expect(details["condition_folds"] as? Int == 2 && details["subject_folds"] as? Int == 2)
    #expect(details["corrected"] as? Bool == true)
    let models = try #require(result["models"] as? [[String: Any]])
    #expect(models[0]["sem"] as? Double != nil && models[0]["p_zero"] as? Double != nil)
    let other = try #require(try json(c.stdout)["result"] as? [String: Any])
    let mean = { (r: [String: Any]) in (r["models"] as? [[String: Any]])?.first?["mean"] as? Double }
    #expect(mean(result) != mean(other))
    let human = try CLIRunner.run(Array(base.dropLast()) + ["--seed", "8"])
    #expect(
      human.stdout.hasPrefix(
        "cosine, bootstrap-crossval-patterns (12 samples, seed 8), 4 folds × 3 repetitions: 1 models, 7 subjects, 16 conditions"
      ), "\(human.stdout)")
  }

  @Test func usageAndDataErrors() throws {
    let model = ["evaluate", "\(cv)/data.npy", "--models", "\(cv)/select.npy"]
    let notFitted = try CLIRunner.run(model + ["--model-kind", "select"])
    #expect(notFitted.status == 64)
    #expect(notFitted.stderr.contains("--model-kind select is fitted to the data"))
    let resampled = try CLIRunner.run(model + ["--scheme", "crossval", "--bootstrap", "both"])
    #expect(resampled.status == 64)
    let ceiling = try CLIRunner.run(model + ["--scheme", "bootstrap-crossval", "--fixed-ceiling"])
    #expect(ceiling.status == 64)
    let setsWithFolds = try CLIRunner.run(
      model + ["--scheme", "crossval", "--sets", "\(cv)/cv_kfold_corr_folds.json", "--folds", "2"])
    #expect(setsWithFolds.status == 64)
    // 6 condition folds of 16 conditions leave test sets of 2 conditions.
    let small = try CLIRunner.run(model + ["--model-kind", "select", "--scheme", "crossval", "--folds", "6"])
    #expect(small.status == 1)
    #expect(small.stderr.contains("crossval: fold 4: the test set has 2 conditions; comparing RDMs needs at least 3"))
    let big = try CLIRunner.run(
      model + ["--model-kind", "select", "--scheme", "bootstrap-crossval", "--subject-folds", "8", "--samples", "5"])
    #expect(big.status == 1)
    #expect(big.stderr.contains("bootstrap crossval: 8 subject folds need at least 8 data RDMs, found 7"))
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try Data("[{\"train_rdms\": [0]}]".utf8).write(to: URL(fileURLWithPath: dir.file("sets.json")))
    let malformed = try CLIRunner.run(model + ["--scheme", "crossval", "--sets", dir.file("sets.json")])
    #expect(malformed.status == 1)
    #expect(malformed.stderr.contains("sets.json: test_rdms: fold 0 has no 'test_rdms' (a list of indices)"))
  }

  @Test func dualBootstrapOfAFittedModel() throws {
    let r = try CLIRunner.run([
      "evaluate", "\(cv)/data.npy", "--models", "\(cv)/weighted.npy", "--model-kind", "weighted", "--scheme",
      "bootstrap-crossval", "--bootstrap", "dual", "--samples", "6", "--seed", "2", "--folds", "2", "--subject-folds",
      "2", "--method", "corr", "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let result = try #require(try json(r.stdout)["result"] as? [String: Any])
    #expect(result["scheme"] as? String == "dual-bootstrap")
    #expect(result["dof"] as? Int == 6)
    let details = try #require(result["cross_validation"] as? [String: Any])
    #expect(details["folds"] as? Int == 4 && details["repetitions"] as? Int == 2)
    let models = try #require(result["models"] as? [[String: Any]])
    #expect(models.first?["sem"] as? Double != nil)
  }
}
