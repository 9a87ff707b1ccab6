import NeurometryLinearAlgebra

/// An NWB 2.x file (Neurodata Without Borders, as written by pynwb 2.x–4.x / hdmf): the
/// `nwb_version` root attribute is checked, then units, time-interval tables and time series
/// are read on demand.
///
/// Layout read (NWB core schema): `/units` (a `Units` DynamicTable: `spike_times` ragged through
/// `spike_times_index`, `electrodes` ragged through `electrodes_index`, any other columns),
/// `/intervals/<name>` (TimeIntervals: `start_time`, `stop_time` and any columns), and
/// TimeSeries groups under `/acquisition` and `/processing/<module>` (`data` with `conversion`,
/// `offset`, `resolution`, `unit`; `starting_time` + `rate`, or `timestamps`).
public final class NWBFile: @unchecked Sendable {
  /// The underlying HDF5 file, for datasets and attributes beyond what `NWBFile` reads.
  public let hdf5: HDF5File
  /// The `nwb_version` attribute, e.g. "2.8.0".
  public let version: String
  /// The file's path, as given to `init(path:)`.
  public var path: String { hdf5.path }

  /// Opens an NWB file; throws when it is not HDF5, has no `nwb_version`, or is NWB 1.x.
  public init(path: String) throws {
    hdf5 = try HDF5File(path: path)
    guard let version = try hdf5.stringAttribute("nwb_version") else {
      throw NeurometryError.malformedFile(
        path: path, field: "/",
        message:
          "has no 'nwb_version' attribute: an HDF5 file, but not an NWB file (read its datasets with --dataset /path)")
    }
    let v = version.hasPrefix("v") ? String(version.dropFirst()) : version
    guard v.hasPrefix("2.") else {
      throw NeurometryError.unsupported(
        path: path, field: "nwb_version",
        message:
          "is '\(version)'; Neurometry reads NWB 2.x (convert NWB 1 files with pynwb's or the NWB team's migration tools)"
      )
    }
    self.version = version
  }

  /// True when the file has a root `nwb_version` attribute (without checking its value).
  public static func isNWB(_ file: HDF5File) -> Bool {
    ((try? file.attribute("nwb_version")) ?? nil) != nil
  }

  /// The `identifier` and `session_description` datasets, when present. This one is `identifier`,
  /// the file's unique id.
  public var identifier: String? { (try? hdf5.dataset("/identifier").readStrings().first) ?? nil }
  /// The `session_description` dataset (free text about the session), nil when absent or unreadable.
  public var sessionDescription: String? { (try? hdf5.dataset("/session_description").readStrings().first) ?? nil }

  /// The units table (default `/units`).
  public func units(at path: String = "/units") throws -> NWBUnits {
    try NWBUnits(table: NWBDynamicTable(file: hdf5, path: path))
  }

  /// True when the file has a units table.
  public var hasUnits: Bool { hdf5.kind(of: "/units") == .group }

  /// The paths of the TimeIntervals tables under `/intervals` (trials, epochs, custom ones).
  public func intervalTables() throws -> [String] {
    guard hdf5.kind(of: "/intervals") == .group else { return [] }
    return try hdf5.children(of: "/intervals").map { "/intervals/" + $0 }.filter {
      hdf5.kind(of: $0) == .group && hdf5.kind(of: $0 + "/start_time") == .dataset
    }
  }

  /// A TimeIntervals table; `name` is a path (`/intervals/trials`) or a bare name (`trials`,
  /// looked up under `/intervals`).
  public func intervals(_ name: String = "trials") throws -> NWBTimeIntervals {
    let p = name.contains("/") ? HDF5File.normalise(name) : "/intervals/" + name
    if hdf5.kind(of: p) == nil {
      let available = (try? intervalTables()) ?? []
      throw NeurometryError.malformedFile(
        path: path, field: p,
        message:
          "no such TimeIntervals table (the file has: \(available.isEmpty ? "none" : available.joined(separator: ", ")))"
      )
    }
    return try NWBTimeIntervals(table: NWBDynamicTable(file: hdf5, path: p))
  }

  /// Every TimeSeries (any group with a `data` dataset and a `neurodata_type` attribute) under
  /// `/acquisition` and `/processing`, in path order. Metadata only: no data is read.
  public func timeSeries() throws -> [NWBTimeSeries] {
    var out: [NWBTimeSeries] = []
    for root in ["/acquisition", "/processing"] where hdf5.kind(of: root) == .group {
      for entry in try hdf5.walk(from: root) where entry.kind == .group {
        if hdf5.kind(of: entry.path + "/data") == .dataset,
          (try? hdf5.stringAttribute("neurodata_type", of: entry.path)) ?? nil != nil
        {
          out.append(try NWBTimeSeries(file: hdf5, path: entry.path))
        }
      }
    }
    return out
  }

  /// The TimeSeries at `path` (metadata; read windows with `NWBTimeSeries.window`).
  public func timeSeries(at path: String) throws -> NWBTimeSeries {
    try NWBTimeSeries(file: hdf5, path: HDF5File.normalise(path))
  }
}
