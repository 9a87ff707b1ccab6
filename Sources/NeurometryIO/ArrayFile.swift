import Foundation
import NeurometryLinearAlgebra

/// Reading and writing one array from/to any supported container, chosen by magic bytes and
/// extension — the entry point the CLI and scripts use for "a matrix in a file".
///
/// - `.npy`: the array itself (`member` must be nil).
/// - `.npz`: the member named `member`; without a name, the archive must hold exactly one array.
/// - HDF5 (`.h5`, `.hdf5`, `.nwb`, MATLAB v7.3 `.mat`): coming with the HDF5 loaders (issue 4).
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
    case let other:
      throw NeurometryError.unsupported(
        path: path, field: nil,
        message:
          "reading arrays from \(other == .unknown ? "this kind of file" : other.rawValue + " files") is not supported yet (.npy and .npz are)"
      )
    }
  }

  /// A 2-D numeric array as a matrix (1-D becomes a column). Errors name the file and member.
  public static func readMatrix(_ path: String, member: String? = nil) throws -> Matrix {
    try read(path, member: member).matrix(context: member.map { "\(path):\($0)" } ?? path)
  }

  /// A 1-D array of labels (numbers or strings) as strings.
  public static func readLabels(_ path: String, member: String? = nil) throws -> [String] {
    let a = try read(path, member: member)
    guard a.dimensions <= 1 || a.shape.dropFirst().allSatisfy({ $0 == 1 }) else {
      throw NeurometryError.shapeMismatch(
        context: member.map { "\(path):\($0)" } ?? path,
        message: "expected a 1-D array of labels, found shape \(a.shapeDescription)")
    }
    return a.strings
  }

  /// Writes an array, format chosen by the extension (`.npy` now). Atomic; refuses to replace an
  /// existing file unless `overwrite`.
  public static func write(_ array: NDArray, to path: String, overwrite: Bool = false) throws {
    let lower = path.lowercased()
    if lower.hasSuffix(".npy") {
      try NPYFile.write(array, to: path, overwrite: overwrite)
    } else {
      throw NeurometryError.unsupported(path: path, field: nil, message: "cannot write this extension; use .npy")
    }
  }
}
