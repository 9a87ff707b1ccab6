import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Sign-rank tests against rsatoolbox's 'ranksum' tests and `scipy.stats.wilcoxon` (each of its
/// methods), 1e-12 relative.
@Suite struct SignedRankReferenceTests {
  @Test func rsatoolboxRanksumTestsOfTheFixedEvaluation() throws {
    let m = try RSAFixtures.matrix("inf_models")
    let models = try (0..<m.rows).map { k in
      try RSAModel.fixed("m\(k)", RDMs(dissimilarities: Matrix(rows: 1, columns: m.columns, elements: m.row(k))))
    }
    let r = try ModelEvaluator(comparison: RDMComparison(.corr)).evaluateFixed(
      models, data: RDMs(dissimilarities: RSAFixtures.matrix("inf_data")))
    let t = try r.tests(.signRank)
    assertClose(t.pairwise, try RSAFixtures.matrix("inf_fixed_ranksum_p_pairwise"), rtol: 1e-12)
    assertClose(t.versusZero, try RSAFixtures.vector("inf_fixed_ranksum_p_zero"), rtol: 1e-12)
    assertClose(t.versusNoiseCeiling, try RSAFixtures.vector("inf_fixed_ranksum_p_noise"), rtol: 1e-12)
  }

  @Test(arguments: 0..<5) func scipyWilcoxon(_ k: Int) throws {
    let d = try RSAFixtures.vector("wilcoxon_\(k)_d")
    assertClose(SignedRankTest.pValue(d), try RSAFixtures.vector("wilcoxon_\(k)_p")[0], rtol: 1e-12, "sample \(k)")
  }
}
