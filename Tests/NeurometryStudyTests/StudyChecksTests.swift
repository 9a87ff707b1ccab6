import Foundation
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

@testable import NeurometryStudy

/// A study's checks (`identify`, `null`) run with its measures: the same numbers as the analyses
/// run alone, the null's observed scores equal to the study's own, and both kept in the JSON.
@Suite struct StudyChecksTests {
  static func study() throws -> (SyntheticStudy, StudySpecification) {
    let study = try SyntheticStudy(
      ids: (1...20).map { "img\($0)" }, layers: 3, regions: [("A", 0), ("B", 2)], channels: 12, repetitions: 3,
      noise: 1.5, seed: 4)
    var spec = try StudyFile.read(study.studyFile)
    spec.bootstrap = 20
    spec.measures.append(.shape(try ShapeMetric(alpha: 1)))
    spec.identify = IdentifySpecification(repetitions: 6, noiseScales: [1, 3])
    spec.null = NullSpecification(permutations: 30)
    return (study, spec)
  }

  @Test func checksEqualTheAnalysesRunAlone() throws {
    let (study, spec) = try Self.study()
    defer { study.cleanup() }
    let result = try ModelBrainStudy(spec).run()
    let data = try StudyData.load(spec)
    let identification = try #require(result.identification)
    let alone = try LayerIdentification(
      measures: spec.measures, repetitions: 6, noiseScales: [1, 3], seed: spec.seed, confidence: spec.confidence
    ).run(data)
    #expect(identification.regions.count == 2 && identification.regions[0].levels.count == 2)
    #expect(identification.regions[0].levels[0].measures.count == 4)
    // Encoding's ridge fits share BLAS with other suites' threads: equal to rounding, so compare
    // the RSA, CKA and shape measures exactly and encoding's decisions by count.
    for (a, b) in zip(identification.regions, alone.regions) {
      for (la, lb) in zip(a.levels, b.levels) {
        for (ma, mb) in zip(la.measures, lb.measures) where ma.measure != "encoding" { #expect(ma == mb) }
        #expect(la.reliability == lb.reliability)
      }
    }
    let nulls = try #require(result.nulls)
    let nullAlone = try PermutationNull(measures: spec.measures, permutations: 30, seed: spec.seed).run(data)
    #expect(nulls.permutations == 30 && nulls.layers == ["layer1", "layer2", "layer3"])
    for (m, measure) in result.measures.enumerated() {
      for (g, region) in measure.regions.enumerated() {
        let null = nulls.regions[g].measures[m]
        #expect(null.label == measure.label && nulls.regions[g].region == region.region)
        // The identity ordering scored by the null is the study's own point estimate.
        assertClose(null.scores, region.scores, rtol: 1e-10, atol: 1e-12, "\(measure.label) \(region.region)")
        if measure.measure != "encoding" {
          #expect(null.pValues == nullAlone.regions[g].measures[m].pValues)
        }
      }
    }
    #expect(result.timings["identify"] != nil && result.timings["null"] != nil)
    // One subject per region with 3 repetitions: the tRSA grid of split halves, as run alone.
    let topology = try #require(result.topology)
    #expect(topology.source == "split halves" && topology.rdm == "correlation")
    #expect(topology.grid.classes == ["A", "B"] && topology.grid.subjects == 2 && topology.grid.levels.count == 21)
    let (grid, reason) = try StudyTopologyIdentification.run(data, method: .correlation, seed: spec.seed)
    #expect(grid == topology && reason == nil)
  }

  /// Regions measured in the same two subjects: the tRSA grid leaves each subject out in turn; a
  /// study of one region has no grid, and says why.
  @Test func topologyFromSubjects() throws {
    let study = try SyntheticStudy(
      ids: (1...16).map { "c\($0)" }, layers: 2, regions: [("A", 0), ("B", 1), ("C", 1)], subjects: 2, channels: 10,
      repetitions: 2, noise: 0.2, seed: 6)
    defer { study.cleanup() }
    let data = try StudyData.load(try StudyFile.read(study.studyFile))
    let (result, reason) = try StudyTopologyIdentification.run(data, method: .correlation, seed: 1)
    let topology = try #require(result)
    #expect(reason == nil && topology.source == "subjects" && topology.grid.subjects == 2)
    #expect(topology.grid.classes == ["A", "B", "C"] && topology.grid.chance == 1.0 / 3)
    // B and C are read out from the same layer by the same subjects' readouts, A from another:
    // geometry tells A from the others, so at least A's two RDMs go home.
    #expect(try #require(topology.grid.regimes.first).accuracy >= 2.0 / 6)
    let one = StudyData(stimuli: data.stimuli, layers: data.layers, regions: [data.regions[0]], warnings: [])
    let (none, why) = try StudyTopologyIdentification.run(one, method: .correlation, seed: 1)
    #expect(none == nil && why == "the tRSA grid needs at least 2 regions")
  }

  /// The JSON twin keeps both checks, read back equal; a study without checks writes neither key.
  @Test func checksSurviveJSON() throws {
    let (study, spec) = try Self.study()
    defer { study.cleanup() }
    let result = try ModelBrainStudy(spec).run()
    let data = try JSONEncoder().encode(result)
    let back = try JSONDecoder().decode(StudyResult.self, from: data)
    #expect(back.identification == result.identification)
    let (a, b) = try (#require(result.nulls), #require(back.nulls))
    for (ra, rb) in zip(a.regions, b.regions) {
      for (ma, mb) in zip(ra.measures, rb.measures) {
        #expect(ma.pValues == mb.pValues && ma.maxStatisticPValues == mb.maxStatisticPValues)
        assertClose(ma.calibrated, mb.calibrated, rtol: 0, atol: 0, "\(ma.label)")
        #expect(ma.nullQuantiles == mb.nullQuantiles)
      }
    }
    let text = String(decoding: data, as: UTF8.self)
    #expect(text.contains("\"max_statistic_p_values\"") && text.contains("\"noise_scales\""))
    var plain = spec
    (plain.identify, plain.null) = (nil, nil)
    let without = String(decoding: try JSONEncoder().encode(try ModelBrainStudy(plain).run()), as: UTF8.self)
    #expect(!without.contains("\"identification\"") && !without.contains("\"nulls\""))
  }

  /// The sample study at its own noise: RSA and encoding find the generating layer of every region
  /// in at least 90 % of the surrogates (5 per layer here; the report's 100 in
  /// Docs/identifiability.md), and 4 × the noise lowers every region's reliability.
  @Test func sampleStudyIsIdentifiable() throws {
    let spec = try StudyFile.read(Fixtures.repositoryRoot + "/SampleData/study/study.yaml")
    #expect(spec.identify == IdentifySpecification(repetitions: 100, noiseScales: [1, 4]))
    #expect(spec.null == NullSpecification(permutations: 1000))
    var settings = try #require(spec.identify)
    settings.repetitions = 5
    let result = try settings.analysis(measures: spec.measures, seed: spec.seed, confidence: spec.confidence)
      .run(try StudyData.load(spec))
    #expect(result.regions.map(\.region) == ["V4", "IT", "EVC", "LOC"])
    for region in result.regions {
      let (data, noisy) = (region.levels[0], region.levels[1])
      #expect(noisy.reliability < data.reliability, "\(region.region)")
      for m in data.measures where m.measure != "cka" {
        #expect(m.accuracy >= 0.9, "\(region.region) \(m.label): \(m.accuracy)")
      }
    }
  }

  /// A dead-salmon copy: every column a permutation of the layer's column, each by its own order
  /// (so rows are not moved together), drawn again the same from the same stream.
  @Test func deadSalmonShufflesEachFeatureOnItsOwn() {
    let x = Synthetic.gaussian(rows: 40, columns: 25, seed: 8)
    var random = RandomStream(seed: 5, stream: PermutationNull.salmonStream(layer: 2, copy: 3))
    let copy = PermutationNull.featurePermuted(x, random: &random)
    var again = RandomStream(seed: 5, stream: PermutationNull.salmonStream(layer: 2, copy: 3))
    #expect(PermutationNull.featurePermuted(x, random: &again) == copy)
    var movedAlike = 0
    for j in 0..<25 {
      let (a, b) = ((0..<40).map { x[$0, j] }, (0..<40).map { copy[$0, j] })
      #expect(a.sorted() == b.sorted(), "column \(j)")
      #expect(a != b, "column \(j) left in place")
      if j > 0 {
        let previous = (0..<40).map { copy[$0, j - 1] }
        let order = (0..<40).map { i in (0..<40).first { x[$0, j - 1] == previous[i] } }
        let thisOrder = (0..<40).map { i in (0..<40).first { x[$0, j] == b[i] } }
        if order == thisOrder { movedAlike += 1 }
      }
    }
    #expect(movedAlike == 0)
    #expect(PermutationNull.salmonStream(layer: 2, copy: 3) != PermutationNull.salmonStream(layer: 3, copy: 2))
  }

  /// tRSA as a study measure (`rsa: {topology: [lower, upper]}`): every RDM geo-topologically
  /// transformed, then compared — the score equals the library's transform and comparison composed
  /// by hand, differs from plain RSA, and the checks run with it.
  @Test func trsaInTheStudy() throws {
    let (study, base) = try Self.study()
    defer { study.cleanup() }
    var spec = base
    let t = try GeoTopologicalTransform(lower: 0.2, upper: 0.8)
    spec.measures = [.rsa(RSAMeasure(topology: t)), .defaults(.cka)]
    spec.identify = IdentifySpecification(repetitions: 3, noiseScales: [1])
    spec.null = nil
    let result = try ModelBrainStudy(spec).run()
    let rsa = result.measures[0]
    #expect(rsa.label == "RSA (correlation RDM, corr, tRSA 0.2–0.8)")
    #expect(rsa.parameters["topology"] == "0.2,0.8 (ranks)")
    let data = try StudyData.load(spec)
    let layers = try RDMTransform.geoTopological(t).apply(try StudyMeasures.layerRDMs(data, method: .correlation))
    for (g, region) in data.regions.enumerated() {
      let brain = try RDMTransform.geoTopological(t).apply(try StudyMeasures.regionRDMs(region, method: .correlation))
      let expected = try RDMComparison(.corr).compare(layers, brain).values
      for l in 0..<3 {
        #expect(rsa.regions[g].scores[l] == expected[l, 0], "\(region.name) layer \(l)")
      }
    }
    var plain = spec
    plain.measures = [.rsa(RSAMeasure())]
    plain.identify = nil
    let plainResult = try ModelBrainStudy(plain).run()
    #expect(plainResult.measures[0].regions[0].scores != rsa.regions[0].scores)
    let identification = try #require(result.identification)
    #expect(identification.regions[0].levels[0].measures[0].label == rsa.label)
    #expect(identification.regions[0].levels[0].measures[0].confusion.flatMap { $0 }.reduce(0, +) == 9)
  }
}
