import Foundation
import Neurometry

/// Scaling curves (issue 15, Docs/performance.md): time and working memory of one analysis at a
/// range of sizes, with the exponent theory predicts. Inputs are synthetic (seeded Gaussians);
/// each size is warmed up once, then timed `repeat` times (the minimum is kept); working memory is
/// the peak resident set during the timed runs minus the resident set with the inputs loaded.
struct ScalingFamily {
  let name: String
  /// What grows, e.g. "conditions".
  let sizeLabel: String
  let doc: String
  let sizes: [Int]
  /// The theoretical exponents of time and working memory in the size.
  let timeExponent: Double
  let memoryExponent: Double
  /// Builds the inputs of one size and returns the step to time.
  let prepare: (Int) throws -> () throws -> Void

  /// Every family, in the order of Docs/performance.md.
  static var all: [ScalingFamily] {
    [
      ScalingFamily(
        name: "rdm", sizeLabel: "conditions", doc: "RDMEstimator(.euclidean), 2,000 channels: one SYRK (n²·p)",
        sizes: [100, 200, 500, 1000, 2000, 4000], timeExponent: 2, memoryExponent: 2,
        prepare: { n in
          let x = gaussians(rows: n, columns: 2000, seed: 1)
          return { _ = try RDMEstimator(method: .euclidean).fit(ResponsePatterns(measurements: x)) }
        }),
      ScalingFamily(
        name: "kendall", sizeLabel: "pairs", doc: "RDMComparison(.tauA) of two RDMs: merge-sort Kendall τ (q log q)",
        sizes: [46, 142, 448, 1415, 4473].map { $0 * ($0 - 1) / 2 }, timeExponent: 1, memoryExponent: 1,
        prepare: { q in try comparison(.tauA, pairs: q) }),
      ScalingFamily(
        name: "spearman", sizeLabel: "pairs", doc: "RDMComparison(.rhoA): ranks by sorting (q log q)",
        sizes: [46, 142, 448, 1415, 4473].map { $0 * ($0 - 1) / 2 }, timeExponent: 1, memoryExponent: 1,
        prepare: { q in try comparison(.rhoA, pairs: q) }),
      ScalingFamily(
        name: "cka", sizeLabel: "samples",
        doc: "linear CKA of 256 and 128 features (feature form: n·p² time; p² + q² working memory)",
        sizes: [1000, 3000, 10_000, 30_000, 100_000], timeExponent: 1, memoryExponent: 0,
        prepare: { n in
          let x = gaussians(rows: n, columns: 256, seed: 2)
          let y = gaussians(rows: n, columns: 128, seed: 3)
          return { _ = try CKA().compare(x, y) }
        }),
      ScalingFamily(
        name: "ridge", sizeLabel: "targets", doc: "RidgeCV 5-fold, 5 α, 500 samples × 100 features (n·p·t)",
        sizes: [1000, 3000, 10_000, 30_000, 100_000], timeExponent: 1, memoryExponent: 1,
        prepare: { t in
          let x = gaussians(rows: 500, columns: 100, seed: 4)
          let y = gaussians(rows: 500, columns: t, seed: 5)
          let ridge = RidgeCV(
            alphas: PenaltyGrid.logspace(start: 0, stop: 4, count: 5), crossValidation: .kFold(folds: 5))
          return { _ = try ridge.fit(x, y) }
        }),
      ScalingFamily(
        name: "bootstrap", sizeLabel: "bootstrap samples",
        doc: "ModelEvaluator(.corr).bootstrap of 5 models, 20 subjects × 60 conditions, patterns (B)",
        sizes: [100, 300, 1000, 3000, 10_000], timeExponent: 1, memoryExponent: 1,
        prepare: { b in
          let subjects = try RDMs(dissimilarities: gaussians(rows: 20, columns: 1770, seed: 6).map { abs($0) })
          let models = try (0..<5).map { k in
            try RSAModel.fixed(
              "m\(k)", RDMs(dissimilarities: gaussians(rows: 1, columns: 1770, seed: 7 + UInt64(k)).map { abs($0) }))
          }
          let evaluator = ModelEvaluator(comparison: RDMComparison(.corr))
          return { _ = try evaluator.bootstrap(models, data: subjects, scheme: .bootstrapPatterns, count: b, seed: 0) }
        }),
      ScalingFamily(
        name: "searchlight", sizeLabel: "centres",
        doc: "searchlight model map, streamed: cubes of centres, radius 2, 40 conditions, correlation RDMs vs 1 model",
        sizes: [1000, 3000, 10_000, 30_000, 100_000], timeExponent: 1, memoryExponent: 0,
        prepare: { centres in
          let edge = Int(pow(Double(centres), 1.0 / 3).rounded())
          let shape = [edge, edge, edge]
          let volume = edge * edge * edge
          let mask = [Bool](repeating: true, count: volume)
          let searchlight = try VolumeSearchlight(mask: mask, shape: shape, radius: 2, threshold: 0)
          let patterns = try ResponsePatterns(measurements: gaussians(rows: 40, columns: volume, seed: 9))
          let model = try RDMs(
            dissimilarities: gaussians(rows: 1, columns: 780, seed: 10).map { abs($0) },
            conditions: (0..<40).map(String.init).sorted())
          let estimator = SearchlightRDMEstimator(estimator: RDMEstimator(method: .correlation))
          return {
            _ = try estimator.modelMaps(
              patterns, searchlight: searchlight, models: model, comparison: RDMComparison(.corr))
          }
        }),
    ]
  }

  static func gaussians(rows: Int, columns: Int, seed: UInt64) -> Matrix {
    var g = RandomStream(seed: seed)
    return Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { _ in g.nextGaussian() })
  }

  static func comparison(_ comparator: RDMComparator, pairs: Int) throws -> () throws -> Void {
    let a = try RDMs(dissimilarities: gaussians(rows: 1, columns: pairs, seed: 11))
    let b = try RDMs(dissimilarities: gaussians(rows: 1, columns: pairs, seed: 12))
    let comparison = RDMComparison(comparator)
    return { _ = try comparison.compare(a, b) }
  }

  /// Times every size: [(size, seconds, working bytes)].
  func measure(repeatCount: Int, say: (String) -> Void) throws -> [(size: Int, seconds: Double, bytes: Int?)] {
    var out: [(Int, Double, Int?)] = []
    for size in sizes {
      let run = try prepare(size)
      try run()  // warm-up
      let before = Machine.resetPeakResidentSet()
      var best = Double.infinity
      for _ in 0..<repeatCount {
        let t0 = Machine.monotonicSeconds()
        try run()
        best = Swift.min(best, Machine.monotonicSeconds() - t0)
      }
      let peak = before == nil ? nil : Machine.peakResidentSetBytes()
      let bytes = zip(peak.map { [$0] } ?? [], before.map { [$0] } ?? []).map { $0 - $1 }.first
      say(
        "\(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(String(size).leftPadding(9)) \(sizeLabel): "
          + String(format: "%.4f s", best)
          + (bytes.map { String(format: ", working memory %.1f MB", Double($0) / 1e6) } ?? ""))
      out.append((size, best, bytes))
    }
    return out
  }
}

extension NeurometryBench {
  /// `--scaling`: measures the families named (all by default), writes their points and fitted
  /// exponents to --out and, with --figures DIR, one log–log SVG of time and one of working memory
  /// per family (`ScalingFigure`).
  func runScaling() throws {
    let chosen = workloads.isEmpty ? ScalingFamily.all : ScalingFamily.all.filter { workloads.contains($0.name) }
    var json: [String: Any] = [:]
    for family in chosen {
      let points = try family.measure(repeatCount: repeatCount) { say($0) }
      let sizes = points.map { Double($0.size) }
      // The fits use the three largest sizes: the asymptotic regime the theory describes.
      let time = ScalingFigure.Series(
        label: "time", x: sizes, y: points.map(\.seconds), theory: family.timeExponent, fitLargest: 3)
      let memory = ScalingFigure.Series(
        label: "memory", x: sizes, y: points.map { Double($0.bytes ?? 0) / 1e6 },
        theory: family.memoryExponent, fitLargest: 3)
      let allTime = ScalingFigure.Series(label: "", x: sizes, y: points.map(\.seconds))
      json[family.name] = [
        "doc": family.doc, "size": family.sizeLabel, "sizes": points.map(\.size), "seconds": points.map(\.seconds),
        "working_bytes": points.map { $0.bytes ?? -1 }, "time_exponent_theory": family.timeExponent,
        "memory_exponent_theory": family.memoryExponent, "time_exponent_fitted": time.fit?.exponent ?? .nan,
        "memory_exponent_fitted": memory.fit?.exponent ?? .nan,
        "time_exponent_fitted_all_sizes": allTime.fit?.exponent ?? .nan,
      ]
      say(
        "\(family.name): time exponent \(String(format: "%.2f", time.fit?.exponent ?? .nan)) (theory \(family.timeExponent)), "
          + "memory exponent \(String(format: "%.2f", memory.fit?.exponent ?? .nan)) (theory \(family.memoryExponent))")
      if let figures {
        try FileManager.default.createDirectory(atPath: figures, withIntermediateDirectories: true)
        for (kind, series, unit) in [("time", time, "seconds"), ("memory", memory, "MB")] {
          let figure = ScalingFigure(
            series: [series], title: "\(family.name): \(kind) against \(family.sizeLabel)", xLabel: family.sizeLabel,
            yLabel: unit)
          try Data(figure.svg(id: "\(family.name)-\(kind)").utf8).write(
            to: URL(fileURLWithPath: "\(figures)/\(family.name)-\(kind).svg"))
        }
      }
    }
    let data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
    try data.write(to: URL(fileURLWithPath: out))
    say("# wrote \(out)")
  }
}
