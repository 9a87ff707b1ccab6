import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Errors of `NoiseCovarianceEstimator.fit(runs:labels:degreesOfFreedom:)` and
/// `fit(residuals:runDescriptor:degreesOfFreedom:)`, each with its message.
@Suite struct RunNoisePrecisionErrorTests {
  let a = Synthetic.gaussian(rows: 12, columns: 5, seed: 1)
  let b = Synthetic.gaussian(rows: 9, columns: 5, seed: 2)

  @Test func fullWithFewerResidualRowsThanChannelsNamesTheRun() throws {
    let wide = Synthetic.gaussian(rows: 4, columns: 5, seed: 3)
    #expect(throws: NeurometryError.self) {
      try NoiseCovarianceEstimator(method: .full).fit(
        runs: [a, wide], labels: ["r1", "r2"], degreesOfFreedom: [10, 2])
    }
    #expect(
      errorMessage { _ = try NoiseCovarianceEstimator(method: .full).fit(runs: [a, wide], labels: ["r1", "r2"]) }
        == "noise covariance (full), run 'r2': singular matrix: 4 residual rows over 5 channels give a covariance of rank at most 3 < 5; use shrinkage-diag or shrinkage-eye"
    )
  }

  @Test func countsAndChannelsMustAgree() {
    #expect(
      errorMessage { _ = try NoiseCovarianceEstimator().fit(runs: [a, b], labels: ["1"]) }
        == "noise covariance (shrinkage-diag) per run: 2 residual matrices for 1 run labels")
    #expect(
      errorMessage {
        _ = try NoiseCovarianceEstimator().fit(runs: [a, b], labels: ["1", "2"], degreesOfFreedom: [10])
      }
        == "noise covariance (shrinkage-diag) per run: 1 degrees of freedom for 2 runs")
    #expect(
      errorMessage { _ = try NoiseCovarianceEstimator().fit(runs: [a, b], labels: ["1", "1"]) }
        == "noise covariance (shrinkage-diag) per run: run labels repeat (1, 1); each run needs its own")
    let narrow = Synthetic.gaussian(rows: 9, columns: 4, seed: 4)
    #expect(
      errorMessage { _ = try NoiseCovarianceEstimator().fit(runs: [a, narrow], labels: ["1", "2"]) }
        == "noise covariance (shrinkage-diag) per run: run '2' has 4 channels but run '1' has 5")
  }

  @Test func nonPositiveDegreesOfFreedomAndZeroVarianceNameTheRun() {
    #expect(
      errorMessage {
        _ = try NoiseCovarianceEstimator().fit(runs: [a, b], labels: ["1", "2"], degreesOfFreedom: [10, 0])
      }
        == "noise covariance (shrinkage-diag), run '2': degrees of freedom must be positive, found 0")
    var flat = b
    for i in 0..<flat.rows { flat[i, 3] = 7 }
    #expect(
      errorMessage { _ = try NoiseCovarianceEstimator(method: .diagonal).fit(runs: [a, flat], labels: ["1", "2"]) }
        == "noise covariance (diag), run '2': singular matrix: channel 3 has zero residual variance, so the covariance is singular; remove the channel"
    )
  }

  @Test func patternsNeedTheRunDescriptorAndEveryRunsDegreesOfFreedom() throws {
    let x = Matrix.verticalConcatenation([a, b])
    let runs = Array(repeating: "c2", count: 12) + Array(repeating: "c10", count: 9)
    let patterns = try ResponsePatterns(measurements: x, observationDescriptors: ["run": runs], source: "residuals")
    #expect(
      errorMessage { _ = try NoiseCovarianceEstimator().fit(residuals: patterns, degreesOfFreedom: ["c2": 10]) }
        == "noise covariance per run: no degrees of freedom given for run 'c10'")
    #expect(
      errorMessage { _ = try NoiseCovarianceEstimator().fit(residuals: patterns, runDescriptor: "session") }
        != "no error")
    // Runs sorted lexicographically ('c10' < 'c2'), each from its own rows.
    let fit = try NoiseCovarianceEstimator().fit(residuals: patterns, degreesOfFreedom: ["c2": 10, "c10": 7])
    #expect(fit.runs == ["c10", "c2"])
    #expect(fit.estimates.map(\.observations) == [9, 12])
    #expect(fit.estimates.map(\.degreesOfFreedom) == [7, 10])
    let alone = try NoiseCovarianceEstimator(degreesOfFreedom: 7).fit(residuals: b)
    #expect(fit.precisions[0] == alone.precision)
  }
}

/// Noise estimates are Codable (one JSON encoding beside the measure).
@Suite struct NoiseEstimateCodableTests {
  @Test func estimatesRoundTrip() throws {
    let residuals = try Fixtures.matrix("rsa", "noise_residuals_tall")
    let runs = try NoiseCovarianceEstimator().fit(
      residuals: residuals, runs: Labels(strings: (0..<30).map { $0 < 15 ? "a" : "b" }))
    let back = try JSONDecoder().decode(RunNoiseEstimates.self, from: JSONEncoder().encode(runs))
    #expect(back == runs && back.runs == ["a", "b"])
  }
}
