import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The real binary: `neurometry evaluate`.
@Suite struct EvaluateCommandTests {
  let rsa = Fixtures.directory + "/rsa"

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func fixedEvaluationMatchesRsatoolbox() throws {
    let r = try CLIRunner.run([
      "evaluate", "\(rsa)/inf_data.npy", "--models", "\(rsa)/inf_models.npy", "--method", "corr", "--model-names", "a",
      "b", "c", "d", "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let j = try json(r.stdout)
    #expect(j["command"] as? String == "evaluate")
    let result = try #require(j["result"] as? [String: Any])
    #expect(result["scheme"] as? String == "fixed")
    #expect(result["dof"] as? Int == 6)
    let models = try #require(result["models"] as? [[String: Any]])
    #expect(models.compactMap { $0["name"] as? String } == ["a", "b", "c", "d"])
    let evaluations = try Fixtures.matrix("rsa", "inf_fixed_evaluations")
    let expectedMeans = (0..<4).map { evaluations.row($0).reduce(0, +) / 7 }
    assertClose(models.compactMap { $0["mean"] as? Double }, expectedMeans, rtol: 1e-12)
    assertClose(
      models.compactMap { $0["p_zero"] as? Double }, try Fixtures.vector("rsa", "inf_fixed_p_zero"), rtol: 1e-8,
      atol: 1e-15)
    let nc = try #require(result["noise_ceiling"] as? [String: Double])
    assertClose([nc["lower"]!, nc["upper"]!], try Fixtures.vector("rsa", "inf_fixed_noise_ceiling"), rtol: 1e-12)
    let pairs = try #require(result["pairs"] as? [[String: Any]])
    #expect(pairs.count == 6)
    #expect(pairs[0]["first"] as? String == "a" && pairs[0]["second"] as? String == "b")
  }

  @Test func seededBootstrapIsReproducibleAndWritesTheSamples() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let base = [
      "evaluate", "\(rsa)/inf_data.npy", "--models", "\(rsa)/inf_models.npy", "--method", "spearman", "--bootstrap",
      "both", "--samples", "60", "--json",
    ]
    let a = try CLIRunner.run(base + ["--seed", "5", "--output", dir.file("a.npy")])
    let b = try CLIRunner.run(base + ["--seed", "5", "--output", dir.file("b.npy")])
    let c = try CLIRunner.run(base + ["--seed", "6"])
    #expect(a.status == 0 && b.status == 0 && c.status == 0, "stderr: \(a.stderr)")
    #expect(try NPYFile.read(dir.file("a.npy")) == NPYFile.read(dir.file("b.npy")))
    #expect(try NPYFile.read(dir.file("a.npy")).shape == [60, 4])
    let result = { (s: String) throws -> [String: Any] in try #require(try self.json(s)["result"] as? [String: Any]) }
    #expect(try result(a.stdout)["valid_samples"] as? Int == 60)
    let ma = try #require(try result(a.stdout)["models"] as? [[String: Any]]).compactMap { $0["mean"] as? Double }
    let mc = try #require(try result(c.stdout)["models"] as? [[String: Any]]).compactMap { $0["mean"] as? Double }
    #expect(ma != mc)
    let human = try CLIRunner.run(Array(base.dropLast()) + ["--seed", "5"])
    #expect(human.stdout.hasPrefix("spearman, bootstrap-both (60 samples, seed 5): 4 models, 7 subjects, 9 conditions"))
  }

  @Test func errors() throws {
    let names = try CLIRunner.run([
      "evaluate", "\(rsa)/inf_data.npy", "--models", "\(rsa)/inf_models.npy", "--model-names", "a", "b",
    ])
    #expect(names.status == 1)
    #expect(names.stderr.contains("evaluate: 2 model names for 4 model RDMs"))
    let sizes = try CLIRunner.run(["evaluate", "\(rsa)/inf_data.npy", "--models", "\(rsa)/cmp_a.npy"])
    #expect(sizes.status == 1)
    #expect(sizes.stderr.contains("has 8 conditions but the data have 9"))
    let usage = try CLIRunner.run([
      "evaluate", "\(rsa)/inf_data.npy", "--models", "\(rsa)/inf_models.npy", "--test", "bootstrap",
    ])
    #expect(usage.status == 64)
  }

  /// `--bootstrap-indices`: rsatoolbox's recorded draws (inf_bootb_*: make_rsa.py wrapped
  /// numpy.random.randint) reproduce its bootstrap evaluations exactly.
  @Test func givenBootstrapIndicesReproduceRsatoolbox() throws {
    let dir = try TemporaryDirectory()
    try NPZFile.write(
      [
        ("rdms", try Fixtures.array("rsa", "inf_bootb_rdms")),
        ("conditions", try Fixtures.array("rsa", "inf_bootb_conditions")),
      ], to: dir.file("draws.npz"))
    let out = dir.file("evaluations.npy")
    let r = try CLIRunner.run([
      "evaluate", "\(rsa)/inf_data.npy", "--models", "\(rsa)/inf_models.npy", "--method", "corr", "--bootstrap", "both",
      "--bootstrap-indices", dir.file("draws.npz"), "--output", out, "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    assertClose(
      try NPYFile.read(out).matrix(context: out), try Fixtures.matrix("rsa", "inf_bootb_evaluations"), rtol: 1e-9,
      atol: 1e-14, "evaluations")
    let j = try json(r.stdout)
    let parameters = j["parameters"] as? [String: Any]
    let samples = try Fixtures.matrix("rsa", "inf_bootb_rdms").rows
    #expect(parameters?["samples"] as? Int == samples && parameters?["seed"] == nil)
    #expect((j["inputs"] as? [String: Any])?["bootstrap_indices"] as? String == dir.file("draws.npz"))
    // The JSON form; indices out of range and misuse are refused.
    try #"[{"conditions": [0, 1, 2, 3, 4, 5, 6, 7]}, {"conditions": [1, 1, 2, 3, 4, 5, 6, 7]}]"#.write(
      toFile: dir.file("draws.json"), atomically: true, encoding: .utf8)
    let json = try CLIRunner.run([
      "evaluate", "\(rsa)/inf_data.npy", "--models", "\(rsa)/inf_models.npy", "--bootstrap", "patterns",
      "--bootstrap-indices", dir.file("draws.json"), "--output", dir.file("two.npy"),
    ])
    #expect(json.status == 0, "\(json.stderr)")
    #expect(try NPYFile.read(dir.file("two.npy")).shape.first == 2)
    try #"[{"rdms": [0, 99]}]"#.write(toFile: dir.file("bad.json"), atomically: true, encoding: .utf8)
    let bad = try CLIRunner.run([
      "evaluate", "\(rsa)/inf_data.npy", "--models", "\(rsa)/inf_models.npy", "--bootstrap", "subjects",
      "--bootstrap-indices", dir.file("bad.json"),
    ])
    #expect(bad.status == 1 && bad.stderr.contains("99"), "\(bad.stderr)")
    #expect(
      try CLIRunner.run([
        "evaluate", "\(rsa)/inf_data.npy", "--models", "\(rsa)/inf_models.npy", "--bootstrap-indices",
        dir.file("draws.json"),
      ]).status == 64)
  }
}
