import Foundation
import NeurometryData
import NeurometryLinearAlgebra
import NeurometryStudy
import NeurometryTestSupport
import Testing

/// The stimulus-permutation null (issue 17): uniform p-values for a brain of pure noise
/// (Kolmogorov–Smirnov over many seeds), the smallest possible p for a brain made from a layer,
/// and the relations between p-values, max-statistic p-values, quantiles and calibrated scores.
@Suite struct PermutationNullTests {
  /// In-memory study data: `layers` Gaussian layers and one region of one subject whose means are
  /// `brain` (n × channels).
  static func data(layers: [Matrix], brain: Matrix) -> StudyData {
    let ids = (0..<brain.rows).map { "s\($0)" }
    let subject = SubjectResponses(
      region: "A", subject: "one", kind: "patterns", files: [], stimuli: ids, means: brain, observations: nil,
      observationStimuli: [], channelKind: "channels", warnings: [])
    return StudyData(
      stimuli: ids,
      layers: layers.enumerated().map {
        Activations.Layer(name: "layer\($0)", shape: [$1.rows, $1.columns], matrix: $1)
      },
      regions: [StudyData.Region(name: "A", subjects: [subject], means: [brain])])
  }

  /// A brain of pure noise: over 120 seeds, each measure's p-values of a layer are uniform on
  /// (0, 1] (Kolmogorov–Smirnov statistic below its 1 % critical value 1.628/√120, plus 1/(P + 1)
  /// for the p-values' discreteness).
  @Test func pureNoiseGivesUniformPValues() throws {
    let seeds = 120
    var p: [[Double]] = [[], []]
    for seed in 0..<seeds {
      let s = UInt64(seed)
      let layers = (0..<3).map { Synthetic.gaussian(rows: 16, columns: 10, seed: 1000 * s + UInt64($0)) }
      let brain = Synthetic.gaussian(rows: 16, columns: 8, seed: 1000 * s + 999)
      let result = try PermutationNull(
        measures: [.defaults(.rsa), .defaults(.cka)], permutations: 99, seed: s, deadSalmon: 0
      )
      .run(Self.data(layers: layers, brain: brain))
      for m in 0..<2 { p[m].append(result.regions[0].measures[m].pValues[0]) }
    }
    for (m, values) in p.enumerated() {
      let sorted = values.sorted()
      let n = Double(sorted.count)
      let d = sorted.enumerated().map { i, x in Swift.max(Double(i + 1) / n - x, x - Double(i) / n) }.max() ?? 1
      #expect(d < 1.628 / n.squareRoot() + 0.01, "measure \(m): KS D = \(d)")
      #expect(sorted.allSatisfy { $0 > 0 && $0 <= 1 })
    }
  }

  /// A brain read out from layer 1: layer 1 beats every permutation (p = 1/(P + 1)), its calibrated
  /// score is far above chance, and the max-statistic p is never below the layer's own p.
  @Test func aLayerThatMadeTheBrainBeatsEveryPermutation() throws {
    let layers = (0..<3).map { Synthetic.gaussian(rows: 30, columns: 12, seed: 50 + UInt64($0)) }
    let readout = Synthetic.gaussian(rows: 12, columns: 9, seed: 60)
    let noise = Synthetic.gaussian(rows: 30, columns: 9, seed: 61)
    var brain = gemm(layers[1], readout)
    brain.withUnsafeMutableBufferPointer { b in
      noise.withUnsafeBufferPointer { e in for k in 0..<b.count { b[k] += 0.5 * e[k] } }
    }
    let null = PermutationNull(
      measures: [
        .defaults(.rsa), .defaults(.cka), .defaults(.shape), .encoding(EncodingMeasure(folds: 3, alphas: [1, 100])),
      ],
      permutations: 49, seed: 3)
    let data = Self.data(layers: layers, brain: brain)
    let result = try null.run(data)
    #expect(result.layers == ["layer0", "layer1", "layer2"] && result.permutations == 49)
    for m in result.regions[0].measures {
      #expect(m.pValues[1] == 1.0 / 50, "\(m.label): \(m.pValues)")
      #expect(m.calibrated[1] > 3, "\(m.label): \(m.calibrated)")
      for l in 0..<3 {
        #expect(m.maxStatisticPValues[l] >= m.pValues[l], "\(m.label)")
        #expect(m.pValues[l] > 0 && m.pValues[l] <= 1)
        #expect(m.nullQuantiles[l][0] <= m.nullQuantiles[l][1] && m.nullQuantiles[l][1] <= m.nullQuantiles[l][2])
        #expect(m.nullQuantiles[l][0] <= m.nullMean[l] && m.nullMean[l] <= m.nullQuantiles[l][2])
      }
      // Distances: the true layer is the closest, and its calibrated score is still positive.
      #expect(m.higherIsBetter == (m.measure != "shape"))
      // Dead salmon (20 feature-shuffled copies per layer): ordered quantiles around the mean, and
      // the layer that made the brain beyond every copy of itself.
      let (salmon, q) = (try #require(m.deadSalmonMean), try #require(m.deadSalmonQuantiles))
      #expect(salmon.count == 3 && q.count == 3)
      for l in 0..<3 { #expect(q[l][0] <= salmon[l] && salmon[l] <= q[l][2] && q[l][0] <= q[l][1], "\(m.label)") }
      let sign = m.higherIsBetter ? 1.0 : -1.0
      #expect(sign * m.scores[1] > sign * (m.higherIsBetter ? q[1][2] : q[1][0]), "\(m.label): \(m.scores) \(q)")
      if m.measure == "rsa" { #expect(abs(salmon[1]) < 0.1, "RSA of a structureless layer: \(salmon)") }
    }
    #expect(result.deadSalmon == 20)
    // The same seed, the same null (to rounding: encoding's BLAS calls may split differently
    // while other tests run threads beside them); the inputs are not changed.
    let again = try null.run(data)
    for (a, b) in zip(again.regions[0].measures, result.regions[0].measures) {
      #expect(a.pValues == b.pValues && a.maxStatisticPValues == b.maxStatisticPValues, "\(a.label)")
      if a.measure != "encoding" { #expect(a.deadSalmonMean == b.deadSalmonMean, "\(a.label)") }
      assertClose(
        a.scores + a.nullMean + a.nullSD + a.calibrated, b.scores + b.nullMean + b.nullSD + b.calibrated, rtol: 1e-10,
        a.label)
    }
    #expect(data.regions[0].means[0] == brain)
  }

  @Test func settingsAreChecked() {
    let data = Self.data(
      layers: [Synthetic.gaussian(rows: 5, columns: 3, seed: 1)],
      brain: Synthetic.gaussian(rows: 5, columns: 2, seed: 2))
    #expect(errorMessage { _ = try PermutationNull(measures: []).run(data) } == "null: needs at least one measure")
    #expect(
      errorMessage { _ = try PermutationNull(measures: [.defaults(.rsa)], permutations: 0).run(data) }
        == "null: permutations must be at least 1, got 0")
    #expect(
      errorMessage { _ = try PermutationNull(measures: [.defaults(.encoding)]).run(data) }.contains(
        "the study has 5 stimuli but Encoding"))
  }
}
