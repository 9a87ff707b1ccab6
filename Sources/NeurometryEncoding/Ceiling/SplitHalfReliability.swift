import NeurometryLinearAlgebra

/// Noise ceiling from repeated presentations: split the repetitions in two halves, average each
/// half, correlate the two half-averages across stimuli for every target (Pearson r), and correct
/// to the full number of repetitions with the Spearman–Brown formula ρ = 2r / (1 + r)
/// (Spearman 1910, Brown 1910). Averaged over `splits` random halvings.
///
/// This is Brain-Score's internal-consistency ceiling (`InternalConsistency`,
/// `brainscore_vision.metrics.internal_consistency`) step for step: halves from scikit-learn's
/// `ShuffleSplit(n_splits=splits, train_size=0.5, random_state=seed)` over the repetition indices
/// (reproduced exactly: 10 splits and seed 1 by default; ⌊R/2⌋ repetitions in the first half, the
/// rest in the second), per-split median over targets, then mean and standard error over splits.
/// Pass `halves` to use your own.
///
/// - Input: R ≥ 2 matrices of stimuli × targets (one per repetition, same stimulus order).
/// - NaN responses are not allowed (throws); a target constant in a half gives NaN for that split.
public struct SplitHalfReliability: Sendable {
  /// Random halvings to average over (default 10, Brain-Score's); ignored when `halves` is given.
  public var splits: Int
  /// The `numpy.random.RandomState` seed of the halvings (default 1, Brain-Score's).
  public var seed: UInt32
  /// Explicit halves: `train` = repetitions of the first half, `test` = of the second.
  public var halves: [CrossValidationSplit]?

  /// Brain-Score's settings by default: 10 random halvings with seed 1.
  public init(splits: Int = 10, seed: UInt32 = 1, halves: [CrossValidationSplit]? = nil) {
    self.splits = splits
    self.seed = seed
    self.halves = halves
  }

  /// The ceiling of R repetitions (each stimuli × targets); `source` names them in errors.
  ///
  /// - Complexity: for R repetitions of n stimuli × t targets and S halvings, O(S·R·n·t) for the
  ///   half-averages and their correlations, plus O(S·t·log t) for the per-split medians.
  public func estimate(_ repetitions: [Matrix], source: String = "repetitions") throws -> ReliabilityCeiling {
    let context = "noise ceiling (\(source))"
    let r = repetitions.count
    guard r >= 2 else {
      throw NeurometryError.invalidInput(
        context: context, message: "\(r) repetition\(r == 1 ? "" : "s"); a split-half ceiling needs at least 2")
    }
    let (n, t) = (repetitions[0].rows, repetitions[0].columns)
    for (k, m) in repetitions.enumerated() {
      guard m.rows == n && m.columns == t else {
        throw NeurometryError.shapeMismatch(
          context: context,
          message: "repetition \(k) is \(m.rows)×\(m.columns) but repetition 0 is \(n)×\(t) (stimuli × targets)")
      }
      try m.requireFinite(context, "repetition \(k)", rowName: "stimulus", columnName: "target")
    }
    guard n >= 3 else {
      throw NeurometryError.invalidInput(context: context, message: "\(n) stimuli; correlations need at least 3")
    }
    let halvings = try self.halvings(repetitions: r)
    var values = Matrix(rows: halvings.count, columns: t)
    for (s, (a, b)) in try halfAverages(repetitions).enumerated() {
      let r = try EncodingScore.pearson.values(truth: a, predictions: b)
      for j in 0..<t { values[s, j] = Self.spearmanBrown(r[j]) }
    }
    var perTarget = [Double](repeating: .nan, count: t)
    for j in 0..<t {
      let column = (0..<halvings.count).map { values[$0, j] }.filter { !$0.isNaN }
      if !column.isEmpty { perTarget[j] = column.reduce(0, +) / Double(column.count) }
    }
    let medians = try (0..<halvings.count).map { s -> Double in
      let row = values.row(s).filter { !$0.isNaN }
      return row.isEmpty ? .nan : try Quantile.median(row)
    }
    let defined = medians.filter { !$0.isNaN }
    let center = defined.isEmpty ? .nan : defined.reduce(0, +) / Double(defined.count)
    let variance =
      defined.isEmpty ? .nan : defined.map { ($0 - center) * ($0 - center) }.reduce(0, +) / Double(defined.count)
    var warnings: [String] = []
    let undefined = perTarget.indices.filter { perTarget[$0].isNaN }
    if !undefined.isEmpty {
      warnings.append(
        "\(undefined.count) target\(undefined.count == 1 ? " has" : "s have") no defined split-half reliability (constant within a half; columns \(TargetNotes.list(undefined)))"
      )
    }
    return ReliabilityCeiling(
      perTarget: perTarget, splitValues: values, splitMedians: medians, center: center,
      error: variance.squareRoot() / Double(halvings.count).squareRoot(), halves: halvings,
      repetitions: r, warnings: warnings)
  }

  /// The halvings of R repetitions: `halves`, or `splits` seeded random halvings (scikit-learn's
  /// `ShuffleSplit(train_size=0.5)`: ⌊R/2⌋ repetitions in the first half).
  public func halvings(repetitions r: Int) throws -> [CrossValidationSplit] {
    let h =
      try halves
      ?? CrossValidation.shuffleSplit(splits: splits, size: .trainFraction(0.5), seed: seed).splits(sampleCount: r)
    if halves != nil { _ = try CrossValidation.explicit(h).splits(sampleCount: r) }
    return h
  }

  /// For each halving, the means of the repetitions in either half (stimuli × targets each): the
  /// two "half data sets" every split-half ceiling compares (for RSA and CKA ceilings too).
  public func halfAverages(_ repetitions: [Matrix]) throws -> [(first: Matrix, second: Matrix)] {
    try halvings(repetitions: repetitions.count).map { h in
      (Self.average(h.train.map { repetitions[$0] }), Self.average(h.test.map { repetitions[$0] }))
    }
  }

  /// The Spearman–Brown prophecy for doubling the data: ρ = 2r / (1 + r) (r ≤ −1 gives NaN).
  public static func spearmanBrown(_ r: Double) -> Double { r > -1 ? 2 * r / (1 + r) : .nan }

  static func average(_ ms: [Matrix]) -> Matrix {
    var sum = ms[0]
    for m in ms.dropFirst() { sum = sum + m }
    return sum.map { $0 / Double(ms.count) }
  }
}
