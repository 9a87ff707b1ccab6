import NeurometryLinearAlgebra

/// The units table of an NWB file: ids, spike times per unit (from the ragged `spike_times` /
/// `spike_times_index` pair, read in one call and split), electrodes per unit when present, and
/// every other one-value-per-unit column (quality, location, depth, …) by name.
public struct NWBUnits: Sendable {
  /// Where it came from, `file: /units`.
  public let source: String
  /// The unit ids, from the table's `id` dataset, in row order.
  public let ids: [Int64]
  /// Spike times in seconds, one array per unit, in the file's order.
  public let spikeTimes: [[Double]]
  /// Electrode indices (rows of the electrodes table) per unit, when the table has them.
  public let electrodes: [[Int64]]?
  /// One-value-per-unit columns other than spike_times/electrodes, by name.
  public let columns: [String: NDArray]
  /// Column names in the table's order (including spike_times and electrodes).
  public let columnNames: [String]
  /// Ragged columns that were not read (e.g. waveforms, obs_intervals).
  public let skippedColumns: [String]

  /// Number of units (rows of the table).
  public var count: Int { ids.count }

  init(table: NWBDynamicTable) throws {
    source = "\(table.file.path): \(table.path)"
    ids = table.ids
    columnNames = table.columnNames
    guard table.isRagged("spike_times") else {
      throw NeurometryError.malformedFile(
        path: table.file.path, field: table.path,
        message:
          "has no ragged spike_times column (spike_times + spike_times_index); columns: \(table.columnNames.joined(separator: ", "))"
      )
    }
    let (flat, offsets) = try table.ragged("spike_times")
    let times = try flat.doubles(context: "\(table.file.path): \(table.path)/spike_times")
    spikeTimes = (0..<table.rowCount).map { Array(times[offsets[$0]..<offsets[$0 + 1]]) }
    if table.has("electrodes") {
      if table.isRagged("electrodes") {
        let (e, eo) = try table.ragged("electrodes")
        let values = try e.integers(context: "\(table.file.path): \(table.path)/electrodes")
        electrodes = (0..<table.rowCount).map { Array(values[eo[$0]..<eo[$0 + 1]]) }
      } else {
        electrodes = try table.column("electrodes").integers(context: "\(table.file.path): \(table.path)/electrodes")
          .map { [$0] }
      }
    } else {
      electrodes = nil
    }
    let readable = table.flatColumns(excluding: ["spike_times", "electrodes"])
    columns = readable.columns
    skippedColumns = table.columnNames.filter { readable.skipped[$0] != nil }
  }

  /// A column as strings, one per unit (numbers spelled as `NDArray.strings` does).
  public func labels(_ column: String) -> [String]? { columns[column]?.strings }
}
