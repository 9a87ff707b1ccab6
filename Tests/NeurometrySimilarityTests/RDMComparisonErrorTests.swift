import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Every documented error of the comparators and transforms, with its message.
@Suite struct RDMComparisonErrorTests {
  func rdms(_ rows: [[Double]], conditions: [String]? = nil) throws -> RDMs {
    try RDMs(dissimilarities: Matrix(rows), conditions: conditions)
  }

  @Test func differentMissingPairsAreNamed() throws {
    let a = try rdms([[1, .nan, 3, 4, 5, 6]], conditions: ["a", "b", "c", "d"])
    let b = try rdms([[1, 2, .nan, 4, 5, 6]], conditions: ["a", "b", "c", "d"])
    let m = errorMessage { _ = try RDMComparison(.corr).compare(a, b) }
    #expect(
      m
        == "compare (corr): the two sets of RDMs have missing (NaN) pairs at different positions: ('a', 'c') missing in the first set, ('a', 'd') missing in the second set"
    )
  }

  @Test func sizesLabelsAndTooFewConditions() throws {
    let four = try rdms([[1, 2, 3, 4, 5, 6]])
    let three = try rdms([[1, 2, 3]])
    #expect(
      errorMessage { _ = try RDMComparison().compare(four, three) }
        == "compare (cosine): the RDMs have 4 and 3 conditions (6 and 3 pairs)")
    let two = try rdms([[1]])
    #expect(
      errorMessage { _ = try RDMComparison(.corr).compare(two, two) }
        == "compare (corr): comparing RDMs needs at least 3 conditions, found 2")
    let named = try rdms([[1, 2, 3]], conditions: ["x", "y", "z"])
    let other = try rdms([[1, 2, 3]], conditions: ["x", "z", "y"])
    #expect(
      errorMessage { _ = try RDMComparison().compare(named, other) }
        == "compare (cosine): the RDMs are over different conditions: condition 1 is 'y' in the first set and 'z' in the second"
    )
    #expect(
      errorMessage { _ = try RDMComparison().compare(named, three) } == "no error", "index labels match any labels")
  }

  @Test func buresNeedsCompleteRDMsAndCovariancesMustFit() throws {
    let a = try rdms([[1, .nan, 3, 4, 5, 6]])
    #expect(
      errorMessage { _ = try RDMComparison(.bures).compare(a, a) }
        == "compare (bures): the Bures comparators need complete RDMs (1 pairs are missing)")
    let b = try rdms([[1, 2, 3, 4, 5, 6]])
    #expect(
      errorMessage { _ = try RDMComparison(.cosineCov, patternCovariance: .diagonal([1, 2])).compare(b, b) }
        == "compare (cosine-cov): the pattern covariance has 2 variances for 4 conditions")
    #expect(
      errorMessage { _ = try RDMComparison(.cosineCov, patternCovariance: .diagonal([1, 2, 0, 1])).compare(b, b) }
        == "compare (cosine-cov): pattern variance 2 is 0.0; variances must be positive and finite")
    #expect(
      errorMessage {
        _ = try RDMComparison(.corrCov, patternCovariance: .full(Matrix(rows: 4, columns: 4))).compare(b, b)
      }
      .hasPrefix("compare (corr-cov): matrix is not positive definite: the pattern covariance restricted"))
  }

  @Test func transformArguments() throws {
    #expect(
      errorMessage { _ = try GeoTopologicalTransform(lower: 0.6, upper: 0.4) }
        == "geo-topological transform: needs quantile levels 0 ≤ lower ≤ upper ≤ 1, found lower 0.6, upper 0.4")
    let constant = try rdms([[2, 2, 2]])
    #expect(
      errorMessage { _ = try RDMTransform.minMax.apply(constant) }
        == "transform (minmax): RDM 0: min-max scaling needs at least two different finite dissimilarities (the RDM is constant or empty)"
    )
    #expect(
      errorMessage { _ = try GeodesicTransform(pruning: .aboveQuantile(1.5)).apply([1, 2, 3], conditions: 3) }
        == "geodesic transform: the pruning quantile must be in [0, 1], found 1.5")
  }
}
