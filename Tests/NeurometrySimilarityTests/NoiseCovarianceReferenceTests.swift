import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Noise covariances and precisions against rsatoolbox 0.3.2 `cov_from_residuals`,
/// `prec_from_residuals` and `cov_from_unbalanced` (1e-9 relative; precisions come from Cholesky
/// here and LU in numpy, which agree to rounding for these well-conditioned matrices).
@Suite struct NoiseCovarianceReferenceTests {
  static let tags: [(NoiseCovarianceMethod, String)] = [
    (.shrinkageDiagonal, "shrinkagediag"), (.shrinkageIdentity, "shrinkageeye"), (.diagonal, "diag"), (.full, "full"),
  ]

  @Test(arguments: tags) func moreResidualsThanChannels(method: NoiseCovarianceMethod, tag: String) throws {
    let r = try RSAFixtures.matrix("noise_residuals_tall")
    let fit = try NoiseCovarianceEstimator(method: method).fit(residuals: r)
    assertClose(fit.covariance, try RSAFixtures.matrix("noise_tall_cov_\(tag)"), rtol: 1e-9, atol: 1e-14, "cov \(tag)")
    assertClose(fit.precision, try RSAFixtures.matrix("noise_tall_prec_\(tag)"), rtol: 1e-8, atol: 1e-12, "prec \(tag)")
    #expect(fit.degreesOfFreedom == 29)
    let dof20 = try NoiseCovarianceEstimator(method: method, degreesOfFreedom: 20).fit(residuals: r)
    assertClose(
      dof20.covariance, try RSAFixtures.matrix("noise_tall_cov_\(tag)_dof20"), rtol: 1e-9, atol: 1e-14, "dof 20 \(tag)")
  }

  @Test(arguments: tags.dropLast()) func fewerResidualsThanChannels(method: NoiseCovarianceMethod, tag: String) throws {
    let r = try RSAFixtures.matrix("noise_residuals_wide")
    let fit = try NoiseCovarianceEstimator(method: method).fit(residuals: r)
    assertClose(fit.covariance, try RSAFixtures.matrix("noise_wide_cov_\(tag)"), rtol: 1e-9, atol: 1e-14, "cov \(tag)")
    assertClose(fit.precision, try RSAFixtures.matrix("noise_wide_prec_\(tag)"), rtol: 1e-8, atol: 1e-11, "prec \(tag)")
  }

  @Test func fromRepeatedMeasurements() throws {
    let data = try RSAFixtures.balanced()
    let fit = try NoiseCovarianceEstimator().fit(measurements: data, conditionDescriptor: "conds")
    assertClose(fit.covariance, try RSAFixtures.matrix("noise_bal_cov_unbalanced"), rtol: 1e-9, atol: 1e-14)
    #expect(fit.degreesOfFreedom == data.observationCount - 6)
  }
}
