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
    let r = scheme == .bootstrapSubjects || scheme == .bootstrapBoth ? g.sampleWithReplacement(from: n, count: n) : nil
    let p = scheme == .bootstrapPatterns || scheme == .bootstrapBoth ? g.sampleWithReplacement(from: c, count: c) : nil
    return BootstrapSample(rdms: r, conditions: p)
  }
}
