import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// The dual bootstrap of fixed models against rsatoolbox `eval_dual_bootstrap(k_pattern=1,
/// k_rdm=1)` given the indices numpy drew: per-type evaluations, means, combined variances and
/// t-tests (1e-9; p 1e-8 + 1e-15).
@Suite struct DualBootstrapReferenceTests {
  @Test func dualBootstrapMatchesRsatoolbox() throws {
    let m = try RSAFixtures.matrix("inf_models")
    let models = try (0..<m.rows).map { k in
      try RSAModel.fixed("m\(k)", RDMs(dissimilarities: Matrix(rows: 1, columns: m.columns, elements: m.row(k))))
    }
    let rdms = try RSAFixtures.matrix("inf_dual_rdms")
    let conditions = try RSAFixtures.matrix("inf_dual_conditions")
    let samples = (0..<rdms.rows).map { b in
      BootstrapSample(rdms: rdms.row(b).map { Int($0) }, conditions: conditions.row(b).map { Int($0) })
    }
    let r = try ModelEvaluator(comparison: RDMComparison(.corr)).dualBootstrap(
      models, data: RDMs(dissimilarities: RSAFixtures.matrix("inf_data")), samples: samples)
    let byType = try RSAFixtures.matrix("inf_dual_evaluations_by_type")  // (3·N) × M: both, subjects, conditions
    let n = samples.count
    let mean = Matrix(rows: n, columns: 4) { b, j in (byType[b, j] + byType[n + b, j] + byType[2 * n + b, j]) / 3 }
    assertClose(r.evaluations, mean, rtol: 1e-9, atol: 1e-14)
    assertClose(r.means, try RSAFixtures.vector("inf_dual_means"), rtol: 1e-9)
    assertClose(try #require(r.modelVariances), try RSAFixtures.vector("inf_dual_model_var"), rtol: 1e-9)
    assertClose(try #require(r.differenceVariances), try RSAFixtures.vector("inf_dual_diff_var"), rtol: 1e-9)
    assertClose(try #require(r.noiseCeilingVariances), try RSAFixtures.matrix("inf_dual_nc_var"), rtol: 1e-9)
    let t = try r.tests()
    assertClose(t.pairwise, try RSAFixtures.matrix("inf_dual_p_pairwise"), rtol: 1e-8, atol: 1e-15)
    assertClose(t.versusZero, try RSAFixtures.vector("inf_dual_p_zero"), rtol: 1e-8, atol: 1e-15)
    assertClose(t.versusNoiseCeiling, try RSAFixtures.vector("inf_dual_p_noise"), rtol: 1e-8, atol: 1e-15)
  }
}
