import Foundation
import NeurometryIO
import NeurometryLinearAlgebra

/// Reading and writing RDMs as NumPy files, the form `neurometry rdm` writes and `compare` and
/// `evaluate` read.
///
/// - `.npz` (preferred, labels travel with the values): member `dissimilarities` — condensed
///   vectors, k × n(n−1)/2 (or square matrices k × n × n / n × n with `square`) —, `conditions`
///   (n strings), `measure` (a 0-d string) and `rdm_<name>` for each RDM descriptor.
/// - `.npy`: the dissimilarities alone; `write` puts the labels beside it in
///   `<stem>.conditions.npy`, and `read` picks that file up when it exists.
/// - `.h5` / `.hdf5`: datasets `/dissimilarities`, `/conditions` (strings) and
///   `/rdm_descriptors/<name>`, attributes `schema` = `neurometry-rdms/1` and `measure` on `/`.
///
/// Reading accepts a 1-D condensed vector (one RDM), a 2-D array of condensed vectors (one RDM per
/// row; a square 2-D array that is symmetric with a zero or NaN diagonal is read as one square
/// RDM) and a 3-D array of square RDMs. Errors name the file and member.
public enum RDMFile {
  /// The RDMs in `path` (`member` picks the dissimilarities of an .npz; default `dissimilarities`,
  /// or the only member). `conditions` overrides the labels.
  public static func read(_ path: String, member: String? = nil, conditions: [String]? = nil) throws -> RDMs {
    let format = try FileFormat.detect(path)
    var labels = conditions
    var measure = "unknown"
    var rdmDescriptors: [String: [String]] = [:]
    let values: NDArray
    var context = path
    switch format {
    case .hdf5:
      let file = try HDF5File(path: path)
      let name = member ?? "/dissimilarities"
      values = try file.dataset(name).read()
      context = "\(path):\(name)"
      if labels == nil, file.exists("/conditions") { labels = try file.dataset("/conditions").readStrings() }
      measure = try file.stringAttribute("measure") ?? measure
      if file.kind(of: "/rdm_descriptors") == .group {
        for n in try file.children(of: "/rdm_descriptors") {
          rdmDescriptors[n] = try file.dataset("/rdm_descriptors/" + n).readStrings()
        }
      }
    case .npz:
      let npz = try NPZFile(path: path)
      let names = npz.names
      let name = member ?? (names.contains("dissimilarities") ? "dissimilarities" : (names.count == 1 ? names[0] : nil))
      guard let name else {
        throw NeurometryError.invalidInput(
          context: path,
          message:
            "holds \(names.map { "'\($0)'" }.joined(separator: ", ")) but no 'dissimilarities'; choose the RDM array with --dataset NAME"
        )
      }
      values = try npz.array(named: name)
      context = "\(path):\(name)"
      if labels == nil, names.contains("conditions") { labels = try npz.array(named: "conditions").strings }
      if names.contains("measure") { measure = try npz.array(named: "measure").strings.first ?? measure }
      for n in names where n.hasPrefix("rdm_") {
        rdmDescriptors[String(n.dropFirst(4))] = try npz.array(named: n).strings
      }
    default:
      values = try ArrayFile.read(path, member: member)
      let sidecar = sidecarPath(path)
      if labels == nil, FileManager.default.fileExists(atPath: sidecar) {
        labels = try ArrayFile.readLabels(sidecar).values
      }
    }
    let numbers = try values.doubles(context: context)
    let shape = values.shape
    guard values.count > 0 else {
      throw NeurometryError.invalidInput(
        context: context, message: "holds no RDMs (shape \(NDArray.describe(shape: shape)))")
    }
    let rdms: RDMs
    switch shape.count {
    case 1:
      rdms = try RDMs(
        dissimilarities: Matrix(rows: 1, columns: shape[0], elements: numbers), conditions: labels, measure: measure,
        source: context)
    case 2 where shape[0] == shape[1] && shape[0] > 1 && looksSquare(numbers, n: shape[0]):
      rdms = try RDMs(
        squareMatrices: [Matrix(rows: shape[0], columns: shape[1], elements: numbers)], conditions: labels,
        measure: measure, source: context)
    case 2:
      rdms = try RDMs(
        dissimilarities: Matrix(rows: shape[0], columns: shape[1], elements: numbers), conditions: labels,
        measure: measure, source: context)
    case 3:
      guard shape[1] == shape[2] else {
        throw NeurometryError.shapeMismatch(
          context: context, message: "a 3-D RDM array must be k × n × n, found \(values.shapeDescription)")
      }
      let n = shape[1]
      let squares = (0..<shape[0]).map { k in
        Matrix(rows: n, columns: n, elements: Array(numbers[(k * n * n)..<((k + 1) * n * n)]))
      }
      rdms = try RDMs(squareMatrices: squares, conditions: labels, measure: measure, source: context)
    default:
      throw NeurometryError.shapeMismatch(
        context: context,
        message:
          "expected RDMs as a vector, k × pairs, n × n or k × n × n array, found shape \(values.shapeDescription)")
    }
    guard rdmDescriptors.allSatisfy({ $0.value.count == rdms.count }) else { return rdms }
    return try RDMs(
      dissimilarities: rdms.dissimilarities, conditions: rdms.conditions, measure: rdms.measure,
      rdmDescriptors: rdmDescriptors, source: context)
  }

  /// Writes `rdms` to `path` (.npz with labels, or .npy plus `<stem>.conditions.npy`), atomically;
  /// refuses to replace existing files unless `overwrite`. Returns the paths written.
  @discardableResult
  public static func write(_ rdms: RDMs, to path: String, square: Bool = false, overwrite: Bool = false) throws
    -> [String]
  {
    let n = rdms.conditionCount
    let values: NDArray
    if square {
      let squares = (0..<rdms.count).flatMap { rdms.squareMatrix($0).elements }
      values = NDArray(shape: rdms.count == 1 ? [n, n] : [rdms.count, n, n], values: .float64(squares))
    } else {
      values = NDArray(shape: [rdms.count, rdms.pairCount], values: .float64(rdms.dissimilarities.elements))
    }
    let labels = NDArray(shape: [n], values: .string(rdms.conditions))
    let lower = path.lowercased()
    if lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") {
      try HDF5Writer.write(to: path, overwrite: overwrite) { w in
        try w.write(values, at: "/dissimilarities", chunks: nil)
        try w.write(labels, at: "/conditions")
        for (name, v) in rdms.rdmDescriptors.sorted(by: { $0.key < $1.key }) {
          try w.write(NDArray(shape: [v.count], values: .string(v)), at: "/rdm_descriptors/\(name)")
        }
        try w.setAttribute("schema", "neurometry-rdms/1")
        try w.setAttribute("measure", rdms.measure)
        try w.setAttribute("order", "condensed: (0,1), (0,2), …, (1,2), … (scipy squareform)")
      }
      return [path]
    }
    if lower.hasSuffix(".npz") {
      var members: [(name: String, array: NDArray)] = [
        ("dissimilarities", values), ("conditions", labels),
        ("measure", NDArray(shape: [], values: .string([rdms.measure]))),
      ]
      for (name, v) in rdms.rdmDescriptors.sorted(by: { $0.key < $1.key }) {
        members.append(("rdm_\(name)", NDArray(shape: [v.count], values: .string(v))))
      }
      try NPZFile.write(members, to: path, overwrite: overwrite)
      return [path]
    }
    guard path.lowercased().hasSuffix(".npy") else {
      throw NeurometryError.unsupported(
        path: path, field: nil,
        message: "RDMs are written as .npz (with labels) or .npy (with a .conditions.npy beside it)")
    }
    let sidecar = sidecarPath(path)
    for p in [path, sidecar] where !overwrite && FileManager.default.fileExists(atPath: p) {
      throw NeurometryError.outputExists(path: p)
    }
    try NPYFile.write(values, to: path, overwrite: overwrite)
    try NPYFile.write(labels, to: sidecar, overwrite: overwrite)
    return [path, sidecar]
  }

  /// `dir/name.npy` → `dir/name.conditions.npy`.
  public static func sidecarPath(_ path: String) -> String {
    let stem = path.lowercased().hasSuffix(".npy") ? String(path.dropLast(4)) : path
    return stem + ".conditions.npy"
  }

  /// A square array with a zero (or NaN) diagonal that is symmetric: a square RDM, not k vectors.
  static func looksSquare(_ v: [Double], n: Int) -> Bool {
    for i in 0..<n where !(v[i * n + i] == 0 || v[i * n + i].isNaN) { return false }
    for i in 0..<n {
      for j in (i + 1)..<n where !(v[i * n + j] == v[j * n + i] || (v[i * n + j].isNaN && v[j * n + i].isNaN)) {
        return false
      }
    }
    return true
  }
}
