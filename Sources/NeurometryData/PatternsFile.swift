import Foundation
import NeurometryIO
import NeurometryLinearAlgebra

/// Writing and reading response patterns as files — what `neurometry patterns` produces and
/// `neurometry rdm` consumes.
///
/// - `.npy`: the measurements (observations × channels; with several time bins a 3-D array
///   bins × observations × channels), plus `<stem>_conditions.npy` (the `condition` descriptor),
///   `<stem>_units.npy` (the `unit` channel descriptor) and, when present, `<stem>_runs.npy`
///   (the `run` descriptor) beside it.
/// - `.h5`: one file: `/patterns` (as above), `/observations/<name>` and `/channels/<name>`
///   (one string dataset per descriptor), and string attributes on `/` describing how the
///   patterns were made (`schema` = `neurometry-patterns/1`, plus the caller's `attributes`).
///
/// Every file is written atomically; nothing is written unless every target can be (existing
/// files are replaced only with `overwrite`).
public enum PatternsFile {
  /// Writes patterns (one per time bin, all with the same rows and descriptors); returns the
  /// paths written.
  @discardableResult
  public static func write(
    _ patterns: [ResponsePatterns], to path: String, attributes: [String: String] = [:], overwrite: Bool = false
  ) throws -> [String] {
    guard let first = patterns.first else {
      throw NeurometryError.invalidInput(context: path, message: "no patterns to write")
    }
    let rows = first.observationCount
    let columns = first.channelCount
    var values: [Double] = []
    values.reserveCapacity(patterns.count * rows * columns)
    for p in patterns {
      guard p.observationCount == rows, p.channelCount == columns else {
        throw NeurometryError.shapeMismatch(
          context: path,
          message: "time bins have different shapes (\(rows)×\(columns) and \(p.observationCount)×\(p.channelCount))")
      }
      values += p.measurements.elements
    }
    let shape = patterns.count == 1 ? [rows, columns] : [patterns.count, rows, columns]
    let array = NDArray(shape: shape, values: .float64(values))
    let lower = path.lowercased()
    if lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") {
      try HDF5Writer.write(to: path, overwrite: overwrite) { w in
        try w.write(array, at: "/patterns", chunks: nil)
        for (name, labels) in first.observationDescriptors.sorted(by: { $0.key < $1.key }) where name != "time_bin" {
          try w.write(NDArray(shape: [labels.count], values: .string(labels)), at: "/observations/\(name)")
        }
        for (name, labels) in first.channelDescriptors.sorted(by: { $0.key < $1.key }) {
          try w.write(NDArray(shape: [labels.count], values: .string(labels)), at: "/channels/\(name)")
        }
        try w.setAttribute("schema", "neurometry-patterns/1")
        try w.setAttribute("axes", patterns.count == 1 ? "observations, channels" : "time_bins, observations, channels")
        for (key, value) in attributes.sorted(by: { $0.key < $1.key }) { try w.setAttribute(key, value) }
      }
      return [path]
    }
    guard lower.hasSuffix(".npy") else {
      throw NeurometryError.unsupported(
        path: path, field: nil, message: "cannot write patterns to this extension; use .npy or .h5")
    }
    let stem = String(path.dropLast(4))
    var files: [(String, NDArray)] = [(path, array)]
    if let conditions = first.observationDescriptors["condition"] {
      files.append((stem + "_conditions.npy", NDArray(shape: [conditions.count], values: .string(conditions))))
    }
    if let units = first.channelDescriptors["unit"] {
      files.append((stem + "_units.npy", NDArray(shape: [units.count], values: .string(units))))
    }
    if let runs = first.observationDescriptors["run"] {
      files.append((stem + "_runs.npy", NDArray(shape: [runs.count], values: .string(runs))))
    }
    if !overwrite, let existing = files.first(where: { FileManager.default.fileExists(atPath: $0.0) }) {
      throw NeurometryError.outputExists(path: existing.0)
    }
    for (file, a) in files { try NPYFile.write(a, to: file, overwrite: overwrite) }
    return files.map(\.0)
  }

  /// Reads a patterns `.h5` file written by `write`: one `ResponsePatterns` per time bin.
  public static func read(_ path: String) throws -> [ResponsePatterns] {
    let file = try HDF5File(path: path)
    guard try file.stringAttribute("schema") == "neurometry-patterns/1" else {
      throw NeurometryError.malformedFile(
        path: path, field: "/",
        message: "is not a Neurometry patterns file (no schema attribute 'neurometry-patterns/1')")
    }
    let data = try file.dataset("/patterns").read()
    let values = try data.doubles(context: "\(path): /patterns")
    var observations: [String: [String]] = [:]
    var channels: [String: [String]] = [:]
    if file.kind(of: "/observations") == .group {
      for name in try file.children(of: "/observations") {
        observations[name] = try file.dataset("/observations/" + name).readStrings()
      }
    }
    if file.kind(of: "/channels") == .group {
      for name in try file.children(of: "/channels") {
        channels[name] = try file.dataset("/channels/" + name).readStrings()
      }
    }
    let (bins, rows, columns) =
      data.shape.count == 3
      ? (data.shape[0], data.shape[1], data.shape[2])
      : data.shape.count == 2 ? (1, data.shape[0], data.shape[1]) : (0, 0, 0)
    guard bins > 0 else {
      throw NeurometryError.malformedFile(
        path: path, field: "/patterns", message: "expected 2-D or 3-D patterns, found shape \(data.shapeDescription)")
    }
    return try (0..<bins).map { b in
      let m = Matrix(
        rows: rows, columns: columns, elements: Array(values[(b * rows * columns)..<((b + 1) * rows * columns)]))
      return try ResponsePatterns(
        measurements: m, observationDescriptors: observations, channelDescriptors: channels, source: path)
    }
  }
}
