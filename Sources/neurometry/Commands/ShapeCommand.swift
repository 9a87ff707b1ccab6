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
      --stochastic compares stochastic responses, FILE = stimuli × repeats × units (Duong et al. \
      2023): gaussian summarises each stimulus's repeats by their mean and covariance and uses the \
      2-Wasserstein/Bures ground metric (--alpha in [0, 2]: 0 covariances only, 1 Wasserstein, 2 \
      means only); energy compares the repeats themselves by the energy distance.
      """)

  @Option(
    help:
      "Partial whitening α in [0, 1] (1: rotations only; 0: all invertible linear maps); with --stochastic gaussian, α in [0, 2]."
  )
  var alpha: Double?

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

  @Option(help: "Stochastic metric for stimuli × repeats × units files: gaussian or energy.")
  var stochastic: StochasticShapeKind?

  @Flag(
    help:
      "--stochastic gaussian: each FILE holds the members means (stimuli × units) and covariances (stimuli × units × units) instead of repeats."
  )
  var moments = false

  @Option(
    name: .customLong("init"), help: "--stochastic gaussian: start from the means' alignment or random rotations.")
  var initialization: StochasticInitialization = .means

  @Option(help: "--stochastic gaussian: random restarts (with --init random).")
  var restarts: Int = 1

  @Option(help: "--stochastic gaussian: seed of the random restarts.")
  var seed: UInt64 = 0

  @Option(name: .customLong("fit-weights"), help: "--stochastic gaussian: consistent (√α, √(2−α)) or netrep (α, 2−α).")
  var fitWeights: GaussianFitWeights = .consistent

  @Option(
    name: .customLong("max-iterations"), help: "--stochastic: iteration limit (default 1000 gaussian, 100 energy).")
  var maxIterations: Int?

  @Option(help: "--stochastic: stop when the loss falls by less (default 1e-8 gaussian, 1e-6 energy).")
  var tolerance: Double?

  @Option(help: "Write the K×K distance matrix to this .npy file (--pairwise; the test matrix to <name>-test.npy).")
  var output: String?

  @OptionGroup var representations: RepresentationOptions

  @OptionGroup var format: OutputOptions

  @OptionGroup var memory: MemoryOptions

  var files: [String] { representations.files }
  var stacked: Bool { representations.stacked }
  var dataset: String? { representations.dataset }
  var force: Bool { representations.force }
  var matrixMode: Bool { representations.matrixMode(pairwise: pairwise) }

  func validate() throws {
    try representations.validateCount(command: "shape", pairwise: pairwise)
    if !test.isEmpty && test.count != files.count {
      throw ValidationError("--test needs one file per input file (\(files.count)), found \(test.count)")
    }
    if !matrixMode && output != nil { throw ValidationError("--output applies to --pairwise") }
    switch stochastic {
    case nil:
      guard effectiveAlpha >= 0 && effectiveAlpha <= 1 else {
        throw ValidationError("--alpha must be in [0, 1], found \(effectiveAlpha)")
      }
    case .gaussian:
      guard effectiveAlpha >= 0 && effectiveAlpha <= 2 else {
        throw ValidationError("--alpha must be in [0, 2] for --stochastic gaussian, found \(effectiveAlpha)")
      }
    case .energy:
      if alpha != nil { throw ValidationError("--alpha does not apply to --stochastic energy") }
    }
    if stochastic != nil && !test.isEmpty { throw ValidationError("--test does not apply to --stochastic") }
    if moments && stochastic != .gaussian { throw ValidationError("--moments needs --stochastic gaussian") }
    if moments && (stacked || dataset != nil) {
      throw ValidationError(
        "--moments reads the members means and covariances of each file: drop --stacked and --dataset")
    }
  }

  var effectiveAlpha: Double { alpha ?? 1 }

  var metric: ShapeMetric {
    get throws {
      try ShapeMetric(
        alpha: effectiveAlpha, score: score, group: group, centerColumns: center, zeroPad: zeroPad, whitening: whitening
      )
    }
  }

  func run() throws {
    try reportingDataErrors(inputs: files) {
      if let stochastic { return try runStochastic(stochastic) }
      let metric = try metric
      try representations.requireMemory(memory, command: "shape") { n, p, q in
        metric.memoryEstimate(observations: n, widths: (p, q))
      }
      if matrixMode {
        try SquareMatrixOutput.requireWritable(output, force: force)
        try SquareMatrixOutput.requireWritable(output.map(Self.testPath), force: force)
        let reps = try Representations.read(files, member: dataset, stacked: stacked)
        let held = test.isEmpty ? nil : try Representations.read(test, member: dataset, stacked: stacked)
        let r = try metric.pairwiseDistances(reps.matrices, test: held?.matrices, names: reps.names)
        let warnings = reps.warnings + (held?.warnings ?? []) + r.warnings
        if let output {
          try SquareMatrixOutput.write(r.distances, to: output, force: force)
          if let t = r.testDistances { try SquareMatrixOutput.write(t, to: Self.testPath(output), force: force) }
        }
        try emit(
          inputs: RepresentationInputs(files: files, test: test.isEmpty ? nil : test), result: r, warnings: warnings
        ) {
          "shape distances (\(describe(metric))), \(r.observations) stimuli:\n"
            + SquareMatrixOutput.table(r.distances, names: r.names)
            + (r.testDistances.map { "\nheld-out stimuli:\n" + SquareMatrixOutput.table($0, names: r.names) } ?? "")
            + (output.map { "\nwritten to \($0)" } ?? "")
        }
      } else {
        let reps = try Representations.read(files + test, member: dataset)
        let (x, y) = (reps.matrices[0], reps.matrices[1])
        let names = (files[0], files[1])
        let r: ShapeDistance
        if test.isEmpty {
          r = try metric.distance(x, y, names: names)
        } else {
          r = try metric.crossValidatedDistance(train: (x, y), test: (reps.matrices[2], reps.matrices[3]), names: names)
        }
        let warnings = reps.warnings + r.warnings
        try emit(
          inputs: RepresentationInputs(x: files[0], y: files[1], test: test.isEmpty ? nil : test), result: r,
          warnings: warnings
        ) {
          "shape distance = \(formatNumber(r.distance))"
            + (r.testDistance.map { "  (held-out stimuli: \(formatNumber($0)))" } ?? "")
            + "\n\(describe(metric)); widths \(r.widths.map(String.init).joined(separator: ", ")), \(r.observations) stimuli"
        }
      }
    }
  }

  /// `--stochastic`: the Gaussian or energy metric on stimuli × repeats × units files.
  func runStochastic(_ kind: StochasticShapeKind) throws {
    let gaussian =
      kind == .gaussian
      ? try GaussianShapeMetric(
        alpha: effectiveAlpha, group: group, initialization: initialization, restarts: restarts, seed: seed,
        maxIterations: maxIterations ?? 1000, tolerance: tolerance ?? 1e-8, weights: fitWeights) : nil
    let energy =
      kind == .energy
      ? try EnergyShapeMetric(group: group, maxIterations: maxIterations ?? 100, tolerance: tolerance ?? 1e-6) : nil
    let label = gaussian.map { "gaussian, alpha \(formatNumber($0.alpha))" } ?? "energy"
    if matrixMode {
      try SquareMatrixOutput.requireWritable(output, force: force)
      let r: StochasticPairwiseDistances?
      if let gaussian {
        let (moments, names) = try gaussianInputs()
        r = try gaussian.pairwiseDistances(moments, names: names)
      } else {
        let nets = try StochasticResponses.read(files, member: dataset, stacked: stacked)
        r = try energy.map { try $0.pairwiseDistances(nets.map(\.responses), names: nets.map(\.name)) }
      }
      guard let r else { return }
      if let output { try SquareMatrixOutput.write(r.distances, to: output, force: force) }
      try emit(
        inputs: RepresentationInputs(files: files), result: r, warnings: r.warnings, stochastic: (gaussian, energy)
      ) {
        "stochastic shape distances (\(label), \(group.rawValue) group):\n"
          + SquareMatrixOutput.table(r.distances, names: r.names) + (output.map { "\nwritten to \($0)" } ?? "")
      }
      return
    }
    let names = (files[0], files[1])
    let fit: StochasticShapeFit?
    let shapeText: String
    if let gaussian {
      let (pair, _) = try gaussianInputs()
      fit = try gaussian.fit(pair[0], pair[1], names: names)
      shapeText = "\(pair[0].stimuli) stimuli × \(pair[0].units) units"
    } else {
      let pair = try StochasticResponses.read(files, member: dataset)
      let (x, y) = (pair[0].responses, pair[1].responses)
      fit = try energy.map { try $0.fit(x, y, names: names) }
      shapeText = "\(x.stimuli) stimuli × \(x.repeats) repeats × \(x.units) units"
    }
    guard let fit else { return }
    try emit(
      inputs: RepresentationInputs(x: files[0], y: files[1]), result: fit, warnings: fit.warnings,
      stochastic: (gaussian, energy)
    ) {
      "stochastic shape distance = \(formatNumber(fit.distance))\n\(label), \(group.rawValue) group; \(shapeText); \(fit.iterations) iterations\(fit.converged ? "" : " (not converged)")"
    }
  }

  /// The Gaussian summaries of every network: given moments (`--moments`), or the mean and
  /// covariance of each stimulus's repeats.
  func gaussianInputs() throws -> (networks: [GaussianResponses], names: [String]) {
    if moments { return (try files.map(GaussianResponses.read), files) }
    let nets = try StochasticResponses.read(files, member: dataset, stacked: stacked)
    return (try nets.map { try GaussianResponses($0.responses, name: $0.name) }, nets.map(\.name))
  }

  static func testPath(_ output: String) -> String {
    output.hasSuffix(".npy") ? String(output.dropLast(4)) + "-test.npy" : output + "-test.npy"
  }

  func describe(_ m: ShapeMetric) -> String {
    "\(m.score.rawValue), \(m.group.rawValue) group, alpha \(formatNumber(m.alpha))"
      + (m.whitening == .scaleFree && m.alpha < 1 ? " (scale-free whitening)" : "")
      + (m.centerColumns ? "" : ", uncentred")
  }

  struct Parameters: Encodable {
    let metric: ShapeMetric?
    let gaussian: GaussianShapeMetric?
    let energy: EnergyShapeMetric?
    let pairwise: Bool
    let stacked: Bool
    let dataset: String?
    let output: String?
  }

  func emit<R: Encodable>(
    inputs: RepresentationInputs, result: R, warnings: [String],
    stochastic: (GaussianShapeMetric?, EnergyShapeMetric?) = (nil, nil), human: () -> String
  ) throws {
    try printReport(
      command: "shape", json: format.json, inputs: inputs,
      parameters: {
        Parameters(
          metric: self.stochastic == nil ? try metric : nil, gaussian: stochastic.0, energy: stochastic.1,
          pairwise: matrixMode, stacked: stacked, dataset: dataset, output: output)
      }, result: result, warnings: warnings, warningsOnStandardError: true, human: human)
  }
}
