import NeurometryIO
import NeurometryLinearAlgebra

/// The noise ceiling of a comparator on a set of data RDMs (rsatoolbox `boot_noise_ceiling`,
/// Nili et al. 2014): the range an ideal model's mean comparison with the data could reach.
///
/// With the RDMs grouped by `groups` (default: each RDM its own group, i.e. subjects), for each
/// group g: lower_g = mean over RDMs r ∈ g of compare(pool(RDMs ∉ g), r) (leave one group out),
/// upper_g = mean over r ∈ g of compare(pool(all RDMs), r); lower and upper are the means over
/// groups. Pooling is `RDMPooling` for the comparator.
///
/// For cosine, corr, spearman and rho-a the leave-one-out pools are sums minus the left-out
/// normalised RDMs (O(n·q) in all, the comparisons one pass); the other comparators build each
/// pool and call `RDMComparison`.
public struct NoiseCeiling: Sendable, Equatable, Codable {
  /// Lower bound (leave one group out).
  public let lower: Double
  /// Upper bound (all RDMs pooled).
  public let upper: Double

  /// A noise ceiling with the given bounds (as stored; no ordering is checked).
  public init(lower: Double, upper: Double) {
    self.lower = lower
    self.upper = upper
  }

  /// The noise ceiling of `data` for `comparison`. `groups` (one label per RDM) keeps copies of
  /// one subject together, as a bootstrap over subjects needs.
  /// - Complexity: cosine, corr, spearman and rho-a: O(R·q) for R data RDMs over q pairs (plus
  ///   O(R·q log q) to rank for spearman and rho-a); the other comparators: per group (G groups)
  ///   one pooling and two `RDMComparison.compare` calls of one pooled RDM with the group's RDMs.
  public static func compute(_ data: RDMs, comparison: RDMComparison, groups: [String]? = nil) throws -> NoiseCeiling {
    let context = "noise ceiling (\(comparison.comparator.rawValue))"
    let labels = groups ?? (0..<data.count).map(String.init)
    guard labels.count == data.count else {
      throw NeurometryError.shapeMismatch(
        context: context, message: "\(labels.count) group labels for \(data.count) RDMs")
    }
    let order = ConditionGroups(Labels(text: labels))
    guard order.count >= 2 else {
      throw NeurometryError.invalidInput(
        context: context, message: "needs RDMs of at least 2 subjects (groups), found \(order.count)")
    }
    let c = comparison.comparator
    let fast: Set<RDMComparator> = [.cosine, .corr, .spearman, .rhoA]
    if fast.contains(c) {
      return try fastCeiling(data, comparator: c, codes: order.codes, groups: order.count, context: context)
    }
    let all = try RDMPooling.pool(data, for: c)
    let pooledAll = try single(all, like: data)
    var lower = 0.0
    var upper = 0.0
    for g in 0..<order.count {
      let test = (0..<data.count).filter { order.codes[$0] == g }
      let train = (0..<data.count).filter { order.codes[$0] != g }
      let testRDMs = data.selecting(test)
      let pooled = try single(try RDMPooling.pool(data.selecting(train), for: c), like: data)
      lower += mean(try comparison.compare(pooled, testRDMs).values.elements)
      upper += mean(try comparison.compare(pooledAll, testRDMs).values.elements)
    }
    return NoiseCeiling(lower: lower / Double(order.count), upper: upper / Double(order.count))
  }

  static func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(v.count) }

  static func single(_ v: [Double], like data: RDMs) throws -> RDMs {
    try RDMs(
      dissimilarities: Matrix(rows: 1, columns: v.count, elements: v), conditions: data.conditions,
      measure: data.measure)
  }

  /// Leave-one-group-out pools from running sums, for the comparators whose pooled RDM is a plain
  /// mean of normalised RDMs and whose comparison is a cosine of transformed vectors.
  static func fastCeiling(
    _ data: RDMs, comparator c: RDMComparator, codes: [Int], groups: Int, context: String
  ) throws -> NoiseCeiling {
    let missing = data.missingPairs
    try data.dissimilarities.withUnsafeBufferPointer { d in
      let p = data.pairCount
      for r in 0..<data.count {
        for k in 0..<p where d[r * p + k].isNaN != missing[k] {
          throw NeurometryError.invalidInput(
            context: context,
            message: "the data RDMs have missing (NaN) pairs at different positions (RDM \(r), pair \(k))")
        }
      }
    }
    let valid = (0..<data.pairCount).filter { !missing[$0] }
    let q = valid.count
    guard q >= 2 else {
      throw NeurometryError.invalidInput(context: context, message: "fewer than 2 pairs are present in the data RDMs")
    }
    let x = valid.count == data.pairCount ? data.dissimilarities : data.dissimilarities.selectingColumns(valid)
    let n = x.rows
    let normalized = try RDMPooling.normalized(x, for: c, conditions: data.conditionCount)
    // What the comparator sees of each data RDM: unit vectors (cosine, corr, spearman) or centred
    // ranks scaled by 12/(q³ − q) (rho-a).
    let seen = comparatorView(x, c)
    // Column sums of all RDMs and of each group's (flat groups × q buffer), then per group the
    // dot products of its members with the pool of the others and with the pool of all.
    var total = [Double](repeating: 0, count: q)
    var groupSums = [Double](repeating: 0, count: groups * q)
    var groupCounts = [Int](repeating: 0, count: groups)
    normalized.withUnsafeBufferPointer { z in
      total.withUnsafeMutableBufferPointer { t in
        groupSums.withUnsafeMutableBufferPointer { gs in
          for r in 0..<n {
            let g = codes[r]
            groupCounts[g] += 1
            for k in 0..<q {
              let v = z[r * q + k]
              t[k] += v
              gs[g * q + k] += v
            }
          }
        }
      }
    }
    let allView = poolView(total, c)
    var lower = 0.0
    var upper = 0.0
    for g in 0..<groups {
      let rest = Double(n - groupCounts[g])
      let pooled = (0..<q).map { (total[$0] - groupSums[g * q + $0]) / rest }
      let pv = poolView(pooled, c)
      var lo = 0.0
      var up = 0.0
      seen.withUnsafeBufferPointer { sv in
        for r in 0..<n where codes[r] == g {
          guard let row = sv.baseAddress.map({ $0 + r * q }) else { continue }
          var a = 0.0
          var b = 0.0
          for k in 0..<q {
            a += pv[k] * row[k]
            b += allView[k] * row[k]
          }
          lo += a
          up += b
        }
      }
      lower += lo / Double(groupCounts[g])
      upper += up / Double(groupCounts[g])
    }
    return NoiseCeiling(lower: lower / Double(groups), upper: upper / Double(groups))
  }

  /// The data side of a fast comparison.
  static func comparatorView(_ x: Matrix, _ c: RDMComparator) -> Matrix {
    switch c {
    case .cosine: return unitRows(x)
    case .corr: return unitRows(RDMComparison.centeringRows(x))
    case .spearman: return unitRows(RDMComparison.centredRanks(x))
    default:
      let q = Double(x.columns)
      return (12 / (q * q * q - q)) * RDMComparison.centredRanks(x)
    }
  }

  /// The pooled side: the same transform of one vector (rho-a: centred ranks, unscaled).
  static func poolView(_ v: [Double], _ c: RDMComparator) -> [Double] {
    let m = Matrix(rows: 1, columns: v.count, elements: v)
    switch c {
    case .cosine: return unitRows(m).elements
    case .corr: return unitRows(RDMComparison.centeringRows(m)).elements
    case .spearman: return unitRows(RDMComparison.centredRanks(m)).elements
    default: return RDMComparison.centredRanks(m).elements
    }
  }

  /// Rows scaled to unit norm; a zero row stays zero (its cosine is 0).
  static func unitRows(_ x: Matrix) -> Matrix {
    x.scalingRows(by: x.rowSquaredNorms.map { $0 > 0 ? 1 / $0.squareRoot() : 0 })
  }
}
