import NeurometryLinearAlgebra

/// A set of representational dissimilarity matrices over the same conditions (rsatoolbox's `RDMs`).
///
/// - `dissimilarities`: n_rdms × n_pairs, each row one RDM in **scipy condensed order** (strict
///   upper triangle row by row: (0,1), (0,2), …, (1,2), …; see `CondensedIndex`). NaN marks a
///   missing pair.
/// - `conditions`: the n condition labels, n(n−1)/2 = n_pairs, distinct, in the order of the
///   rows/columns of the square form (estimators sort them, see `ConditionOrder`).
/// - `measure`: the dissimilarity measure's name (rsatoolbox's `dissimilarity_measure`, e.g.
///   "squared euclidean", "crossnobis").
/// - `rdmDescriptors`: per-RDM labels by name (e.g. "subject", "time"), one entry per RDM.
/// - `descriptors`: facts about the whole set (e.g. "cv_descriptor": "run").
/// - `warnings`: what the producer wants a reader to know.
///
/// The initialisers check every count and throw `NeurometryError.shapeMismatch` naming `source`.
public struct RDMs: Sendable, Equatable {
  /// n_rdms × n(n−1)/2: one RDM per row in scipy condensed order; NaN marks a missing pair.
  public let dissimilarities: Matrix
  /// The n distinct condition labels, in the order of the square form's rows and columns.
  public let conditions: [String]
  /// The dissimilarity measure's name (e.g. "squared euclidean", "crossnobis").
  public let measure: String
  /// Per-RDM labels by descriptor name (e.g. "subject", "time"), one entry per RDM.
  public let rdmDescriptors: [String: [String]]
  /// Facts about the whole set by name (e.g. "cv_descriptor": "run").
  public let descriptors: [String: String]
  /// What the producer wants a reader to know (e.g. an identity precision used for mahalanobis).
  public let warnings: [String]

  /// RDMs from condensed vectors (one per row). `conditions` defaults to "0", "1", ….
  public init(
    dissimilarities: Matrix, conditions: [String]? = nil, measure: String = "unknown",
    rdmDescriptors: [String: [String]] = [:], descriptors: [String: String] = [:], warnings: [String] = [],
    source: String = "RDMs"
  ) throws {
    let n = try CondensedIndex.conditionCount(pairs: dissimilarities.columns, context: source)
    let labels = conditions ?? (0..<n).map(String.init)
    guard labels.count == n else {
      throw NeurometryError.shapeMismatch(
        context: source,
        message:
          "\(labels.count.grouped) condition labels for RDMs of \(n.grouped) conditions (\(dissimilarities.columns.grouped) pairs)"
      )
    }
    if Set(labels).count != labels.count {
      var seen = Set<String>()
      let duplicate = labels.first { !seen.insert($0).inserted } ?? ""
      throw NeurometryError.invalidInput(
        context: source, message: "condition label '\(duplicate)' occurs more than once; labels must be distinct")
    }
    for (name, values) in rdmDescriptors.sorted(by: { $0.key < $1.key }) where values.count != dissimilarities.rows {
      throw NeurometryError.shapeMismatch(
        context: source,
        message: "RDM descriptor '\(name)' has \(values.count.grouped) entries for \(dissimilarities.rows.grouped) RDMs"
      )
    }
    self.dissimilarities = dissimilarities
    self.conditions = labels
    self.measure = measure
    self.rdmDescriptors = rdmDescriptors
    self.descriptors = descriptors
    self.warnings = warnings
  }

  /// RDMs from square n×n matrices. Each must be symmetric (|a_ij − a_ji| ≤ 1e-10·max|a|, NaN
  /// matching NaN); the diagonal is ignored. Errors name the matrix and the first asymmetric pair.
  public init(
    squareMatrices: [Matrix], conditions: [String]? = nil, measure: String = "unknown",
    rdmDescriptors: [String: [String]] = [:], descriptors: [String: String] = [:], source: String = "RDMs"
  ) throws {
    guard let n = squareMatrices.first?.rows else {
      throw NeurometryError.invalidInput(context: source, message: "no RDMs given")
    }
    var rows: [Double] = []
    for (k, m) in squareMatrices.enumerated() {
      guard m.rows == n, m.columns == n else {
        throw NeurometryError.shapeMismatch(
          context: source, message: "RDM \(k) is \(m.rows)×\(m.columns), expected \(n)×\(n)")
      }
      let scale = m.elements.lazy.filter { $0.isFinite }.map { abs($0) }.max() ?? 0
      for i in 0..<n {
        for j in (i + 1)..<Swift.max(n, i + 1) {
          let (a, b) = (m[i, j], m[j, i])
          let same = (a.isNaN && b.isNaN) || a == b || abs(a - b) <= 1e-10 * scale
          if !same {
            throw NeurometryError.invalidInput(
              context: source,
              message: "RDM \(k) is not symmetric: element (\(i), \(j)) = \(a) but (\(j), \(i)) = \(b)")
          }
        }
      }
      rows.append(contentsOf: CondensedIndex.condensed(m))
    }
    try self.init(
      dissimilarities: Matrix(rows: squareMatrices.count, columns: n * (n - 1) / 2, elements: rows),
      conditions: conditions, measure: measure, rdmDescriptors: rdmDescriptors, descriptors: descriptors,
      source: source)
  }

  /// Number of RDMs.
  public var count: Int { dissimilarities.rows }
  /// Number of conditions n.
  public var conditionCount: Int { conditions.count }
  /// Number of pairs n(n−1)/2.
  public var pairCount: Int { dissimilarities.columns }

  /// RDM `k` as a condensed vector.
  public func vector(_ k: Int) -> [Double] { dissimilarities.row(k) }

  /// RDM `k` as a symmetric n×n matrix with zeros on the diagonal (NaN pairs stay NaN).
  public func squareMatrix(_ k: Int) -> Matrix {
    CondensedIndex.square(vector(k), n: conditionCount)
  }

  /// RDM `k` as a single `RDM`.
  public func rdm(_ k: Int) -> RDM {
    RDM(dissimilarities: vector(k), conditions: conditions, measure: measure)
  }

  /// The RDMs at `indices` (repeats allowed, e.g. for a bootstrap over subjects), with their
  /// per-RDM descriptors.
  public func selecting(_ indices: [Int]) -> RDMs {
    let d = rdmDescriptors.mapValues { v in indices.map { v[$0] } }
    return RDMs(
      unchecked: dissimilarities.selectingRows(indices), conditions: conditions, measure: measure, rdmDescriptors: d,
      descriptors: descriptors, warnings: warnings)
  }

  /// The same RDMs with new dissimilarities (same shape) and, optionally, a new measure name.
  public func replacing(dissimilarities newValues: Matrix, measure newMeasure: String? = nil) -> RDMs {
    precondition(newValues.rows == count && newValues.columns == pairCount, "replacing: shape differs")
    return RDMs(
      unchecked: newValues, conditions: conditions, measure: newMeasure ?? measure, rdmDescriptors: rdmDescriptors,
      descriptors: descriptors, warnings: warnings)
  }

  /// The RDMs over the conditions at `indices`, in that order; repeats are allowed (a bootstrap
  /// over conditions), and the pair of two copies of one condition is NaN (missing: a trivial
  /// zero that no model should be credited for), as rsatoolbox's `subsample_pattern` does.
  /// Condition labels of repeated copies get a suffix "#2", "#3", … to stay distinct.
  public func selectingConditions(_ indices: [Int]) -> RDMs {
    let n = conditionCount
    let m = indices.count
    let mp = CondensedIndex.pairCount(m)
    var out = [Double](repeating: .nan, count: count * mp)
    var source = [Int](repeating: -1, count: mp)
    var k = 0
    for a in 0..<m {
      for b in (a + 1)..<Swift.max(m, a + 1) {
        if indices[a] != indices[b] { source[k] = CondensedIndex.index(indices[a], indices[b], n) }
        k += 1
      }
    }
    let p = pairCount
    dissimilarities.withUnsafeBufferPointer { d in
      out.withUnsafeMutableBufferPointer { o in
        source.withUnsafeBufferPointer { src in
          for r in 0..<count {
            for q in 0..<mp where src[q] >= 0 { o[r * mp + q] = d[r * p + src[q]] }
          }
        }
      }
    }
    var seen: [Int: Int] = [:]
    let labels = indices.map { i -> String in
      let c = (seen[i] ?? 0) + 1
      seen[i] = c
      return c == 1 ? conditions[i] : "\(conditions[i])#\(c)"
    }
    return RDMs(
      unchecked: Matrix(rows: count, columns: mp, elements: out), conditions: labels, measure: measure,
      rdmDescriptors: rdmDescriptors, descriptors: descriptors, warnings: warnings)
  }

  /// All RDMs stacked (same conditions in the same order, same measure), with their descriptors.
  public static func concatenating(_ sets: [RDMs], source: String = "RDMs") throws -> RDMs {
    guard let first = sets.first else {
      throw NeurometryError.invalidInput(context: source, message: "no RDMs to concatenate")
    }
    for (k, s) in sets.enumerated() where s.conditions != first.conditions {
      throw NeurometryError.shapeMismatch(
        context: source,
        message: "RDM set \(k) has conditions \(s.conditions.prefix(5)) …, expected \(first.conditions.prefix(5)) …")
    }
    let names = Set(sets.flatMap { $0.rdmDescriptors.keys })
    var d: [String: [String]] = [:]
    for name in names {
      d[name] = sets.flatMap { s in s.rdmDescriptors[name] ?? Array(repeating: "", count: s.count) }
    }
    return RDMs(
      unchecked: Matrix.verticalConcatenation(sets.map(\.dissimilarities)), conditions: first.conditions,
      measure: first.measure, rdmDescriptors: d, descriptors: first.descriptors, warnings: sets.flatMap(\.warnings))
  }

  /// Internal initialiser for values already known to be consistent.
  init(
    unchecked dissimilarities: Matrix, conditions: [String], measure: String, rdmDescriptors: [String: [String]],
    descriptors: [String: String], warnings: [String]
  ) {
    precondition(CondensedIndex.pairCount(conditions.count) == dissimilarities.columns, "RDMs: inconsistent shape")
    self.dissimilarities = dissimilarities
    self.conditions = conditions
    self.measure = measure
    self.rdmDescriptors = rdmDescriptors
    self.descriptors = descriptors
    self.warnings = warnings
  }
}

extension RDMs: Codable {
  enum CodingKeys: String, CodingKey {
    case measure, conditions, dissimilarities, rdmDescriptors = "rdm_descriptors", descriptors, warnings
  }

  /// JSON: `{"measure", "conditions", "dissimilarities": [[number|null]], "rdm_descriptors",
  /// "descriptors", "warnings"}`; NaN (a missing pair) is written as null.
  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(measure, forKey: .measure)
    try c.encode(conditions, forKey: .conditions)
    try c.encode(
      (0..<count).map { vector($0).map { $0.isFinite ? $0 : nil } as [Double?] }, forKey: .dissimilarities)
    try c.encode(rdmDescriptors, forKey: .rdmDescriptors)
    try c.encode(descriptors, forKey: .descriptors)
    try c.encode(warnings, forKey: .warnings)
  }

  /// Decodes the JSON of `encode(to:)` (null read as NaN; descriptors and warnings may be absent),
  /// with the checks of `init(dissimilarities:conditions:measure:…)`; a `DecodingError` for rows of
  /// different lengths.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let rows = try c.decode([[Double?]].self, forKey: .dissimilarities)
    let p = rows.first?.count ?? 0
    guard rows.allSatisfy({ $0.count == p }) else {
      throw DecodingError.dataCorruptedError(
        forKey: .dissimilarities, in: c, debugDescription: "rows of different lengths")
    }
    try self.init(
      dissimilarities: Matrix(rows: rows.count, columns: p, elements: rows.flatMap { $0.map { $0 ?? .nan } }),
      conditions: try c.decode([String].self, forKey: .conditions),
      measure: try c.decode(String.self, forKey: .measure),
      rdmDescriptors: try c.decodeIfPresent([String: [String]].self, forKey: .rdmDescriptors) ?? [:],
      descriptors: try c.decodeIfPresent([String: String].self, forKey: .descriptors) ?? [:],
      warnings: try c.decodeIfPresent([String].self, forKey: .warnings) ?? [])
  }
}
