import Foundation
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Fréchet mean and tangent space against netrep (`multiset.frechet_mean(method="full_batch",
/// warmstart=first network, tol=1e-10, max_iter=500)` and `euclidean_tangent_space`, commit
/// 0186b8a77ec1; Tests/Fixtures/shape/make_shape.py; relative tolerance 1e-9 of the largest
/// element, after up to 500 averaging iterations), and its properties and errors.
@Suite struct FrechetMeanTests {
  static func networks() throws -> [Matrix] {
    try (0..<4).map { try Fixtures.matrix("shape", "frechet_\($0)") }
  }

  @Test(arguments: [("orth", ShapeGroup.orthogonal), ("perm", .permutation)])
  func matchesNetrepFullBatch(key: String, group: ShapeGroup) throws {
    let nets = try Self.networks()
    let r = try FrechetMean(group: group, tolerance: 1e-10, maxIterations: 500).fit(nets, warmStart: nets[0])
    let mean = try Fixtures.matrix("shape", "frechet_mean_\(key)")
    let scale = mean.elements.map(abs).max() ?? 1
    assertClose(r.mean, mean, rtol: 1e-9, atol: 1e-9 * scale, "\(key) mean")
    let tangent = try Fixtures.array("shape", "frechet_tangent_\(key)").doubles(context: "tangent")
    assertClose(r.tangent.flatMap(\.elements), tangent, rtol: 1e-9, atol: 1e-9 * scale, "\(key) tangent")
    #expect(r.converged && r.warnings.isEmpty)
  }

  @Test func rotatedCopiesAverageToTheFirstAndTheMeanLowersTheObjective() throws {
    let x = Synthetic.gaussian(rows: 15, columns: 4, seed: 1)
    let copies = try (0..<5).map { gemm(x, try GeometryFixtures.orthogonal(4, seed: UInt64(10 + $0))) }
    let r = try FrechetMean().fit(copies)
    assertClose(r.mean, copies[0], atol: 1e-10, "mean of rotated copies")
    #expect(r.tangent.allSatisfy { $0.frobeniusNorm < 1e-9 })
    let nets = try Self.networks()
    let fitted = try FrechetMean().fit(nets)
    let atStart = try FrechetMean(maxIterations: 1).fit(nets, warmStart: nets[0])
    #expect(fitted.sumOfSquaredDistances <= atStart.sumOfSquaredDistances)
  }

  @Test func alignedSpaceFeedsTheMeanForAMetric() throws {
    // Widths 3, 5, 4: padded to 5 and centred; the pairwise Procrustes distances in that space
    // are the metric's Euclidean distances.
    let base = Synthetic.gaussian(rows: 20, columns: 3, seed: 2)
    let reps = [3, 5, 4].enumerated().map { k, w in
      gemm(base, Synthetic.gaussian(rows: 3, columns: w, seed: UInt64(3 + k)))
        + 0.3 * Synthetic.gaussian(rows: 20, columns: w, seed: UInt64(9 + k))
    }
    let metric = try ShapeMetric(alpha: 0.5, score: .euclidean)
    let space = try metric.alignedSpace(reps)
    #expect(space.allSatisfy { $0.rows == 20 && $0.columns == 5 })
    let check = try ShapeMetric(alpha: 1, score: .euclidean, centerColumns: false)
    assertClose(
      try check.distance(space[0], space[1]).distance, try metric.distance(reps[0], reps[1]).distance, rtol: 1e-9)
    let r = try FrechetMean().fit(space)
    #expect(r.converged && r.mean.columns == 5)
  }

  @Test func errors() throws {
    let a = Synthetic.gaussian(rows: 5, columns: 3, seed: 1)
    let b = Synthetic.gaussian(rows: 5, columns: 4, seed: 2)
    #expect(
      throws: NeurometryError.shapeMismatch(
        context: "frechet mean",
        message: "network 1 is 5×4 but network 0 is 5×3; zero-pad and centre them first (ShapeMetric.alignedSpace)")
    ) {
      _ = try FrechetMean().fit([a, b])
    }
    #expect(
      throws: NeurometryError.invalidInput(
        context: "frechet mean", message: "needs at least one network and one name each (0 networks, 0 names)")
    ) {
      _ = try FrechetMean().fit([])
    }
    let r = try FrechetMean(tolerance: 0, maxIterations: 2).fit([a, Synthetic.gaussian(rows: 5, columns: 3, seed: 3)])
    #expect(!r.converged && r.iterations == 2 && r.warnings.count == 1)
  }
}
