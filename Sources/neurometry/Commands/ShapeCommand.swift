import ArgumentParser
import Foundation
import Neurometry

/// `neurometry shape`: generalized shape metrics (Williams et al. 2021) between two
/// representations, cross-validated on held-out stimuli, or among many (a distance matrix).
struct ShapeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shape",
    abstract: "Shape distances between representations of the same stimuli (netrep's metrics).",
    discussion: """
      Each FILE holds one representation, stimuli × units (trailing axes flattened). The metric \
      centres the columns, zero-pads the narrower representation, partially whitens (--alpha: 1 \
      none, 0 full, as netrep: eigenvalues of XcᵀXc clipped at 1e-7, variance preserved; \
      --whitening scale-free makes 0 < α < 1 independent of the data's scale), and minimises \
      the angular or Euclidean distance over rotations (--group orthogonal) or unit relabellings \
      (--group permutation). --test XT YT scores held-out stimuli under the alignment fitted on \
      X and Y. --pairwise gives the K×K distance matrix of several files (with --stacked, the \
      first axis of each file enumerates representations); each is whitened once and the pairs \
      run in parallel.
      """)

  @Argument(help: "Representation files (.npy, or .npz with --dataset).")
  var files: [String]

  @Option(help: "Partial whitening α in [0, 1] (1: rotations only; 0: all invertible linear maps).")
  var alpha: Double = 1

  @Option(help: "Ground metric: angular or euclidean.")
  var score: ShapeScore = .angular

  @Option(help: "Alignment group: orthogonal or permutation.")
  var group: ShapeGroup = .orthogonal

  @Option(help: "Whitening spectrum: netrep (XcᵀXc, scale-dependent for 0<α<1) or scale-free.")
  var whitening: ShapeWhitening = .netrep

  @Flag(inversion: .prefixedNo, help: "Subtract column means first.")
  var center = true

  @Flag(name: .customLong("zero-pad"), inversion: .prefixedNo, help: "Zero-pad the narrower representation.")
  var zeroPad = true

  @Option(parsing: .upToNextOption, help: "Held-out stimuli, one file per representation (same units).")
  var test: [String] = []

  @Flag(help: "Distances between every pair of representations (a K×K matrix).")
  var pairwise = false

  @Flag(help: "The first axis of each file enumerates representations (implies --pairwise).")
  var stacked = false

  @Option(help: "Member of each .npz file to read.")
  var dataset: String?

  @Option(help: "Write the K×K distance matrix to this .npy file (--pairwise; the test matrix to <name>-test.npy).")
  var output: String?

  @Flag(help: "Replace --output if it exists.")
  var force = false

  @OptionGroup var format: OutputOptions

  var matrixMode: Bool { pairwise || stacked }

  func validate() throws {
    guard !files.isEmpty else { throw ValidationError("give the representation files to compare") }
    if !matrixMode && files.count != 2 {
      throw ValidationError(
        "shape compares two files (X and Y), found \(files.count); use --pairwise to compare every pair of several")
    }
    if !test.isEmpty && test.count != files.count {
      throw ValidationError("--test needs one file per input file (\(files.count)), found \(test.count)")
    }
    if !matrixMode && output != nil { throw ValidationError("--output applies to --pairwise") }
    guard alpha >= 0 && alpha <= 1 else { throw ValidationError("--alpha must be in [0, 1], found \(alpha)") }
  }

  var metric: ShapeMetric {
    get throws {
      try ShapeMetric(
        alpha: alpha, score: score, group: group, centerColumns: center, zeroPad: zeroPad, whitening: whitening)
    }
  }

  func run() throws {
    try reportingDataErrors {
      let metric = try metric
      if matrixMode {
        try RepresentationFiles.requireWritable(output, force: force)
        try RepresentationFiles.requireWritable(output.map(Self.testPath), force: force)
        let reps = try RepresentationFiles.load(files, dataset: dataset, stacked: stacked)
        let held = test.isEmpty ? nil : try RepresentationFiles.load(test, dataset: dataset, stacked: stacked)
        let r = try metric.pairwiseDistances(reps.map(\.matrix), test: held?.map(\.matrix), names: reps.map(\.name))
        if let output {
          try RepresentationFiles.write(r.distances, to: output, force: force)
          if let t = r.testDistances { try RepresentationFiles.write(t, to: Self.testPath(output), force: force) }
        }
        try emit(inputs: Inputs(files: files, test: test.isEmpty ? nil : test), result: r, warnings: r.warnings) {
          "shape distances (\(describe(metric))), \(r.observations) stimuli:\n"
            + RepresentationFiles.table(r.distances, names: r.names)
            + (r.testDistances.map { "\nheld-out stimuli:\n" + RepresentationFiles.table($0, names: r.names) } ?? "")
            + (output.map { "\nwritten to \($0)" } ?? "")
        }
      } else {
        let x = try RepresentationFiles.matrix(files[0], dataset: dataset)
        let y = try RepresentationFiles.matrix(files[1], dataset: dataset)
        let names = (files[0], files[1])
        let r: ShapeDistance
        if test.isEmpty {
          r = try metric.distance(x, y, names: names)
        } else {
          let xt = try RepresentationFiles.matrix(test[0], dataset: dataset)
          let yt = try RepresentationFiles.matrix(test[1], dataset: dataset)
          r = try metric.crossValidatedDistance(train: (x, y), test: (xt, yt), names: names)
        }
        try emit(
          inputs: Inputs(x: files[0], y: files[1], test: test.isEmpty ? nil : test), result: r, warnings: r.warnings
        ) {
          "shape distance = \(formatNumber(r.distance))"
            + (r.testDistance.map { "  (held-out stimuli: \(formatNumber($0)))" } ?? "")
            + "\n\(describe(metric)); widths \(r.widths.map(String.init).joined(separator: ", ")), \(r.observations) stimuli"
        }
      }
    }
  }

  static func testPath(_ output: String) -> String {
    output.hasSuffix(".npy") ? String(output.dropLast(4)) + "-test.npy" : output + "-test.npy"
  }

  func describe(_ m: ShapeMetric) -> String {
    "\(m.score.rawValue), \(m.group.rawValue) group, alpha \(formatNumber(m.alpha))"
      + (m.whitening == .scaleFree && m.alpha < 1 ? " (scale-free whitening)" : "")
      + (m.centerColumns ? "" : ", uncentred")
  }

  struct Inputs: Encodable {
    var x: String?
    var y: String?
    var files: [String]?
    var test: [String]?
  }

  struct Parameters: Encodable {
    let metric: ShapeMetric
    let pairwise: Bool
    let stacked: Bool
    let dataset: String?
    let output: String?
  }

  func emit<R: Encodable>(inputs: Inputs, result: R, warnings: [String], human: () -> String) throws {
    if format.json {
      let parameters = Parameters(
        metric: try metric, pairwise: matrixMode, stacked: stacked, dataset: dataset, output: output)
      print(
        try CommandOutput(command: "shape", inputs: inputs, parameters: parameters, result: result, warnings: warnings)
          .jsonText())
    } else {
      print(human())
      for w in warnings { FileHandle.standardError.write(Data("neurometry: warning: \(w)\n".utf8)) }
    }
  }
}
