import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Every documented shape-metric error, with its message.
@Suite struct ShapeMetricErrorTests {
  let x = Synthetic.gaussian(rows: 10, columns: 3, seed: 1)
  let y = Synthetic.gaussian(rows: 10, columns: 4, seed: 2)

  @Test func alphaOutsideTheUnitInterval() {
    #expect(
      errorMessage { _ = try ShapeMetric(alpha: 1.5) }
        == "shape: the partial-whitening parameter alpha must be in [0, 1], found 1.5")
    #expect(
      errorMessage { _ = try ShapeMetric(alpha: .nan) }
        == "shape: the partial-whitening parameter alpha must be in [0, 1], found nan")
  }

  @Test func differentStimulusCountsAndWidthsWithoutPadding() throws {
    let short = Synthetic.gaussian(rows: 9, columns: 3, seed: 3)
    #expect(
      errorMessage { _ = try ShapeMetric().distance(x, short, names: ("a.npy", "b.npy")) }
        == "shape: a.npy has 10 rows (stimuli) but b.npy has 9; shape metrics compare responses to the same stimuli")
    #expect(
      errorMessage { _ = try ShapeMetric(zeroPad: false).distance(x, y, names: ("a.npy", "b.npy")) }
        == "shape: a.npy has 3 units (columns) but b.npy has 4, and zero padding is off; turn it on or compare equal widths"
    )
  }

  @Test func nonFiniteTooFewAndConstantInputs() {
    var bad = x
    bad[2, 1] = .infinity
    #expect(
      errorMessage { _ = try ShapeMetric().distance(bad, y) }
        == "shape: X has a non-finite value (inf) at row 2, column 1")
    let one = Synthetic.gaussian(rows: 1, columns: 3, seed: 4)
    #expect(
      errorMessage { _ = try ShapeMetric().distance(one, one) }
        == "shape: X has 1 observation(s); shape metrics need at least 2")
    let constant = Matrix(rows: 10, columns: 3, repeating: 2)
    #expect(
      errorMessage { _ = try ShapeMetric().distance(constant, y, names: ("c.npy", "y.npy")) }
        == "shape: c.npy is zero after centring (constant across observations), so the angular shape distance is undefined"
    )
    // The Euclidean distance to a constant representation is defined (the other's norm).
    #expect((try? ShapeMetric(score: .euclidean).distance(constant, y)) != nil)
  }

  @Test func testDataMustMatchTheTrainingUnits() {
    let xt = Synthetic.gaussian(rows: 5, columns: 3, seed: 5)
    let yt = Synthetic.gaussian(rows: 5, columns: 5, seed: 6)
    #expect(
      errorMessage { _ = try ShapeMetric().crossValidatedDistance(train: (x, y), test: (xt, yt)) }
        == "shape: the test data of Y has 5 units (columns) but its training data has 4")
    let yt2 = Synthetic.gaussian(rows: 6, columns: 4, seed: 7)
    #expect(
      errorMessage { _ = try ShapeMetric().crossValidatedDistance(train: (x, y), test: (xt, yt2)) }
        == "shape: the test data of X has 5 rows (stimuli) but that of Y has 6")
  }

  @Test func zeroHeldOutDataHasNoAngularDistance() throws {
    // Test rows equal to the training means are zero after centring.
    let means = Matrix(rows: 3, columns: 3) { _, j in x.columnMeans[j] }
    let ymeans = Matrix(rows: 3, columns: 4) { _, j in y.columnMeans[j] }
    #expect(
      errorMessage { _ = try ShapeMetric().crossValidatedDistance(train: (x, y), test: (means, ymeans)) }
        == "shape: a representation is zero after centring and whitening, so the angular shape distance is undefined")
  }

  @Test func pairwiseNeedsTwoRepresentationsAndMatchingLists() {
    #expect(
      errorMessage { _ = try ShapeMetric().pairwiseDistances([x]) }
        == "shape: pairwise distances need at least 2 representations, found 1")
    #expect(
      errorMessage { _ = try ShapeMetric().pairwiseDistances([x, y], names: ["a"]) }
        == "shape: 1 names for 2 representations")
    #expect(
      errorMessage { _ = try ShapeMetric().pairwiseDistances([x, y], test: [x]) }
        == "shape: 1 test sets for 2 representations")
  }

  @Test func fittedAlignmentRefusesOtherWidths() throws {
    let fit = try ShapeMetric().fit(x, y)
    #expect(
      errorMessage { _ = try fit.score(y, x) }
        == "shape: the alignment was fitted to 3 and 4 units, found 4 and 3")
  }
}
