import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryStudy
import NeurometryTestSupport
import Testing

/// Bad studies get one clear line each, naming the file, the key and what was expected.
@Suite struct StudyErrorTests {
  static let base = """
    activations: {file: activations.npz}
    regions:
      - name: A
        patterns: {file: A-0.npy}
    measures: [rsa]
    """

  func parse(_ text: String) -> String { errorMessage { _ = try StudyFile.parse(text, file: "s.yaml") } }

  @Test func fileErrors() throws {
    #expect(parse("activations: [").hasPrefix("s.yaml: is not valid YAML"))
    #expect(
      parse(Self.base + "\nbootstrapp: 10")
        == "s.yaml: unknown key 'bootstrapp' (expected one of: name, seed, bootstrap, confidence, correction, activations, regions, measures, identify, null)"
    )
    #expect(
      parse(Self.base.replacingOccurrences(of: "[rsa]", with: "[rsa, svcca]"))
        == "s.yaml: measures[1]: unknown value 'svcca' (expected one of: rsa, cka, shape, encoding)")
    #expect(
      parse(Self.base.replacingOccurrences(of: "measures: [rsa]", with: "measures: {rsa: {comparator: spearmann}}"))
        .hasPrefix(
          "s.yaml: measures.rsa.comparator: unknown value 'spearmann' (expected one of: cosine, corr, spearman"))
    #expect(
      parse(Self.base.replacingOccurrences(of: "measures: [rsa]", with: "measures: {encoding: {folds: 1}}"))
        == "s.yaml: measures.encoding.folds: must be at least 2, found 1")
    #expect(parse(Self.base + "\nbootstrap: 1") == "s.yaml: bootstrap: must be at least 2, found 1")
    // tRSA: the geo-topological thresholds of the RSA measure.
    let trsa = try StudyFile.parse(
      Self.base.replacingOccurrences(of: "measures: [rsa]", with: "measures: {rsa: {topology: [0.2, 0.8]}}"),
      file: "s.yaml")
    #expect(trsa.measures == [.rsa(RSAMeasure(topology: try GeoTopologicalTransform(lower: 0.2, upper: 0.8)))])
    #expect(
      parse(Self.base.replacingOccurrences(of: "measures: [rsa]", with: "measures: {rsa: {topology: [0.5]}}"))
        == "s.yaml: measures.rsa.topology: expected [lower, upper] quantile levels in [0, 1], found 1 numbers")
    #expect(
      parse(Self.base.replacingOccurrences(of: "measures: [rsa]", with: "measures: {rsa: {topology: [0.9, 0.1]}}"))
        .hasPrefix("s.yaml: measures.rsa.topology: "))
    // The checks (`identify`, `null`): defaults, and every bad value named by its key.
    let checks = try StudyFile.parse(Self.base + "\nidentify: {}\nnull: {}", file: "s.yaml")
    #expect(checks.identify == IdentifySpecification(repetitions: 100, noiseScales: [1, 4]))
    #expect(checks.null == NullSpecification(permutations: 1000, deadSalmon: 20))
    let set = try StudyFile.parse(
      Self.base + "\nidentify: {repetitions: 7, noise_scales: [0, 2.5]}\nnull: {permutations: 19}", file: "s.yaml")
    #expect(
      set.identify == IdentifySpecification(repetitions: 7, noiseScales: [0, 2.5]) && set.null?.permutations == 19)
    #expect(try StudyFile.parse(Self.base, file: "s.yaml").identify == nil)
    #expect(
      parse(Self.base + "\nidentify: {repetitions: 0}") == "s.yaml: identify.repetitions: must be at least 1, found 0")
    #expect(
      parse(Self.base + "\nidentify: {noise_scales: [1, -2]}")
        == "s.yaml: identify.noise_scales: expected one or more noise scales ≥ 0 (1: the data's own noise), found [1.0, -2.0]"
    )
    #expect(
      parse(Self.base + "\nidentify: {repetition: 5}")
        == "s.yaml: identify: unknown key 'repetition' (expected one of: repetitions, noise_scales)")
    #expect(
      parse(Self.base + "\nidentify: 100")
        == "s.yaml: identify: expected a table of repetitions, noise_scales, found a number")
    #expect(parse(Self.base + "\nnull: {permutations: 0}") == "s.yaml: null.permutations: must be at least 1, found 0")
    #expect(parse(Self.base + "\nnull: {dead_salmon: -1}") == "s.yaml: null.dead_salmon: must be at least 0, found -1")
    #expect(try StudyFile.parse(Self.base + "\nnull: {dead_salmon: 0}", file: "s.yaml").null?.deadSalmon == 0)
    // Set in code, checked by validate before any file is read.
    var spec = try StudyFile.parse(Self.base, file: "s.yaml")
    spec.identify = IdentifySpecification(repetitions: 10, noiseScales: [.nan])
    #expect(errorMessage { try spec.validate() } == "s.yaml: identify: noise scales must be finite and ≥ 0, got nan")
    spec.identify = nil
    spec.null = NullSpecification(permutations: 0)
    #expect(errorMessage { try spec.validate() } == "s.yaml: null: permutations must be at least 1, got 0")
    #expect(
      parse(
        Self.base.replacingOccurrences(
          of: "patterns: {file: A-0.npy}", with: "patterns: {file: A-0.npy}\n    spikes: {nwb: x.nwb}"))
        == "s.yaml: regions[0]: has several recordings (spikes, patterns); give one per subject under 'subjects'")
    #expect(
      parse(
        Self.base.replacingOccurrences(
          of: "patterns: {file: A-0.npy}", with: "fmri: {bold: [r.nii.gz], atlas: a.nii.gz}"))
        == "s.yaml: regions[0].fmri: has an atlas but no 'roi' (the atlas label, by name or number, whose voxels are the channels)"
    )
    #expect(
      parse(
        Self.base.replacingOccurrences(
          of: "patterns: {file: A-0.npy}", with: "spikes: {nwb: x.nwb, window: [0.1], condition: c}"))
        == "s.yaml: regions[0].spikes.window: expected [start, end] in seconds, found 1 numbers")
    #expect(
      parse(Self.base + "\n  - name: A\n    patterns: {file: B.npy}") != "no error")
    #expect(
      errorMessage { _ = try StudyFile.read("/nonexistent/study.yaml") } == "/nonexistent/study.yaml: no such file")
  }

  /// Errors found while loading: a missing file, ids that do not match (listed on both sides), a
  /// layer with NaN, too few stimuli for a measure, an unknown ROI.
  @Test func loadErrors() throws {
    let study = try SyntheticStudy(ids: (1...12).map { "img\($0)" }, regions: [("A", 1)])
    defer { study.cleanup() }
    var spec = try StudyFile.read(study.studyFile)
    spec.bootstrap = 10
    var missing = spec
    missing.activations = ActivationsSpecification(file: "nope.npz")
    #expect(errorMessage { _ = try ModelBrainStudy(missing).run() } == "\(study.folder.file("nope.npz")): no such file")

    // A region lacking stimuli and holding others.
    let x = Matrix(rows: 12, columns: 5) { i, j in Double(i * j % 7) }
    try NPYFile.write(x, to: study.folder.file("B.npy"))
    let labels = (1...10).map { "img\($0)" } + ["extra1", "extra2"]
    try NPYFile.write(NDArray(shape: [12], values: .string(labels)), to: study.folder.file("B_conditions.npy"))
    var mismatch = spec
    mismatch.regions = [
      RegionSpecification(name: "B", subjects: [SubjectSpecification(source: .patterns(PatternsSource(file: "B.npy")))])
    ]
    #expect(
      errorMessage { _ = try ModelBrainStudy(mismatch).run() }
        == "region 'B' (\(study.folder.file("B.npy"))): stimulus ids do not match the activations: 2 stimuli of \(study.folder.file("activations.npz")) missing here: 'img11', 'img12'; 2 not in \(study.folder.file("activations.npz")): 'extra1', 'extra2'"
    )

    // A layer with NaN.
    var values = [Double](repeating: 1, count: 12 * 3)
    for k in values.indices { values[k] = Double(k % 5) }
    values[7] = .nan
    try NPZFile.write(
      [
        ("bad", NDArray(shape: [12, 3], values: .float64(values))),
        ("stimulus_ids", NDArray(shape: [12], values: .string((1...12).map { "img\($0)" }))),
      ],
      to: study.folder.file("nan.npz"))
    var nan = spec
    nan.activations = ActivationsSpecification(file: "nan.npz")
    #expect(
      errorMessage { _ = try ModelBrainStudy(nan).run() }
        == "\(study.folder.file("nan.npz")): bad: the layer has a non-finite value (nan) at stimulus 'img3', feature 1")

    // Too few stimuli for 5-fold encoding (needs 15).
    var encoding = spec
    encoding.measures = [.encoding(EncodingMeasure(folds: 5))]
    #expect(
      errorMessage { _ = try ModelBrainStudy(encoding).run() }
        == "region 'A': has 12 stimuli but Encoding (ridge, 5-fold, Pearson r) needs at least 15")

    // Activations without stimulus ids.
    try NPZFile.write(
      [("layer", NDArray(Matrix(rows: 12, columns: 2) { i, j in Double(i + j) }))], to: study.folder.file("noids.npz"))
    var noIDs = spec
    noIDs.activations = ActivationsSpecification(file: "noids.npz")
    #expect(errorMessage { _ = try ModelBrainStudy(noIDs).run() }.contains("has no stimulus ids"))
  }

  @Test func unknownROI() throws {
    let spec = try StudyFile.parse(
      """
      activations: {file: SampleData/study/activations.h5}
      regions:
        - name: X
          fmri:
            bold: [SampleData/study/func/sub-01_task-images_run-1_bold.nii.gz]
            atlas: SampleData/study/anat/atlas.nii.gz
            labels: SampleData/study/anat/atlas.tsv
            roi: FFA
      measures: [rsa]
      """, file: "s.yaml", baseDirectory: Fixtures.repositoryRoot)
    let message = errorMessage { _ = try ModelBrainStudy(spec).run() }
    #expect(message.hasSuffix("atlas.nii.gz): has no ROI 'FFA' (labels: 3 EVC, 8 LOC)"))
  }
}
