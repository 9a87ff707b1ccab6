import Foundation
import NeurometryIO
import NeurometryLinearAlgebra

extension EncodingEvaluation {
  /// Writes the held-out predictions (samples × targets; NaN rows for samples no split tests):
  /// `.npy`, or `.h5` (dataset `/predictions`). Atomic; never over an existing file without
  /// `overwrite`. Throws when they were not kept (`CrossValidatedEncoding.keepPredictions`).
  public func writePredictions(to path: String, overwrite: Bool = false) throws {
    guard let heldOutPredictions else {
      throw NeurometryError.invalidInput(context: path, message: "no held-out predictions were kept")
    }
    try Self.write([("predictions", NDArray(heldOutPredictions))], to: path, overwrite: overwrite)
  }

  /// Writes the refit's coefficients (features × targets) and intercepts (targets): `.h5` with
  /// datasets `/coefficients` and `/intercepts`, or `.npy` (the coefficients) with the intercepts
  /// in `<stem>_intercepts.npy` beside it. Atomic; nothing is written unless every file can be.
  public func writeCoefficients(to path: String, overwrite: Bool = false) throws {
    guard let coefficients, let intercepts else {
      throw NeurometryError.invalidInput(context: path, message: "no coefficients were kept")
    }
    try Self.write(
      [
        ("coefficients", NDArray(coefficients)),
        ("intercepts", NDArray(shape: [intercepts.count], values: .float64(intercepts))),
      ],
      to: path, overwrite: overwrite)
  }

  /// The files `writeCoefficients` writes for `path`.
  public static func coefficientPaths(_ path: String) -> [String] {
    path.lowercased().hasSuffix(".npy") ? [path, String(path.dropLast(4)) + "_intercepts.npy"] : [path]
  }

  /// `.h5`: one dataset per array; `.npy`: the first array at `path`, the others as
  /// `<stem>_<name>.npy`.
  static func write(_ arrays: [(String, NDArray)], to path: String, overwrite: Bool) throws {
    let lower = path.lowercased()
    if lower.hasSuffix(".h5") || lower.hasSuffix(".hdf5") {
      try HDF5Writer.write(to: path, overwrite: overwrite) { w in
        for (name, array) in arrays { try w.write(array, at: "/" + name) }
      }
      return
    }
    guard lower.hasSuffix(".npy") else {
      throw NeurometryError.unsupported(path: path, field: nil, message: "cannot write this extension; use .npy or .h5")
    }
    let stem = String(path.dropLast(4))
    let files = arrays.enumerated().map { k, a in (k == 0 ? path : stem + "_" + a.0 + ".npy", a.1) }
    if !overwrite, let existing = files.first(where: { FileManager.default.fileExists(atPath: $0.0) }) {
      throw NeurometryError.outputExists(path: existing.0)
    }
    for (file, array) in files { try NPYFile.write(array, to: file, overwrite: overwrite) }
  }
}
