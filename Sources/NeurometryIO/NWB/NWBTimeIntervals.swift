import NeurometryLinearAlgebra

/// A TimeIntervals table of an NWB file (`/intervals/trials`, `epochs`, or any custom table):
/// start and stop times and every one-value-per-row column (numbers or strings) by name.
/// Validated on reading: finite times, `stop_time ≥ start_time` on every row.
public struct NWBTimeIntervals: Sendable {
  /// Where it came from, `file: /intervals/trials`.
  public let source: String
  /// The table's object path in the file, e.g. `/intervals/trials`.
  public let path: String
  /// The row ids, from the table's `id` dataset, in row order.
  public let ids: [Int64]
  /// `start_time` of each interval in seconds (finite).
  public let startTimes: [Double]
  /// `stop_time` of each interval in seconds (finite, ≥ the start time).
  public let stopTimes: [Double]
  /// Columns other than start_time/stop_time, by name (1-D arrays, one value per row).
  public let columns: [String: NDArray]
  /// Column names in the table's order.
  public let columnNames: [String]
  /// Ragged or multi-dimensional columns that were not read (e.g. epochs' tags, timeseries).
  public var skippedColumns: [String] { columnNames.filter { skippedReasons[$0] != nil } }
  /// Why each of `skippedColumns` was not read (ragged, multi-dimensional, of the wrong length…).
  public let skippedReasons: [String: String]

  /// Number of intervals (rows of the table).
  public var count: Int { ids.count }

  init(table: NWBDynamicTable) throws {
    source = "\(table.file.path): \(table.path)"
    path = table.path
    ids = table.ids
    columnNames = table.columnNames
    let start = try table.column("start_time").doubles(context: "\(table.file.path): \(table.path)/start_time")
    let stop = try table.column("stop_time").doubles(context: "\(table.file.path): \(table.path)/stop_time")
    for row in start.indices {
      guard start[row].isFinite, stop[row].isFinite else {
        throw NeurometryError.invalidInput(
          context: "\(table.file.path): \(table.path)",
          message: "row \(row) has start_time \(start[row]) and stop_time \(stop[row]); times must be finite")
      }
      guard stop[row] >= start[row] else {
        throw NeurometryError.invalidInput(
          context: "\(table.file.path): \(table.path)/stop_time",
          message:
            "is before start_time at row \(row) (stop \(stop[row]) < start \(start[row])); every interval needs stop_time ≥ start_time"
        )
      }
    }
    startTimes = start
    stopTimes = stop
    (columns, skippedReasons) = table.flatColumns(excluding: ["start_time", "stop_time"])
  }

  /// A column by name; throws naming the available columns when absent.
  public func column(_ name: String) throws -> NDArray {
    if name == "start_time" { return NDArray(shape: [count], values: .float64(startTimes)) }
    if name == "stop_time" { return NDArray(shape: [count], values: .float64(stopTimes)) }
    if let reason = skippedReasons[name] {
      throw NeurometryError.invalidInput(
        context: source, message: "column '\(name)' cannot be read as one value per row: \(reason)")
    }
    guard let c = columns[name] else {
      throw NeurometryError.invalidInput(
        context: source,
        message:
          "has no column '\(name)' (columns: \((["start_time", "stop_time"] + columns.keys.sorted()).joined(separator: ", ")))"
      )
    }
    return c
  }
}
