import NeurometryLinearAlgebra

/// Medians over targets (NaN skipped), overall and per region.
public struct EncodingSummary: Sendable, Codable, Equatable {
  /// The summary of one set of targets (all of them, or one region's).
  public struct Group: Sendable, Codable, Equatable {
    /// Region label ("all" for the whole set).
    public let name: String
    /// Targets in the group, scored or not.
    public let targets: Int
    /// Targets with a defined (non-NaN) score.
    public let scoredTargets: Int
    /// Median of the defined scores (nil when none is defined); JSON `median_score`.
    public let medianScore: Double?
    /// Mean of the defined scores (nil when none is defined); JSON `mean_score`.
    public let meanScore: Double?
    /// Median of the defined ceiling-normalised scores (nil without a ceiling or when none is defined);
    /// JSON `median_normalized`.
    public let medianNormalized: Double?
    /// Median of the defined noise ceilings (nil without a ceiling or when none is defined); JSON
    /// `median_ceiling`.
    public let medianCeiling: Double?

    enum CodingKeys: String, CodingKey {
      case name, targets, scoredTargets = "scored_targets", medianScore = "median_score", meanScore = "mean_score"
      case medianNormalized = "median_normalized", medianCeiling = "median_ceiling"
    }
  }

  /// Every target together (name "all").
  public let all: Group
  /// One group per region label, in label order (numpy's string order); empty without regions.
  public let regions: [Group]

  /// Summaries of per-target `scores` (and their `normalized` values and `ceilings`, when given):
  /// medians and means over the targets with a finite value (NaN skipped), for all targets and per
  /// region label. O(t log t).
  public init(scores: [Double], normalized: [Double]? = nil, ceilings: [Double]? = nil, regions: SampleLabels? = nil)
    throws
  {
    func group(_ name: String, _ idx: [Int]) throws -> Group {
      let s = idx.map { scores[$0] }.filter { !$0.isNaN }
      func median(_ v: [Double]?) throws -> Double? {
        guard let v else { return nil }
        let d = idx.map { v[$0] }.filter { !$0.isNaN }
        return d.isEmpty ? nil : try Quantile.median(d)
      }
      return Group(
        name: name, targets: idx.count, scoredTargets: s.count, medianScore: s.isEmpty ? nil : try Quantile.median(s),
        meanScore: s.isEmpty ? nil : s.reduce(0, +) / Double(s.count), medianNormalized: try median(normalized),
        medianCeiling: try median(ceilings))
    }
    all = try group("all", Array(scores.indices))
    if let labels = regions {
      self.regions = try labels.names.enumerated().map { k, name in
        try group(name, labels.codes.indices.filter { labels.codes[$0] == k })
      }
    } else {
      self.regions = []
    }
  }
}
