/// Which curated clusters of a Phy folder to keep, by their label (`group` in Phy: good, mua,
/// noise, or unsorted when a cluster has no label).
public enum PhyClusterFilter: String, Sendable, Codable, CaseIterable {
  /// Only clusters labelled `good` (well-isolated single units).
  case good
  /// `good` and `mua` (multi-unit activity).
  case goodAndMUA = "good+mua"
  /// Everything except `noise` (unlabelled clusters included).
  case notNoise = "not-noise"
  /// Every cluster.
  case all

  /// True when a cluster with this (lower-cased) label is kept.
  public func keeps(_ label: String) -> Bool {
    switch self {
    case .good: return label == "good"
    case .goodAndMUA: return label == "good" || label == "mua"
    case .notNoise: return label != "noise"
    case .all: return true
    }
  }

  /// True when the filter needs labels to select anything.
  var needsLabels: Bool { self == .good || self == .goodAndMUA }
}
