import Foundation
import NeurometryLinearAlgebra

/// Reading and writing one array from/to any supported container, chosen by magic bytes and
/// extension — the entry point the CLI and scripts use for "a matrix in a file".
///
/// - `.npy`: the array itself (`member` must be nil).
/// - `.npz`: the member named `member`; without a name, the archive must hold exactly one array.
/// - HDF5 and NWB (`.h5`, `.hdf5`, `.nwb`): the dataset at the path `member` (`/model/conv1`);
///   without a path, the file must hold exactly one dataset.
/// - MATLAB v7.3 `.mat`: the variable `member` (or a struct field `s/field`) in MATLAB's shape,
///   row-major (see `MATFile`); without a name, the file must hold exactly one variable. MAT v5
///   files are refused with how to convert them.
/// - NIfTI (`.nii`, `.nii.gz`, `.hdr`/`.img`): the voxels as nibabel's `get_fdata()` gives them,
///   shape (x, y, z[, t]), scaling applied.
public enum ArrayFile {
  /// The array at `path` (and `member` inside it, for containers).
  public static func read(_ path: String, member: String? = nil) throws -> NDArray {
    switch try FileFormat.detect(path) {
    case .npy:
      if let member {
        throw NeurometryError.invalidInput(
          context: path, message: "is a single .npy array; --dataset '\(member)' applies only to .npz/HDF5 files")
      }
      return try NPYFile.read(path)
    case .npz:
      let npz = try NPZFile(path: path)
      if let member { return try npz.array(named: member) }
      let names = npz.names
      guard names.count == 1 else {
        throw NeurometryError.invalidInput(
          context: path,
          message:
            "holds \(names.count) arrays (\(names.map { "'\($0)'" }.joined(separator: ", "))); choose one with --dataset NAME"
        )
      }
      return try npz.array(named: names[0])
    case .hdf5, .nwb:
      let file = try HDF5File(path: path)
      if let member { return try file.dataset(member).read() }
      let datasets = try file.datasetPaths()
      guard datasets.count == 1 else {
        throw NeurometryError.invalidInput(
          context: path,
          message:
            "holds \(datasets.count) datasets (\(datasets.prefix(10).joined(separator: ", "))\(datasets.count > 10 ? ", …" : "")); choose one with --dataset /path"
        )
      }
      return try file.dataset(datasets[0]).read()
    case .mat, .matV5:
      let mat = try MATFile(path: path)
      if let member { return try mat.array(named: member) }
      let names = try mat.variableNames()
      guard names.count == 1 else {
        throw NeurometryError.invalidInput(
          context: path,
          message:
            "holds \(names.count) variables (\(names.joined(separator: ", "))); choose one with --dataset NAME")
      }
      return try mat.array(named: names[0])
    case .nifti, .niftiGzip:
      if let member {
        throw NeurometryError.invalidInput(
          context: path, message: "is a NIfTI image: its voxels are the one array ('\(member)' does not apply)")
      }
      // The voxels in nibabel's `get_fdata()` order: shape (x, y, z[, t]), scaled by scl_slope/inter.
      return try NIfTIImage.read(path).asNDArray()
    case let other:
      throw NeurometryError.unsupported(
        path: path, field: nil,
        message:
          "reading arrays from \(other == .unknown ? "this kind of file" : other.rawValue + " files") is not supported yet (.npy, .npz, HDF5/NWB, MATLAB v7.3 and NIfTI are)"
      )
    }
  }

  /// The shape `read(path, member:)` would return, from the file's headers alone (no data read or
  /// inflated beyond a header): for planning memory before loading. nil when the headers cannot
  /// say: MATLAB v5 files (shapes sit inside compressed variables), and containers of several
  /// arrays without `member`. Errors as `read`'s (missing file, member, format).
  public static func shape(_ path: String, member: String? = nil) throws -> [Int]? {
    switch try FileFormat.detect(path) {
    case .npy:
      return try NPYFile.readHeader(path).shape
    case .npz:
      let npz = try NPZFile(path: path, mapped: true)
      guard let name = member ?? (npz.names.count == 1 ? npz.names[0] : nil) else { return nil }
      return try npz.header(named: name).shape
    case .hdf5, .nwb, .mat:
      let file = try HDF5File(path: path)
      let datasets = member == nil ? try file.datasetPaths() : []
      guard let name = member ?? (datasets.count == 1 ? datasets[0] : nil) else { return nil }
      let shape = try file.dataset(name).shape
      // MATLAB v7.3 stores column-major: its variables read transposed (as mat73 gives them).
      return try FileFormat.detect(path) == .mat ? shape.reversed() : shape
    case .nifti, .niftiGzip:
      return try NIfTIImage.readHeader(path).shape
    default:
      return nil
    }
  }

  /// A 2-D numeric array as a matrix (1-D becomes a column). Errors name the file and member.
  public static func readMatrix(_ path: String, member: String? = nil) throws -> Matrix {
    try read(path, member: member).matrix(context: member.map { "\(path):\($0)" } ?? path)
  }

  /// Splits `PATH:MEMBER` (a column of a table, a dataset, an archive member) when `PATH` exists
  /// and the whole text is not itself a file; otherwise the whole text is the path.
  public static func pathAndMember(_ spec: String) -> (path: String, member: String?) {
    let fm = FileManager.default
    guard !fm.fileExists(atPath: spec), let colon = spec.lastIndex(of: ":") else { return (spec, nil) }
    let path = String(spec[..<colon])
    let member = String(spec[spec.index(after: colon)...])
    return fm.fileExists(atPath: path) && !member.isEmpty ? (path, member) : (spec, nil)
  }

  /// Labels, one per observation, with the kind the file gives them (`Labels`):
  /// - any array file `read` reads: a 1-D array (or n×1 / 1×n); numbers are numeric, strings text;
  /// - `.txt`: one label per line (blank lines at the end ignored), numeric when every line is a
  ///   number;
  /// - `.csv` / `.tsv`: a table with a header row; the column `member`, or the only column;
  ///   numeric when every cell is a number (pandas' typing).
  public static func readLabels(_ path: String, member: String? = nil) throws -> Labels {
    let lower = path.lowercased()
    let context = member.map { "\(path):\($0)" } ?? path
    if lower.hasSuffix(".txt") {
      if let member {
        throw NeurometryError.invalidInput(
          context: path, message: "is a text file of labels, one per line; it has no column '\(member)'")
      }
      let data = try FileAccess.read(path)
      guard let text = String(data: data, encoding: .utf8) else {
        throw NeurometryError.malformedFile(path: path, field: nil, message: "is not UTF-8 text")
      }
      var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        .map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\r")) }
      while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
      if let blank = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
        throw NeurometryError.malformedFile(
          path: path, field: "line \(blank + 1)", message: "is empty; every line holds one label")
      }
      return Labels(text: lines)
    }
    if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") {
      let table = try TSVTable.read(path, separator: lower.hasSuffix(".csv") ? "," : "\t")
      let column: String
      if let member {
        column = member
      } else if table.columns.count == 1 {
        column = table.columns[0]
      } else {
        throw NeurometryError.invalidInput(
          context: path,
          message:
            "has \(table.columns.count) columns (\(table.columns.map { "'\($0)'" }.joined(separator: ", "))); name the label column as \(path):COLUMN"
        )
      }
      let cells = try table.strings(column)
      if let missing = cells.firstIndex(where: { $0 == nil }) {
        throw NeurometryError.malformedFile(
          path: path, field: "line \(table.lineNumbers[missing])",
          message: "column '\(column)' is missing (empty or n/a); every observation needs a label")
      }
      return Labels(text: cells.map { $0 ?? "" })
    }
    return try Labels(read(path, member: member), context: context)
  }

  /// Writes an array, format chosen by the extension: `.npy`, or `.h5`/`.hdf5` (one dataset at
  /// `/data`). Atomic; refuses to replace an existing file unless `overwrite`.
  public static func write(_ array: NDArray, to path: String, overwrite: Bool = false) throws {
    let lower = path.lowercased()
    if lower.hasSuffix(".npy") {
      try NPYFile.write(array, to: path, overwrite: overwrite)
    } else if lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") {
      try HDF5Writer.write(to: path, overwrite: overwrite) { try $0.write(array, at: "/data") }
    } else {
      throw NeurometryError.unsupported(path: path, field: nil, message: "cannot write this extension; use .npy or .h5")
    }
  }
}
