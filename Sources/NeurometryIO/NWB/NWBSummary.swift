import NeurometryLinearAlgebra

/// What an NWB file holds, for `neurometry inspect`: its version, the units table, the
/// TimeIntervals tables and the TimeSeries (metadata only).
public struct NWBSummary: Sendable, Codable, Equatable {
  public struct Units: Sendable, Codable, Equatable {
    public let path: String
    public let count: Int
    public let spikeCount: Int
    public let columns: [String]
    /// Earliest and latest spike (nil without spikes).
    public let firstSpike: Double?
    public let lastSpike: Double?

    enum CodingKeys: String, CodingKey {
      case path, count, spikeCount = "spike_count", columns, firstSpike = "first_spike", lastSpike = "last_spike"
    }
  }

  public struct Intervals: Sendable, Codable, Equatable {
    public let path: String
    public let count: Int
    public let columns: [String]
  }

  public let version: String
  public let identifier: String?
  public let units: Units?
  public let intervals: [Intervals]
  public let timeSeries: [NWBTimeSeriesInfo]

  enum CodingKeys: String, CodingKey {
    case version, identifier, units, intervals, timeSeries = "time_series"
  }

  public init(_ nwb: NWBFile) throws {
    version = nwb.version
    identifier = nwb.identifier
    if nwb.hasUnits {
      let u = try nwb.units()
      let all = u.spikeTimes.flatMap { $0 }
      units = Units(
        path: "/units", count: u.count, spikeCount: all.count, columns: u.columnNames, firstSpike: all.min(),
        lastSpike: all.max())
    } else {
      units = nil
    }
    intervals = try nwb.intervalTables().map { p in
      let t = try nwb.intervals(p)
      return Intervals(path: p, count: t.count, columns: t.columnNames)
    }
    timeSeries = try nwb.timeSeries().map(\.info)
  }
}
