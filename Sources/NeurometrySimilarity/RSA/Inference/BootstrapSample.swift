import Foundation
import NeurometryIO
import NeurometryLinearAlgebra

/// One bootstrap sample: indices drawn with replacement into the data's RDMs (subjects) and/or
/// conditions; nil means "all, once".
public struct BootstrapSample: Sendable, Equatable, Codable {
  /// The data RDMs (subjects) drawn, as indices into the data with repeats; nil: every RDM, once.
  public let rdms: [Int]?
  /// The conditions drawn, as indices into the data's conditions with repeats; nil: every condition, once.
  public let conditions: [Int]?

  /// A sample with the given indices (no range check here; the evaluator checks them against the data).
  public init(rdms: [Int]? = nil, conditions: [Int]? = nil) {
    self.rdms = rdms
    self.conditions = conditions
  }

  /// Sample `sample` of a seeded bootstrap: `RandomStream(seed: seed, stream: sample)` draws the
  /// RDM indices first (if resampled), then the condition indices, each uniformly with replacement.
  public static func draw(_ scheme: EvaluationScheme, rdms n: Int, conditions c: Int, seed: UInt64, sample: Int)
    -> BootstrapSample
  {
    var g = RandomStream(seed: seed, stream: UInt64(sample))
    return draw(scheme, rdms: n, conditions: c, using: &g)
  }

  /// A sample drawn from `g` (RDM indices first, then condition indices), leaving `g` after the
  /// draws so that a caller can continue the same stream (e.g. for cross-validation folds).
  public static func draw(_ scheme: EvaluationScheme, rdms n: Int, conditions c: Int, using g: inout RandomStream)
    -> BootstrapSample
  {
    let r = scheme.resamplesSubjects ? g.sampleWithReplacement(from: n, count: n) : nil
    let p = scheme.resamplesConditions ? g.sampleWithReplacement(from: c, count: c) : nil
    return BootstrapSample(rdms: r, conditions: p)
  }

  /// Throws when a sample names a condition or an RDM that `data` does not have.
  static func requireInRange(_ samples: [BootstrapSample], data: RDMs, context: String) throws {
    for (b, s) in samples.enumerated() {
      if let p = s.conditions, let bad = p.first(where: { $0 < 0 || $0 >= data.conditionCount }) {
        throw NeurometryError.invalidInput(
          context: context, message: "sample \(b) names condition \(bad), outside 0..<\(data.conditionCount)")
      }
      if let r = s.rdms, let bad = r.first(where: { $0 < 0 || $0 >= data.count }) {
        throw NeurometryError.invalidInput(
          context: context, message: "sample \(b) names RDM \(bad), outside 0..<\(data.count)")
      }
    }
  }
}

extension BootstrapSample {
  /// Bootstrap samples saved by another run, to reproduce it exactly (e.g. rsatoolbox's draws):
  /// - `.npz`: members `rdms` (samples × subjects drawn) and/or `conditions` (samples ×
  ///   conditions drawn), integer indices (whole-valued floats accepted), one row per sample;
  /// - `.json`: a list of `{"rdms": [...], "conditions": [...]}` (either may be absent).
  /// Indices count from 0; their range is checked against the data when they are used.
  public static func read(_ path: String) throws -> [BootstrapSample] {
    if path.lowercased().hasSuffix(".json") {
      return try JSONFile.readList(
        BootstrapSample.self, from: path, expected: #"{"rdms": [indices], "conditions": [indices]}"#)
    }
    let npz = try NPZFile(path: path)
    func rows(_ name: String) throws -> [[Int]]? {
      guard npz.names.contains(name) else { return nil }
      let a = try npz.array(named: name)
      guard a.dimensions == 2 else {
        throw NeurometryError.shapeMismatch(
          context: "\(path):\(name)",
          message: "expected samples × drawn indices (2-D), found shape \(a.shapeDescription)")
      }
      let v = try a.integers(context: "\(path):\(name)")
      let width = a.shape[1]
      return (0..<a.shape[0]).map { r in v[(r * width)..<((r + 1) * width)].map { Int($0) } }
    }
    let rdms = try rows("rdms")
    let conditions = try rows("conditions")
    guard rdms != nil || conditions != nil else {
      throw NeurometryError.malformedFile(
        path: path, field: nil,
        message: "has no member 'rdms' or 'conditions' (members: \(npz.names.joined(separator: ", ")))")
    }
    if let rdms, let conditions, rdms.count != conditions.count {
      throw NeurometryError.shapeMismatch(
        context: path, message: "'rdms' has \(rdms.count) samples but 'conditions' has \(conditions.count)")
    }
    let count = rdms?.count ?? conditions?.count ?? 0
    return (0..<count).map { BootstrapSample(rdms: rdms?[$0], conditions: conditions?[$0]) }
  }
}
