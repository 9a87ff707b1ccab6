import Foundation
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Properties of the stochastic shape metrics (Duong et al. 2023): identity, symmetry, group
/// invariance, the α-interpolation lower bound, the α = 2 and isotropic closed forms, seeded
/// restarts, and Gaussian summaries of samples.
@Suite struct StochasticShapePropertyTests {
  /// m stimuli × r repeats × p units: a shared signal plus per-network noise.
  static func network(
    _ signal: Matrix, repeats r: Int, noise: Double, rotation: Matrix? = nil, seed: UInt64
  ) throws -> StochasticResponses {
    let (m, p) = (signal.rows, signal.columns)
    var rows = [Double]()
    let g = Synthetic.gaussian(rows: m * r, columns: p, seed: seed)
    for i in 0..<m {
      for a in 0..<r {
        for k in 0..<p { rows.append(signal[i, k] + noise * (1 + Double(k) / Double(p)) * g[i * r + a, k]) }
      }
    }
    var samples = Matrix(rows: m * r, columns: p, elements: rows)
    if let rotation { samples = gemm(samples, rotation) }
    return try StochasticResponses(samples: samples, stimuli: m, repeats: r)
  }

  static func rotated(_ x: GaussianResponses, by q: Matrix) throws -> GaussianResponses {
    try GaussianResponses(
      means: gemm(x.means, q),
      covariances: x.covariances.map { gemm(gemm(q, $0, transposeA: true), q).symmetrized })
  }

  @Test func gaussianSummariesAreSampleMeansAndCovariances() throws {
    let signal = Synthetic.gaussian(rows: 3, columns: 2, seed: 1)
    let x = try Self.network(signal, repeats: 5, noise: 0.4, seed: 2)
    let g = try GaussianResponses(x)
    for i in 0..<3 {
      let block = Matrix(copying: x.samples.rowBlock((i * 5)..<(i * 5 + 5)))
      let mean = block.columnMeans
      assertClose(g.means.row(i), mean, rtol: 1e-14)
      let c = block.subtractingFromColumns(mean)
      let expected = Matrix(rows: 2, columns: 2) { j, k in (0..<5).reduce(0) { $0 + c[$1, j] * c[$1, k] } / 4 }
      assertClose(g.covariances[i], expected, rtol: 1e-13)
    }
  }

  @Test func gaussianIdentitySymmetryAndGroupInvariance() throws {
    let signal = Synthetic.gaussian(rows: 6, columns: 3, seed: 10)
    let x = try GaussianResponses(try Self.network(signal, repeats: 8, noise: 0.5, seed: 11))
    let y = try GaussianResponses(try Self.network(signal, repeats: 8, noise: 0.5, seed: 12))
    let q = try GeometryFixtures.orthogonal(3, seed: 13)
    // The means initialisation is equivariant (rotating an input rotates the whole descent), so
    // the fitted distances are invariant to rounding; random starts are not, and the descent
    // may then stop in a different local minimum.
    for alpha in [0.0, 0.7, 1.0, 1.6, 2.0] {
      let metric = try GaussianShapeMetric(alpha: alpha)
      #expect(try metric.fit(x, x).distance < 1e-6, "α = \(alpha): d(X, X)")
      let dxy = try metric.fit(x, y).distance
      assertClose(try metric.fit(y, x).distance, dxy, rtol: 1e-6, "α = \(alpha) symmetry")
      assertClose(try metric.fit(x, try Self.rotated(y, by: q)).distance, dxy, rtol: 1e-6, "α = \(alpha) Y·Q")
      assertClose(try metric.fit(try Self.rotated(x, by: q), y).distance, dxy, rtol: 1e-6, "α = \(alpha) X·Q")
    }
  }

  @Test func gaussianInterpolationLowerBound() throws {
    // d_α² = min_T [(1−α/2)·d₀²(T) + (α/2)·d₂²(T)] ≥ (1−α/2)·d₀² + (α/2)·d₂².
    for seed in 0..<5 {
      let s = UInt64(100 + 10 * seed)
      let signal = Synthetic.gaussian(rows: 5, columns: 3, seed: s)
      let x = try GaussianResponses(try Self.network(signal, repeats: 6, noise: 0.6, seed: s + 1))
      let y = try GaussianResponses(
        try Self.network(
          signal, repeats: 6, noise: 0.9, rotation: try GeometryFixtures.orthogonal(3, seed: s + 2), seed: s + 3))
      let fit = { (alpha: Double) in
        try GaussianShapeMetric(alpha: alpha, initialization: .random, restarts: 6, seed: s).fit(x, y).distance
      }
      let (d0, d2) = (try fit(0), try fit(2))
      for alpha in [0.25, 0.5, 1.0, 1.5, 1.75] {
        let bound = ((1 - alpha / 2) * d0 * d0 + alpha / 2 * d2 * d2).squareRoot()
        #expect(try fit(alpha) >= bound * (1 - 1e-9), "seed \(seed) α = \(alpha)")
      }
    }
  }

  @Test func alphaTwoIsTheProcrustesDistanceOfTheMeans() throws {
    let signal = Synthetic.gaussian(rows: 7, columns: 4, seed: 20)
    let x = try GaussianResponses(try Self.network(signal, repeats: 5, noise: 0.5, seed: 21))
    let y = try GaussianResponses(try Self.network(signal, repeats: 5, noise: 0.5, seed: 22))
    let d = try GaussianShapeMetric(alpha: 2).fit(x, y).distance
    let procrustes = try ShapeMetric(alpha: 1, score: .euclidean, centerColumns: false).distance(x.means, y.means)
    assertClose(d, (2.0 / 7).squareRoot() * procrustes.distance, rtol: 1e-10)
  }

  @Test func isotropicCovariancesHaveAClosedFormBuresDistance() throws {
    // B²(aI, bI) = p(√a − √b)², invariant to the alignment; with equal means d₀² = 2·mean of it.
    let means = Synthetic.gaussian(rows: 4, columns: 3, seed: 30)
    let a = [0.5, 1.0, 2.0, 3.0]
    let b = [1.5, 0.25, 2.0, 0.1]
    let x = try GaussianResponses(means: means, covariances: a.map { $0 * Matrix.identity(3) })
    let y = try GaussianResponses(means: means, covariances: b.map { $0 * Matrix.identity(3) })
    let expected = (2 * zip(a, b).reduce(0) { $0 + 3 * pow($1.0.squareRoot() - $1.1.squareRoot(), 2) } / 4).squareRoot()
    assertClose(try GaussianShapeMetric(alpha: 0).fit(x, y).distance, expected, rtol: 1e-10)
    let t = try GeometryFixtures.orthogonal(3, seed: 31)
    assertClose(try GaussianShapeMetric(alpha: 0).distance(x, y, alignment: t), expected, rtol: 1e-10)
  }

  @Test func seededRestartsAreReproducible() throws {
    let signal = Synthetic.gaussian(rows: 5, columns: 3, seed: 40)
    let x = try GaussianResponses(try Self.network(signal, repeats: 6, noise: 0.7, seed: 41))
    let y = try GaussianResponses(try Self.network(signal, repeats: 6, noise: 0.7, seed: 42))
    let metric = try GaussianShapeMetric(alpha: 0.5, initialization: .random, restarts: 5, seed: 9)
    let first = try metric.fit(x, y)
    let second = try metric.fit(x, y)
    // Same seed, same restarts, same answer. Compared to 1e-12 rather than bit for bit: other
    // suites running at the same time change OpenBLAS's (process-wide) thread count, and a
    // threaded BLAS reduction may round differently.
    assertClose(second.distance, first.distance, rtol: 1e-12, "distance")
    assertClose(second.alignment, first.alignment, rtol: 1e-10, atol: 1e-12, "alignment")
    #expect(first.iterations == second.iterations)
    #expect(first.restartDistances?.count == 5)
    #expect(first.distance == first.restartDistances?.min())
    #expect(first.lossHistory.count == first.iterations && first.converged)
  }

  @Test func energyIdentitySymmetryAndGroupInvariance() throws {
    let signal = Synthetic.gaussian(rows: 4, columns: 3, seed: 50)
    let x = try Self.network(signal, repeats: 6, noise: 0.4, seed: 51)
    let y = try Self.network(signal, repeats: 6, noise: 0.8, seed: 52)
    let q = try GeometryFixtures.orthogonal(3, seed: 53)
    let yq = try StochasticResponses(samples: gemm(y.samples, q), stimuli: 4, repeats: 6)
    let metric = try EnergyShapeMetric(tolerance: 1e-10)
    #expect(try metric.fit(x, x).distance == 0)
    let dxy = try metric.fit(x, y).distance
    #expect(dxy > 0)
    assertClose(try metric.fit(y, x).distance, dxy, rtol: 1e-4, "symmetry (IRLS optimum)")
    assertClose(try metric.fit(x, yq).distance, dxy, rtol: 1e-6, "Y·Q")
    // Aligning can only help: the fitted distance is at most the unaligned one.
    #expect(dxy <= (try metric.distance(x, y, alignment: Matrix.identity(3))) + 1e-12)
  }

  @Test func pairwiseMatricesMatchSeparateFits() throws {
    let signal = Synthetic.gaussian(rows: 4, columns: 3, seed: 60)
    let nets = try (0..<4).map {
      try Self.network(signal, repeats: 5, noise: 0.3 + 0.2 * Double($0), seed: UInt64(61 + $0))
    }
    let energy = try EnergyShapeMetric()
    let e = try energy.pairwiseDistances(nets)
    let gaussians = try nets.map { try GaussianResponses($0) }
    let gaussian = try GaussianShapeMetric(alpha: 1)
    let g = try gaussian.pairwiseDistances(gaussians)
    for i in 0..<4 {
      #expect(e.distances[i][i] == 0 && g.distances[i][i] == 0)
      for j in (i + 1)..<4 {
        assertClose(e.distances[i][j], try energy.fit(nets[i], nets[j]).distance, rtol: 1e-14)
        assertClose(g.distances[j][i], try gaussian.fit(gaussians[i], gaussians[j]).distance, rtol: 1e-14)
      }
    }
  }
}
