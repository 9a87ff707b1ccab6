import NeurometryLinearAlgebra

/// The geo-topological transform of tRSA (Lin & Kriegeskorte 2024, "The topology and geometry of
/// neural representations", PNAS 121): dissimilarities below a lower threshold become 0 (same
/// place: topology), above an upper threshold 1 (far apart: topology), and in between are scaled
/// linearly (geometry).
///
/// With the values s of one RDM (NaN pairs left out) and type-7 quantiles Q:
/// - `scale = .ranks` (the paper's code, `gt_transform`): s = min-max of the average ranks of d;
/// - `scale = .raw` (rsatoolbox's `geotopological_transform`): s = d;
/// then t_l = Q(s, lower), t_u = Q(s, upper) and g(s) = 0 for s < t_l, (s − t_l)/(t_u − t_l) for
/// t_l ≤ s ≤ t_u, 1 for s > t_u. When t_l == t_u (lower == upper, or ties) the transform is the
/// step g(s) = 0 for s ≤ t, 1 for s > t (a pair at the threshold counts as near, the limit of the
/// ramp from below; both references divide 0/0 there).
///
/// Thresholds are quantile levels, 0 ≤ lower ≤ upper ≤ 1, required (no silent defaults). Named
/// regimes (`Preset`): `geometry` (0, 1: the rank RDM itself, pure geometry), `paperDefaults`
/// (0.2, 0.8: the defaults of the paper's `gt_transform`), `paperExample` (0, 0.075: the paper's
/// four-pattern example and `gd_after_gt`), `topology(t)` (t, t: a binary adjacency).
///
/// Deviation: rsatoolbox 0.3.2 takes the quantiles over all RDMs of a set pooled together;
/// Neurometry takes them per RDM (as the paper does); for one RDM both agree.
public struct GeoTopologicalTransform: Sendable, Equatable {
  /// Values the thresholds apply to.
  public enum Scale: String, Sendable, Codable, CaseIterable {
    /// Min-max scaled average ranks (the paper's code).
    case ranks
    /// The raw dissimilarities (rsatoolbox).
    case raw
  }

  /// Lower quantile level (0…1).
  public let lower: Double
  /// Upper quantile level (lower…1).
  public let upper: Double
  /// Whether the thresholds apply to min-max scaled ranks (default, the paper's code) or raw values.
  public let scale: Scale

  /// Throws unless 0 ≤ lower ≤ upper ≤ 1.
  public init(lower: Double, upper: Double, scale: Scale = .ranks) throws {
    guard lower >= 0, upper <= 1, lower <= upper else {
      throw NeurometryError.invalidInput(
        context: "geo-topological transform",
        message: "needs quantile levels 0 ≤ lower ≤ upper ≤ 1, found lower \(lower), upper \(upper)")
    }
    self.lower = lower
    self.upper = upper
    self.scale = scale
  }

  /// The named regimes of the paper (documented above).
  public enum Preset: Sendable, Equatable {
    case geometry
    case paperDefaults
    case paperExample
    case topology(threshold: Double)
  }

  /// A transform for a named regime (rank scale).
  public init(preset: Preset) throws {
    switch preset {
    case .geometry: try self.init(lower: 0, upper: 1)
    case .paperDefaults: try self.init(lower: 0.2, upper: 0.8)
    case .paperExample: try self.init(lower: 0, upper: 0.075)
    case .topology(let t): try self.init(lower: t, upper: t)
    }
  }

  /// The transformed vector (NaN stays NaN).
  ///
  /// Throws `NeurometryError.invalidInput` for fewer than 2 present dissimilarities, or (rank
  /// scale) a constant RDM.
  /// - Complexity: O(q log q) for q pairs (the ranks and the quantiles sort).
  public func apply(_ d: [Double], context: String = "geo-topological transform") throws -> [Double] {
    let present = d.indices.filter { !d[$0].isNaN }
    guard present.count >= 2 else {
      throw NeurometryError.invalidInput(context: context, message: "needs at least 2 present dissimilarities")
    }
    var s = present.map { d[$0] }
    if scale == .ranks { s = try RDMTransform.minMax(Ranking.averageRanks(s), context: context) }
    let t = try Quantile.type7(s, [lower, upper])
    let (lo, hi) = (t[0], t[1])
    var out = [Double](repeating: .nan, count: d.count)
    for (k, i) in present.enumerated() {
      let x = s[k]
      if hi > lo {
        out[i] = x < lo ? 0 : (x > hi ? 1 : (x - lo) / (hi - lo))
      } else {
        out[i] = x <= lo ? 0 : 1
      }
    }
    return out
  }
}
