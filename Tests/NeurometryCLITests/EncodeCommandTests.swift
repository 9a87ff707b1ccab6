import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The real `neurometry encode` binary on the fixtures of Tests/Fixtures/encoding (case cli):
/// held-out scores of nested-CV ridge against himalaya + scipy (outer KFold(5), inner
/// RidgeCV(logspace(-2,5,15), cv=5) per training set), Brain-Score's ceiling, JSON, exit codes.
@Suite struct EncodeCommandTests {
  let activations = Fixtures.path("encoding", "cli_activations.npz")
  let repetitions = Fixtures.path("encoding", "cli_repetitions.npy")
  let responses = Fixtures.path("encoding", "cli_responses.npy")

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func ridgeScoresAndCeilingMatchTheReferenceAndGoToTheNPZ() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("result.npz")
    let r = try CLIRunner.run([
      "encode", activations, repetitions, "--layer", "late", "--json", "--output", out, "--regions",
      Fixtures.path("encoding", "cli_regions.npy"),
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let npz = try NPZFile(path: out)
    #expect(
      npz.names.sorted() == [
        "alphas", "ceiling", "ceiling_splits", "normalized", "scores", "split_alphas", "split_scores", "targets",
      ])
    #expect(try npz.array(named: "targets").strings == (0..<12).map(String.init))
    let scores = try npz.array(named: "scores").doubles(context: "scores")
    assertClose(scores, try Fixtures.vector("encoding", "cli_scores"), rtol: 1e-8, "held-out Pearson r per target")
    assertClose(
      try npz.array(named: "split_scores").doubles(context: "split"),
      try Fixtures.vector("encoding", "cli_split_scores"),
      rtol: 1e-8, "per split")
    let ceiling = try npz.array(named: "ceiling").doubles(context: "ceiling")
    assertClose(ceiling, try Fixtures.vector("encoding", "cli_ceiling"), rtol: 1e-10, "ceiling per target")
    let normalized = try npz.array(named: "normalized").doubles(context: "normalized")
    let expected = zip(scores, ceiling).map { s, c in c > 0 ? (s < 0 ? -1 : 1) * s * s / c : .nan }
    assertClose(normalized, expected, rtol: 1e-14, "normalised")
    let j = try json(r.stdout)
    #expect(j["command"] as? String == "encode")
    let result = try #require(j["result"] as? [String: Any])
    #expect(result["targets"] as? Int == 12 && result["stimuli"] as? Int == 40 && result["features"] as? Int == 9)
    let summary = try #require(result["summary"] as? [String: Any])
    let median = try #require(summary["median_score"] as? Double)
    assertClose(median, try Quantile.median(scores), rtol: 1e-14, "median score")
    let regions = try #require(result["regions"] as? [[String: Any]])
    #expect(regions.compactMap { $0["name"] as? String } == ["IT", "V1", "V4"])
    #expect(regions.compactMap { $0["targets"] as? Int } == [6, 2, 4])
    #expect((result["ceiling"] as? [String: Any])?["repetitions"] as? Int == 4)
  }

  @Test func twoDimensionalResponsesWithSeparateRepetitionsGiveTheSameResult() throws {
    let a = try CLIRunner.run(["encode", activations, repetitions, "--layer", "late", "--json"])
    let b = try CLIRunner.run([
      "encode", activations, responses, "--layer", "late", "--json", "--repetitions", repetitions,
    ])
    #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
    let sa = try #require((try json(a.stdout)["result"] as? [String: Any])?["summary"] as? [String: Any])
    let sb = try #require((try json(b.stdout)["result"] as? [String: Any])?["summary"] as? [String: Any])
    #expect(sa["median_score"] as? Double == sb["median_score"] as? Double)
    #expect(sa["median_normalized"] as? Double == sb["median_normalized"] as? Double)
  }

  @Test func humanSummaryConvLayersAndLeaveOneOut() throws {
    let r = try CLIRunner.run([
      "encode", activations, responses, "--layer", "early", "--inner-cv", "loo", "--cv", "shuffled-kfold:4", "--seed",
      "3",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("ridge-loo encoding, 40 stimuli × 12 features → 12 targets"), "\(r.stdout)")
    #expect(r.stdout.contains("shuffled-kfold:4:seed=3"))
  }

  @Test func mismatchedStimulusCountsNameBothFiles() throws {
    let r = try CLIRunner.run([
      "encode", activations, Fixtures.path("encoding", "cli_short_responses.npy"), "--layer", "late",
    ])
    #expect(r.status == 1)
    #expect(r.stderr.contains("cli_activations.npz:late has 40 stimuli (rows)"), "\(r.stderr)")
    #expect(r.stderr.contains("cli_short_responses.npy has 39"), "\(r.stderr)")
    #expect(r.stdout.isEmpty)
  }

  @Test func nanTargetsFailUnlessDropped() throws {
    let bad = Fixtures.path("encoding", "cli_nan_responses.npy")
    let r = try CLIRunner.run(["encode", activations, bad, "--layer", "late"])
    #expect(r.status == 1)
    #expect(
      r.stderr.contains("has NaN in column 5 (target 5)") && r.stderr.contains("--drop-nan-targets"), "\(r.stderr)")
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let d = try CLIRunner.run([
      "encode", activations, bad, "--layer", "late", "--drop-nan-targets", "--json", "--output", dir.file("o.npz"),
    ])
    #expect(d.status == 0, "\(d.stderr)")
    let j = try json(d.stdout)
    #expect((j["result"] as? [String: Any])?["dropped_targets"] as? [Int] == [5])
    #expect((j["warnings"] as? [String])?.contains { $0.contains("dropped (columns 5)") } == true)
    let scores = try NPZFile(path: dir.file("o.npz")).array(named: "scores").doubles(context: "scores")
    #expect(scores[5].isNaN && !scores[4].isNaN)
  }

  @Test func dataAndUsageErrors() throws {
    let folds = try CLIRunner.run(["encode", activations, responses, "--layer", "late", "--cv", "kfold:41"])
    #expect(folds.status == 1)
    #expect(folds.stderr.contains("41 folds for 40 samples"), "\(folds.stderr)")
    let groups = try CLIRunner.run(["encode", activations, responses, "--layer", "late", "--cv", "group-kfold:3"])
    #expect(groups.status == 1 && groups.stderr.contains("needs --groups"))
    let alphas = try CLIRunner.run(["encode", activations, responses, "--layer", "late", "--alphas", "logspace:1:2"])
    #expect(alphas.status == 1 && alphas.stderr.contains("logspace:START:STOP:COUNT"))
    let which = try CLIRunner.run(["encode", activations, responses])
    #expect(
      which.status == 1 && which.stderr.contains("holds 2 layers ('early', 'late'); choose one with --layer"),
      "\(which.stderr)")
    let missing = try CLIRunner.run(["encode", activations, responses, "--layer", "fc9"])
    #expect(missing.status == 1 && missing.stderr.contains("no numeric layer named 'fc9'"), "\(missing.stderr)")
    #expect(try CLIRunner.run(["encode", activations, responses, "--model", "lasso"]).status == 64)
    #expect(try CLIRunner.run(["encode", activations]).status == 64)
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    _ = FileManager.default.createFile(atPath: dir.file("taken.npz"), contents: Data([1]))
    let exists = try CLIRunner.run([
      "encode", activations, responses, "--layer", "late", "--output", dir.file("taken.npz"),
    ])
    #expect(exists.status == 1 && exists.stderr.contains("already exists"), "\(exists.stderr)")
  }
}

/// `encode --preset brainscore`, `--model pls` and `--model banded` through the real binary.
@Suite struct EncodeModelsCommandTests {
  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func brainScorePresetPrintsBrainScoresNumbers() throws {
    let r = try CLIRunner.run([
      "encode", Fixtures.path("encoding", "brainscore_activations.npy"),
      Fixtures.path("encoding", "brainscore_repetitions.npy"), "--preset", "brainscore", "--classes",
      Fixtures.path("encoding", "brainscore_objects.npy"), "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let result = try #require(try json(r.stdout)["result"] as? [String: Any])
    #expect(result["model"] as? String == "pls")
    let b = try #require(result["brainscore"] as? [String: Any])
    let expected = try Fixtures.vector("encoding", "brainscore_summary")
    let got = ["raw", "raw_error", "ceiling", "ceiling_error", "ceiled"].map { b[$0] as? Double ?? .nan }
    assertClose(got, expected, rtol: 1e-8, "Brain-Score summary")
  }

  @Test func plsAndBandedModels() throws {
    let acts = Fixtures.path("encoding", "cli_activations.npz")
    let reps = Fixtures.path("encoding", "cli_repetitions.npy")
    let pls = try CLIRunner.run([
      "encode", acts, reps, "--layer", "late", "--model", "pls", "--components", "30", "--json",
    ])
    #expect(pls.status == 0, "\(pls.stderr)")
    let warnings = try #require(try json(pls.stdout)["warnings"] as? [String])
    #expect(warnings.contains { $0.contains("30 components requested") && $0.contains("using 9") }, "\(warnings)")
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let banded = try CLIRunner.run([
      "encode", acts, reps, "--layer", "early", "--layer", "late", "--model", "banded", "--iterations", "4", "--alphas",
      "logspace:-1:3:5", "--output", dir.file("b.npz"), "--json",
    ])
    #expect(banded.status == 0, "\(banded.stderr)")
    let result = try #require(try json(banded.stdout)["result"] as? [String: Any])
    #expect(result["model"] as? String == "banded-ridge")
    #expect((result["median_band_scores"] as? [Any])?.count == 2)
    let bandScores = try NPZFile(path: dir.file("b.npz")).array(named: "band_scores")
    #expect(bandScores.shape == [2, 12])
    let oneBand = try CLIRunner.run(["encode", acts, reps, "--layer", "late", "--model", "banded"])
    #expect(oneBand.status == 1 && oneBand.stderr.contains("needs at least two bands"), "\(oneBand.stderr)")
    let empty = try CLIRunner.run(["encode", acts, reps, "--layer", "late", "--model", "banded", "--bands", "9,0"])
    #expect(empty.status == 1 && empty.stderr.contains("band 1 has 0 features"), "\(empty.stderr)")
  }
}

/// `encode --splits FILE.json`: a Python run's splits, reused exactly.
@Suite struct EncodeSplitsCommandTests {
  @Test func explicitSplitsFromJSONGiveTheSameScoresAsTheEquivalentSplitter() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    // KFold(5) on 40 stimuli, written as scikit-learn would.
    let folds = (0..<5).map { f in (f * 8)..<((f + 1) * 8) }
    let json =
      "["
      + folds.map { test in
        "{\"train\": [\((0..<40).filter { !test.contains($0) }.map(String.init).joined(separator: ","))], \"test\": [\(test.map(String.init).joined(separator: ","))]}"
      }.joined(separator: ",") + "]"
    try json.write(toFile: dir.file("splits.json"), atomically: true, encoding: .utf8)
    let acts = Fixtures.path("encoding", "cli_activations.npz")
    let resp = Fixtures.path("encoding", "cli_responses.npy")
    let a = try CLIRunner.run([
      "encode", acts, resp, "--layer", "late", "--splits", dir.file("splits.json"), "--output", dir.file("a.npz"),
    ])
    #expect(a.status == 0, "\(a.stderr)")
    let scores = try NPZFile(path: dir.file("a.npz")).array(named: "scores").doubles(context: "scores")
    assertClose(scores, try Fixtures.vector("encoding", "cli_scores"), rtol: 1e-8, "explicit K-fold = reference")
    try "{\"train\": 3}".write(toFile: dir.file("bad.json"), atomically: true, encoding: .utf8)
    let bad = try CLIRunner.run(["encode", acts, resp, "--layer", "late", "--splits", dir.file("bad.json")])
    #expect(bad.status == 1 && bad.stderr.contains("bad.json") && bad.stderr.contains("JSON list"), "\(bad.stderr)")
  }
}
