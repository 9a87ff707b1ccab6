import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Every documented error of the RDM estimators and noise covariances, with its message.
@Suite struct RDMEstimatorErrorTests {
  func patterns(_ conds: [String], runs: [String]? = nil, channels: Int = 4, seed: UInt64 = 1) throws
    -> ResponsePatterns
  {
    var d = ["cond": conds]
    if let runs { d["run"] = runs }
    return try ResponsePatterns(
      measurements: Synthetic.gaussian(rows: conds.count, columns: channels, seed: seed), observationDescriptors: d)
  }

  @Test func crossnobisConditionWithASingleObservation() throws {
    let data = try patterns(["a", "b", "a", "b", "c"], runs: ["1", "1", "2", "2", "1"])
    let m = errorMessage {
      _ = try RDMEstimator(method: .crossnobis, conditionDescriptor: "cond", runDescriptor: "run").fit(data)
    }
    #expect(
      m
        == "rdm (crossnobis): condition 'c' has a single observation; crossnobis needs every condition in at least two runs"
    )
  }

  @Test func crossnobisWithOneFoldOnly() throws {
    let data = try patterns(["a", "b", "a", "b"], runs: ["7", "7", "7", "7"])
    let m = errorMessage {
      _ = try RDMEstimator(method: .crossnobis, conditionDescriptor: "cond", runDescriptor: "run").fit(data)
    }
    #expect(m == "rdm (crossnobis): crossnobis needs at least two runs (folds) but descriptor 'run' has one ('7')")
  }

  @Test func crossnobisConditionMissingFromARun() throws {
    let data = try patterns(["a", "b", "a", "b", "a", "b", "b"], runs: ["1", "1", "2", "2", "3", "3", "2"])
    let ok = try RDMEstimator(method: .crossnobis, conditionDescriptor: "cond", runDescriptor: "run").fit(data)
    #expect(ok.pairCount == 1)
    let bad = try patterns(["a", "b", "a", "b", "b"], runs: ["1", "1", "2", "2", "3"])
    let m = errorMessage {
      _ = try RDMEstimator(method: .poissonCV, conditionDescriptor: "cond", runDescriptor: "run").fit(bad)
    }
    #expect(
      m
        == "rdm (poisson-cv): condition 'a' has no observation in run '3'; poisson-cv needs every condition in every run (for incomplete designs use the unbalanced estimator)"
    )
  }

  @Test func crossnobisDefaultFoldsNeedEqualRepetitions() throws {
    let data = try patterns(["a", "b", "a", "b", "b"])
    let m = errorMessage { _ = try RDMEstimator(method: .crossnobis, conditionDescriptor: "cond").fit(data) }
    #expect(m.contains("needs equal repetitions; condition 'a' has 2 observations but 'b' has 3"))
    let noDescriptor = errorMessage { _ = try RDMEstimator(method: .crossnobis).fit(data) }
    #expect(noDescriptor.contains("crossnobis needs a condition descriptor"))
  }

  @Test func mismatchedLabelCounts() throws {
    let m = errorMessage {
      _ = try ResponsePatterns(
        measurements: Matrix(rows: 5, columns: 2), observationDescriptors: ["cond": ["a", "b"]], source: "rdm")
    }
    #expect(m == "rdm: observation descriptor 'cond' has 2 labels but the patterns have 5 rows")
    let rdms = errorMessage { _ = try RDMs(dissimilarities: Matrix(rows: 1, columns: 6), conditions: ["a", "b", "c"]) }
    #expect(rdms == "RDMs: 3 condition labels for RDMs of 4 conditions (6 pairs)")
    let duplicate = errorMessage {
      _ = try RDMs(dissimilarities: Matrix(rows: 1, columns: 3), conditions: ["a", "b", "a"])
    }
    #expect(duplicate == "RDMs: condition label 'a' occurs more than once; labels must be distinct")
    let missing = errorMessage {
      _ = try RDMEstimator(method: .euclidean, conditionDescriptor: "stimulus").fit(try patterns(["a", "b"]))
    }
    #expect(missing == "rdm (euclidean): no observation descriptor 'stimulus' (available: 'cond')")
  }

  @Test func fewerThanTwoConditions() throws {
    let m = errorMessage {
      _ = try RDMEstimator(method: .euclidean, conditionDescriptor: "cond").fit(try patterns(["a", "a", "a"]))
    }
    #expect(m == "rdm (euclidean): an RDM needs at least 2 conditions, found 1")
  }

  @Test func singularNoiseCovarianceForFull() throws {
    let r = Synthetic.gaussian(rows: 6, columns: 9, seed: 3)
    let m = errorMessage { _ = try NoiseCovarianceEstimator(method: .full).fit(residuals: r) }
    #expect(
      m
        == "noise covariance (full): singular matrix: 6 residual rows over 9 channels give a covariance of rank at most 5 < 9; use shrinkage-diag or shrinkage-eye"
    )
    var constant = Synthetic.gaussian(rows: 12, columns: 4, seed: 3)
    for i in 0..<12 { constant[i, 2] = 1.5 }
    let d = errorMessage { _ = try NoiseCovarianceEstimator(method: .shrinkageDiagonal).fit(residuals: constant) }
    #expect(
      d
        == "noise covariance (shrinkage-diag): singular matrix: channel 2 has zero residual variance, so the covariance is singular; remove the channel"
    )
    let dependent = Matrix.horizontalConcatenation([constant.selectingColumns([0, 1]), constant.selectingColumns([0])])
    let f = errorMessage { _ = try NoiseCovarianceEstimator(method: .full).fit(residuals: dependent) }
    #expect(
      f.hasPrefix(
        "noise covariance (full): singular matrix: the 3×3 covariance estimated from 12 residual rows is not positive definite"
      ))
  }

  @Test func precisionOfTheWrongShapeAndNaNMeasurements() throws {
    let data = try patterns(["a", "b", "c"], channels: 4)
    let m = errorMessage {
      _ = try RDMEstimator(method: .mahalanobis, conditionDescriptor: "cond", noisePrecision: .identity(3)).fit(data)
    }
    #expect(m == "rdm (mahalanobis): the noise precision is 3×3 but the patterns have 4 channels (expected 4×4)")
    var x = data.measurements
    x[1, 3] = .nan
    let nan = errorMessage { _ = try RDMEstimator(method: .euclidean).fit(ResponsePatterns(measurements: x)) }
    #expect(
      nan
        == "rdm (euclidean): the pattern matrix has a non-finite value (nan) at row 1, channel 3; this estimator needs finite values (for NaN channels use the unbalanced estimator)"
    )
    // The Euclidean RDM finds non-finite values on its Gram's diagonal: ∞ and overflow too.
    var infinite = data.measurements
    infinite[2, 0] = -.infinity
    #expect(
      errorMessage { _ = try RDMEstimator(method: .euclidean).fit(ResponsePatterns(measurements: infinite)) }
        == "rdm (euclidean): the pattern matrix has a non-finite value (-inf) at row 2, channel 0; this estimator needs finite values (for NaN channels use the unbalanced estimator)"
    )
    var huge = data.measurements
    huge[0, 1] = 1e200
    #expect(
      errorMessage { _ = try RDMEstimator(method: .euclidean).fit(ResponsePatterns(measurements: huge)) }
        == "rdm (euclidean): the squared measurements overflow (|x| above ~1e154); rescale the data first")
    let wrongMethod = errorMessage { _ = try RDMEstimator(method: .euclidean, noisePrecision: .identity(4)).fit(data) }
    #expect(wrongMethod == "rdm (euclidean): a noise precision applies only to mahalanobis and crossnobis")
  }

  @Test func constantPatternForCorrelationAndNegativeRatesForPoisson() throws {
    var x = Synthetic.gaussian(rows: 3, columns: 5, seed: 2)
    for j in 0..<5 { x[1, j] = 4 }
    let data = try ResponsePatterns(measurements: x, observationDescriptors: ["cond": ["p", "q", "r"]])
    let m = errorMessage { _ = try RDMEstimator(method: .correlation, conditionDescriptor: "cond").fit(data) }
    #expect(
      m
        == "rdm (correlation): the pattern of condition 'q' is constant across channels, so its correlation with other patterns is undefined"
    )
    x[2, 3] = -3
    let p = errorMessage {
      _ = try RDMEstimator(method: .poisson, conditionDescriptor: "cond").fit(
        ResponsePatterns(measurements: x, observationDescriptors: ["cond": ["p", "q", "r"]]))
    }
    #expect(p.hasPrefix("rdm (poisson): Poisson rates must be positive after the prior: condition"))
  }

  @Test func mahalanobisWithoutPrecisionSaysItIsEuclidean() throws {
    let data = try patterns(["a", "b", "c"])
    let r = try RDMEstimator(method: .mahalanobis, conditionDescriptor: "cond").fit(data)
    #expect(r.measure == "squared euclidean")
    #expect(r.warnings.first?.contains("identity precision") == true)
  }
}
