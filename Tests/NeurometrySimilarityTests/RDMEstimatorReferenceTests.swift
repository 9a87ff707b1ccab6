import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// RDM estimators against rsatoolbox 0.3.2 (`calc_rdm`, `calc_rdm_unbalanced`, `calc_rdm_movie`)
/// on Tests/Fixtures/rsa (make_rsa.py). Tolerance 1e-9 relative; near-zero values (|d| below
/// 1e-12 of the RDM's scale) are cancellation noise on both sides and compared absolutely.
@Suite struct RDMEstimatorReferenceTests {
  func check(_ rdms: RDMs, _ expected: String, conditions: String? = "bal_sorted_conditions") throws {
    let e = try RSAFixtures.matrix(expected)
    let scale = e.elements.filter { $0.isFinite }.map { abs($0) }.max() ?? 1
    assertClose(rdms.dissimilarities, e, rtol: 1e-9, atol: 1e-13 * scale, expected)
    if let conditions { #expect(rdms.conditions == (try RSAFixtures.labels(conditions))) }
  }

  @Test func euclideanCorrelationMahalanobisOnAveragedConditions() throws {
    let data = try RSAFixtures.balanced()
    let precision = try RSAFixtures.matrix("bal_precision")
    let e = try RDMEstimator(method: .euclidean, conditionDescriptor: "conds").fit(data)
    try check(e, "bal_rdm_euclidean")
    #expect(e.conditions == ["c1", "c10", "c2", "c20", "c3", "c4"], "lexicographic: 'c10' < 'c2'")
    #expect(e.measure == "squared euclidean")
    try check(
      try RDMEstimator(method: .euclidean, conditionDescriptor: "conds", removeMean: true).fit(data),
      "bal_rdm_euclidean_removemean")
    try check(try RDMEstimator(method: .correlation, conditionDescriptor: "conds").fit(data), "bal_rdm_correlation")
    let m = try RDMEstimator(method: .mahalanobis, conditionDescriptor: "conds", noisePrecision: precision).fit(data)
    try check(m, "bal_rdm_mahalanobis")
    #expect(m.measure == "squared mahalanobis")
  }

  @Test func oneConditionPerRowWithoutDescriptor() throws {
    let data = try ResponsePatterns(measurements: RSAFixtures.matrix("bal_rows_measurements"))
    let e = try RDMEstimator(method: .euclidean).fit(data)
    try check(e, "bal_rows_rdm_euclidean", conditions: nil)
    #expect(e.conditions == ["0", "1", "2", "3", "4", "5", "6"])
    try check(try RDMEstimator(method: .correlation).fit(data), "bal_rows_rdm_correlation", conditions: nil)
  }

  @Test func crossnobisWithAndWithoutNoiseIncludingNegativeValues() throws {
    let data = try RSAFixtures.balanced()
    let precision = try RSAFixtures.matrix("bal_precision")
    let plain = try RDMEstimator(method: .crossnobis, conditionDescriptor: "conds", runDescriptor: "runs").fit(data)
    try check(plain, "bal_rdm_crossnobis")
    #expect(plain.dissimilarities.elements.contains { $0 < 0 }, "the fixture has negative crossnobis values")
    #expect(plain.descriptors["folds"] == "4")
    try check(
      try RDMEstimator(
        method: .crossnobis, conditionDescriptor: "conds", runDescriptor: "runs", noisePrecision: precision
      )
      .fit(data), "bal_rdm_crossnobis_noise")
    try check(
      try RDMEstimator(method: .crossnobis, conditionDescriptor: "conds", runDescriptor: "runs", removeMean: true).fit(
        data), "bal_rdm_crossnobis_removemean")
  }

  @Test func crossnobisWithOnePrecisionPerRun() throws {
    let data = try RSAFixtures.balanced()
    let stacked = try RSAFixtures.matrix("bal_run_precisions")  // 4 runs × 11 × 11, in run order
    let precisions = (0..<4).map { Matrix(copying: stacked.rowBlock(($0 * 11)..<(($0 + 1) * 11))) }
    let rdm = try RDMEstimator(
      method: .crossnobis, conditionDescriptor: "conds", runDescriptor: "runs", runNoisePrecisions: precisions
    ).fit(data)
    try check(rdm, "bal_rdm_crossnobis_runnoise")
    #expect(rdm.descriptors["noise"] == "4 run precisions 11×11")
  }

  @Test func crossnobisDefaultFoldsAreTheKthRepetition() throws {
    let all = try RSAFixtures.balanced()
    let keep = try RSAFixtures.vector("bal_equal_index").map { Int($0) }
    let data = try ResponsePatterns(
      measurements: all.measurements.selectingRows(keep),
      observationDescriptors: ["conds": keep.map { all.observationDescriptors["conds"]![$0] }])
    try check(
      try RDMEstimator(method: .crossnobis, conditionDescriptor: "conds").fit(data), "bal_rdm_crossnobis_defaultfolds")
  }

  @Test func numericLabelsSortNumerically() throws {
    let all = try RSAFixtures.balanced()
    let data = try ResponsePatterns(
      measurements: all.measurements, observationDescriptors: ["conds": try RSAFixtures.labels("num_conditions")])
    let e = try RDMEstimator(method: .euclidean, conditionDescriptor: "conds").fit(data)
    try check(e, "num_rdm_euclidean", conditions: "num_sorted_conditions")
    #expect(e.conditions == ["1", "2", "9", "10", "21", "100"])
  }

  @Test func poissonAndCrossValidatedPoisson() throws {
    let data = try RSAFixtures.balanced(measurements: "pois_measurements")
    try check(try RDMEstimator(method: .poisson, conditionDescriptor: "conds").fit(data), "pois_rdm_poisson")
    let last = RDMEstimator(
      method: .poissonCV, conditionDescriptor: "conds", runDescriptor: "runs", poissonFolds: .lastFold)
    try check(try last.fit(data), "pois_rdm_poissoncv_lastfold")
    let average = RDMEstimator(method: .poissonCV, conditionDescriptor: "conds", runDescriptor: "runs")
    try check(try average.fit(data), "pois_rdm_poissoncv_average_formula")
  }

  @Test func unbalancedDesignsWithNaNChannels() throws {
    let clean = try RSAFixtures.unbalanced("unb_measurements")
    let nan = try RSAFixtures.unbalanced("unb_measurements_nan")
    let counts = try RSAFixtures.unbalanced("unb_counts_nan")
    let precision = try RSAFixtures.matrix("unb_precision")
    let c = "unb_sorted_conditions"
    func fit(_ e: UnbalancedRDMEstimator, _ d: ResponsePatterns) throws -> RDMs { try e.fit(d) }
    try check(
      try fit(.init(method: .euclidean, conditionDescriptor: "conds"), clean), "unb_rdm_euclidean", conditions: c)
    try check(
      try fit(.init(method: .euclidean, conditionDescriptor: "conds"), nan), "unb_rdm_euclidean_nan", conditions: c)
    try check(
      try fit(.init(method: .euclidean, conditionDescriptor: "conds", weighting: .equal), nan),
      "unb_rdm_euclidean_nan_equal_formula", conditions: c)
    try check(
      try fit(.init(method: .euclidean, conditionDescriptor: "conds", runDescriptor: "runs"), nan),
      "unb_rdm_euclidean_cv_nan", conditions: c)
    try check(
      try fit(.init(method: .crossnobis, conditionDescriptor: "conds", runDescriptor: "runs"), nan),
      "unb_rdm_crossnobis_nan", conditions: c)
    try check(
      try fit(
        .init(method: .crossnobis, conditionDescriptor: "conds", runDescriptor: "runs", noisePrecision: precision),
        clean),
      "unb_rdm_crossnobis_noise", conditions: c)
    try check(
      try fit(.init(method: .mahalanobis, conditionDescriptor: "conds", noisePrecision: precision), clean),
      "unb_rdm_mahalanobis_noise", conditions: c)
    try check(
      try fit(.init(method: .correlation, conditionDescriptor: "conds"), clean), "unb_rdm_correlation", conditions: c)
    try check(
      try fit(.init(method: .correlation, conditionDescriptor: "conds"), nan), "unb_rdm_correlation_nan_formula",
      conditions: c)
    try check(
      try fit(.init(method: .poisson, conditionDescriptor: "conds"), counts), "unb_rdm_poisson_nan", conditions: c)
    try check(
      try fit(.init(method: .poissonCV, conditionDescriptor: "conds", runDescriptor: "runs"), counts),
      "unb_rdm_poissoncv_nan", conditions: c)
  }

  @Test func timeResolvedPerPointAndBinned() throws {
    let a = try Fixtures.array("rsa", "time_measurements")  // (8, 7, 9)
    let v = try a.doubles(context: "time")
    let (n, p, t) = (a.shape[0], a.shape[1], a.shape[2])
    let slices = (0..<t).map { k in Matrix(rows: n, columns: p) { i, j in v[(i * p + j) * t + k] } }
    let times = (0..<t).map { Double($0) * 0.1 }
    let descriptors = ["conds": try RSAFixtures.typedLabels("time_conditions")]
    let movie = try TimeResolvedRDMEstimator(estimator: RDMEstimator(method: .euclidean, conditionDescriptor: "conds"))
      .fit(slices: slices, times: times, observationLabels: descriptors)
    try check(movie, "time_rdm_euclidean", conditions: nil)
    #expect(movie.conditions == ["x1", "x10", "x2", "y"])
    let binned = try TimeResolvedRDMEstimator(
      estimator: RDMEstimator(method: .correlation, conditionDescriptor: "conds"),
      bins: [[0, 1, 2], [3, 4], [5, 6, 7, 8]]
    ).fit(slices: slices, times: times, observationLabels: descriptors)
    try check(binned, "time_rdm_correlation_binned", conditions: nil)
    let expectedTimes = try RSAFixtures.vector("time_rdm_correlation_binned_times")
    assertClose(binned.rdmDescriptors["time"]!.map { Double($0)! }, expectedTimes, rtol: 1e-12, "bin times")
  }
}
