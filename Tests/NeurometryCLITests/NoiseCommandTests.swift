import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `neurometry noise` on the real binary: precisions equal rsatoolbox's `prec_from_residuals`
/// (Tests/Fixtures/rsa, make_rsa.py), per-run estimates in crossnobis's run order, errors.
@Suite struct NoiseCommandTests {
  let rsa = Fixtures.directory + "/rsa"

  struct Envelope: Decodable {
    struct Result: Decodable {
      let method: String
      let combination: String
      let shape: [Int]
      let runs: [String]
      let degreesOfFreedom: [Int]
      let shrinkage: [Double]?
      let output: String
      enum CodingKeys: String, CodingKey {
        case method, combination, shape, runs, degreesOfFreedom = "degrees_of_freedom", shrinkage, output
      }
    }
    let command: String
    let result: Result
  }

  @Test(arguments: [
    ("shrinkage-diag", "shrinkagediag"), ("shrinkage-eye", "shrinkageeye"), ("diag", "diag"), ("full", "full"),
  ])
  func precisionMatchesRsatoolbox(method: String, tag: String) throws {
    let dir = try TemporaryDirectory()
    let out = dir.file("precision.npy")
    let r = try CLIRunner.run([
      "noise", "\(rsa)/noise_residuals_tall.npy", "--method", method, "--output", out, "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let e = try JSONDecoder().decode(Envelope.self, from: Data(r.stdout.utf8))
    #expect(e.command == "noise" && e.result.method == method && e.result.shape == [9, 9])
    #expect(e.result.degreesOfFreedom == [29] && e.result.runs == ["all"])
    #expect((e.result.shrinkage != nil) == method.hasPrefix("shrinkage"))
    assertClose(
      try NPYFile.read(out).matrix(context: out), try Fixtures.matrix("rsa", "noise_tall_prec_\(tag)"), rtol: 1e-9,
      method)
    // Never over an existing file without --force.
    let again = try CLIRunner.run(["noise", "\(rsa)/noise_residuals_tall.npy", "--method", method, "--output", out])
    #expect(again.status == 1 && again.stderr.contains(out))
    #expect(
      try CLIRunner.run(["noise", "\(rsa)/noise_residuals_tall.npy", "--method", method, "--output", out, "--force"])
        .status == 0)
  }

  @Test func perRunPrecisionsFollowTheLabelsKind() throws {
    let dir = try TemporaryDirectory()
    let x = try Fixtures.matrix("rsa", "noise_residuals_tall")  // 30 × 9
    // Text run labels that look numeric sort as text: '10' before '9'.
    let labels = (0..<30).map { $0 < 15 ? "9" : "10" }
    try NPYFile.write(NDArray(shape: [30], values: .string(labels)), to: dir.file("runs.npy"))
    let out = dir.file("per-run.npy")
    let r = try CLIRunner.run([
      "noise", "\(rsa)/noise_residuals_tall.npy", "--runs", dir.file("runs.npy"), "--per-run", "--output", out,
      "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let e = try JSONDecoder().decode(Envelope.self, from: Data(r.stdout.utf8))
    #expect(e.result.runs == ["10", "9"] && e.result.shape == [2, 9, 9] && e.result.combination == "per-run")
    #expect(e.result.degreesOfFreedom == [14, 14])
    let stack = try NPYFile.read(out).matrixStack(context: out)
    // Each run equals the estimate of its own rows alone.
    func alone(_ rows: Range<Int>) throws -> Matrix {
      let half = Matrix(rows: rows.count, columns: 9) { i, j in x[rows.lowerBound + i, j] }
      let path = dir.file("rows\(rows.lowerBound).npy")
      try NPYFile.write(half, to: path)
      let r = try CLIRunner.run(["noise", path, "--output", path + ".precision.npy"])
      #expect(r.status == 0, "\(r.stderr)")
      return try NPYFile.read(path + ".precision.npy").matrix(context: path)
    }
    assertClose(stack[0], try alone(15..<30), rtol: 1e-12, "run '10' (rows 15…29)")
    assertClose(stack[1], try alone(0..<15), rtol: 1e-12, "run '9' (rows 0…14)")
    // The mean precision without --per-run.
    let mean = try CLIRunner.run([
      "noise", "\(rsa)/noise_residuals_tall.npy", "--runs", dir.file("runs.npy"), "--output", dir.file("mean.npy"),
    ])
    #expect(mean.status == 0 && mean.stdout.contains("runs 10, 9"))
    assertClose(
      try NPYFile.read(dir.file("mean.npy")).matrix(context: "mean"), 0.5 * (stack[0] + stack[1]), rtol: 1e-12,
      "mean")
  }

  @Test func errors() throws {
    let dir = try TemporaryDirectory()
    let out = dir.file("p.npy")
    let wide = try CLIRunner.run(["noise", "\(rsa)/noise_residuals_wide.npy", "--method", "full", "--output", out])
    #expect(wide.status == 1 && wide.stderr.contains("full"), "\(wide.stderr)")
    #expect(try CLIRunner.run(["noise", "\(rsa)/noise_residuals_tall.npy", "--per-run", "--output", out]).status == 64)
    #expect(try CLIRunner.run(["noise", "\(rsa)/noise_residuals_tall.npy"]).status == 64)
    try NPYFile.write(NDArray(shape: [3], values: .int64([1, 2, 3])), to: dir.file("short.npy"))
    let short = try CLIRunner.run([
      "noise", "\(rsa)/noise_residuals_tall.npy", "--runs", dir.file("short.npy"), "--output", out,
    ])
    #expect(short.status == 1 && short.stderr.contains("3 labels but the patterns have 30 rows"), "\(short.stderr)")
    #expect(!FileManager.default.fileExists(atPath: out))
  }
}
