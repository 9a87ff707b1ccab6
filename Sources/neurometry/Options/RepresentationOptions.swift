import ArgumentParser
import Neurometry

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

extension RepresentationOptions {
  /// Refuses, before reading any representation, a run whose estimated peak exceeds the limit:
  /// `pair(n, p, q)` estimates the comparison of the two largest representations (n stimuli, p
  /// and q features, from the files' headers), and the others are held beside it. Nothing is
  /// checked when a header cannot give the shapes.
  func requireMemory(
    _ memory: MemoryOptions, command: String, pair: (Int, Int, Int) -> MemoryEstimate
  ) throws {
    guard let shapes = try? Representations.shapes(files, member: dataset, stacked: stacked), !shapes.isEmpty else {
      return
    }
    let sorted = shapes.sorted { $0.observations * $0.features > $1.observations * $1.features }
    let (a, b) = (sorted[0], sorted.count > 1 ? sorted[1] : sorted[0])
    var estimate = pair(a.observations, a.features, b.features)
    for s in sorted.dropFirst(2) { estimate.add("another representation", rows: s.observations, columns: s.features) }
    try memory.require(
      estimate, for: "\(command) \(files.joined(separator: " "))",
      advice:
        "compare fewer or smaller representations at once, or use a machine with more memory (--max-memory sets the limit)"
    )
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
