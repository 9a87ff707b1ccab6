import ArgumentParser

/// The inputs `cka` and `shape` share: the representation files, how they are read (--stacked,
/// --dataset), and whether --output may replace an existing file (--force).
struct RepresentationOptions: ParsableArguments {
  @Argument(help: "Representation files (.npy, or .npz with --dataset).")
  var files: [String]

  @Flag(help: "The first axis of each file enumerates representations (implies --pairwise).")
  var stacked = false

  @Option(help: "Member of each .npz file to read.")
  var dataset: String?

  @Flag(help: "Replace --output if it exists.")
  var force = false

  /// A K×K matrix of every pair (--pairwise or --stacked) rather than one X–Y comparison.
  func matrixMode(pairwise: Bool) -> Bool { pairwise || stacked }

  /// Refuses no files and, outside matrix mode, any number but two (X and Y).
  func validateCount(command: String, pairwise: Bool) throws {
    guard !files.isEmpty else { throw ValidationError("give the representation files to compare") }
    if !matrixMode(pairwise: pairwise) && files.count != 2 {
      throw ValidationError(
        "\(command) compares two files (X and Y), found \(files.count); use --pairwise to compare every pair of several"
      )
    }
  }
}

/// The `inputs` of `cka` and `shape` in the JSON envelope: X and Y, or the files of a matrix, and
/// the held-out files (`shape --test`); absent fields are left out.
struct RepresentationInputs: Encodable {
  var x: String?
  var y: String?
  var files: [String]?
  var test: [String]?
}
