import Foundation
import NeurometryLinearAlgebra

/// Names of the integer labels of an atlas image.
///
/// Two layouts are read:
/// - a TSV with a header (`.tsv`, BIDS `dseg.tsv`, nilearn's look-up tables): the index column
///   is `index` (or `id`), the name column `name` (or `label`); other columns are ignored;
/// - plain text (any other extension; FSL/FreeSurfer style): one `index name …` per line,
///   separated by spaces or tabs, with `#` comments and blank lines ignored; only the first two
///   tokens are used (colour columns after them are ignored).
///
/// Indices must be whole numbers and unique; an error names the line otherwise.
public struct LabelTable: Sendable, Equatable {
  /// The file the table was read from (or the name given to `init`), used in error messages.
  public let path: String
  /// Label index → name.
  public let names: [Int: String]

  /// A table from a ready index → name dictionary; nothing is checked.
  public init(path: String, names: [Int: String]) {
    self.path = path
    self.names = names
  }

  /// Reads a label table; the layout is chosen by the extension (`.tsv` or not).
  public static func read(_ path: String) throws -> LabelTable {
    if path.lowercased().hasSuffix(".tsv") { return try readTSV(path) }
    let data = try FileAccess.read(path)
    let text = String(decoding: data, as: UTF8.self)
    var names: [Int: String] = [:]
    var lineNumber = 0
    for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
      lineNumber += 1
      let line = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let tokens = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      if tokens.isEmpty { continue }
      guard tokens.count >= 2, let index = Int(tokens[0]) else {
        throw NeurometryError.malformedFile(
          path: path, field: "line \(lineNumber)",
          message:
            "is '\(line.trimmingCharacters(in: .whitespaces))', expected 'index name' (an integer, then the label's name)"
        )
      }
      guard names[index] == nil else {
        throw NeurometryError.malformedFile(
          path: path, field: "line \(lineNumber)", message: "label index \(index) appears twice")
      }
      names[index] = String(tokens[1])
    }
    guard !names.isEmpty else {
      throw NeurometryError.malformedFile(path: path, field: nil, message: "holds no 'index name' lines")
    }
    return LabelTable(path: path, names: names)
  }

  private static func readTSV(_ path: String) throws -> LabelTable {
    let table = try TSVTable.read(path)
    guard let indexColumn = ["index", "id"].first(where: table.hasColumn) else {
      throw NeurometryError.malformedFile(
        path: path, field: "column 'index'",
        message:
          "is missing; a label table needs 'index' and 'name' columns (found \(table.columns.joined(separator: ", ")))")
    }
    guard let nameColumn = ["name", "label"].first(where: table.hasColumn) else {
      throw NeurometryError.malformedFile(
        path: path, field: "column 'name'",
        message:
          "is missing; a label table needs 'index' and 'name' columns (found \(table.columns.joined(separator: ", ")))")
    }
    let indices = try table.requiredDoubles(indexColumn, purpose: "the label's integer value in the atlas")
    let labels = try table.strings(nameColumn)
    var names: [Int: String] = [:]
    for (r, x) in indices.enumerated() {
      guard x.rounded() == x, let index = Int(exactly: x) else {
        throw NeurometryError.invalidInput(
          context: "\(path): column '\(indexColumn)', line \(table.lineNumbers[r])",
          message: "\(x) is not a whole number")
      }
      guard names[index] == nil else {
        throw NeurometryError.malformedFile(
          path: path, field: "line \(table.lineNumbers[r])", message: "label index \(index) appears twice")
      }
      names[index] = labels[r] ?? "label \(index)"
    }
    return LabelTable(path: path, names: names)
  }
}
