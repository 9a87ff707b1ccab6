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
