import Foundation
import NeurometryData
import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometrySimilarity

/// The per-measure computations of a study (`ModelBrainStudy`): every layer against one region,
/// point estimates, bootstrap samples (the same draws for every measure: `BootstrapSample.draw`
/// from the study's seed, stimuli and — with several subjects — subjects), and the region's ceiling.
///
/// Ceilings. With one subject whose stimuli were repeated (trials, runs), the repetitions are split
/// in halves (`SplitHalfReliability`'s 10 seeded halvings), the measure m is taken between the two
/// half-averages, corrected to the full data by Spearman–Brown, ρ = 2m/(1 + m), averaged over the
/// halvings, and the ceiling is √ρ: the value a perfect model (the data's noise-free signal) is
/// expected to reach against data of reliability ρ (classical test theory; for CKA, an RV-type
/// coefficient, this holds approximately). Encoding uses each channel's reliability ρⱼ and reports
/// the mean of √ρⱼ. With several subjects, RSA uses rsatoolbox's leave-one-subject-out bounds
/// (`NoiseCeiling`), the others the mean of the subjects' split-half ceilings. Shape distances have
/// no ceiling.
struct StudyMeasures {
  let data: StudyData
  let samples: [BootstrapSample]
  let subjectCount: Int
  var n: Int { data.stimuli.count }

  /// Draws the study's bootstrap samples for a region with `subjects` subjects.
  static func draw(count: Int, seed: UInt64, stimuli: Int, subjects: Int) -> [BootstrapSample] {
    let scheme: EvaluationScheme = subjects > 1 ? .bootstrapBoth : .bootstrapPatterns
    return (0..<count).map {
      BootstrapSample.draw(scheme, rdms: subjects, conditions: stimuli, seed: seed, sample: $0)
    }
  }

  var resampling: String { subjectCount > 1 ? "stimuli+subjects" : "stimuli" }

  // MARK: - RSA

  /// RDMs of every layer (one row each, stimuli in study order).
  static func layerRDMs(_ data: StudyData, method: RDMMethod) throws -> RDMs {
    let estimator = RDMEstimator(method: method)
    let sets = try data.layers.map { layer in
      do {
        return try estimator.fit(ResponsePatterns(measurements: layer.matrix, source: "layer '\(layer.name)'"))
      } catch let error as NeurometryError {
        throw error.prefixed("\(data.activationsSource): layer '\(layer.name)'")
      }
    }
    return try RDMs.concatenating(sets, source: "layers")
  }

  /// One RDM per subject of `region`.
  static func regionRDMs(_ region: StudyData.Region, method: RDMMethod) throws -> RDMs {
    let estimator = RDMEstimator(method: method)
    let sets = try zip(region.subjects, region.means).map { s, m in
      do {
        return try estimator.fit(ResponsePatterns(measurements: m, source: "region '\(region.name)' (\(s.subject))"))
      } catch let error as NeurometryError {
        throw error.prefixed("region '\(region.name)' (\(s.subject))")
      }
    }
    return try RDMs.concatenating(sets, source: "region '\(region.name)'")
  }

  /// RSA scores of every layer against `region`; `layers` are the layers' RDMs as `m` compares them
  /// (`RSAMeasure.transformed`).
  func rsa(_ m: RSAMeasure, region: StudyData.Region, layers: RDMs) throws -> LayerScores {
    let regionRDMs = try m.transformed(try Self.regionRDMs(region, method: m.rdm))
    let comparison = RDMComparison(m.comparator)
    let values = try comparison.compare(layers, regionRDMs).values  // layers × subjects
    let scores = (0..<values.rows).map { values.row($0).reduce(0, +) / Double(values.columns) }
    let models = try (0..<layers.count).map { try RSAModel.fixed(data.layers[$0].name, layers.selecting([$0])) }
    let several = region.subjects.count > 1
    // The report shows the ceiling of all data; it is not resampled (a sample that draws one
    // subject only would have none).
    let evaluator = ModelEvaluator(comparison: comparison, perSampleNoiseCeiling: false, computesNoiseCeiling: false)
    let result = try evaluator.bootstrap(
      models, data: regionRDMs, scheme: several ? .bootstrapBoth : .bootstrapPatterns, samples: samples)
    var ceiling: Ceiling? = nil
    if several {
      let c = try NoiseCeiling.compute(regionRDMs, comparison: comparison)
      ceiling = Ceiling(lower: c.lower, upper: c.upper, method: "leave-one-subject-out")
    } else {
      ceiling = try splitHalfCeiling(region.subjects[0]) { a, b in
        let estimator = RDMEstimator(method: m.rdm)
        let ra = try m.transformed(try estimator.fit(ResponsePatterns(measurements: a)))
        let rb = try m.transformed(try estimator.fit(ResponsePatterns(measurements: b)))
        return try comparison.compare(ra, rb).values[0, 0]
      }
    }
    return LayerScores(scores: scores, samples: result.evaluations, ceiling: ceiling, resampling: resampling)
  }

  // MARK: - Split halves

  /// √ of the mean Spearman–Brown-corrected `measure` between the half-averages of a subject's
  /// repetitions; nil when the subject has fewer than 2 repetitions of every stimulus.
  func splitHalfCeiling(_ subject: SubjectResponses, _ measure: (Matrix, Matrix) throws -> Double) throws -> Ceiling? {
    guard let reps = subject.repetitions(order: data.stimuli) else { return nil }
    let halves = try SplitHalfReliability().halfAverages(reps.matrices)
    let rho =
      try halves.map { try SplitHalfReliability.spearmanBrown(measure($0.first, $0.second)) }
      .reduce(0, +) / Double(halves.count)
    let c = rho > 0 ? rho.squareRoot() : .nan
    return Ceiling(lower: c, upper: c, method: "split-half")
  }

  /// The mean of the subjects' split-half ceilings (those that have one).
  func meanCeiling(_ region: StudyData.Region, _ measure: (Matrix, Matrix) throws -> Double) throws -> Ceiling? {
    let each = try region.subjects.compactMap { try splitHalfCeiling($0, measure) }.map(\.upper).filter(\.isFinite)
    guard !each.isEmpty else { return nil }
    let c = each.reduce(0, +) / Double(each.count)
    return Ceiling(lower: c, upper: c, method: "split-half")
  }

  /// The mean over a sample's drawn subjects (all subjects, once, without subject resampling).
  func subjectMean(_ sample: BootstrapSample, _ value: (Int) throws -> Double) rethrows -> Double {
    let drawn = sample.rdms ?? Array(0..<subjectCount)
    var sum = 0.0
    for s in drawn { sum += try value(s) }
    return sum / Double(drawn.count)
  }

  /// The distinct stimuli a sample drew, each once, in study order. CKA and shape distances are
  /// computed on these: copies of a stimulus would add identical-pair terms to both kernels (as if
  /// the diagonal counted twice) and inflate the similarity, just as RSA's bootstrap leaves out the
  /// pairs of two copies (rsatoolbox's rule).
  func distinct(_ s: BootstrapSample) -> [Int] {
    guard let p = s.conditions else { return Array(0..<n) }
    return Array(Set(p)).sorted()
  }

  // MARK: - CKA

  /// CKA of every layer with every subject; bootstrap on each sample's distinct stimuli
  /// (`distinct`), all layers × subjects of a sample at once (`CKA.crossMatrix`, each kernel
  /// centred once): linear — the Grams X·Xᵀ restricted to them, as precomputed kernels, which
  /// equals linear CKA of those rows; RBF — recomputed on those rows.
  func cka(_ c: CKA, region: StudyData.Region) throws -> LayerScores {
    let layers = data.layers
    let subjects = region.means
    let point = try layers.map { layer in
      try subjects.map { try c.compare(layer.matrix, $0, names: (layer.name, region.name)).value }
    }
    let scores = point.map { $0.reduce(0, +) / Double($0.count) }
    let precomputed = try CKA(kernel: .precomputed, estimator: c.estimator)
    let linear = c.kernel == .linear
    let layerGrams = linear ? layers.map { gram($0.matrix, side: .rows) } : []
    let subjectGrams = linear ? subjects.map { gram($0, side: .rows) } : []
    let rows = try Parallel.map(samples.count) { b -> [Double] in
      let s = samples[b]
      let p = distinct(s)
      if p.count < 3 { return [Double](repeating: .nan, count: layers.count) }
      if linear {
        let values = try precomputed.crossMatrix(layerGrams.map { $0.gathered(p) }, subjectGrams.map { $0.gathered(p) })
        return values.map { row in subjectMean(s) { row[$0] } }
      }
      let values = try c.crossMatrix(layers.map { $0.matrix.gatheringRows(p) }, subjects.map { $0.gatheringRows(p) })
      return values.map { row in subjectMean(s) { row[$0] } }
    }
    let ceiling = try meanCeiling(region) { a, b in try c.compare(a, b).value }
    return LayerScores(
      scores: scores, samples: Matrix(rows: rows.count, columns: layers.count) { rows[$0][$1] }, ceiling: ceiling,
      resampling: resampling)
  }

  // MARK: - Shape

  /// Shape distance of every layer to every subject, recomputed on each sample's distinct stimuli.
  func shape(_ metric: ShapeMetric, region: StudyData.Region) throws -> LayerScores {
    let layers = data.layers
    let subjects = region.means
    let scores = try layers.map { layer in
      try subjects.map { try metric.distance(layer.matrix, $0, names: (layer.name, region.name)).distance }
        .reduce(0, +) / Double(subjects.count)
    }
    let rows = try Parallel.map(samples.count) { b -> [Double] in
      let s = samples[b]
      let p = distinct(s)
      if p.count < 3 { return [Double](repeating: .nan, count: layers.count) }
      let y = subjects.map { $0.gatheringRows(p) }
      return try layers.map { layer in
        let x = layer.matrix.gatheringRows(p)
        return try subjectMean(s) { try metric.distance(x, y[$0]).distance }
      }
    }
    return LayerScores(
      scores: scores, samples: Matrix(rows: rows.count, columns: layers.count) { rows[$0][$1] }, ceiling: nil,
      resampling: resampling)
  }
}

extension Matrix {
  /// The rows `indices` (repeats allowed), in that order.
  func gatheringRows(_ indices: [Int]) -> Matrix {
    let c = columns
    let elements = [Double](unsafeUninitializedCapacity: indices.count * c) { out, initialized in
      withUnsafeBufferPointer { a in
        for (i, r) in indices.enumerated() {
          for j in 0..<c { out[i * c + j] = a[r * c + j] }
        }
      }
      initialized = indices.count * c
    }
    return Matrix(rows: indices.count, columns: c, elements: elements)
  }

  /// The square submatrix at rows and columns `indices` (repeats allowed).
  func gathered(_ indices: [Int]) -> Matrix {
    let (m, c) = (indices.count, columns)
    let elements = [Double](unsafeUninitializedCapacity: m * m) { out, initialized in
      withUnsafeBufferPointer { a in
        for (i, r) in indices.enumerated() {
          let row = r * c
          for (j, k) in indices.enumerated() { out[i * m + j] = a[row + k] }
        }
      }
      initialized = m * m
    }
    return Matrix(rows: m, columns: m, elements: elements)
  }
}
