import Foundation
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
    if let old = NWBFile.version1(hdf5) {
      throw NeurometryError.unsupported(
        path: path, field: "/nwb_version",
        message:
          "is a root dataset (as NWB 1.x stores it) saying version \(old): an NWB 1.x file. Neurometry reads the series and tables of NWB 2.x files (so do pynwb and MatNWB); convert it to NWB 2 (for example by writing its arrays with pynwb), or read its arrays as they are with --dataset /path (`neurometry inspect` lists them)"
      )
    }
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
          "is '\(version)'; Neurometry reads NWB 2.x (convert NWB 1 files to NWB 2, for example by writing their arrays with pynwb)"
      )
    }
    self.version = version
  }

  /// True when the file has a root `nwb_version` attribute (NWB 2.x) or dataset (NWB 1.x),
  /// without checking its value.
  public static func isNWB(_ file: HDF5File) -> Bool {
    ((try? file.attribute("nwb_version")) ?? nil) != nil || version1(file) != nil
  }

  /// The version of an NWB 1.x file: its root `nwb_version` *dataset* (NWB 2 made it an
  /// attribute), e.g. "NWB-1.0.6" → "1.0.6"; nil for any other file.
  public static func version1(_ file: HDF5File) -> String? {
    guard file.kind(of: "/nwb_version") == .dataset,
      let text = (try? file.dataset("/nwb_version").readStrings().first) ?? nil
    else { return nil }
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    let number = trimmed.hasPrefix("NWB-") ? String(trimmed.dropFirst(4)) : trimmed
    return number.isEmpty ? "?" : number
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

  /// Where TimeSeries live in an NWB 2 file: acquired data, processed data (`/processing/<module>`)
  /// and stimuli (`/stimulus/presentation`, `/stimulus/templates`).
  public static let seriesRoots = ["/acquisition", "/processing", "/stimulus"]

  /// The paths of every TimeSeries under `seriesRoots`, in path order, each once: a group with a
  /// `neurodata_type` attribute and `data`, `timestamps` or `starting_time` (so an ImageSeries
  /// whose frames are in an external file, and a series without data, are listed). A series
  /// soft-linked from another place is listed at its home; a soft link whose target is outside
  /// these roots, at the link.
  public func timeSeriesPaths() throws -> [String] {
    var out: [String] = []
    var seen = Set<String>()
    for root in Self.seriesRoots where hdf5.kind(of: root) == .group {
      for entry in try hdf5.walk(from: root) where entry.kind == .group {
        if let target = entry.linkTarget, Self.seriesRoots.contains(where: { target.hasPrefix($0 + "/") }) {
          continue
        }
        let looksLikeSeries = ["data", "timestamps", "starting_time"].contains {
          hdf5.kind(of: HDF5File.join(entry.path, $0)) == .dataset
        }
        guard looksLikeSeries, (try? hdf5.stringAttribute("neurodata_type", of: entry.path)) ?? nil != nil else {
          continue
        }
        if seen.insert(entry.linkTarget ?? entry.path).inserted { out.append(entry.path) }
      }
    }
    return out
  }

  /// Every TimeSeries (`timeSeriesPaths`), metadata only: no data is read. Throws on the first
  /// series that cannot be read; `NWBSummary` lists the rest and reports it as a warning.
  public func timeSeries() throws -> [NWBTimeSeries] {
    try timeSeriesPaths().map { try NWBTimeSeries(file: hdf5, path: $0) }
  }

  /// The TimeSeries at `path` (metadata; read windows with `NWBTimeSeries.window`).
  public func timeSeries(at path: String) throws -> NWBTimeSeries {
    try NWBTimeSeries(file: hdf5, path: HDF5File.normalise(path))
  }
}
