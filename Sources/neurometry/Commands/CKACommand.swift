import ArgumentParser
import Foundation
import Neurometry

/// `neurometry cka`: centered kernel alignment between two representations, or the CKA matrix
/// of many (layers × layers), optionally accumulated over minibatches of stimuli.
struct CKACommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cka",
    abstract: "Centered kernel alignment (CKA) between representations of the same stimuli.",
    discussion: """
      Each FILE holds one representation, stimuli × units (rows are stimuli; trailing axes of conv \
      activations are flattened). Two files give one CKA value. --pairwise gives the CKA of every \
      pair of files as a K×K matrix; with --stacked the first axis of each file enumerates \
      representations (layers × stimuli × units). --batch-size N accumulates minibatch CKA \
      (Nguyen et al. 2021) over consecutive batches of N stimuli. The RBF bandwidth is \
      σ = F·√median of squared distances: --median squared-full (default) is Kornblith et al.'s \
      median over the full n×n matrix (zero diagonal included), squared-pairs the median over \
      distinct pairs; distance-pairs takes σ = F·median of the Euclidean distances over pairs.
      """)

  @Option(help: "Kernel: linear, rbf, or precomputed (the files hold n×n kernel matrices).")
  var kernel: CKAKernel = .linear

  @Option(help: "RBF bandwidth F as a fraction of the median distance: σ = F·√median(d²).")
  var bandwidth: Double = 1

  @Option(help: "Which median sets the RBF bandwidth: squared-full (default), squared-pairs or distance-pairs.")
  var median: RBFMedian = .squaredFull

  @Option(help: "HSIC estimator: biased (Kornblith et al. 2019) or debiased (Song et al. 2012; n ≥ 4).")
  var estimator: CKAEstimator = .biased

  @Option(help: "Linear kernel only: force the feature or gram computation (default: the cheaper).")
  var form: CKAForm?

  @Flag(help: "CKA between every pair of representations (a K×K matrix).")
  var pairwise = false

  @Option(name: .customLong("batch-size"), help: "Minibatch CKA over consecutive batches of N stimuli (--pairwise).")
  var batchSize: Int?

  @Option(help: "Write the K×K CKA matrix to this .npy file (--pairwise).")
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
    try representations.validateCount(command: "cka", pairwise: pairwise)
    if !matrixMode && (output != nil || batchSize != nil) {
      throw ValidationError("--output and --batch-size apply to --pairwise")
    }
    guard bandwidth.isFinite && bandwidth > 0 else {
      throw ValidationError("--bandwidth must be a positive number, found \(bandwidth)")
    }
    if form == .feature && kernel != .linear { throw ValidationError("--form feature needs --kernel linear") }
  }

  func run() throws {
    try reportingDataErrors(inputs: files) {
      let cka = try CKA(kernel: kernel, estimator: estimator, bandwidth: bandwidth, median: median, form: form)
      try representations.requireMemory(memory, command: "cka") { n, p, q in
        cka.memoryEstimate(observations: n, columns: (x: p, y: q))
      }
      if matrixMode {
        try SquareMatrixOutput.requireWritable(output, force: force)
        let reps = try Representations.read(files, member: dataset, stacked: stacked)
        let names = reps.names
        let result =
          try batchSize.map { try MinibatchCKA.compute(reps.matrices, batchSize: $0, cka: cka, names: names) }
          ?? cka.matrix(reps.matrices, names: names)
        if let output { try SquareMatrixOutput.write(result.values, to: output, force: force) }
        try emit(inputs: RepresentationInputs(files: files), result: result, warnings: reps.warnings + result.warnings)
        {
          "CKA (\(describe(cka)))\(batchSize.map { ", minibatches of \($0)" } ?? ""), \(result.observations) stimuli:\n"
            + SquareMatrixOutput.table(result.values, names: names)
            + (output.map { "\nwritten to \($0)" } ?? "")
        }
      } else {
        let reps = try Representations.read(files, member: dataset)
        let r = try cka.compare(reps.matrices[0], reps.matrices[1], names: (files[0], files[1]))
        try emit(
          inputs: RepresentationInputs(x: files[0], y: files[1]), result: r, warnings: reps.warnings + r.warnings
        ) {
          "CKA = \(formatNumber(r.value))  (angular \(formatNumber(r.angular)) rad; \(describe(cka)), \(r.form.rawValue) form, \(r.observations) stimuli)"
            + (r.sigmaX.map { "\nRBF σ: \(formatNumber($0)) (X), \(formatNumber(r.sigmaY)) (Y)" } ?? "")
        }
      }
    }
  }

  func describe(_ cka: CKA) -> String {
    "\(cka.kernel.rawValue) kernel, \(cka.estimator.rawValue) HSIC"
      + (cka.kernel == .rbf ? ", bandwidth \(formatNumber(cka.bandwidth)) (\(cka.median.rawValue) median)" : "")
  }

  struct Parameters: Encodable {
    let kernel: CKAKernel
    let estimator: CKAEstimator
    let bandwidth: Double?
    let median: RBFMedian?
    let form: CKAForm?
    let pairwise: Bool
    let stacked: Bool
    let batchSize: Int?
    let dataset: String?
    let output: String?

    enum CodingKeys: String, CodingKey {
      case kernel, estimator, bandwidth, median, form, pairwise, stacked, batchSize = "batch_size", dataset, output
    }
  }

  var parameters: Parameters {
    Parameters(
      kernel: kernel, estimator: estimator, bandwidth: kernel == .rbf ? bandwidth : nil,
      median: kernel == .rbf ? median : nil, form: form, pairwise: matrixMode, stacked: stacked, batchSize: batchSize,
      dataset: dataset, output: output)
  }

  func emit<R: Encodable>(inputs: RepresentationInputs, result: R, warnings: [String], human: () -> String) throws {
    try printReport(
      command: "cka", json: format.json, inputs: inputs, parameters: { parameters }, result: result,
      warnings: warnings, warningsOnStandardError: true, human: human)
  }
}
