import Foundation
import Neurometry

/// The K×K outputs of `cka` and `shape` with several representations: refusing to replace a file,
/// writing the matrix, and the table of the human summary.
enum SquareMatrixOutput {
  /// Refuses early (before any work) to replace an existing output without --force.
  static func requireWritable(_ output: String?, force: Bool) throws {
    if let output, !force, FileManager.default.fileExists(atPath: output) {
      throw NeurometryError.outputExists(path: output)
    }
  }

  /// Writes a K×K matrix as .npy (atomic; replaces an existing file only with `force`).
  static func write(_ rows: [[Double]], to path: String, force: Bool) throws {
    let k = rows.count
    try ArrayFile.write(
      NDArray(Matrix(rows: k, columns: k, elements: rows.flatMap { $0 })), to: path, overwrite: force)
  }

  /// A square matrix with row labels, four decimals, for the human summary.
  static func table(_ rows: [[Double]], names: [String]) -> String {
    let labels = names.map { $0.count > 24 ? "…" + $0.suffix(23) : $0 }
    let width = labels.map(\.count).max() ?? 0
    return zip(labels, rows).map { label, row in
      label.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
        + row.map { $0.isNaN ? "    nan" : String(format: "%7.4f", $0) }.joined(separator: " ")
    }.joined(separator: "\n")
  }
}
