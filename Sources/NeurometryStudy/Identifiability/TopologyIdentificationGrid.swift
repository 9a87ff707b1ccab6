import NeurometryLinearAlgebra
import NeurometrySimilarity

/// tRSA identifiability (Lin & Kriegeskorte 2024, "The topology and geometry of neural
/// representations", PNAS 121): for RDMs of several classes (regions, or layers of several model
/// instances), each measured in the same S subjects (instances), how often does the
/// geo-topological transform with thresholds (lower, upper) let a held-out subject's RDM be
/// assigned to its own class?
///
/// For each cell (l, u) of the grid l, u ∈ {0, step, 2·step, …, 1} with l ≤ u, every RDM is
/// transformed (`GeoTopologicalTransform(lower: l, upper: u, scale:)`); then for each subject s,
/// each class's centroid is the mean of its transformed RDMs over the other subjects, and each of
/// s's RDMs is assigned to the class whose centroid is nearest in correlation distance 1 − r
/// (Pearson r of the condensed vectors; ties to the earlier class). The cell's accuracy is the
/// fraction of the C·S held-out RDMs assigned to their own class (chance 1/C). The named regimes
/// (`GeoTopologicalTransform.Preset`: geometry, the paper's defaults and example, topology at ½)
/// are evaluated the same way.
///
/// No randomness: the result depends only on the RDMs, and the cells computed in parallel equal
/// those computed one after another bit for bit (each cell is computed by one thread, in one order).
///
/// - Complexity: for G grid cells, C classes, S subjects and q pairs: G·C·S transforms
///   (O(q log q) each) and G·C²·S correlations (O(q) each).
public struct TopologyIdentificationGrid: Sendable {
  /// The grid spacing of both thresholds (default 0.05, as in the paper: 21 levels).
  public var step: Double
  /// What the thresholds apply to (default: min-max scaled ranks, the paper's code).
  public var scale: GeoTopologicalTransform.Scale
  /// Compute the cells in parallel (default); false computes them one after another.
  public var parallel: Bool

  /// A grid of spacing `step` on `scale`.
  public init(step: Double = 0.05, scale: GeoTopologicalTransform.Scale = .ranks, parallel: Bool = true) {
    self.step = step
    self.scale = scale
    self.parallel = parallel
  }

  /// The grid for `classes` (one `RDMs` per class, the same S ≥ 2 subjects in the same order in
  /// each, over the same conditions), named `names`. Throws `invalidInput` for fewer than 2
  /// classes or subjects, classes of different sizes, a step outside (0, 1], or an RDM the
  /// transform refuses (a constant RDM on the rank scale).
  public func run(_ classes: [RDMs], names: [String]) throws -> TopologyIdentificationResult {
    func refuse(_ message: String) -> NeurometryError {
      .invalidInput(context: "tRSA identification", message: message)
    }
    guard classes.count >= 2, names.count == classes.count else {
      throw refuse("needs at least 2 classes with a name each, got \(classes.count) classes and \(names.count) names")
    }
    let s = classes[0].count
    guard s >= 2 else { throw refuse("needs at least 2 subjects per class, got \(s)") }
    if let k = classes.firstIndex(where: { $0.count != s || $0.pairCount != classes[0].pairCount }) {
      throw refuse(
        "class '\(names[k])' has \(classes[k].count) RDMs of \(classes[k].pairCount) pairs; '\(names[0])' has \(s) of \(classes[0].pairCount)"
      )
    }
    guard step > 0 && step <= 1 else { throw refuse("the step must be in (0, 1], got \(step)") }
    let levels = (0...Int((1 / step).rounded())).map { Swift.min(1, Double($0) * step) }
    let cells = levels.indices.flatMap { i in (i..<levels.count).map { (i, $0) } }
    let vectors = classes.map { c in (0..<s).map { c.vector($0) } }
    let body: @Sendable (Int) throws -> Double = { k in
      let (i, j) = cells[k]
      return try Self.accuracy(vectors, try GeoTopologicalTransform(lower: levels[i], upper: levels[j], scale: scale))
    }
    let values = parallel ? try Parallel.map(cells.count, body) : try (0..<cells.count).map(body)
    var grid = [[Double?]](repeating: [Double?](repeating: nil, count: levels.count), count: levels.count)
    for (k, (i, j)) in cells.enumerated() { grid[i][j] = values[k] }
    let presets: [(String, GeoTopologicalTransform.Preset)] = [
      ("geometry", .geometry), ("paper defaults", .paperDefaults), ("paper example", .paperExample),
      ("topology", .topology(threshold: 0.5)),
    ]
    let regimes = try presets.map { name, preset in
      let t = try GeoTopologicalTransform(preset: preset)
      return TopologyRegime(name: name, lower: t.lower, upper: t.upper, accuracy: try Self.accuracy(vectors, t))
    }
    return TopologyIdentificationResult(
      classes: names, subjects: s, levels: levels, accuracy: grid, chance: 1 / Double(classes.count), regimes: regimes)
  }

  /// Leave-one-subject-out nearest-centroid accuracy of `vectors[class][subject]` under `t`.
  static func accuracy(_ vectors: [[[Double]]], _ t: GeoTopologicalTransform) throws -> Double {
    let transformed = try vectors.map { c in try c.map { try t.apply($0) } }
    let (classes, subjects) = (transformed.count, transformed[0].count)
    var correct = 0
    for held in 0..<subjects {
      let centroids = (0..<classes).map { c -> [Double] in
        var sum = [Double](repeating: 0, count: transformed[c][0].count)
        for s in 0..<subjects where s != held { for k in sum.indices { sum[k] += transformed[c][s][k] } }
        return sum.map { $0 / Double(subjects - 1) }
      }
      for c in 0..<classes {
        var best = 0
        var bestDistance = Double.infinity
        for (k, centroid) in centroids.enumerated() {
          let d = 1 - Self.pearson(transformed[c][held], centroid)
          if d < bestDistance {
            best = k
            bestDistance = d
          }
        }
        if best == c { correct += 1 }
      }
    }
    return Double(correct) / Double(classes * subjects)
  }

  /// Pearson r of the pairs present in both (NaN when either is constant: never nearest).
  static func pearson(_ a: [Double], _ b: [Double]) -> Double {
    let present = a.indices.filter { !a[$0].isNaN && !b[$0].isNaN }
    guard present.count >= 2 else { return .nan }
    let n = Double(present.count)
    let ma = present.map { a[$0] }.reduce(0, +) / n
    let mb = present.map { b[$0] }.reduce(0, +) / n
    var (sab, saa, sbb) = (0.0, 0.0, 0.0)
    for k in present {
      sab += (a[k] - ma) * (b[k] - mb)
      saa += (a[k] - ma) * (a[k] - ma)
      sbb += (b[k] - mb) * (b[k] - mb)
    }
    return saa > 0 && sbb > 0 ? sab / (saa * sbb).squareRoot() : .nan
  }
}

/// The tRSA identification grid and the named regimes' accuracies.
public struct TopologyIdentificationResult: Codable, Sendable, Equatable {
  /// The classes (regions, layers), in the order given.
  public let classes: [String]
  /// Subjects (instances) per class.
  public let subjects: Int
  /// The threshold levels 0, step, …, 1 (rows: lower; columns: upper).
  public let levels: [Double]
  /// accuracy[i][j] for lower = levels[i], upper = levels[j]; nil below the diagonal (lower > upper).
  public let accuracy: [[Double?]]
  /// 1 / classes.
  public let chance: Double
  /// The named regimes of the paper.
  public let regimes: [TopologyRegime]
}

/// One named regime's thresholds and accuracy.
public struct TopologyRegime: Codable, Sendable, Equatable {
  /// "geometry", "paper defaults", "paper example", "topology".
  public let name: String
  /// Its lower threshold level.
  public let lower: Double
  /// Its upper threshold level.
  public let upper: Double
  /// Leave-one-subject-out nearest-centroid accuracy.
  public let accuracy: Double
}
