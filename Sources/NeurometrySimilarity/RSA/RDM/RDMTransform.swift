import Foundation
import NeurometryLinearAlgebra

/// Transforms of RDMs (rsatoolbox `rdm.transform`; tRSA, Lin & Kriegeskorte 2024, PNAS 121).
/// Each RDM is transformed on its own; NaN (missing) pairs stay NaN; the input is never modified
/// (a new `RDMs` is returned, with the measure's name updated as rsatoolbox does).
public enum RDMTransform: Sendable, Equatable {
  /// Average ranks 1…q of the present pairs (`scipy.stats.rankdata`, ties averaged).
  case rank
  /// √max(d, 0): squared euclidean/mahalanobis become euclidean/mahalanobis.
  case sqrt
  /// max(d, 0).
  case positive
  /// (d − min)/(max − min) per RDM; a constant RDM is an error.
  case minMax
  /// The geo-topological transform (see `GeoTopologicalTransform`).
  case geoTopological(GeoTopologicalTransform)
  /// Graph geodesic distances (see `GeodesicTransform`).
  case geodesic(GeodesicTransform)

  /// The names of the transforms (for the command line).
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case rank, sqrt, positive
    case minMax = "minmax"
    case geoTopological = "geotopological"
    case geodesic
  }

  /// The transform's name, without its parameters.
  public var kind: Kind {
    switch self {
    case .rank: return .rank
    case .sqrt: return .sqrt
    case .positive: return .positive
    case .minMax: return .minMax
    case .geoTopological: return .geoTopological
    case .geodesic: return .geodesic
    }
  }

  /// The transformed RDMs.
  public func apply(_ rdms: RDMs) throws -> RDMs {
    let context = "transform (\(kind.rawValue))"
    var rows: [Double] = []
    rows.reserveCapacity(rdms.count * rdms.pairCount)
    for k in 0..<rdms.count {
      let v = rdms.vector(k)
      switch self {
      case .rank:
        rows += Self.ranksOmittingNaN(v)
      case .sqrt:
        rows += v.map { $0.isNaN ? $0 : Swift.max($0, 0).squareRoot() }
      case .positive:
        rows += v.map { $0.isNaN ? $0 : Swift.max($0, 0) }
      case .minMax:
        rows += try Self.minMax(v, context: "\(context): RDM \(k)")
      case .geoTopological(let t):
        rows += try t.apply(v, context: "\(context): RDM \(k)")
      case .geodesic(let t):
        rows += try t.apply(v, conditions: rdms.conditionCount, context: "\(context): RDM \(k)")
      }
    }
    return rdms.replacing(
      dissimilarities: Matrix(rows: rdms.count, columns: rdms.pairCount, elements: rows),
      measure: measureName(rdms.measure))
  }

  /// The measure's name after the transform (rsatoolbox's naming).
  func measureName(_ m: String) -> String {
    switch self {
    case .rank: return m.contains("(ranks)") ? m : "\(m) (ranks)"
    case .sqrt:
      if m == "squared euclidean" { return "euclidean" }
      if m == "squared mahalanobis" { return "mahalanobis" }
      return "sqrt of \(m)"
    case .positive: return m
    case .minMax: return "minmax transformed \(m)"
    case .geoTopological: return "geo-topological transformed \(m)"
    case .geodesic: return "geodesic transformed \(m)"
    }
  }

  /// Average ranks of the non-NaN values; NaN stays NaN (`rankdata(nan_policy='omit')`).
  static func ranksOmittingNaN(_ v: [Double]) -> [Double] {
    let present = v.indices.filter { !v[$0].isNaN }
    let r = Ranking.averageRanks(present.map { v[$0] })
    var out = [Double](repeating: .nan, count: v.count)
    for (k, i) in present.enumerated() { out[i] = r[k] }
    return out
  }

  /// (v − min)/(max − min) over the non-NaN values.
  static func minMax(_ v: [Double], context: String) throws -> [Double] {
    let present = v.filter { !$0.isNaN }
    guard let lo = present.min(), let hi = present.max(), hi > lo, lo.isFinite, hi.isFinite else {
      throw NeurometryError.invalidInput(
        context: context,
        message: "min-max scaling needs at least two different finite dissimilarities (the RDM is constant or empty)")
    }
    return v.map { ($0 - lo) / (hi - lo) }
  }
}
