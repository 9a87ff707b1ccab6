import Foundation
import NeurometryIO
import NeurometryLinearAlgebra

/// Writing and reading response patterns as files — what `neurometry patterns` produces and
/// `neurometry rdm` consumes.
///
/// - `.npy`: the measurements (observations × channels; with several time bins a 3-D array
///   bins × observations × channels), plus, beside it, one string array per descriptor it
///   has: `<stem>_conditions.npy` (`condition`), `<stem>_runs.npy` (`run`), and for the channels
///   `<stem>_units.npy` (`unit`), `<stem>_voxels.npy` (`voxel`, "i,j,k"), `<stem>_regions.npy`
///   (`region`).
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
    for (descriptor, suffix) in labelFiles {
      if let labels = first.observationDescriptors[descriptor] ?? first.channelDescriptors[descriptor] {
        files.append((stem + suffix + ".npy", NDArray(shape: [labels.count], values: .string(labels))))
      }
    }
    if !overwrite, let existing = files.first(where: { FileManager.default.fileExists(atPath: $0.0) }) {
      throw NeurometryError.outputExists(path: existing.0)
    }
    for (file, a) in files { try NPYFile.write(a, to: file, overwrite: overwrite) }
    return files.map(\.0)
  }

  /// The descriptors written beside an `.npy` patterns file, with their file suffixes (observation
  /// descriptors first, then channel descriptors).
  static let labelFiles = [
    ("condition", "_conditions"), ("run", "_runs"), ("unit", "_units"), ("voxel", "_voxels"), ("region", "_regions"),
  ]

  /// The files `write` would write for `patterns` at `path` (to check them before writing).
  public static func paths(of patterns: ResponsePatterns, at path: String) -> [String] {
    let lower = path.lowercased()
    guard lower.hasSuffix(".npy") else { return [path] }
    let stem = String(path.dropLast(4))
    return [path]
      + labelFiles.filter { patterns.observationDescriptors[$0.0] != nil || patterns.channelDescriptors[$0.0] != nil }
      .map { stem + $0.1 + ".npy" }
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
