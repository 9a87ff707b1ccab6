import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `shape --stochastic`: the energy metric's netrep value through the CLI, stacked Gaussian
/// pairwise distances, and the stochastic options' usage errors.
@Suite struct StochasticShapeCommandTests {
  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  /// `--moments`: means and covariances given directly (netrep's input), in the orthogonal and
  /// identity groups (make_stochastic.py, make_stochastic_identity.py).
  @Test func gaussianFromGivenMomentsMatchesNetrep() throws {
    let dir = try TemporaryDirectory()
    for side in ["x", "y"] {
      try NPZFile.write(
        [
          ("means", try Fixtures.array("stochastic", "g_m\(side)")),
          ("covariances", try Fixtures.array("stochastic", "g_c\(side)")),
        ], to: dir.file("\(side).npz"))
    }
    let identity = try Fixtures.json("stochastic", "identity_expected.json") as? [String: Any]
    let all = try Fixtures.json("stochastic", "expected.json") as? [String: Any]
    let fitted = (all?["gaussian"] as? [String: Any])?["fitted"] as? [String: Any]
    let cases: [([String], Double)] = [
      (["--group", "identity", "--alpha", "0.5"], Double(identity?["gaussian_identity_0.5"] as? String ?? "") ?? .nan),
      (["--group", "identity", "--alpha", "2"], Double(identity?["gaussian_identity_2.0"] as? String ?? "") ?? .nan),
      (
        ["--alpha", "1"],
        Double((fitted?["orth_1.0"] as? [String: Any])?["distance"] as? String ?? "") ?? .nan
      ),
    ]
    for (args, expected) in cases {
      let r = try CLIRunner.run(
        ["shape", dir.file("x.npz"), dir.file("y.npz"), "--stochastic", "gaussian", "--moments", "--json"] + args)
      #expect(r.status == 0, "\(args): \(r.stderr)")
      let result = try #require(try json(r.stdout)["result"] as? [String: Any])
      assertClose(result["distance"] as? Double ?? .nan, expected, rtol: 1e-9, "\(args)")
    }
    let human = try CLIRunner.run([
      "shape", dir.file("x.npz"), dir.file("y.npz"), "--stochastic", "gaussian", "--moments", "--group", "identity",
    ])
    #expect(human.stdout.contains("identity group") && human.stdout.contains("0 iterations"), "\(human.stdout)")
    // Misuse: --moments without gaussian; a file without the members.
    #expect(try CLIRunner.run(["shape", dir.file("x.npz"), dir.file("y.npz"), "--moments"]).status == 64)
    try NPZFile.write([("means", try Fixtures.array("stochastic", "g_mx"))], to: dir.file("half.npz"))
    let half = try CLIRunner.run([
      "shape", dir.file("x.npz"), dir.file("half.npz"), "--stochastic", "gaussian", "--moments",
    ])
    #expect(
      half.status == 1 && half.stderr.contains("half.npz") && half.stderr.contains("covariances"), "\(half.stderr)")
  }

  @Test func energyDistanceMatchesNetrep() throws {
    let (x, y) = (Fixtures.path("stochastic", "e_x.npy"), Fixtures.path("stochastic", "e_y.npy"))
    let r = try CLIRunner.run(["shape", x, y, "--stochastic", "energy", "--json"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let j = try json(r.stdout)
    let result = try #require(j["result"] as? [String: Any])
    let all = try Fixtures.json("stochastic", "expected.json") as? [String: Any]
    let fitted = ((all?["energy"] as? [String: Any])?["fitted"] as? [String: Any])?["orth"] as? [String: Any]
    let expected = Double(fitted?["distance"] as? String ?? "") ?? .nan
    assertClose(result["distance"] as? Double ?? .nan, expected, rtol: 1e-10)
    #expect((result["alignment"] as? [[Double]])?.count == 3)
    #expect(result["converged"] as? Bool == true)
    let parameters = try #require(j["parameters"] as? [String: Any])
    #expect((parameters["energy"] as? [String: Any])?["max_iterations"] as? Int == 100)
    #expect(parameters["metric"] == nil)
  }

  @Test func stackedGaussianPairwiseIsSymmetricWithZeroDiagonal() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    // 3 networks × 4 stimuli × 5 repeats × 2 units.
    let g = Synthetic.gaussian(rows: 3 * 4 * 5, columns: 2, seed: 7)
    try ArrayFile.write(NDArray(shape: [3, 4, 5, 2], values: .float64(g.elements)), to: dir.file("nets.npy"))
    let out = dir.file("d.npy")
    let r = try CLIRunner.run([
      "shape", "--stacked", dir.file("nets.npy"), "--stochastic", "gaussian", "--alpha", "1.5", "--init", "random",
      "--restarts", "3", "--seed", "4", "--output", out, "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let d = try NPYFile.read(out).matrix(context: out)
    #expect(d.rows == 3 && d.columns == 3)
    for i in 0..<3 {
      #expect(d[i, i] == 0)
      for j in 0..<3 where j != i { #expect(d[i, j] == d[j, i] && d[i, j] > 0) }
    }
    let gaussian = (try json(r.stdout)["parameters"] as? [String: Any])?["gaussian"] as? [String: Any]
    #expect(gaussian?["restarts"] as? Int == 3 && gaussian?["alpha"] as? Double == 1.5)
  }

  @Test func stochasticUsageAndDataErrors() throws {
    let (x, y) = (Fixtures.path("stochastic", "e_x.npy"), Fixtures.path("stochastic", "e_y.npy"))
    #expect(try CLIRunner.run(["shape", x, y, "--stochastic", "energy", "--alpha", "0.5"]).status == 64)
    #expect(try CLIRunner.run(["shape", x, y, "--stochastic", "gaussian", "--alpha", "2.5"]).status == 64)
    #expect(try CLIRunner.run(["shape", x, y, "--stochastic", "gaussian", "--alpha", "1.5"]).status == 0)
    #expect(try CLIRunner.run(["shape", x, y, "--stochastic", "poisson"]).status == 64)
    let restarts = try CLIRunner.run(["shape", x, y, "--stochastic", "gaussian", "--restarts", "3"])
    #expect(restarts.status == 1 && restarts.stderr.contains("restarts must be 1"))
    let flat = Fixtures.path("shape", "equal_x.npy")
    let r = try CLIRunner.run(["shape", flat, flat, "--stochastic", "energy"])
    #expect(r.status == 1)
    #expect(
      r.stderr
        == "neurometry: error: \(flat): --stochastic expects stimuli × repeats × units (3-D), found shape (40, 7)\n")
  }
}
