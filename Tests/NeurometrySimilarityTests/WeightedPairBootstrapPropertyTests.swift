import Foundation
import NeurometryData
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

@testable import NeurometrySimilarity

/// The weighted-pair bootstrap (cosine, corr) against what it replaces: resampled RDMs with NaN
/// pairs between copies of a condition, compared and given a noise ceiling the general way.
@Suite struct WeightedPairBootstrapPropertyTests {
  @Test(arguments: [RDMComparator.cosine, .corr]) func equalsTheResampledRDMs(_ c: RDMComparator) throws {
    let (data, models) = try ModelEvaluationPropertyTests.setup(subjects: 7, conditions: 11, seed: 5)
    let predicted = try RDMs.concatenating(models.map { $0.rdms })
    let original = data.dissimilarities
    guard let weighted = WeightedPairBootstrap(comparator: c, models: predicted, data: data) else {
      Issue.record("the weighted path must apply to \(c.rawValue) on complete RDMs")
      return
    }
    var g = RandomStream(seed: 3)
    var checked = 0
    for b in 0..<40 {
      let conditions = b % 4 == 3 ? nil : (0..<11).map { _ in g.nextInt(below: 11) }
      let rdms = b % 3 == 0 ? nil : (0..<7).map { _ in g.nextInt(below: 7) }
      if let p = conditions, Set(p).count < 3 { continue }
      if let r = rdms, Set(r).count < 2 { continue }
      let s = BootstrapSample(rdms: rdms, conditions: conditions)
      let fast = try weighted.evaluate(s, ceiling: true)
      // The general way.
      var sample = data
      var prediction = predicted
      var groups = (0..<7).map(String.init)
      if let r = rdms {
        sample = sample.selecting(r)
        groups = r.map(String.init)
      }
      if let p = conditions {
        sample = sample.selectingConditions(p.sorted())
        prediction = prediction.selectingConditions(p.sorted())
      }
      let values = try RDMComparison(c).compare(prediction, sample).values
      let means = (0..<models.count).map { values.row($0).reduce(0, +) / Double(values.columns) }
      let nc = try NoiseCeiling.compute(sample, comparison: RDMComparison(c), groups: groups)
      let general = means + [nc.lower, nc.upper]
      for k in 0..<general.count {
        #expect(abs(fast[k] - general[k]) <= 1e-12 * max(1, abs(general[k])), "sample \(b), value \(k)")
      }
      checked += 1
    }
    #expect(checked >= 30)
    #expect(data.dissimilarities == original, "inputs unchanged")
  }

  @Test func otherComparatorsAndMissingPairsTakeTheGeneralPath() throws {
    let (data, models) = try ModelEvaluationPropertyTests.setup(subjects: 4, conditions: 6, seed: 2)
    let predicted = try RDMs.concatenating(models.map { $0.rdms })
    #expect(WeightedPairBootstrap(comparator: .spearman, models: predicted, data: data) == nil)
    var holes = data.dissimilarities
    holes[0, 3] = .nan
    #expect(WeightedPairBootstrap(comparator: .corr, models: predicted, data: try RDMs(dissimilarities: holes)) == nil)
  }
}
