import Foundation
import NeurometryLinearAlgebra

/// A tab-separated table with a header row (BIDS `*_events.tsv`, Phy `cluster_*.tsv`, label tables).
///
/// Parsing rules (pandas' `read_csv(sep="\t")` reads the same files the same way):
/// - lines end with LF, CRLF or a lone CR; a UTF-8 byte-order mark is skipped;
/// - a field that starts with `"` is quoted: it runs to the next lone `"`, may contain tabs and
///   line breaks, and `""` inside it is one `"`;
/// - blank lines (only whitespace) are skipped, wherever they are, so trailing newlines are fine;
/// - every row must have as many fields as the header (an error names the line otherwise);
/// - column names must be unique and non-empty.
///
/// Missing values: `n/a` (the BIDS spelling) and the empty field; `TSVTable.isMissing` tells.
/// Cells are kept as text; typed accessors convert a column and name the file, column and line
/// of any cell that does not convert.
public struct TSVTable: Sendable, Equatable {
  /// The file the table was read from (or the name given to `parse`), used in error messages.
  public let path: String
  /// The column names from the header row, in file order (unique and non-empty).
  public let columns: [String]
  /// The cells, row by row, as text (unquoted).
  public let rows: [[String]]
  /// The 1-based line number where each row starts (for messages).
  public let lineNumbers: [Int]

  /// Number of data rows (the header and blank lines not counted).
  public var rowCount: Int { rows.count }

  /// True for the BIDS missing value `n/a` and for an empty field.
  public static func isMissing(_ cell: String) -> Bool { cell.isEmpty || cell == "n/a" }

  /// Reads and parses a file (UTF-8). `separator` is a tab (TSV) or a comma (CSV).
  public static func read(_ path: String, separator: Unicode.Scalar = "\t") throws -> TSVTable {
    let data = try FileAccess.read(path)
    guard let text = String(data: data, encoding: .utf8) else {
      throw NeurometryError.malformedFile(path: path, field: nil, message: "is not UTF-8 text")
    }
    return try parse(text, path: path, separator: separator)
  }

  /// Parses TSV (or, with `separator` ",", CSV) text; `path` names it in errors.
  public static func parse(_ text: String, path: String, separator: Unicode.Scalar = "\t") throws -> TSVTable {
    var records: [(line: Int, fields: [String])] = []
    var fields: [String] = []
    var field = String.UnicodeScalarView()
    var line = 1
    var recordLine = 1
    var scalars = Array(text.unicodeScalars)
    if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
    var i = 0
    var atFieldStart = true
    func endRecord() {
      fields.append(String(field))
      field = String.UnicodeScalarView()
      let blank = fields.count == 1 && fields[0].allSatisfy { $0 == " " || $0 == "\t" }
      if !blank { records.append((recordLine, fields)) }
      fields = []
      atFieldStart = true
    }
    while i < scalars.count {
      let c = scalars[i]
      if atFieldStart && c == "\"" {
        // Quoted field.
        let openedAt = line
        i += 1
        var closed = false
        while i < scalars.count {
          let q = scalars[i]
          if q == "\"" {
            if i + 1 < scalars.count && scalars[i + 1] == "\"" {
              field.append("\"")
              i += 2
              continue
            }
            closed = true
            i += 1
            break
          }
          if q == "\n" || (q == "\r" && !(i + 1 < scalars.count && scalars[i + 1] == "\n")) { line += 1 }
          field.append(q)
          i += 1
        }
        guard closed else {
          throw NeurometryError.malformedFile(
            path: path, field: "line \(openedAt)", message: "a quoted field opened here is never closed (missing \")")
        }
        atFieldStart = false
        continue
      }
      atFieldStart = false
      switch c {
      case separator:
        fields.append(String(field))
        field = String.UnicodeScalarView()
        atFieldStart = true
        i += 1
      case "\r", "\n":
        endRecord()
        i += (c == "\r" && i + 1 < scalars.count && scalars[i + 1] == "\n") ? 2 : 1
        line += 1
        recordLine = line
      default:
        field.append(c)
        i += 1
      }
    }
    if !field.isEmpty || !fields.isEmpty { endRecord() }
    guard let header = records.first else {
      throw NeurometryError.malformedFile(
        path: path, field: nil, message: "is empty, expected a header row of column names")
    }
    var seen = Set<String>()
    for (k, name) in header.fields.enumerated() {
      guard !name.isEmpty else {
        throw NeurometryError.malformedFile(
          path: path, field: "header", message: "column \(k + 1) has no name (a doubled or trailing tab?)")
      }
      guard seen.insert(name).inserted else {
        throw NeurometryError.malformedFile(path: path, field: "header", message: "column '\(name)' appears twice")
      }
    }
    let body = records.dropFirst()
    for r in body where r.fields.count != header.fields.count {
      throw NeurometryError.malformedFile(
        path: path, field: "line \(r.line)",
        message:
          "has \(r.fields.count) \(separator == "\t" ? "tab" : "comma")-separated fields but the header has \(header.fields.count) (\(header.fields.joined(separator: ", ")))"
      )
    }
    return TSVTable(path: path, columns: header.fields, rows: body.map { $0.fields }, lineNumbers: body.map { $0.line })
  }

  /// Creates a table from cells (every row as long as `columns`). Traps otherwise (a programmer error).
  public init(path: String, columns: [String], rows: [[String]], lineNumbers: [Int]? = nil) {
    precondition(rows.allSatisfy { $0.count == columns.count }, "TSVTable: ragged rows")
    self.path = path
    self.columns = columns
    self.rows = rows
    self.lineNumbers = lineNumbers ?? rows.indices.map { $0 + 2 }
  }

  /// True when the header has a column called `name` (exact, case-sensitive match).
  public func hasColumn(_ name: String) -> Bool { columns.contains(name) }

  /// The index of a column; throws naming the file and listing the columns it has.
  public func columnIndex(_ name: String) throws -> Int {
    guard let k = columns.firstIndex(of: name) else {
      throw NeurometryError.malformedFile(
        path: path, field: "column '\(name)'",
        message: "is missing; the file has columns \(columns.map { "'\($0)'" }.joined(separator: ", "))")
    }
    return k
  }

  /// A column as text, nil for missing cells (`n/a`, empty).
  public func strings(_ name: String) throws -> [String?] {
    let k = try columnIndex(name)
    return rows.map { TSVTable.isMissing($0[k]) ? nil : $0[k] }
  }

  /// A column as numbers, nil for missing cells. Throws naming the line for text that is not a
  /// number (decimal or scientific notation, correctly rounded; `inf`/`nan` are refused).
  public func doubles(_ name: String) throws -> [Double?] {
    let k = try columnIndex(name)
    return try rows.enumerated().map { r, row -> Double? in
      let cell = row[k].trimmingCharacters(in: .whitespaces)
      if TSVTable.isMissing(cell) { return nil }
      guard let v = TSVTable.number(cell) else {
        throw NeurometryError.invalidInput(
          context: "\(path): column '\(name)', line \(lineNumbers[r])", message: "'\(row[k])' is not a finite number")
      }
      return v
    }
  }

  /// A column of numbers with no missing cells; throws naming the first missing one.
  public func requiredDoubles(_ name: String, purpose: String? = nil) throws -> [Double] {
    let values = try doubles(name)
    return try values.enumerated().map { r, v in
      guard let v else {
        throw NeurometryError.invalidInput(
          context: "\(path): column '\(name)', line \(lineNumbers[r])",
          message: "is n/a; every row needs a value\(purpose.map { " (\($0))" } ?? "")")
      }
      return v
    }
  }

  /// A finite number in decimal or scientific notation (what pandas reads as a float), else nil.
  static func number(_ text: String) -> Double? {
    guard let first = text.unicodeScalars.first,
      first == "-" || first == "+" || first == "." || ("0"..."9").contains(first)
    else { return nil }
    guard !text.lowercased().hasPrefix("0x") && !text.lowercased().hasPrefix("-0x"), let v = Double(text), v.isFinite
    else { return nil }
    return v
  }
}
