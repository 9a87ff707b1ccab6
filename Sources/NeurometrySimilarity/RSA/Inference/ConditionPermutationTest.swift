import NeurometryLinearAlgebra

/// A condition-label permutation test of model–data relatedness (Nili et al. 2014): the null
/// distribution of a model's mean comparison with the data when the model RDM's condition labels
/// are randomly permuted (its rows and columns reordered together).
///
/// p = (1 + #{null ≥ observed})/(1 + N) for N permutations (one-sided, larger = more similar; for
/// the Bures metric, smaller is more similar and the inequality is reversed). Permutation b uses
/// `RandomStream(seed: seed, stream: b)`; permutations run in parallel, so the result does not
/// depend on the number of threads.
public struct ConditionPermutationTest: Sendable {
  /// How each model prediction is compared with the data RDMs (the comparator also fixes the
  /// direction of the test: larger is better except for the Bures metric).
  public var comparison: RDMComparison
  /// N, the number of random condition permutations (default 10,000; at least 1).
  public var permutations: Int
  /// The seed of the permutation streams: permutation b uses `RandomStream(seed: seed, stream: b)`.
  public var seed: UInt64

  /// A test with N = `permutations` permutations drawn from `seed`; nothing is checked until `test`.
  public init(comparison: RDMComparison, permutations: Int = 10_000, seed: UInt64 = 0) {
    self.comparison = comparison
    self.permutations = permutations
    self.seed = seed
  }

  /// The observed statistics, p-values and null moments of each model, in the order of the models given.
  public struct Result: Sendable, Codable, Equatable {
    /// Mean comparison of each model with the data.
    public let observed: [Double]
    /// p-value per model.
    public let pValues: [Double]
    /// Mean of each model's null distribution.
    public let nullMeans: [Double]
    /// Standard deviation of each model's null distribution (ddof 1; 0 for a single permutation).
    public let nullStandardDeviations: [Double]
  }

  /// Tests each model's prediction (default parameters) against `data`.
  ///
  /// Throws `NeurometryError.invalidInput` for fewer than one permutation or no models, and
  /// `NeurometryError.shapeMismatch` for a model with another number of conditions than `data`;
  /// comparison errors are passed on.
  /// - Complexity: N + 1 comparisons of the m predictions with the R data RDMs (O((N + 1)·m·R·q)
  ///   for the GEMM comparators, q pairs), run in parallel, plus O(N·m) for the p-values and moments.
  public func test(_ models: [RSAModel], data: RDMs) throws -> Result {
    guard permutations >= 1 else {
      throw NeurometryError.invalidInput(context: "permutation test", message: "needs at least one permutation")
    }
    let predicted = try ModelEvaluator(comparison: comparison).predictions(models, data, parameters: nil)
    let comparison = self.comparison
    @Sendable func means(_ p: RDMs) throws -> [Double] {
      let v = try comparison.compare(p, data).values
      return (0..<v.rows).map { v.row($0).reduce(0, +) / Double(v.columns) }
    }
    let observed = try means(predicted)
    let n = data.conditionCount
    let seed = self.seed
    let null = try Parallel.map(permutations) { b -> [Double] in
      var g = RandomStream(seed: seed, stream: UInt64(b))
      let permuted = predicted.selectingConditions(g.permutation(n))
      return try means(
        try RDMs(dissimilarities: permuted.dissimilarities, conditions: data.conditions, measure: data.measure))
    }
    let better: (Double, Double) -> Bool = comparison.comparator.isSimilarity ? { $0 >= $1 } : { $0 <= $1 }
    let m = models.count
    let p = (0..<m).map { j in
      (1 + Double(null.filter { better($0[j], observed[j]) }.count)) / (1 + Double(permutations))
    }
    let mu = (0..<m).map { j in null.map { $0[j] }.reduce(0, +) / Double(permutations) }
    let denominator = Double(Swift.max(permutations - 1, 1))
    let sd = (0..<m).map { j -> Double in
      var s = 0.0
      for row in null { s += (row[j] - mu[j]) * (row[j] - mu[j]) }
      return (s / denominator).squareRoot()
    }
    return Result(observed: observed, pValues: p, nullMeans: mu, nullStandardDeviations: sd)
  }
}
