import Foundation
import NeurometryIO
import NeurometryLinearAlgebra

extension Trials {
  /// Trials from a table of events, one row per trial (a BIDS-style `events.tsv`, or a table a lab
  /// exported with one row per trial).
  ///
  /// - start: the column `start_time`, else `onset` (BIDS); every cell a finite number of seconds;
  /// - stop: `stop_time`, else start + `duration` (an `n/a` duration counts as 0), else the start;
  ///   a trial that stops before it starts is an error naming the line;
  /// - every other column (`onset` and `duration` included) becomes a trials column: integers
  ///   when every cell is a whole decimal number, numbers when every present cell is a number
  ///   (`n/a` becomes NaN), text otherwise (`n/a` kept as the text "n/a").
  public init(events table: TSVTable) throws {
    let path = table.path
    guard let startName = ["start_time", "onset"].first(where: table.hasColumn) else {
      throw NeurometryError.malformedFile(
        path: path, field: "columns",
        message:
          "has neither 'start_time' nor 'onset', so the trials have no start times (columns: \(table.columns.map { "'\($0)'" }.joined(separator: ", ")))"
      )
    }
    let starts = try table.requiredDoubles(startName, purpose: "the trial's start in seconds")
    var stops = starts
    var stopName = "start_time"
    if table.hasColumn("stop_time") {
      stops = try table.requiredDoubles("stop_time", purpose: "the trial's end in seconds")
      stopName = "stop_time"
    } else if table.hasColumn("duration") {
      stops = zip(starts, try table.doubles("duration")).map { $0 + ($1 ?? 0) }
      stopName = "duration"
    }
    for r in 0..<table.rowCount where stops[r] < starts[r] {
      throw NeurometryError.invalidInput(
        context: "\(path): line \(table.lineNumbers[r])",
        message:
          "the trial stops before it starts (\(stopName == "duration" ? "duration \(stops[r] - starts[r])" : "stop_time \(stops[r]) < \(startName) \(starts[r])"))"
      )
    }
    var columns: [String: Column] = [:]
    for name in table.columns where name != "start_time" && name != "stop_time" {
      columns[name] = Trials.typedColumn(try table.strings(name))
    }
    try self.init(startTimes: starts, stopTimes: stops, columns: columns, source: path)
  }

  /// Trials from a file: an events table (`.tsv`, see `init(events:)`), an NWB TimeIntervals
  /// table (`.nwb`: `/intervals/<intervals>`, or a path), or event times in an `.npy` array —
  /// 1-D (or N×1) start times, or N×2 start and stop times, in seconds.
  ///
  /// `columns` adds per-trial columns from `.npy` files (name, path): 1-D (or N×1) arrays with
  /// one value per trial, numeric or text, e.g. the stimulus of each event. A name that the
  /// trials already have is an error.
  public static func read(
    events path: String, intervals: String = "trials", columns extra: [(name: String, path: String)] = []
  ) throws -> Trials {
    var trials: Trials
    switch try FileFormat.detect(path) {
    case .tsv:
      trials = try Trials(events: try TSVTable.read(path))
    case .nwb, .hdf5:
      trials = try Trials(try NWBFile(path: path).intervals(intervals))
    case .npy:
      let array = try NPYFile.read(path)
      guard array.isNumeric else {
        throw NeurometryError.unsupported(
          path: path, field: nil, message: "holds \(array.sourceType), expected event times in seconds")
      }
      let values = try array.doubles(context: path)
      switch (array.dimensions, array.shape.last ?? 0) {
      case (1, _), (2, 1):
        trials = try Trials.fromTimes(values, values, path: path)
      case (2, 2):
        let n = array.shape[0]
        trials = try Trials.fromTimes(
          (0..<n).map { values[2 * $0] }, (0..<n).map { values[2 * $0 + 1] }, path: path)
      default:
        throw NeurometryError.shapeMismatch(
          context: path,
          message:
            "has shape \(array.shapeDescription); expected event times as a 1-D (or N×1) array of starts, or N×2 starts and stops"
        )
      }
    case let other:
      throw NeurometryError.unsupported(
        path: path, field: nil,
        message:
          "is \(other == .unknown ? "not a format Neurometry reads trials from" : "a \(other.rawValue) file"); trials come from an events .tsv, an NWB file's TimeIntervals table, or an .npy array of event times"
      )
    }
    guard !extra.isEmpty else { return trials }
    var columns = trials.columns
    for (name, file) in extra {
      guard name != "start_time", name != "stop_time", columns[name] == nil else {
        throw NeurometryError.invalidInput(
          context: file, message: "is given as trials column '\(name)', but \(path) already has a column of that name")
      }
      let array = try NPYFile.read(file)
      guard array.dimensions == 1 || (array.dimensions == 2 && array.shape[1] == 1) else {
        throw NeurometryError.shapeMismatch(
          context: file, message: "has shape \(array.shapeDescription); a trials column is 1-D, one value per trial")
      }
      guard array.count == trials.count else {
        throw NeurometryError.shapeMismatch(
          context: file, message: "has \(array.count.grouped) values but \(path) has \(trials.count.grouped) trials")
      }
      switch array.values {
      case .int64(let v): columns[name] = .integers(v)
      case .bool(let v): columns[name] = .integers(v.map { $0 ? 1 : 0 })
      case .float64(let v): columns[name] = .numbers(v)
      case .string(let v): columns[name] = .strings(v)
      }
    }
    return try Trials(startTimes: trials.startTimes, stopTimes: trials.stopTimes, columns: columns, source: path)
  }

  private static func fromTimes(_ starts: [Double], _ stops: [Double], path: String) throws -> Trials {
    for (i, (a, b)) in zip(starts, stops).enumerated() where !(a.isFinite && b.isFinite) || b < a {
      throw NeurometryError.invalidInput(
        context: path,
        message: a.isFinite && b.isFinite
          ? "event \(i) stops before it starts (stop \(b) < start \(a))"
          : "event \(i) is at \(a)\(a == b ? "" : "–\(b)"); event times must be finite seconds")
    }
    return try Trials(startTimes: starts, stopTimes: stops, source: path)
  }

  /// A text column typed as pandas would: whole numbers → integers; numbers (with `n/a` → NaN) →
  /// numbers; anything else text.
  static func typedColumn(_ cells: [String?]) -> Column {
    let trimmed = cells.map { $0?.trimmingCharacters(in: .whitespaces) }
    if !trimmed.isEmpty, trimmed.allSatisfy({ $0.map { Int64($0) != nil } ?? false }) {
      return .integers(trimmed.map { $0.flatMap { Int64($0) } ?? 0 })
    }
    let numbers = trimmed.map { $0.flatMap(decimalNumber) }
    if trimmed.contains(where: { $0 != nil }),
      zip(trimmed, numbers).allSatisfy({ cell, number in cell == nil || (number?.isFinite ?? false) })
    {
      return .numbers(numbers.map { $0 ?? .nan })
    }
    return .strings(cells.map { $0 ?? "n/a" })
  }

  /// A finite number in decimal or scientific notation (not hex, not inf/nan), else nil.
  private static func decimalNumber(_ text: String) -> Double? {
    guard let first = text.unicodeScalars.first,
      first == "-" || first == "+" || first == "." || ("0"..."9").contains(first),
      !text.lowercased().contains("x"), let v = Double(text), v.isFinite
    else { return nil }
    return v
  }
}
