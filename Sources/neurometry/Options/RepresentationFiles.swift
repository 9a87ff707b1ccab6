import Foundation
import Neurometry

/// Representations (stimuli × units matrices) read from array files, for `cka` and `shape`.
///
/// A file holds one representation: rows are stimuli, and trailing axes (conv activations
/// stimuli × channels × height × width) are flattened in C order. A *stacked* file holds several:
/// its first axis enumerates them (e.g. layers × stimuli × units), named `file[k]`.
enum RepresentationFiles {
  struct Named {
    let name: String
    let matrix: Matrix
  }

  /// The array at `path` (member `dataset` of an .npz) and its name for messages, `path:dataset`;
  /// throws `shapeMismatch` with `expected(array)` when it has fewer than `dimensions` axes.
  private static func read(_ path: String, dataset: String?, dimensions: Int, expected: (NDArray) -> String) throws
    -> (array: NDArray, context: String)
  {
    let context = dataset.map { "\(path):\($0)" } ?? path
    let array = try ArrayFile.read(path, member: dataset)
    guard array.dimensions >= dimensions else {
      throw NeurometryError.shapeMismatch(context: context, message: expected(array))
    }
    return (array, context)
  }

  /// One representation from `path` (member `dataset` of an .npz).
  static func matrix(_ path: String, dataset: String?) throws -> Matrix {
    let (array, context) = try read(path, dataset: dataset, dimensions: 1) { _ in
      "expected stimuli × units, found a single number (shape ())"
    }
    return try array.flattenedToMatrix(context: context)
  }

  /// The representations of a stacked file: shape (K, stimuli, units…).
  static func stack(_ path: String, dataset: String?) throws -> [Named] {
    let (array, context) = try read(path, dataset: dataset, dimensions: 3) {
      "--stacked expects representations × stimuli × units (3-D or more), found shape \($0.shapeDescription)"
    }
    let values = try array.doubles(context: context)
    let (k, n) = (array.shape[0], array.shape[1])
    let width = array.shape.dropFirst(2).reduce(1, *)
    return (0..<k).map { i in
      Named(
        name: "\(path)[\(i)]",
        matrix: Matrix(rows: n, columns: width, elements: Array(values[(i * n * width)..<((i + 1) * n * width)])))
    }
  }

  /// Stochastic responses from `path`: stimuli × repeats × units (trailing axes flattened).
  static func responses(_ path: String, dataset: String?) throws -> StochasticResponses {
    let (array, context) = try read(path, dataset: dataset, dimensions: 3) {
      "--stochastic expects stimuli × repeats × units (3-D), found shape \($0.shapeDescription)"
    }
    return try StochasticResponses(
      values: try array.doubles(context: context), stimuli: array.shape[0], repeats: array.shape[1],
      units: array.shape.dropFirst(2).reduce(1, *), name: context)
  }

  /// Stochastic responses of several networks: one per file, or with `stacked` the first axis
  /// of each file (networks × stimuli × repeats × units).
  static func loadResponses(_ paths: [String], dataset: String?, stacked: Bool) throws -> [(
    name: String, responses: StochasticResponses
  )] {
    guard stacked else { return try paths.map { ($0, try responses($0, dataset: dataset)) } }
    return try paths.flatMap { path -> [(name: String, responses: StochasticResponses)] in
      let (array, context) = try read(path, dataset: dataset, dimensions: 4) {
        "--stacked --stochastic expects networks × stimuli × repeats × units (4-D), found shape \($0.shapeDescription)"
      }
      let values = try array.doubles(context: context)
      let (k, m, r) = (array.shape[0], array.shape[1], array.shape[2])
      let p = array.shape.dropFirst(3).reduce(1, *)
      let size = m * r * p
      return try (0..<k).map { i in
        let name = "\(path)[\(i)]"
        return (
          name,
          try StochasticResponses(
            values: Array(values[(i * size)..<((i + 1) * size)]), stimuli: m, repeats: r, units: p, name: name)
        )
      }
    }
  }

  /// Every representation in `paths`, in order.
  static func load(_ paths: [String], dataset: String?, stacked: Bool) throws -> [Named] {
    if stacked { return try paths.flatMap { try stack($0, dataset: dataset) } }
    return try paths.map { Named(name: $0, matrix: try matrix($0, dataset: dataset)) }
  }

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
