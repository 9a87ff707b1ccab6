import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

@testable import NeurometryStudy

/// The model–brain study end to end: ground truth recovered, matching by id, determinism,
/// generality (id formats, orders, subjects), and the summary statistics' definitions.
@Suite struct ModelBrainStudyTests {
  /// The study of `file` without its checks (`identify`, `null`: StudyChecksTests has them).
  static func run(_ file: String, bootstrap: Int? = nil) throws -> StudyResult {
    var spec = try StudyFile.read(file)
    if let bootstrap { spec.bootstrap = bootstrap }
    spec.identify = nil
    spec.null = nil
    return try ModelBrainStudy(spec).run()
  }

  /// The sample study: RSA and encoding (and CKA) rank the generating layer first in every
  /// region, with the bootstrap probability of being best reported; activations stored in
  /// another stimulus order (.npz) give the same numbers as the .h5 (matching by id).
  @Test func sampleStudyRecoversTheGeneratingLayers() throws {
    let file = Fixtures.repositoryRoot + "/SampleData/study/study.yaml"
    let result = try Self.run(file, bootstrap: 200)
    let truth = ["V4": "layer2", "IT": "layer5", "EVC": "layer1", "LOC": "layer4"]
    #expect(result.layers.map(\.name) == ["layer1", "layer2", "layer3", "layer4", "layer5", "layer6"])
    #expect(result.regions.map(\.name) == ["V4", "IT", "EVC", "LOC"])
    #expect(result.measures.map(\.measure) == ["rsa", "cka", "encoding"])
    for measure in result.measures {
      #expect(measure.regions.count == 4)
      for g in measure.regions {
        #expect(g.bestLayer == truth[g.region], "\(measure.measure) \(g.region)")
        #expect(g.bestProbability.count == 6)
        #expect(abs(g.bestProbability.reduce(0, +) - 1) < 1e-12)
        if measure.measure != "cka" { #expect(g.bestProbability[g.best] > 0.9, "\(measure.measure) \(g.region)") }
        #expect(g.samples == 200)
        #expect(g.pairwiseP.count == 15)
        for l in 0..<6 { #expect(g.lower[l] <= g.upper[l]) }
        #expect(g.ceiling != nil)
      }
    }
    // The same study read from the shuffled .npz: identical numbers.
    var spec = try StudyFile.read(file)
    spec.bootstrap = 200
    (spec.identify, spec.null) = (nil, nil)
    spec.activations = ActivationsSpecification(file: "activations.npz")
    let other = try ModelBrainStudy(spec).run()
    #expect(other.stimuli == result.stimuli)
    for (a, b) in zip(result.measures, other.measures) {
      for (ra, rb) in zip(a.regions, b.regions) {
        // Rows summed in another order: equal up to rounding.
        assertClose(ra.scores, rb.scores, rtol: 1e-12, atol: 1e-13, "\(a.measure) \(ra.region) scores")
        assertClose(ra.lower, rb.lower, rtol: 1e-12, atol: 1e-13, "\(a.measure) \(ra.region) lower")
      }
    }
  }

  /// Same seed → the same numbers; another seed → other bootstrap draws, the same RSA and CKA
  /// point estimates (encoding's outer folds are shuffled by the seed too).
  @Test func deterministicForASeed() throws {
    let study = try SyntheticStudy(ids: (1...24).map { "s\($0)" }, regions: [("A", 1)])
    defer { study.cleanup() }
    var spec = try StudyFile.read(study.studyFile)
    spec.bootstrap = 50
    let a = try ModelBrainStudy(spec).run()
    let b = try ModelBrainStudy(spec).run()
    spec.seed = 8
    let c = try ModelBrainStudy(spec).run()
    for k in a.measures.indices {
      assertClose(a.measures[k].regions[0].lower, b.measures[k].regions[0].lower, rtol: 1e-12, "same seed")
      #expect(a.measures[k].regions[0].bestProbability == b.measures[k].regions[0].bestProbability)
      if a.measures[k].measure != "encoding" {
        #expect(a.measures[k].regions[0].scores == c.measures[k].regions[0].scores)
      }
      #expect(a.measures[k].regions[0].lower != c.measures[k].regions[0].lower)
    }
  }

  /// Numeric ids (sorted as numbers, stored in another order), several regions and subjects.
  @Test func generalStudies() throws {
    let study = try SyntheticStudy(
      ids: (0..<30).map { String(100 - 3 * $0) }, layers: 5, regions: [("early", 0), ("late", 3), ("mid", 2)],
      subjects: 3, noise: 0.3)
    defer { study.cleanup() }
    let result = try Self.run(study.studyFile, bootstrap: 60)
    let numeric: [String] = (0..<30).map { (k: Int) -> String in String(13 + 3 * k) }
    #expect(result.stimuli == numeric)  // numerically: 13, 16, …, 100
    #expect(result.regions.map { $0.subjects.count } == [3, 3, 3])
    for measure in result.measures where measure.measure != "cka" {
      for g in measure.regions {
        #expect(g.bestLayer == study.layerNames[study.truth[g.region] ?? -1], "\(measure.measure) \(g.region)")
        #expect(g.resampling == "stimuli+subjects")
      }
    }
    let rsa = try #require(result.measures.first { $0.measure == "rsa" })
    #expect(rsa.regions.allSatisfy { $0.ceiling?.method == "leave-one-subject-out" })
    #expect(rsa.regions.allSatisfy { ($0.ceiling?.lower ?? 2) <= ($0.ceiling?.upper ?? 0) })
  }

  /// The summary's definitions on hand-made bootstrap samples: percentile intervals, P(best)
  /// with ties shared, pairwise p-values, and normalisation by the ceiling.
  @Test func summaryDefinitions() throws {
    let samples = Matrix(
      rows: 4, columns: 3,
      elements: [
        1, 2, 3,
        1, 3, 3,
        .nan, 0, 0,
        2, 1, 0,
      ])
    let scores = LayerScores(
      scores: [1.5, 2, 2.5], samples: samples, ceiling: Ceiling(lower: 5, upper: 5, method: "split-half"),
      resampling: "stimuli")
    let s = try scores.summary(
      region: "R", layers: ["a", "b", "c"], higherIsBetter: true, confidence: 0.5, correction: .uncorrected)
    #expect(s.samples == 3)
    #expect(s.best == 2)
    // Valid rows 0, 1, 3: winners c; b and c tied; a.
    let expected: [Double] = [1.0 / 3, 0.5 / 3, 1.5 / 3]
    #expect(s.bestProbability == expected)
    // 25 % and 75 % type-7 quantiles of column a: [1, 1, 2] → 1 and 1.5.
    #expect(s.lower[0] == 1 && s.upper[0] == 1.5)
    let normalized: [Double] = [0.3, 0.4, 0.5]
    #expect(s.normalized == normalized)
    #expect(
      s.pairwiseP
        == CondensedIndex.condensed(
          ModelTests.bootstrapPairwise(
            Matrix(rows: 3, columns: 3, elements: [1, 2, 3, 1, 3, 3, 2, 1, 0]))))
    let distances = try scores.summary(
      region: "R", layers: ["a", "b", "c"], higherIsBetter: false, confidence: 0.5, correction: .uncorrected)
    #expect(distances.best == 0)
    #expect(distances.bestProbability[0] == 2.0 / 3)  // rows 0 and 1 pick a, row 3 picks c
  }
}

/// The other recording kinds: a Kilosort/Phy folder with a TSV of trials, and fMRI runs with a
/// mask (every voxel a channel) and with an atlas ROI given by its integer label.
@Suite struct StudyRecordingKindsTests {
  @Test func phyAndFMRIMaskRegions() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let root = Fixtures.repositoryRoot + "/SampleData"
    let ids = ["tool", "house", "face", "body"]
    let layer = Synthetic.gaussian(rows: 4, columns: 9, seed: 4)
    try NPZFile.write(
      [("conv", NDArray(layer)), ("stimulus_ids", NDArray(shape: [4], values: .string(ids)))],
      to: dir.file("acts.npz"))
    let runs = (1...2).map { "\(root)/fmri/sub-01/func/sub-01_task-objects_run-\($0)_bold.nii.gz" }
    let text = """
      seed: 3
      bootstrap: 30
      activations: {file: acts.npz}
      regions:
        - name: cortex
          phy: {folder: \(root)/phy, events: \(root)/phy_trials.tsv, window: [0.05, 0.25], align: stim_on, condition: stimulus}
        - name: brain
          fmri: {bold: [\(runs[0]), \(runs[1])], mask: \(root)/fmri/mask.nii.gz}
        - name: PPA
          fmri: {bold: [\(runs[0]), \(runs[1])], atlas: \(root)/fmri/atlas.nii.gz, roi: "3"}
      measures: [rsa, cka]
      """
    try text.write(toFile: dir.file("s.yaml"), atomically: true, encoding: .utf8)
    let result = try ModelBrainStudy(try StudyFile.read(dir.file("s.yaml"))).run()
    #expect(result.stimuli == ["body", "face", "house", "tool"])
    let subjects = result.regions.map { $0.subjects[0] }
    #expect(subjects.map(\.kind) == ["phy", "fmri", "fmri"])
    #expect(subjects[1].channels == 416)  // the mask's voxels
    #expect(subjects[1].repetitions == 2)  // one beta per stimulus and run
    #expect(subjects[0].channelKind == "units")
    #expect(result.measures.allSatisfy { $0.regions.count == 3 && $0.regions.allSatisfy { $0.scores.count == 1 } })
    #expect(result.inputs.contains { $0.path.hasSuffix("phy/spike_times.npy") && $0.sha256.count == 64 })
  }
}

/// Integer stimulus ids (image indices) in the activations and in the region's labels.
@Suite struct IntegerStimulusIDTests {
  @Test func integerIDsMatch() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let n = 20
    let ids = (0..<n).map { Int64(1000 - 37 * $0) }
    let x = Synthetic.gaussian(rows: n, columns: 6, seed: 9)
    try NPZFile.write(
      [("layer", NDArray(x)), ("stimulus_ids", NDArray(shape: [n], values: .int64(ids)))], to: dir.file("acts.npz"))
    // The region: the layer itself in reversed row order, labelled by the same integers.
    let reversed = Matrix(rows: n, columns: 6) { i, j in x[n - 1 - i, j] }
    try NPYFile.write(reversed, to: dir.file("r.npy"))
    try NPYFile.write(NDArray(shape: [n], values: .int64(ids.reversed())), to: dir.file("r_conditions.npy"))
    try
      "bootstrap: 10\nactivations: {file: acts.npz}\nregions:\n  - {name: R, patterns: {file: r.npy}}\nmeasures: [rsa, cka]\n"
      .write(toFile: dir.file("s.yaml"), atomically: true, encoding: .utf8)
    let result = try ModelBrainStudy(try StudyFile.read(dir.file("s.yaml"))).run()
    #expect(result.stimuli.first == "297" && result.stimuli.last == "1000")  // numerically
    #expect(result.layers.map(\.name) == ["layer"])
    // Matched by id, the region equals the layer: RSA corr and CKA are 1.
    for m in result.measures { assertClose(m.regions[0].scores, [1], rtol: 1e-12, m.measure) }
  }
}

/// The JSON twin writes RDMs up to 300 stimuli (44,850 pairs) and leaves bigger ones out.
@Suite struct RDMSummaryEncodingTests {
  @Test func bigRDMsAreLeftOutOfTheJSON() throws {
    func json(pairs: Int) throws -> [String: Any] {
      let summary = RDMSummary(
        method: "correlation", layers: [[Double](repeating: 0.5, count: pairs)],
        regions: [[Double](repeating: 0.25, count: pairs)],
        mds: [[1, 2], [3, 4]], mdsExplained: 0.9)
      let data = try JSONEncoder().encode(summary)
      return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }
    let small = try json(pairs: RDMSummary.storedPairLimit)
    #expect(small["rdms_stored"] as? Bool == true)
    #expect((small["layers"] as? [[Double]])?.first?.count == 44_850)
    let big = try json(pairs: RDMSummary.storedPairLimit + 1)
    #expect(big["rdms_stored"] as? Bool == false)
    #expect((big["layers"] as? [Any])?.isEmpty == true)
    #expect((big["mds"] as? [[Double]])?.count == 2)
  }
}
