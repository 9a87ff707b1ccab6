import Foundation
import NeurometryIO
import NeurometryLinearAlgebra

/// Writing and reading response patterns as files — what `neurometry patterns` produces and
/// `neurometry rdm` consumes.
///
/// - `.npy`: the measurements (observations × channels; with several time bins a 3-D array
///   bins × observations × channels), plus, beside it, one array per descriptor it has (numbers
///   or strings, as above): `<stem>_conditions.npy` (`condition`), `<stem>_runs.npy` (`run`), and for the channels
///   `<stem>_units.npy` (`unit`), `<stem>_voxels.npy` (`voxel`, "i,j,k"), `<stem>_regions.npy`
///   (`region`).
/// - `.h5`: one file: `/patterns` (as above), `/observations/<name>` (numbers for numeric
///   descriptors, strings for text ones, so their condition order survives) and `/channels/<name>`
///   (strings), and string attributes on `/` describing how the patterns were made (`schema` =
///   `neurometry-patterns/2`, plus the caller's `attributes`). Version 1 files (every descriptor a
///   string) are read with each descriptor typed from its text.
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
        for name in first.observationDescriptors.keys.sorted() where name != "time_bin" {
          if let labels = first.observationLabels(name) { try w.write(labels.array, at: "/observations/\(name)") }
        }
        for (name, labels) in first.channelDescriptors.sorted(by: { $0.key < $1.key }) {
          try w.write(NDArray(shape: [labels.count], values: .string(labels)), at: "/channels/\(name)")
        }
        try w.setAttribute("schema", "neurometry-patterns/2")
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
      if let labels = first.observationLabels(descriptor) {
        files.append((stem + suffix + ".npy", labels.array))
      } else if let labels = first.channelDescriptors[descriptor] {
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
    let schema = try file.stringAttribute("schema")
    guard schema == "neurometry-patterns/2" || schema == "neurometry-patterns/1" else {
      throw NeurometryError.malformedFile(
        path: path, field: "/",
        message: "is not a Neurometry patterns file (no schema attribute 'neurometry-patterns/2')")
    }
    let data = try file.dataset("/patterns").read()
    var observations: [String: Labels] = [:]
    var channels: [String: [String]] = [:]
    if file.kind(of: "/observations") == .group {
      for name in try file.children(of: "/observations") {
        let array = try file.dataset("/observations/" + name).read()
        // Version 1 wrote every descriptor as strings: their kind is read from the text.
        observations[name] =
          schema == "neurometry-patterns/1"
          ? Labels(text: array.strings) : try Labels(array, context: "\(path): /observations/\(name)")
      }
    }
    if file.kind(of: "/channels") == .group {
      for name in try file.children(of: "/channels") {
        channels[name] = try file.dataset("/channels/" + name).readStrings()
      }
    }
    guard data.shape.count == 2 || data.shape.count == 3 else {
      throw NeurometryError.malformedFile(
        path: path, field: "/patterns", message: "expected 2-D or 3-D patterns, found shape \(data.shapeDescription)")
    }
    return try data.matrixStack(context: "\(path): /patterns", allowMatrix: true).map { m in
      try ResponsePatterns(
        measurements: m, observationLabels: observations, channelDescriptors: channels, source: path)
    }
  }

  /// The shape `load` would give — time bins, observations, channels (bins 1 for 2-D patterns) —
  /// from the file's headers alone (no data read): for planning memory before loading. nil when the
  /// format does not say without reading (MATLAB v5).
  public static func shape(_ path: String, member: String? = nil) throws -> (
    bins: Int, observations: Int, channels: Int
  )? {
    var dims: [Int]?
    if try FileFormat.detect(path) == .hdf5, member == nil, try HDF5File(path: path).stringAttribute("schema") != nil {
      dims = try HDF5File(path: path).dataset("/patterns").shape
    } else {
      dims = try ArrayFile.shape(path, member: member)
    }
    guard let d = dims else { return nil }
    switch d.count {
    case 1: return (1, d[0], 1)
    case 2: return (1, d[0], d[1])
    case 3: return (d[0], d[1], d[2])
    default: return nil
    }
  }

  /// Patterns from any file Neurometry reads, one set per time bin, with their labels:
  /// - a patterns `.h5` (`read`);
  /// - any array (`ArrayFile.read`, member `member`): observations × channels, or time bins ×
  ///   observations × channels; beside an `.npy`, the label files `write` puts there
  ///   (`<stem>_conditions.npy`, `<stem>_runs.npy`) are picked up.
  ///
  /// `labels` maps descriptor names ("condition", "run") to label files (`ArrayFile.readLabels`,
  /// `PATH:COLUMN` for a table column), which replace those found beside the patterns. Returns the
  /// patterns and the label files used, by descriptor.
  public static func load(_ path: String, member: String? = nil, labels: [String: String] = [:]) throws -> (
    bins: [ResponsePatterns], labelFiles: [String: String]
  ) {
    let source = member.map { "\(path):\($0)" } ?? path
    var bins: [Matrix]
    var descriptors: [String: Labels] = [:]
    var labelFiles: [String: String] = [:]
    if try FileFormat.detect(path) == .hdf5, member == nil, try HDF5File(path: path).stringAttribute("schema") != nil {
      let read = try self.read(path)
      bins = read.map(\.measurements)
      for name in read.first?.observationDescriptors.keys.sorted() ?? [] {
        descriptors[name] = read.first?.observationLabels(name)
      }
    } else {
      let array = try ArrayFile.read(path, member: member)
      guard array.dimensions == 2 || array.dimensions == 3 else {
        throw NeurometryError.shapeMismatch(
          context: source,
          message:
            "expected observations × channels (2-D) or time bins × observations × channels (3-D), found shape \(array.shapeDescription)"
        )
      }
      bins = try array.matrixStack(context: source, allowMatrix: true)
      if path.lowercased().hasSuffix(".npy") {
        let stem = String(path.dropLast(4))
        for (name, suffix) in [("condition", "_conditions.npy"), ("run", "_runs.npy")]
        where FileManager.default.fileExists(atPath: stem + suffix) {
          labelFiles[name] = stem + suffix
        }
      }
    }
    let rows = bins.first?.rows ?? 0
    for (name, file) in labels { labelFiles[name] = file }
    for (name, file) in labelFiles.sorted(by: { $0.key < $1.key }) {
      let (labelPath, column) = ArrayFile.pathAndMember(file)
      let read = try ArrayFile.readLabels(labelPath, member: column)
      guard read.count == rows else {
        throw NeurometryError.shapeMismatch(
          context: file, message: "has \(read.count.grouped) labels but \(source) has \(rows.grouped) rows")
      }
      descriptors[name] = read
    }
    let patterns = try bins.map {
      try ResponsePatterns(measurements: $0, observationLabels: descriptors, source: source)
    }
    return (patterns, labelFiles)
  }
}
