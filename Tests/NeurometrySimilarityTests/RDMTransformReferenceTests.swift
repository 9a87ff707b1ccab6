import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Transforms against rsatoolbox 0.3.2 `rdm.transform` and the tRSA paper code
/// (doerlbh/TopologicalRSA 18e5beb `gt_transform`, `geodesic_transform`), 1e-12 relative.
@Suite struct RDMTransformReferenceTests {
  func apply(_ t: RDMTransform, _ input: String, measure: String = "squared euclidean") throws -> RDMs {
    try t.apply(RDMs(dissimilarities: RSAFixtures.matrix(input), measure: measure))
  }

  func check(_ t: RDMTransform, _ input: String, _ expected: String) throws {
    let out = try apply(t, input)
    assertClose(out.dissimilarities, try RSAFixtures.matrix(expected), rtol: 1e-12, atol: 1e-15, expected)
  }

  @Test func rsatoolboxTransforms() throws {
    try check(.rank, "tr_input", "tr_rank")
    try check(.sqrt, "tr_input", "tr_sqrt")
    try check(.positive, "tr_input", "tr_positive")
    try check(.minMax, "tr_input", "tr_minmax")
    try check(.rank, "tr_nan_input", "tr_nan_rank")
    try check(
      .geoTopological(try GeoTopologicalTransform(lower: 0.1, upper: 0.6, scale: .raw)), "tr_input",
      "tr_geotopological_raw_0.1_0.6")
    try check(.geodesic(.rsatoolbox), "geo_input", "geo_rsatoolbox")
    #expect(try apply(.sqrt, "tr_input").measure == "euclidean")
    #expect(try apply(.rank, "tr_input").measure == "squared euclidean (ranks)")
  }

  @Test func paperCodeTransforms() throws {
    try check(.geoTopological(try GeoTopologicalTransform(preset: .paperDefaults)), "tr_input", "tr_paper_gt_0.2_0.8")
    try check(.geoTopological(try GeoTopologicalTransform(preset: .paperExample)), "tr_input", "tr_paper_gt_0_0.075")
    try check(.geodesic(.paperTwoStep), "geo_input", "geo_paper_twostep")
    try check(.geodesic(.paperShortest(p: 0.3)), "geo_input", "geo_paper_pshortest_0.3")
  }
}
