import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometrySimilarity

/// Where a running study is: units done of all (a unit is one layer × region × measure), the step
/// running now, and the time so far and (estimated) left.
public struct StudyProgress: Sendable {
  /// Units finished so far.
  public let done: Int
  /// Units in the whole study: layers × regions × measures.
  public let total: Int
  /// The step running now, e.g. "rsa: 4 layers × V4".
  public let step: String
  /// Seconds since the study started.
  public let elapsed: Double
  /// Seconds left, extrapolated from the units done (nil before the first).
  public let remaining: Double?
}

/// A model–brain study from its specification to its result — the library entry point behind
/// `neurometry report`: "which layer of the network is most like each brain region, by how much,
/// and how sure are we?".
///
/// 1. Load (`StudyData.load`): activations, every region's recordings through the library's
///    loaders, matched by stimulus id into one stimulus order.
/// 2. For each measure and region, every layer's score (`StudyMeasures`, `EncodingStudyMeasure`)
///    and its bootstrap distribution — one set of seeded draws per region shared by all measures
///    (stimuli, and subjects where a region has several) — plus the region's noise ceiling.
/// 3. Per measure and region (`LayerScores.summary`): percentile intervals, ceiling-normalised
///    scores, the best layer and the probability it is best, corrected pairwise layer tests.
/// 4. RDMs of every layer and region and their classical MDS, inputs with SHA-256, software
///    versions, timings and every warning.
/// 5. When the specification asks (`identify`, `null`): would we know? — how often each measure
///    picks the layer that generated a surrogate brain as noisy as each region
///    (`LayerIdentification`) with the regions' tRSA identification grid
///    (`StudyTopologyIdentification`) — and every score beside its stimulus-permutation null and
///    dead-salmon baseline (`PermutationNull`).
///
/// Deterministic for a given specification (threads do not change any number).
public struct ModelBrainStudy: Sendable {
  /// What to compute: the activations, regions, measures, bootstrap and seed.
  public let specification: StudySpecification
  /// When set, a study whose estimated peak memory (`memoryEstimate`, after its data are loaded)
  /// exceeds the limit is refused before any measure runs.
  public var memoryLimit: MemoryLimit?

  /// A study of `specification` (validated when it runs), optionally refused above `memoryLimit`.
  public init(_ specification: StudySpecification, memoryLimit: MemoryLimit? = nil) {
    self.specification = specification
    self.memoryLimit = memoryLimit
  }

  /// Runs the study: validates the specification, loads and matches the data, computes every measure
  /// for every layer and region with its bootstrap and ceiling, and summarises them in a `StudyResult`.
  /// `progress` is called on the calling thread when a measure starts and after each layer (encoding) or
  /// region (the other measures) it finishes.
  /// Throws what `StudySpecification.validate` and `StudyData.load` throw, `NeurometryError.invalidInput`
  /// when a measure needs more stimuli than the study has, and any error of a measure.
  ///
  /// - Complexity: for L layers of up to p features, G regions with up to S subjects of up to c
  ///   channels, n stimuli and B bootstrap samples: RSA O(L·n²·p) for the layer RDMs, O(n²·c) per
  ///   subject, and per region B·L·S comparisons of n(n − 1)/2 dissimilarities (O(n²) each, O(n²·log n)
  ///   for rank comparators); linear CKA per region O(n²·(L·p + S·c)) for the Grams plus O(B·L·S·n²)
  ///   for the resampled kernels; shape distances and RBF CKA recompute every layer–subject pair for
  ///   each of the B samples; encoding per layer the nested ridge fits (`CrossValidatedEncoding.evaluate`
  ///   with `RidgeCV`) of all T channels of every region at once, plus O(B·n·T). The RDM summary adds
  ///   O((L + G)²·n²) for the RDM correlations and O((L + G)³) for the MDS.
  public func run(progress: (StudyProgress) -> Void = { _ in }) throws -> StudyResult {
    var clock = StudyClock()
    let prepared = try prepare()
    clock.lap("load")
    let spec = specification
    let data = prepared.data
    let layerNames = data.layers.map(\.name)
    let samples = prepared.samples
    let total = prepared.unitCount
    var done = 0
    func advance(_ units: Int, _ step: String) {
      done += units
      progress(clock.progress(done: done, total: total, step: step))
    }
    var raw: [[LayerScores]] = []
    var layerRDMsForSummary: RDMs? = nil
    for measure in spec.measures {
      progress(clock.progress(done: done, total: total, step: "\(measure.kind.rawValue): starting", estimate: false))
      var scores: [LayerScores] = []
      switch measure {
      case .encoding(let e):
        scores = try EncodingStudyMeasure(measure: e, seed: spec.seed).run(data, samples: samples) { l in
          advance(data.regions.count, "encoding: layer \(layerNames[l]) × \(data.regions.count) regions")
        }
      default:
        var layerRDMs: RDMs? = nil
        if case .rsa(let r) = measure {
          let plain = try StudyMeasures.layerRDMs(data, method: r.rdm)
          layerRDMs = try r.transformed(plain)
          if r.rdm == prepared.summaryMethod { layerRDMsForSummary = plain }
        }
        for (g, region) in data.regions.enumerated() {
          scores.append(try layerScores(measure, region: region, data: data, samples: samples[g], layerRDMs: layerRDMs))
          advance(data.layers.count, "\(measure.kind.rawValue): \(data.layers.count) layers × \(region.name)")
        }
      }
      raw.append(scores)
      clock.lap(measure.kind.rawValue)
    }
    let checks = try checks(data, summaryMethod: prepared.summaryMethod, clock: &clock) { step, clock in
      progress(clock.progress(done: done, total: total, step: step, estimate: false))
    }
    return try assemble(prepared, raw: raw, layerRDMs: layerRDMsForSummary, checks: checks, clock: clock)
  }

  /// What the study's checks found: `identify` and `null`, each nil unless asked for.
  struct Checks {
    var identification: IdentificationResult? = nil
    var topology: StudyTopologyIdentification? = nil
    var nulls: NullResult? = nil
    /// Why a check could not run (e.g. the tRSA grid without repeated measurements).
    var warnings: [String] = []
  }

  /// Runs the checks the specification asks for (`identify`: `LayerIdentification`; `null`:
  /// `PermutationNull`) with the study's measures, seed and confidence; `step` names each part as it
  /// starts and finishes (with the clock at that moment).
  func checks(
    _ data: StudyData, summaryMethod: RDMMethod, clock: inout StudyClock, step: (String, StudyClock) -> Void
  ) throws -> Checks {
    let spec = specification
    var checks = Checks()
    if let identify = spec.identify {
      step("identify: \(identify.repetitions) surrogate brains per layer", clock)
      let analysis = identify.analysis(measures: spec.measures, seed: spec.seed, confidence: spec.confidence)
      checks.identification = try analysis.run(data) { region, scale in
        step("identify: \(region) at noise × \(scale) done", clock)
      }
      do {
        let (topology, reason) = try StudyTopologyIdentification.run(data, method: summaryMethod, seed: spec.seed)
        checks.topology = topology
        if let reason { checks.warnings.append(reason) }
      } catch {
        checks.warnings.append("the tRSA grid was not computed: \(error)")
      }
      clock.lap("identify")
    }
    if let null = spec.null {
      step("null: \(null.permutations) stimulus permutations per region", clock)
      checks.nulls = try null.analysis(measures: spec.measures, seed: spec.seed).run(data)
      clock.lap("null")
    }
    return checks
  }

  /// The data and bootstrap draws every part of a run (or shard, or merge) starts from.
  struct Prepared {
    let data: StudyData
    /// Per region, the seeded bootstrap samples (stimuli, and subjects where it has several).
    let samples: [[BootstrapSample]]
    /// The RDM method of the RDM summary: the first RSA measure's, else correlation.
    let summaryMethod: RDMMethod
    /// measures × regions × layers.
    var unitCount: Int { specification.measures.count * data.regions.count * data.layers.count }
    let specification: StudySpecification
  }

  /// Validates the specification, loads the data and draws the bootstrap samples.
  func prepare() throws -> Prepared {
    let spec = specification
    try spec.validate()
    let data = try StudyData.load(spec)
    let n = data.stimuli.count
    for m in spec.measures where n < m.minimumStimuli {
      throw NeurometryError.invalidInput(
        context: "region '\(data.regions[0].name)'",
        message: "has \(n) stimuli but \(m.label) needs at least \(m.minimumStimuli)")
    }
    let samples = data.regions.map {
      StudyMeasures.draw(count: spec.bootstrap, seed: spec.seed, stimuli: n, subjects: $0.subjects.count)
    }
    try memoryLimit?.require(
      MemoryEstimate.process + memoryEstimate(data), for: "report",
      advice:
        "split the study with --shard K/N (each shard computes some layers × regions), use fewer bootstrap samples or layers, or a machine with more memory (--max-memory sets the limit)"
    )
    let summaryMethod: RDMMethod =
      spec.measures.compactMap { m -> RDMMethod? in
        if case .rsa(let r) = m { return r.rdm }
        return nil
      }.first ?? .correlation
    return Prepared(data: data, samples: samples, summaryMethod: summaryMethod, specification: spec)
  }

  /// One measure's scores of `data`'s layers for one region (RSA: of `layerRDMs` when given).
  func layerScores(
    _ measure: MeasureSpecification, region: StudyData.Region, data: StudyData, samples: [BootstrapSample],
    layerRDMs: RDMs? = nil
  ) throws -> LayerScores {
    let context = StudyMeasures(data: data, samples: samples, subjectCount: region.subjects.count)
    switch measure {
    case .rsa(let r):
      return try context.rsa(
        r, region: region, layers: try layerRDMs ?? r.transformed(try StudyMeasures.layerRDMs(data, method: r.rdm)))
    case .cka(let c): return try context.cka(c, region: region)
    case .shape(let s): return try context.shape(s, region: region)
    case .encoding(let e):
      let one = StudyData(stimuli: data.stimuli, layers: data.layers, regions: [region], warnings: [])
      let scores = try EncodingStudyMeasure(measure: e, seed: specification.seed).run(
        one, samples: [samples], layerDone: { _ in })
      guard let first = scores.first else {
        throw NeurometryError.invalidInput(context: "encoding", message: "no region to score")
      }
      return first
    }
  }

  /// The study's result from every measure's raw scores (`raw[measure][region]`): summaries, the
  /// RDM summary, the inputs with their SHA-256, regions and warnings.
  func assemble(
    _ prepared: Prepared, raw: [[LayerScores]], layerRDMs: RDMs?, checks: Checks, clock: StudyClock
  ) throws -> StudyResult {
    var clock = clock
    let spec = specification
    let data = prepared.data
    let layerNames = data.layers.map(\.name)
    let measures = try zip(spec.measures, raw).map { measure, scores in
      MeasureResult(
        measure: measure.kind.rawValue, label: measure.label, scoreLabel: measure.scoreLabel,
        parameters: measure.parameters, higherIsBetter: measure.higherIsBetter,
        regions: try zip(data.regions, scores).map { region, scores in
          try scores.summary(
            region: region.name, layers: layerNames, higherIsBetter: measure.higherIsBetter,
            confidence: spec.confidence, correction: spec.correction)
        })
    }
    let rdms = try rdmSummary(data, method: prepared.summaryMethod, layers: layerRDMs)
    clock.lap("rdms")
    let inputs = try Self.inputFiles(spec, data)
    clock.lap("inputs")
    var timings = clock.timings
    timings["total"] = clock.elapsed
    let regionInfo = data.regions.map { region in
      RegionInfo(
        name: region.name,
        subjects: region.subjects.map { s in
          SubjectInfo(
            name: s.subject, kind: s.kind, files: s.files, channels: s.channelCount, channelKind: s.channelKind,
            repetitions: s.repetitions(order: data.stimuli)?.matrices.count ?? 0)
        })
    }
    var warnings = data.warnings
    for region in regionInfo {
      for s in region.subjects where s.repetitions < 2 {
        warnings.append(
          "\(region.name) (\(s.name)): no repeated presentations of every stimulus, so no split-half noise ceiling")
      }
    }
    var result = StudyResult(
      study: StudyInfo(
        name: spec.name, file: spec.file, seed: spec.seed, bootstrap: spec.bootstrap, confidence: spec.confidence,
        correction: spec.correction.rawValue),
      stimuli: data.stimuli,
      layers: data.layers.map { LayerInfo(name: $0.name, shape: $0.shape, features: $0.matrix.columns) },
      regions: regionInfo, measures: measures, rdms: rdms, inputs: inputs, software: Self.software,
      timings: timings, warnings: warnings + (checks.identification?.warnings ?? []) + checks.warnings)
    result.identification = checks.identification
    result.topology = checks.topology
    result.nulls = checks.nulls
    return result
  }

  /// Layer and region RDMs (regions: mean over subjects) and their classical MDS with the RDM
  /// distance 1 − Pearson r of the condensed vectors.
  func rdmSummary(_ data: StudyData, method: RDMMethod, layers given: RDMs?) throws -> RDMSummary {
    let layers = try given ?? StudyMeasures.layerRDMs(data, method: method)
    let layerVectors = (0..<layers.count).map { layers.vector($0) }
    let regionVectors = try data.regions.map { region -> [Double] in
      let r = try StudyMeasures.regionRDMs(region, method: method)
      return (0..<r.pairCount).map { k in (0..<r.count).map { r.dissimilarities[$0, k] }.reduce(0, +) / Double(r.count)
      }
    }
    let all = layerVectors + regionVectors
    var mds: [[Double]] = all.map { _ in [0, 0] }
    var explained = 0.0
    if all.count >= 2 && all[0].count >= 2 {
      let z = all.map(Self.standardised)
      let d = Matrix(rows: all.count, columns: all.count) { i, j in
        i == j ? 0 : Swift.max(0, 1 - dot(z[i], z[j]))
      }.symmetrized
      let embedding = try ClassicalMDS.embed(d, dimensions: 2)
      mds = (0..<all.count).map { [embedding.coordinates[$0, 0], embedding.coordinates[$0, 1]] }
      explained = embedding.explained
    }
    return RDMSummary(
      method: method.rawValue, layers: layerVectors, regions: regionVectors, mds: mds, mdsExplained: explained)
  }

  /// Centred to mean 0 and scaled to norm 1 (a constant vector stays 0), so dot = Pearson r.
  static func standardised(_ v: [Double]) -> [Double] {
    let mean = v.reduce(0, +) / Double(v.count)
    let c = v.map { $0 - mean }
    let norm = dot(c, c).squareRoot()
    return norm > 0 ? c.map { $0 / norm } : c
  }

  /// Every file the study read, once, with its size and SHA-256 (folders: each file inside).
  static func inputFiles(_ spec: StudySpecification, _ data: StudyData) throws -> [InputFile] {
    var paths: [String] = []
    if let f = spec.file { paths.append(f) }
    paths.append(spec.resolve(spec.activations.file))
    for region in data.regions { for s in region.subjects { paths += s.files } }
    var seen = Set<String>()
    var out: [InputFile] = []
    let fm = FileManager.default
    for path in paths where seen.insert(path).inserted {
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
      let files =
        isDirectory.boolValue
        ? try fm.contentsOfDirectory(atPath: path).sorted().map { (path as NSString).appendingPathComponent($0) }
        : [path]
      for file in files where seen.insert(file).inserted || file == path {
        var dir: ObjCBool = false
        guard fm.fileExists(atPath: file, isDirectory: &dir), !dir.boolValue else { continue }
        let (hex, bytes) = try FileDigest.sha256(path: file)
        out.append(InputFile(path: file, bytes: bytes, sha256: hex))
      }
    }
    return out
  }

  /// Versions of Neurometry and the libraries behind it.
  static var software: [String: String] {
    [
      "neurometry": NeurometryVersion.string, "blas": NumericalLibraries.blasConfiguration,
      "blas_kernels": NumericalLibraries.blasKernelSelection, "fftw": NumericalLibraries.fftwVersion,
      "hdf5": IOLibraries.hdf5Version, "zlib": IOLibraries.zlibVersion,
    ]
  }
}
