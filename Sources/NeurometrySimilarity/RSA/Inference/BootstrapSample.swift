import NeurometryLinearAlgebra

/// One bootstrap sample: indices drawn with replacement into the data's RDMs (subjects) and/or
/// conditions; nil means "all, once".
public struct BootstrapSample: Sendable, Equatable, Codable {
  public let rdms: [Int]?
  public let conditions: [Int]?

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
      if let p = s.conditions, p.contains(where: { $0 < 0 || $0 >= data.conditionCount }) {
        throw NeurometryError.invalidInput(
          context: context, message: "sample \(b) names a condition outside 0..<\(data.conditionCount)")
      }
      if let r = s.rdms, r.contains(where: { $0 < 0 || $0 >= data.count }) {
        throw NeurometryError.invalidInput(
          context: context, message: "sample \(b) names an RDM outside 0..<\(data.count)")
      }
    }
  }
}
