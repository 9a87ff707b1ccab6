import NeurometryLinearAlgebra

/// The cosine/corr bootstrap evaluated as weights on the original pairs, with no resampled RDMs.
///
/// A bootstrap sample of conditions (with replacement) gives rsatoolbox's resampled RDM: the
/// dissimilarity between copies i, j of conditions a ≠ b is d_ab, and the pair of two copies of
/// one condition is missing (NaN) and left out. Every sum over the present pairs of the resampled
/// RDM is therefore a weighted sum over the original pairs with weights w_ab = c_a·c_b (c = how
/// often each condition was drawn; 0 for the pairs of undrawn conditions): W = Σw pairs are
/// present, the mean of x is Σw·x/W, and the corr of two RDMs is
///
///     Σ w·x̃·ỹ / √(Σ w·x̃² · Σ w·ỹ²),   x̃ = x − Σw·x/W   (cosine: x̃ = x).
///
/// The noise ceiling's normalised RDMs, pools and comparisons are weighted the same way. So each
/// sample costs O((models + subjects) × pairs) arithmetic on the original matrices — no gathered
/// copies, no NaN bookkeeping — and gives what the resampled RDMs give, up to the order of
/// summation (rounding). Resampled subjects are rows picked (with repeats) and grouped by their
/// original index. Used for cosine and corr when models and data have no missing pairs.
struct WeightedPairBootstrap: Sendable {
  let centre: Bool
  let models: Matrix  // models × pairs
  let data: Matrix  // subjects × pairs
  let conditions: Int

  init?(comparator: RDMComparator, models: RDMs, data: RDMs) {
    guard comparator == .cosine || comparator == .corr else { return nil }
    guard models.dissimilarities.isFinite, data.dissimilarities.isFinite else { return nil }
    self.centre = comparator == .corr
    self.models = models.dissimilarities
    self.data = data.dissimilarities
    self.conditions = data.conditionCount
  }

  /// The pair weights of a sample of conditions (all 1 without one).
  func weights(_ sample: [Int]?) -> [Double] {
    let q = data.columns
    guard let sample else { return [Double](repeating: 1, count: q) }
    var counts = [Double](repeating: 0, count: conditions)
    for c in sample { counts[c] += 1 }
    var w = [Double](repeating: 0, count: q)
    var k = 0
    for a in 0..<conditions {
      for b in (a + 1)..<Swift.max(conditions, a + 1) {
        w[k] = counts[a] * counts[b]
        k += 1
      }
    }
    return w
  }

  /// Row r of x centred (corr) by its weighted mean and scaled: to unit weighted norm (`unit`) or
  /// to unit weighted root mean square (the pooling normalisation). A row constant over the
  /// present pairs (or zero, for cosine) becomes exactly 0, as `RDMComparison.centeringRows` makes it.
  func transformed(_ x: UnsafeBufferPointer<Double>, _ w: [Double], total: Double, unit: Bool) -> [Double] {
    let q = w.count
    var first: Double? = nil
    var constant = true
    var sum = 0.0
    for k in 0..<q where w[k] > 0 {
      sum += w[k] * x[k]
      if let f = first { constant = constant && x[k] == f } else { first = x[k] }
    }
    if centre && constant { return [Double](repeating: 0, count: q) }
    let mean = centre ? sum / total : 0
    var squares = 0.0
    for k in 0..<q where w[k] > 0 { squares += w[k] * (x[k] - mean) * (x[k] - mean) }
    guard squares > 0 else { return [Double](repeating: 0, count: q) }
    let scale = unit ? 1 / squares.squareRoot() : 1 / (squares / total).squareRoot()
    return (0..<q).map { w[$0] > 0 ? (x[$0] - mean) * scale : 0 }
  }

  /// `body` on row r of x.
  func row<R>(_ x: Matrix, _ r: Int, _ body: (UnsafeBufferPointer<Double>) -> R) -> R {
    x.elements.withUnsafeBufferPointer { e in
      body(UnsafeBufferPointer(rebasing: e[(r * x.columns)..<((r + 1) * x.columns)]))
    }
  }

  /// Σ w·a·b.
  func weightedDot(_ a: [Double], _ b: [Double], _ w: [Double]) -> Double {
    var s = 0.0
    for k in 0..<w.count { s += w[k] * a[k] * b[k] }
    return s
  }

  /// The evaluations of every model (mean corr/cosine over the sample's subjects) and, when
  /// `ceiling`, the sample's noise ceiling (lower, upper), as `ModelEvaluator.bootstrap` reports
  /// them per sample.
  func evaluate(_ s: BootstrapSample, ceiling: Bool) throws -> [Double] {
    let w = weights(s.conditions)
    let total = w.reduce(0, +)
    let rows = s.rdms ?? Array(0..<data.rows)
    let distinct = Array(Set(rows)).sorted()  // each subject once; copies share its transforms
    let rowIndex = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
    let unitData = distinct.map { r in row(data, r) { transformed($0, w, total: total, unit: true) } }
    var out: [Double] = (0..<models.rows).map { j in
      let u = row(models, j) { transformed($0, w, total: total, unit: true) }
      var sum = 0.0
      for r in rows { sum += weightedDot(u, unitData[rowIndex[r] ?? 0], w) }
      return sum / Double(rows.count)
    }
    guard ceiling else { return out + [.nan, .nan] }
    // Noise ceiling: normalised RDMs summed over all and per group (original subject index).
    let q = w.count
    let normalized = distinct.map { r in row(data, r) { transformed($0, w, total: total, unit: false) } }
    var all = [Double](repeating: 0, count: q)
    var groupSums = [[Double]](repeating: [Double](repeating: 0, count: q), count: distinct.count)
    var groupCounts = [Int](repeating: 0, count: distinct.count)
    for r in rows {
      let g = rowIndex[r] ?? 0
      groupCounts[g] += 1
      for k in 0..<q {
        all[k] += normalized[g][k]
        groupSums[g][k] += normalized[g][k]
      }
    }
    let groups = Array(distinct.indices)
    guard groups.count >= 2 else {  // as NoiseCeiling.compute says it
      throw NeurometryError.invalidInput(
        context: "noise ceiling (\(centre ? "corr" : "cosine"))",
        message: "needs RDMs of at least 2 subjects (groups), found \(groups.count)")
    }
    let allView = all.withUnsafeBufferPointer { transformed($0, w, total: total, unit: true) }
    var lower = 0.0
    var upper = 0.0
    for g in groups {
      let rest = Double(rows.count - groupCounts[g])
      let pooled = (0..<q).map { (all[$0] - groupSums[g][$0]) / rest }
      let pooledView = pooled.withUnsafeBufferPointer { transformed($0, w, total: total, unit: true) }
      // Every copy of subject g has the same unit RDM: count × its comparison.
      lower += weightedDot(pooledView, unitData[g], w)
      upper += weightedDot(allView, unitData[g], w)
    }
    out += [lower / Double(groups.count), upper / Double(groups.count)]
    return out
  }
}
