import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `neurometry ceiling` on the real binary: split-half reliability against Brain-Score's
/// InternalConsistency (make_encoding.py: random halvings with seed 1, and a given halving), and
/// per-target scores against scipy / scikit-learn (make_scores.py).
@Suite struct CeilingCommandTests {
  let encoding = Fixtures.directory + "/encoding"

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  struct SplitHalf: Decodable {
    struct Result: Decodable {
      let center: Double?
      let error: Double?
      let splitMedians: [Double?]
      let repetitions: Int
      let targets: Int
      enum CodingKeys: String, CodingKey {
        case center, error, splitMedians = "split_medians", repetitions, targets
      }
    }
    let result: Result
    let warnings: [String]
  }

  @Test func randomHalvingsMatchBrainScore() throws {
    let dir = try TemporaryDirectory()
    let out = dir.file("ceiling.npy")
    let r = try CLIRunner.run([
      "ceiling", "\(encoding)/ceiling_random_repetitions.npy", "--output", out, "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let e = try JSONDecoder().decode(SplitHalf.self, from: Data(r.stdout.utf8))
    assertClose(
      try NPYFile.read(out).doubles(context: out), try Fixtures.vector("encoding", "ceiling_random_per_target"),
      rtol: 1e-10, "per target")
    assertClose(
      e.result.splitMedians.map { $0 ?? .nan }, try Fixtures.vector("encoding", "ceiling_random_split_medians"),
      rtol: 1e-10, "split medians")
    assertClose(
      e.result.center ?? .nan, try Fixtures.vector("encoding", "ceiling_random_center")[0], rtol: 1e-10, "center")
    assertClose(
      e.result.error ?? .nan, try Fixtures.vector("encoding", "ceiling_random_error")[0], rtol: 1e-10, "error")
    #expect(e.result.repetitions == 5 && e.result.targets == 8 && e.result.splitMedians.count == 10)
    // Target 3 is constant: its ceiling is NaN, skipped by the medians (and null in JSON).
    #expect(try NPYFile.read(out).doubles(context: out)[3].isNaN)
  }

  @Test func givenHalvesMatchTheFixedSplit() throws {
    let dir = try TemporaryDirectory()
    try #"[{"train": [0, 2], "test": [1, 3]}]"#.write(
      toFile: dir.file("halves.json"), atomically: true, encoding: .utf8)
    let out = dir.file("c.npy")
    let r = try CLIRunner.run([
      "ceiling", "\(encoding)/ceiling_fixed_repetitions.npy", "--halves", dir.file("halves.json"), "--output", out,
      "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    assertClose(
      try NPYFile.read(out).doubles(context: out), try Fixtures.vector("encoding", "ceiling_fixed_per_target"),
      rtol: 1e-10, "per target")
    let e = try JSONDecoder().decode(SplitHalf.self, from: Data(r.stdout.utf8))
    assertClose(
      e.result.center ?? .nan, try Fixtures.vector("encoding", "ceiling_fixed_center")[0], rtol: 1e-10, "center")
    let parameters = try json(r.stdout)["parameters"] as? [String: Any]
    #expect(parameters?["halves"] as? String == dir.file("halves.json") && parameters?["splits"] == nil)
  }

  @Test(arguments: ["pearson", "r2", "neg-mse"]) func scoresMatchScipyAndScikitLearn(_ score: String) throws {
    let dir = try TemporaryDirectory()
    let out = dir.file("\(score).npy")
    let r = try CLIRunner.run([
      "ceiling", "--predictions", "\(encoding)/scores_predicted.npy", "--observations",
      "\(encoding)/scores_observed.npy",
      "--score", score, "--output", out, "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let got = try NPYFile.read(out).doubles(context: out)
    let expected = try Fixtures.vector("encoding", "scores_\(score)")
    #expect(got.count == 7)
    for j in 0..<7 {
      if expected[j].isNaN || got[j].isNaN {
        // Constant observations (target 4) or a constant prediction (target 6, pearson).
        #expect(expected[j].isNaN == got[j].isNaN || score == "r2" && j == 6, "\(score) target \(j): \(got[j])")
      } else {
        assertClose(got[j], expected[j], rtol: 1e-12, "\(score) target \(j)")
      }
    }
    let j = try json(r.stdout)
    let warnings = j["warnings"] as? [String] ?? []
    #expect(score == "neg-mse" ? warnings.isEmpty : warnings.first?.contains("constant") == true, "\(warnings)")
  }

  @Test func errors() throws {
    let dir = try TemporaryDirectory()
    let two = try CLIRunner.run(["ceiling", "\(encoding)/cli_responses.npy"])
    #expect(
      two.status == 1 && two.stderr.contains("expected repetitions × stimuli × targets (3-D), found shape (40, 12)"))
    #expect(try CLIRunner.run(["ceiling"]).status == 64)
    #expect(try CLIRunner.run(["ceiling", "--predictions", "\(encoding)/scores_predicted.npy"]).status == 64)
    let shapes = try CLIRunner.run([
      "ceiling", "--predictions", "\(encoding)/scores_predicted.npy", "--observations", "\(encoding)/cli_responses.npy",
    ])
    #expect(shapes.status == 1 && shapes.stderr.contains("is 30×7 but"), "\(shapes.stderr)")
    try "[]".write(toFile: dir.file("none.json"), atomically: true, encoding: .utf8)
    let none = try CLIRunner.run([
      "ceiling", "\(encoding)/ceiling_fixed_repetitions.npy", "--halves", dir.file("none.json"),
    ])
    #expect(none.status == 1 && none.stderr.contains("holds no entries"))
  }
}
