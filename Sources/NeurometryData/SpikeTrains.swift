import NeurometryIO
import NeurometryLinearAlgebra

/// Spike times of a set of units (neurons), in seconds, sorted ascending within each unit, with
/// per-unit descriptors (unit id, quality, location, electrodes, …).
///
/// Built from an NWB units table (`init(_:)`) or directly. Times must be finite (NaN/∞ are
/// refused naming the unit); unsorted units are sorted (stable) on construction.
public struct SpikeTrains: Sendable, Equatable {
  /// One id per unit (NWB: the `id` column).
  public let unitIDs: [String]
  /// Spike times per unit, ascending.
  public let times: [[Double]]
  /// Per-unit labels by name, each with one entry per unit.
  public let unitDescriptors: [String: [String]]
  /// Where the spikes came from (for messages).
  public let source: String
  /// The end of the recording in seconds, when known (a Kilosort/Phy recording runs from 0 to
  /// its length); windows outside `[0, recordingEnd)` are reported by `SpikePatterns`.
  public let recordingEnd: Double?

  /// Spike trains from one id and one list of spike times (seconds) per unit, with per-unit
  /// descriptors; each unit's times are sorted if they are not already. Throws
  /// `NeurometryError.shapeMismatch` when the ids, trains or a descriptor disagree in count, and
  /// `invalidInput` for a NaN or infinite spike time (naming the unit and index).
  public init(
    unitIDs: [String], times: [[Double]], unitDescriptors: [String: [String]] = [:], source: String = "spikes",
    recordingEnd: Double? = nil
  ) throws {
    guard unitIDs.count == times.count else {
      throw NeurometryError.shapeMismatch(
        context: source, message: "\(unitIDs.count.grouped) unit ids but \(times.count.grouped) spike trains")
    }
    for (name, labels) in unitDescriptors.sorted(by: { $0.key < $1.key }) where labels.count != unitIDs.count {
      throw NeurometryError.shapeMismatch(
        context: source,
        message: "unit descriptor '\(name)' has \(labels.count.grouped) labels for \(unitIDs.count.grouped) units")
    }
    var sorted: [[Double]] = []
    sorted.reserveCapacity(times.count)
    for (u, t) in times.enumerated() {
      if let bad = t.firstIndex(where: { !$0.isFinite }) {
        throw NeurometryError.invalidInput(
          context: source, message: "unit \(unitIDs[u]) has spike time \(t[bad]) at index \(bad); times must be finite")
      }
      var ascending = true
      for i in t.indices.dropFirst() where t[i] < t[i - 1] {
        ascending = false
        break
      }
      sorted.append(ascending ? t : t.sorted())
    }
    self.unitIDs = unitIDs
    self.times = sorted
    self.unitDescriptors = unitDescriptors
    self.source = source
    self.recordingEnd = recordingEnd
  }

  /// The units of an NWB file: ids as unit ids; string and numeric one-per-unit columns as
  /// descriptors (numbers spelled as `NDArray.strings` does); electrodes as `electrodes`
  /// ("1;2" for a unit on several).
  public init(_ units: NWBUnits) throws {
    var descriptors: [String: [String]] = [:]
    for (name, column) in units.columns where column.count == units.count {
      descriptors[name] = column.strings
    }
    if let electrodes = units.electrodes {
      descriptors["electrodes"] = electrodes.map { $0.map(String.init).joined(separator: ";") }
    }
    try self.init(
      unitIDs: units.ids.map(String.init), times: units.spikeTimes, unitDescriptors: descriptors, source: units.source)
  }

  /// The number of units.
  public var count: Int { unitIDs.count }

  /// The units whose descriptor `name` is one of `values` (e.g. quality ∈ {good}), in order.
  public func selecting(_ name: String, in values: Set<String>) throws -> SpikeTrains {
    guard let labels = unitDescriptors[name] else {
      throw NeurometryError.invalidInput(
        context: source,
        message:
          "has no unit column '\(name)' (columns: \(unitDescriptors.keys.sorted().joined(separator: ", ")))")
    }
    let keep = labels.indices.filter { values.contains(labels[$0]) }
    return try SpikeTrains(
      unitIDs: keep.map { unitIDs[$0] }, times: keep.map { times[$0] },
      unitDescriptors: unitDescriptors.mapValues { v in keep.map { v[$0] } }, source: source, recordingEnd: recordingEnd
    )
  }
}
