import NeurometryIO
import NeurometryLinearAlgebra

/// A trials table: start and stop times (seconds) and named per-trial columns — conditions,
/// stimulus ids, event times, runs — each numeric or string.
///
/// Validated on construction: finite times, `stop ≥ start`, every column one value per trial.
public struct Trials: Sendable, Equatable {
  /// One per-trial column.
  public enum Column: Sendable, Equatable {
    case integers([Int64])
    case numbers([Double])
    case strings([String])

    /// The number of values in the column (one per trial once in a `Trials`).
    public var count: Int {
      switch self {
      case .integers(let v): return v.count
      case .numbers(let v): return v.count
      case .strings(let v): return v.count
      }
    }

    /// The values as labels (integers in decimal, floats in shortest round-trip form).
    public var labels: [String] {
      switch self {
      case .integers(let v): return v.map(String.init)
      case .numbers(let v): return v.map { $0.description }
      case .strings(let v): return v
      }
    }
  }

  /// The start time of each trial (seconds, finite).
  public let startTimes: [Double]
  /// The stop time of each trial (seconds, finite, ≥ its start).
  public let stopTimes: [Double]
  /// The per-trial columns by name, each with one value per trial (`start_time` and `stop_time` are
  /// not among them; `column(_:)` serves them too).
  public let columns: [String: Column]
  /// Where the trials came from (for messages).
  public let source: String

  /// A table from its times (seconds) and columns. Throws `NeurometryError.shapeMismatch` when the
  /// start and stop counts differ or a column has the wrong number of values, and `invalidInput` for a
  /// non-finite time or a trial that stops before it starts (naming the trial).
  public init(startTimes: [Double], stopTimes: [Double], columns: [String: Column] = [:], source: String = "trials")
    throws
  {
    guard startTimes.count == stopTimes.count else {
      throw NeurometryError.shapeMismatch(
        context: source,
        message: "\(startTimes.count.grouped) start times but \(stopTimes.count.grouped) stop times")
    }
    for i in startTimes.indices {
      guard startTimes[i].isFinite, stopTimes[i].isFinite else {
        throw NeurometryError.invalidInput(
          context: source,
          message: "trial \(i) has start \(startTimes[i]) and stop \(stopTimes[i]); times must be finite")
      }
      guard stopTimes[i] >= startTimes[i] else {
        throw NeurometryError.invalidInput(
          context: source,
          message: "trial \(i) stops before it starts (stop \(stopTimes[i]) < start \(startTimes[i]))")
      }
    }
    for (name, column) in columns.sorted(by: { $0.key < $1.key }) where column.count != startTimes.count {
      throw NeurometryError.shapeMismatch(
        context: source,
        message: "column '\(name)' has \(column.count.grouped) values for \(startTimes.count.grouped) trials")
    }
    self.startTimes = startTimes
    self.stopTimes = stopTimes
    self.columns = columns
    self.source = source
  }

  /// A TimeIntervals table of an NWB file (`/intervals/trials` or any other).
  public init(_ intervals: NWBTimeIntervals) throws {
    var columns: [String: Column] = [:]
    for (name, array) in intervals.columns {
      switch array.values {
      case .int64(let v): columns[name] = .integers(v)
      case .bool(let v): columns[name] = .integers(v.map { $0 ? 1 : 0 })
      case .float64(let v): columns[name] = .numbers(v)
      case .string(let v): columns[name] = .strings(v)
      }
    }
    try self.init(
      startTimes: intervals.startTimes, stopTimes: intervals.stopTimes, columns: columns, source: intervals.source)
    unreadableColumns = intervals.skippedReasons
  }

  /// Columns the table has but that could not be read as one value per row, with why (an NWB
  /// column of the wrong length, a ragged one); asking for one says so.
  public private(set) var unreadableColumns: [String: String] = [:]

  /// The number of trials.
  public var count: Int { startTimes.count }

  /// The column `name` (`start_time` and `stop_time` included); throws naming the columns there are.
  public func column(_ name: String) throws -> Column {
    if name == "start_time" { return .numbers(startTimes) }
    if name == "stop_time" { return .numbers(stopTimes) }
    if let reason = unreadableColumns[name] {
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

  /// Per-trial times from a numeric column (an event such as stimulus onset); NaN is refused by
  /// row.
  public func times(_ name: String) throws -> [Double] {
    let values: [Double]
    switch try column(name) {
    case .numbers(let v): values = v
    case .integers(let v): values = v.map(Double.init)
    case .strings:
      throw NeurometryError.invalidInput(
        context: source, message: "column '\(name)' holds strings; an alignment column must hold times in seconds")
    }
    if let bad = values.firstIndex(where: { !$0.isFinite }) {
      throw NeurometryError.invalidInput(
        context: source, message: "column '\(name)' is \(values[bad]) at trial \(bad); alignment times must be finite")
    }
    return values
  }

  /// The trials whose `name` column has one of `labels`, in order.
  public func selecting(_ name: String, in labels: Set<String>) throws -> Trials {
    let column = try self.column(name).labels
    let keep = column.indices.filter { labels.contains(column[$0]) }
    func pick(_ c: Column) -> Column {
      switch c {
      case .integers(let v): return .integers(keep.map { v[$0] })
      case .numbers(let v): return .numbers(keep.map { v[$0] })
      case .strings(let v): return .strings(keep.map { v[$0] })
      }
    }
    return try Trials(
      startTimes: keep.map { startTimes[$0] }, stopTimes: keep.map { stopTimes[$0] }, columns: columns.mapValues(pick),
      source: source)
  }
}
