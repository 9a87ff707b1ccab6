import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Searchlights against rsatoolbox 0.3.2 `get_volume_searchlight` (exact) and
/// `get_searchlight_RDMs` (1e-9 relative), plus properties and errors.
@Suite struct SearchlightTests {
  func mask() throws -> [Bool] { try RSAFixtures.vector("sl_mask").map { $0 != 0 } }

  @Test(arguments: [("r2_t05", 2.0, 0.5, false), ("r25_t07_trunc", 2.5, 0.7, true), ("r15_t1", 1.5, 1.0, false)])
  func centresAndSpheresMatchRsatoolbox(tag: String, radius: Double, threshold: Double, truncate: Bool) throws {
    let s = try VolumeSearchlight(
      mask: mask(), shape: [7, 6, 5], radius: radius, threshold: threshold, truncateAtBoundary: truncate)
    #expect(s.centers == (try RSAFixtures.vector("sl_\(tag)_centers")).map { Int($0) })
    #expect(s.neighbors.map(\.count) == (try RSAFixtures.vector("sl_\(tag)_sizes")).map { Int($0) })
    #expect(s.neighbors.flatMap { $0 } == (try RSAFixtures.vector("sl_\(tag)_neighbors")).map { Int($0) })
  }

  @Test(arguments: [RDMMethod.correlation, .euclidean]) func searchlightRDMsMatchRsatoolbox(_ method: RDMMethod) throws
  {
    let s = try VolumeSearchlight(mask: mask(), shape: [7, 6, 5], radius: 2, threshold: 0.5)
    let data = try ResponsePatterns(
      measurements: RSAFixtures.matrix("sl_data"), observationDescriptors: ["events": RSAFixtures.labels("sl_events")])
    for block in [1, 7, 256] {
      let rdms = try SearchlightRDMEstimator(
        estimator: RDMEstimator(method: method, conditionDescriptor: "events"), blockSize: block
      ).fit(data, searchlight: s)
      assertClose(rdms.dissimilarities, try RSAFixtures.matrix("sl_rdms_\(method.rawValue)"), rtol: 1e-9, atol: 1e-14)
      #expect(rdms.conditions == ["e1", "e10", "e2", "e3"])
      #expect(rdms.rdmDescriptors["voxel_index"] == s.centers.map(String.init))
    }
  }

  /// Streamed model maps equal the comparison of the stored RDMs, whatever the block size.
  @Test(arguments: [RDMMethod.correlation, .euclidean]) func streamedMapsEqualStoredRDMsCompared(_ method: RDMMethod)
    throws
  {
    let s = try VolumeSearchlight(mask: mask(), shape: [7, 6, 5], radius: 2, threshold: 0.5)
    let data = try ResponsePatterns(
      measurements: RSAFixtures.matrix("sl_data"), observationDescriptors: ["events": RSAFixtures.labels("sl_events")])
    let expected = try RSAFixtures.matrix("sl_rdms_\(method.rawValue)")
    let models = try RDMs(
      dissimilarities: Matrix(rows: 2, columns: expected.columns) { r, c in expected[r == 0 ? 3 : 9, c] },
      conditions: ["e1", "e10", "e2", "e3"])
    let estimator = RDMEstimator(method: method, conditionDescriptor: "events")
    let stored = try SearchlightRDMEstimator(estimator: estimator).fit(data, searchlight: s)
    let reference = try RDMComparison(.spearman).compare(models, stored).values
    for block in [1, 7, 256] {
      let streamed = try SearchlightRDMEstimator(estimator: estimator, blockSize: block)
        .modelMaps(data, searchlight: s, models: models, comparison: RDMComparison(.spearman))
      #expect(streamed.maps.rows == 2 && streamed.maps.columns == s.centers.count)
      assertClose(streamed.maps, reference, rtol: 1e-12, atol: 1e-14, "block \(block)")
      #expect(streamed.maps[0, 3] == 1 && streamed.maps[1, 9] == 1)
    }
  }

  @Test func spheresAreSymmetricAndThresholdsNest() throws {
    let m = try mask()
    let all = try VolumeSearchlight(mask: m, shape: [7, 6, 5], radius: 2, threshold: 0)
    #expect(all.centers.count == m.filter { $0 }.count, "threshold 0 keeps every mask voxel")
    let strict = try VolumeSearchlight(mask: m, shape: [7, 6, 5], radius: 2, threshold: 1)
    #expect(Set(strict.centers).isSubset(of: Set(all.centers)))
    // v is in c's sphere iff c is in v's sphere (for centres that are both kept).
    let index = Dictionary(uniqueKeysWithValues: all.centers.enumerated().map { ($1, $0) })
    for (k, c) in all.centers.enumerated() {
      #expect(all.neighbors[k].contains(c))
      for v in all.neighbors[k] { if let j = index[v] { #expect(all.neighbors[j].contains(c)) } }
    }
    let truncated = try VolumeSearchlight(mask: m, shape: [7, 6, 5], radius: 2, threshold: 1, truncateAtBoundary: true)
    #expect(truncated.centers.count == m.filter { $0 }.count)
    #expect(truncated.neighbors.allSatisfy { $0.allSatisfy { m[$0] } })
  }

  @Test func errors() throws {
    #expect(throws: NeurometryError.self) { try VolumeSearchlight(mask: [true], shape: [1, 1]) }
    #expect(throws: NeurometryError.self) { try VolumeSearchlight(mask: [true, false], shape: [1, 1, 1]) }
    #expect(throws: NeurometryError.self) { try VolumeSearchlight(mask: [true], shape: [1, 1, 1], radius: 0) }
    let s = try VolumeSearchlight(mask: [Bool](repeating: true, count: 8), shape: [2, 2, 2], radius: 1.5, threshold: 0)
    let data = try ResponsePatterns(measurements: Synthetic.gaussian(rows: 4, columns: 7, seed: 1))
    #expect(
      errorMessage { _ = try SearchlightRDMEstimator(estimator: RDMEstimator()).fit(data, searchlight: s) }
        == "searchlight RDMs: the data have 7 columns but the volume [2, 2, 2] has 8 voxels")
  }
}

/// Crossnobis searchlights with a noise precision per sphere from its own voxels' residuals,
/// against rsatoolbox 0.3.2 run sphere by sphere (make_searchlight_noise.py: prec_from_residuals
/// with shrinkage_diag, then calc_rdm crossnobis with that precision; 74 centres), 1e-9.
@Suite struct SearchlightNoiseTests {
  @Test func perSphereNoiseMatchesRsatoolboxSphereBySphere() throws {
    let mask = try RSAFixtures.vector("sl_mask").map { $0 != 0 }
    let s = try VolumeSearchlight(mask: mask, shape: [7, 6, 5], radius: 1.5, threshold: 0.5)
    #expect(s.centers == (try RSAFixtures.vector("sln_centers")).map { Int($0) })
    let expected = try RSAFixtures.matrix("sln_rdms")
    #expect(expected.rows == 74 && expected.columns == 6)
    let data = try ResponsePatterns(
      measurements: RSAFixtures.matrix("sln_data"),
      observationDescriptors: ["conds": RSAFixtures.labels("sln_conds"), "runs": RSAFixtures.labels("sln_runs")])
    let residuals = try RSAFixtures.matrix("sln_residuals")
    for block in [1, 5, 256] {
      var estimator = SearchlightRDMEstimator(
        estimator: RDMEstimator(method: .crossnobis, conditionDescriptor: "conds", runDescriptor: "runs"),
        blockSize: block)
      estimator.noiseResiduals = residuals
      let rdms = try estimator.fit(data, searchlight: s)
      assertClose(rdms.dissimilarities, expected, rtol: 1e-9, atol: 1e-12)
      #expect(rdms.conditions == ["c1", "c10", "c2", "c3"])
      // Without the residuals the RDMs differ: the precision matters for these spheres.
      estimator.noiseResiduals = nil
      #expect(maxAbsDifference(try estimator.fit(data, searchlight: s).dissimilarities, expected) > 1e-3)
    }
    // A per-sphere precision needs a method that uses one, and residuals over the same voxels.
    var euclidean = SearchlightRDMEstimator(estimator: RDMEstimator(method: .euclidean, conditionDescriptor: "conds"))
    euclidean.noiseResiduals = residuals
    #expect(throws: NeurometryError.self) { try euclidean.fit(data, searchlight: s) }
    var short = SearchlightRDMEstimator(
      estimator: RDMEstimator(method: .crossnobis, conditionDescriptor: "conds", runDescriptor: "runs"))
    short.noiseResiduals = Matrix(rows: 30, columns: 10)
    #expect(throws: NeurometryError.self) { try short.fit(data, searchlight: s) }
  }
}
