import NeurometryLinearAlgebra

/// A BIDS `*_events.tsv` file: one row per event with `onset` and `duration` in seconds (from the
/// start of the run's first volume) and a condition column (`trial_type` by default).
///
/// Rules (nilearn's `check_events`, stated as errors rather than guesses):
/// - `onset` and `duration` must exist and every cell must be a finite number (`n/a` is an error:
///   nilearn refuses NaN there too); a negative duration is an error;
/// - the condition column must exist (nilearn would call every event 'dummy'); an `n/a` condition
///   is an error unless `dropMissingConditions` is set, which drops those rows with a warning;
/// - `modulation`, when present, scales each event (nilearn's amplitude); `n/a` there is an error;
/// - other columns are kept in `table` and otherwise ignored.
public struct BIDSEvents: Sendable, Equatable {
  /// The events file (the table's `path`), used in error messages.
  public let path: String
  /// `onset` of each kept event, in seconds from the start of the run's first volume, in file order.
  public let onsets: [Double]
  /// `duration` of each kept event in seconds (≥ 0; 0 for an impulse).
  public let durations: [Double]
  /// The condition of each event, as written in the file.
  public let conditions: [String]
  /// Per-event amplitude (1 when the file has no `modulation` column).
  public let modulations: [Double]
  /// The 1-based line of each event in the file.
  public let lineNumbers: [Int]
  /// The column the conditions came from.
  public let conditionColumn: String
  /// What was tolerated: rows dropped for an `n/a` condition (with their lines) and duplicated events.
  public let warnings: [String]
  /// The whole table (all columns, all rows, including dropped ones).
  public let table: TSVTable

  /// Number of events kept (rows dropped for an `n/a` condition not counted).
  public var count: Int { onsets.count }

  /// Reads an events file. `conditionColumn`: the column naming each event's condition.
  public static func read(
    _ path: String, conditionColumn: String = "trial_type", dropMissingConditions: Bool = false
  ) throws -> BIDSEvents {
    try BIDSEvents(
      table: try TSVTable.read(path), conditionColumn: conditionColumn, dropMissingConditions: dropMissingConditions)
  }

  /// Events from a parsed table (see `read`).
  public init(table: TSVTable, conditionColumn: String = "trial_type", dropMissingConditions: Bool = false) throws {
    let path = table.path
    let onsets = try table.requiredDoubles("onset", purpose: "the event's start in seconds")
    let durations = try table.requiredDoubles("duration", purpose: "seconds; 0 for an impulse")
    let conditions = try table.strings(conditionColumn)
    let modulations = table.hasColumn("modulation") ? try table.requiredDoubles("modulation") : nil
    var keep: [Int] = []
    var dropped: [Int] = []
    for r in 0..<table.rowCount {
      if durations[r] < 0 {
        throw NeurometryError.invalidInput(
          context: "\(path): column 'duration', line \(table.lineNumbers[r])",
          message: "is \(durations[r]); durations must be 0 or more seconds")
      }
      if conditions[r] == nil {
        guard dropMissingConditions else {
          throw NeurometryError.invalidInput(
            context: "\(path): column '\(conditionColumn)', line \(table.lineNumbers[r])",
            message:
              "is n/a; give every event a condition, remove the row, or drop such rows explicitly (--drop-na-events)")
        }
        dropped.append(table.lineNumbers[r])
      } else {
        keep.append(r)
      }
    }
    self.path = path
    self.onsets = keep.map { onsets[$0] }
    self.durations = keep.map { durations[$0] }
    self.conditions = keep.map { conditions[$0] ?? "" }
    self.modulations = keep.map { modulations?[$0] ?? 1 }
    self.lineNumbers = keep.map { table.lineNumbers[$0] }
    self.conditionColumn = conditionColumn
    self.table = table
    var warnings: [String] = []
    if !dropped.isEmpty {
      warnings.append(
        "\(path): dropped \(dropped.count) event\(dropped.count == 1 ? "" : "s") whose \(conditionColumn) is n/a (lines \(dropped.prefix(10).map(String.init).joined(separator: ", "))\(dropped.count > 10 ? ", …" : ""))"
      )
    }
    var seen = Set<String>()
    var duplicates = 0
    for k in keep.indices {
      let key = "\(self.conditions[k])\u{1}\(self.onsets[k])\u{1}\(self.durations[k])"
      if !seen.insert(key).inserted { duplicates += 1 }
    }
    if duplicates > 0 {
      warnings.append(
        "\(path): \(duplicates) duplicated event\(duplicates == 1 ? "" : "s") (same condition, onset and duration); their amplitudes add up, as in nilearn"
      )
    }
    self.warnings = warnings
  }
}
