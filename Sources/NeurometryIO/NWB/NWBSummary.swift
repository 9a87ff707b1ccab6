import NeurometryLinearAlgebra

/// What an NWB file holds, for `neurometry inspect`: its version, the units table, the
/// TimeIntervals tables and the TimeSeries (metadata only).
public struct NWBSummary: Sendable, Codable, Equatable {
  /// The units table, summarised.
  public struct Units: Sendable, Codable, Equatable {
    /// The table's object path (`/units`).
    public let path: String
    /// Number of units (rows of the table).
    public let count: Int
    /// Number of spikes over all units.
    public let spikeCount: Int
    /// The table's column names in its order (including `spike_times` and `electrodes`).
    public let columns: [String]
    /// Earliest spike time in seconds (nil without spikes).
    public let firstSpike: Double?
    /// Latest spike time in seconds (nil without spikes).
    public let lastSpike: Double?

    enum CodingKeys: String, CodingKey {
      case path, count, spikeCount = "spike_count", columns, firstSpike = "first_spike", lastSpike = "last_spike"
    }
  }

  /// One TimeIntervals table (trials, epochs, a custom table), summarised.
  public struct Intervals: Sendable, Codable, Equatable {
    /// The table's object path, e.g. `/intervals/trials`.
    public let path: String
    /// Number of intervals (rows of the table).
    public let count: Int
    /// The table's column names in its order (including `start_time` and `stop_time`).
    public let columns: [String]
  }

  /// The file's `nwb_version` attribute, e.g. "2.8.0".
  public let version: String
  /// The file's `identifier` dataset (its unique id), nil when absent.
  public let identifier: String?
  /// The `/units` table, nil when the file has none.
  public let units: Units?
  /// The TimeIntervals tables under `/intervals`, in name order.
  public let intervals: [Intervals]
  /// The TimeSeries under `/acquisition`, `/processing` and `/stimulus`, in path order
  /// (metadata only).
  public let timeSeries: [NWBTimeSeriesInfo]
  /// What a reader should know: series that could not be read (left out of `timeSeries`, with
  /// the reason), timestamps that disagree with `data` in length, frames stored outside the file.
  public let warnings: [String]

  enum CodingKeys: String, CodingKey {
    case version, identifier, units, intervals, timeSeries = "time_series", warnings
  }

  /// Summarises an open NWB file, reading the units and interval tables (not the time series' data).
  /// Throws what reading them throws: a units table without ragged `spike_times`, non-finite or
  /// reversed intervals, unreadable datasets.
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
    var series: [NWBTimeSeriesInfo] = []
    var warnings: [String] = []
    for path in try nwb.timeSeriesPaths() {
      do {
        let info = try nwb.timeSeries(at: path).info
        series.append(info)
        warnings += NWBSummary.notes(info)
      } catch {
        warnings.append("series \(path) left out: \(error)")
      }
    }
    timeSeries = series
    self.warnings = warnings
  }

  /// The warnings one readable series earns: timestamps and data of different lengths, frames
  /// in external files, no data at all.
  static func notes(_ s: NWBTimeSeriesInfo) -> [String] {
    let samples = s.shape?.first ?? 0
    if let files = s.externalFile, samples == 0 {
      let names = files.map { "'\($0)'" }.joined(separator: ", ")
      return ["\(s.path): frames are in external file\(files.count == 1 ? "" : "s") \(names), not in this file"]
    }
    if s.shape == nil { return ["\(s.path): has no data"] }
    if let stamps = s.timestampCount, stamps != samples {
      return [
        "\(s.path): timestamps has \(stamps.grouped) entries but data has \(samples.grouped) samples; reading times of samples beyond \(min(stamps, samples).grouped) fails"
      ]
    }
    return []
  }
}
