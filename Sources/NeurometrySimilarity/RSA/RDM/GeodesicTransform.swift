import NeurometryLinearAlgebra

/// Geodesic distances on the graph of short dissimilarities (tRSA, Lin & Kriegeskorte 2024;
/// rsatoolbox `geodesic_transform`): scale the RDM to [0, 1], keep the edges that pass the
/// pruning rule, and replace every dissimilarity by the shortest-path length (Floyd–Warshall,
/// O(n³)).
///
/// Steps for one RDM (NaN pairs are absent edges and stay NaN):
/// 1. w = min-max of d (`scale = .raw`, rsatoolbox and the paper's "twostep") or of its average
///    ranks (`.ranks`, the paper's "p_shortest").
/// 2. Pruning: `longestEdges` removes the edges with w == 1 (rsatoolbox); `aboveQuantile(p)` keeps
///    w ≤ Q₇(w, p) (the paper's p_shortest, default p = 0.05 there).
/// 3. Zero-weight edges (`zeroWeightEdges`): `keep` — an edge of length 0 (the pair is at the same
///    place; the default); `drop` — no edge, which is what the references do (networkx
///    `from_numpy_array` creates no edge for a 0 entry, so the closest pair is disconnected unless
///    another path joins it).
/// 4. Disconnected pairs (`disconnected`): `infinity` (+∞, as networkx; the default) or `missing`
///    (NaN, so comparators leave them out; set before ranking).
/// 5. `rankAfter`: average ranks of the result (the paper's `rank_transform_after=True`; +∞ ranks
///    last, ties averaged; NaN stays NaN).
///
/// Presets: `rsatoolbox` (raw, longest edges, drop zero edges, no ranks after), `paperTwoStep`
/// (the same with ranks after), `paperShortest(p:)` (ranks, above quantile p, drop, ranks after).
public struct GeodesicTransform: Sendable, Equatable {
  /// Which edges of the scaled graph are kept before the shortest paths (step 2).
  public enum Pruning: Sendable, Equatable {
    /// Remove edges whose scaled weight is exactly 1 (the longest dissimilarities).
    case longestEdges
    /// Keep only edges with scaled weight ≤ the p-quantile of the weights.
    case aboveQuantile(Double)
  }

  /// Whether a pair at scaled dissimilarity 0 is an edge of length 0 (`keep`) or no edge (`drop`, as
  /// networkx) (step 3).
  public enum ZeroWeightEdges: String, Sendable, Codable, CaseIterable {
    case keep, drop
  }

  /// What a pair with no path between its conditions becomes: +∞ (`infinity`, as networkx) or NaN
  /// (`missing`) (step 4).
  public enum DisconnectedPairs: String, Sendable, Codable, CaseIterable {
    case infinity, missing
  }

  /// What is min-max scaled into edge weights: the raw dissimilarities (default) or their ranks.
  public var scale: GeoTopologicalTransform.Scale
  /// The pruning rule (default `.longestEdges`, rsatoolbox's).
  public var pruning: Pruning
  /// The handling of zero-weight edges (default `.keep`).
  public var zeroWeightEdges: ZeroWeightEdges
  /// The value of disconnected pairs (default `.infinity`).
  public var disconnected: DisconnectedPairs
  /// Whether the geodesic distances are replaced by their average ranks (default false).
  public var rankAfter: Bool

  /// A transform with the given steps; the defaults are rsatoolbox's except `zeroWeightEdges` (`.keep`;
  /// `rsatoolbox` drops them). A pruning quantile outside [0, 1] is an error of `apply`.
  public init(
    scale: GeoTopologicalTransform.Scale = .raw, pruning: Pruning = .longestEdges,
    zeroWeightEdges: ZeroWeightEdges = .keep, disconnected: DisconnectedPairs = .infinity, rankAfter: Bool = false
  ) {
    self.scale = scale
    self.pruning = pruning
    self.zeroWeightEdges = zeroWeightEdges
    self.disconnected = disconnected
    self.rankAfter = rankAfter
  }

  /// rsatoolbox 0.3.2's `geodesic_transform`.
  public static let rsatoolbox = GeodesicTransform(zeroWeightEdges: .drop)
  /// The paper code's "twostep" geodesic (`geodesic_transform(gd_type='twostep')`).
  public static let paperTwoStep = GeodesicTransform(zeroWeightEdges: .drop, rankAfter: true)
  /// The paper code's "p_shortest" geodesic with quantile p.
  public static func paperShortest(p: Double) -> GeodesicTransform {
    GeodesicTransform(scale: .ranks, pruning: .aboveQuantile(p), zeroWeightEdges: .drop, rankAfter: true)
  }

  /// The transformed vector of an RDM over n conditions.
  ///
  /// Throws `NeurometryError.invalidInput` for a pruning quantile outside [0, 1], fewer than 2
  /// present dissimilarities, or a constant RDM (no min-max scaling).
  /// - Complexity: O(n³) for Floyd–Warshall, plus O(q log q) for the ranks (q = n(n−1)/2 pairs).
  public func apply(_ d: [Double], conditions n: Int, context: String = "geodesic transform") throws -> [Double] {
    if case .aboveQuantile(let p) = pruning, !(p >= 0 && p <= 1) {
      throw NeurometryError.invalidInput(
        context: context, message: "the pruning quantile must be in [0, 1], found \(p)")
    }
    let present = d.indices.filter { !d[$0].isNaN }
    guard present.count >= 2 else {
      throw NeurometryError.invalidInput(context: context, message: "needs at least 2 present dissimilarities")
    }
    var s = present.map { d[$0] }
    if scale == .ranks { s = Ranking.averageRanks(s) }
    s = try RDMTransform.minMax(s, context: context)
    var threshold = Double.infinity
    if case .aboveQuantile(let p) = pruning { threshold = try Quantile.type7(s, [p])[0] }
    var dist = Matrix(rows: n, columns: n, repeating: .infinity)
    for i in 0..<n { dist[i, i] = 0 }
    let pairs = CondensedIndex.pairs(n)
    for (k, index) in present.enumerated() {
      let w = s[k]
      var keep: Bool
      switch pruning {
      case .longestEdges: keep = w != 1
      case .aboveQuantile: keep = w <= threshold
      }
      if w == 0 && zeroWeightEdges == .drop { keep = false }
      if keep {
        let (i, j) = pairs[index]
        dist[i, j] = w
        dist[j, i] = w
      }
    }
    let shortest = Self.floydWarshall(dist)
    var out = CondensedIndex.condensed(shortest)
    for k in d.indices where d[k].isNaN { out[k] = .nan }
    if disconnected == .missing { out = out.map { $0.isInfinite ? .nan : $0 } }
    if rankAfter { out = RDMTransform.ranksOmittingNaN(out) }
    return out
  }

  /// All-pairs shortest paths of a symmetric n×n length matrix (+∞ = no edge).
  static func floydWarshall(_ lengths: Matrix) -> Matrix {
    var d = lengths
    let n = d.rows
    d.withUnsafeMutableBufferPointer { e in
      for k in 0..<n {
        for i in 0..<n {
          let dik = e[i * n + k]
          if !dik.isFinite { continue }
          for j in 0..<n {
            let through = dik + e[k * n + j]
            if through < e[i * n + j] { e[i * n + j] = through }
          }
        }
      }
    }
    return d
  }
}
