import Foundation
import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// The condition-label permutation test: power on related models, calibration on noise, reproducibility.
@Suite struct ConditionPermutationTestTests {
  @Test func relatedModelsAreSignificantAndUnrelatedOnesAreNot() throws {
    let (data, models) = try ModelEvaluationPropertyTests.setup(subjects: 6, conditions: 12, seed: 7)
    var g = RandomStream(seed: 70)
    let noise = try RDMs(dissimilarities: Matrix(rows: 1, columns: 66, elements: (0..<66).map { _ in g.nextUniform() }))
    let all = models + [try RSAModel.fixed("noise", noise)]
    let test = ConditionPermutationTest(comparison: RDMComparison(.spearman), permutations: 400, seed: 3)
    let r = try test.test(all, data: data)
    #expect(r.pValues[0] <= 2.0 / 401)
    #expect(r.pValues[3] > 0.05)
    #expect(abs(r.nullMeans[0]) < 0.1)
    let again = try test.test(all, data: data)
    #expect(again == r, "seeded: the same null distribution")
  }
}
