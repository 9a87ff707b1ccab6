import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Every documented stochastic-shape error, with its message.
@Suite struct StochasticShapeErrorTests {
  @Test func parametersAreChecked() {
    #expect(
      errorMessage { _ = try GaussianShapeMetric(alpha: 2.5) }
        == "stochastic shape: alpha must be in [0, 2] for the Gaussian metric, found 2.5")
    #expect(
      errorMessage { _ = try GaussianShapeMetric(initialization: .means, restarts: 3) }
        == "stochastic shape: the means initialisation is deterministic, so restarts must be 1 (found 3); use random initialisation for restarts"
    )
    #expect(
      errorMessage { _ = try EnergyShapeMetric(maxIterations: 0) }
        == "stochastic shape: the iteration limit must be at least 1 and the tolerance a finite number ≥ 0 (found 0, 1e-06)"
    )
  }

  @Test func responsesAreChecked() {
    let samples = Synthetic.gaussian(rows: 12, columns: 3, seed: 1)
    #expect(
      errorMessage { _ = try StochasticResponses(samples: samples, stimuli: 5, repeats: 2, name: "x.npy") }
        == "x.npy: expected stimuli × repeats × units with 5 stimuli and 2 repeats, found 12 rows of 3 units")
    var bad = samples
    bad[7, 1] = .nan
    #expect(
      errorMessage { _ = try StochasticResponses(samples: bad, stimuli: 4, repeats: 3, name: "x.npy") }
        == "x.npy: the response array has a non-finite value (nan) at stimulus 2, repeat 1, unit 1")
    let one = (try? StochasticResponses(samples: samples, stimuli: 12, repeats: 1))
    #expect(
      errorMessage { _ = try GaussianResponses(one!, name: "x.npy") }
        == "x.npy: covariances need more than 1 repeats per stimulus, found 1")
    var asym = Matrix.identity(3)
    asym[0, 2] = 0.5
    #expect(
      errorMessage {
        _ = try GaussianResponses(
          means: Matrix(rows: 1, columns: 3), covariances: [asym], name: "g")
      } == "g: covariance 0 is not symmetric at (0, 2): 0.5 vs 0.0")
    #expect(
      errorMessage { _ = try GaussianResponses(means: Matrix(rows: 2, columns: 3), covariances: [asym], name: "g") }
        == "g: 2 means but 1 covariance matrices")
  }

  @Test func pairwiseDistancesNeedTwoNetworksAndOneNameEach() throws {
    let r = try StochasticResponses(samples: Synthetic.gaussian(rows: 12, columns: 3, seed: 1), stimuli: 4, repeats: 3)
    #expect(
      errorMessage { _ = try EnergyShapeMetric().pairwiseDistances([r]) }
        == "stochastic shape: pairwise distances need at least 2 networks and one name each (1 networks, 1 names)")
    let g = try GaussianResponses(r, name: "g")
    #expect(
      errorMessage { _ = try GaussianShapeMetric().pairwiseDistances([g, g], names: ["a"]) }
        == "stochastic shape: pairwise distances need at least 2 networks and one name each (2 networks, 1 names)")
    let d = try EnergyShapeMetric().pairwiseDistances([r, r, r])
    #expect(d.names == ["network 0", "network 1", "network 2"])
    #expect(d.distances.indices.allSatisfy { d.distances[$0][$0] == 0 })
  }

  @Test func networksMustHaveEqualShapes() throws {
    let a = try StochasticResponses(samples: Synthetic.gaussian(rows: 12, columns: 3, seed: 1), stimuli: 4, repeats: 3)
    let b = try StochasticResponses(samples: Synthetic.gaussian(rows: 12, columns: 3, seed: 2), stimuli: 3, repeats: 4)
    #expect(
      errorMessage { _ = try EnergyShapeMetric().fit(a, b, names: ("a", "b")) }
        == "stochastic shape: a has shape (4, 3, 3) but b has (3, 4, 3); the energy metric needs equal stimuli × repeats × units"
    )
    let single = try StochasticResponses(
      samples: Synthetic.gaussian(rows: 4, columns: 3, seed: 3), stimuli: 4, repeats: 1)
    #expect(
      errorMessage { _ = try EnergyShapeMetric().fit(single, single) }
        == "stochastic shape: the energy distance needs at least 2 repeats per stimulus, found 1")
    let ga = try GaussianResponses(a)
    let gb = try GaussianResponses(b)
    #expect(
      errorMessage { _ = try GaussianShapeMetric().fit(ga, gb, names: ("a", "b")) }
        == "stochastic shape: a has 4 stimuli × 3 units but b has 3 × 3; the Gaussian metric needs equal shapes")
    #expect(
      errorMessage { _ = try GaussianShapeMetric().distance(ga, ga, alignment: Matrix.identity(2)) }
        == "stochastic shape: the alignment is 2×2, expected 3×3")
  }
}
