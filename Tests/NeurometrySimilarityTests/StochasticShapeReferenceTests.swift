import Foundation
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Stochastic shape metrics against netrep at commit 0186b8a77ec1
/// (Tests/Fixtures/stochastic/make_stochastic.py; numpy 2.4.6, scipy 1.17.1).
///
/// - At a fixed alignment the distance is a closed formula: relative tolerance 1e-10.
/// - Fitted where netrep's optimiser is deterministic (Gaussian: means initialisation; energy:
///   IRLS from equal weights), running the same iterations: the same number of iterations, the
///   loss history and the distance to 1e-10 relative, the alignment to 1e-10 absolute (agreement
///   observed: 1e-12). A different iteration count would show as a failure.
@Suite struct StochasticShapeReferenceTests {
  static var expected: [String: Any] {
    (try? GeometryFixtures.expected("stochastic")) ?? [:]
  }

  static func gaussian(_ prefix: String) throws -> GaussianResponses {
    let means = try Fixtures.matrix("stochastic", "g_m\(prefix)")
    let c = try Fixtures.array("stochastic", "g_c\(prefix)")
    let v = try c.doubles(context: "g_c\(prefix)")
    let (m, p) = (c.shape[0], c.shape[1])
    let covs = (0..<m).map { Matrix(rows: p, columns: p, elements: Array(v[($0 * p * p)..<(($0 + 1) * p * p)])) }
    return try GaussianResponses(means: means, covariances: covs)
  }

  /// netrep's `group="identity"` (make_stochastic_identity.py): no alignment, the distance
  /// straight from the formula, 1e-10 relative; Y = X gives 0 up to √(rounding) (netrep leaves
  /// ≈ 4e-8; here 1.1e-7 on one machine's OpenBLAS kernels, hence a bound scaled by the data); a rotated copy is far under identity and ~0 under rotations.
  @Test(arguments: [0.0, 0.5, 1.0, 1.5, 2.0]) func gaussianIdentityGroupMatchesNetrep(alpha: Double) throws {
    let e = try Fixtures.json("stochastic", "identity_expected.json") as? [String: Any] ?? [:]
    let (x, y) = (try Self.gaussian("x"), try Self.gaussian("y"))
    let metric = try GaussianShapeMetric(alpha: alpha, group: .identity)
    let fit = try metric.fit(x, y)
    assertClose(fit.distance, GeometryFixtures.double(e["gaussian_identity_\(alpha)"]), rtol: 1e-10, "α \(alpha)")
    #expect(fit.alignment == .identity(x.units) && fit.iterations == 0)
    // d(X, X)² = Σ tr Σᵢ + tr Σᵢ − 2 tr (Σᵢ^½ Σᵢ Σᵢ^½)^½ (and the means' terms) cancels to rounding:
    // d itself is then √(rounding), bounded by √(1000 ε · scale), scale = Σ ‖μᵢ‖² + tr Σᵢ.
    let scale = x.covariances.reduce(0) { $0 + $1.trace } + x.means.elements.reduce(0) { $0 + $1 * $1 }
    let selfDistance = try metric.fit(x, x).distance
    #expect(selfDistance < (1000 * Double.ulpOfOne * scale).squareRoot(), "\(selfDistance), scale \(scale)")
    let cov = try Fixtures.array("stochastic", "gid_rot_cy")
    let v = try cov.doubles(context: "gid_rot_cy")
    let (m, p) = (cov.shape[0], cov.shape[1])
    let rotated = try GaussianResponses(
      means: try Fixtures.matrix("stochastic", "gid_rot_my"),
      covariances: (0..<m).map { Matrix(rows: p, columns: p, elements: Array(v[($0 * p * p)..<(($0 + 1) * p * p)])) })
    assertClose(
      try metric.fit(x, rotated).distance, GeometryFixtures.double(e["gaussian_identity_rotated_\(alpha)"]),
      rtol: 1e-10, "rotated, α \(alpha)")
    if alpha == 1 {
      #expect(try GaussianShapeMetric(alpha: 1, group: .orthogonal).fit(x, rotated).distance < 1e-6)
    }
  }

  static func responses(_ name: String) throws -> StochasticResponses {
    let a = try Fixtures.array("stochastic", name)
    return try StochasticResponses(
      values: try a.doubles(context: name), stimuli: a.shape[0], repeats: a.shape[1], units: a.shape[2])
  }

  @Test func gaussianDistanceAtAFixedAlignmentMatchesNetrep() throws {
    let (x, y) = (try Self.gaussian("x"), try Self.gaussian("y"))
    let t = try Fixtures.matrix("stochastic", "g_t")
    let fixed = (Self.expected["gaussian"] as? [String: Any])?["fixed"] as? [String: Any] ?? [:]
    #expect(fixed.count == 5)
    for (key, value) in fixed {
      let alpha = Double(key) ?? .nan
      let d = try GaussianShapeMetric(alpha: alpha).distance(x, y, alignment: t)
      assertClose(d, GeometryFixtures.double(value), rtol: 1e-10, "α = \(key)")
    }
  }

  @Test(arguments: [
    ("orth_1.0", 1.0, ShapeGroup.orthogonal, GaussianFitWeights.consistent),
    ("perm_1.0", 1.0, .permutation, .consistent),
    ("orth_0.5", 0.5, .orthogonal, .netrep),
  ])
  func gaussianFitMatchesNetrepWhereItIsDeterministic(
    key: String, alpha: Double, group: ShapeGroup, weights: GaussianFitWeights
  ) throws {
    let (x, y) = (try Self.gaussian("x"), try Self.gaussian("y"))
    let e = ((Self.expected["gaussian"] as? [String: Any])?["fitted"] as? [String: Any])?[key] as? [String: Any] ?? [:]
    let fit = try GaussianShapeMetric(alpha: alpha, group: group, weights: weights).fit(x, y)
    let loss = GeometryFixtures.doubles(e["loss_hist"])
    #expect(fit.lossHistory.count == loss.count, "\(key): \(fit.lossHistory.count) iterations, netrep \(loss.count)")
    assertClose(fit.lossHistory, loss, rtol: 1e-10, "\(key) loss history")
    assertClose(fit.distance, GeometryFixtures.double(e["distance"]), rtol: 1e-10, "\(key) distance")
    assertClose(fit.alignment, try Fixtures.matrix("stochastic", "g_fit_\(key)_t"), atol: 1e-10, "\(key) T")
    #expect(fit.converged && fit.restart == 0 && fit.warnings.isEmpty)
  }

  @Test func energyDistanceAtAFixedAlignmentMatchesNetrep() throws {
    let (x, y) = (try Self.responses("e_x"), try Self.responses("e_y"))
    let q = try Fixtures.matrix("stochastic", "e_q")
    let d = try EnergyShapeMetric().distance(x, y, alignment: q)
    assertClose(d, GeometryFixtures.double((Self.expected["energy"] as? [String: Any])?["fixed"]), rtol: 1e-10)
  }

  @Test(arguments: [("orth", ShapeGroup.orthogonal), ("perm", .permutation)])
  func energyFitMatchesNetrep(key: String, group: ShapeGroup) throws {
    let (x, y) = (try Self.responses("e_x"), try Self.responses("e_y"))
    let e = ((Self.expected["energy"] as? [String: Any])?["fitted"] as? [String: Any])?[key] as? [String: Any] ?? [:]
    let fit = try EnergyShapeMetric(group: group).fit(x, y)
    let loss = GeometryFixtures.doubles(e["loss_hist"])
    #expect(fit.lossHistory.count == loss.count, "\(key): \(fit.lossHistory.count) entries, netrep \(loss.count)")
    assertClose(fit.lossHistory, loss, rtol: 1e-10, "\(key) loss history")
    assertClose(fit.distance, GeometryFixtures.double(e["distance"]), rtol: 1e-10, "\(key) distance")
    assertClose(fit.alignment, try Fixtures.matrix("stochastic", "e_fit_\(key)_q"), atol: 1e-10, "\(key) Q")
  }
}
