import ArgumentParser
import Foundation
import Neurometry

/// `neurometry noise RESIDUALS --output PRECISION.npy [--runs FILE [--per-run]] [--method M]`:
/// the noise precision of residuals, written to a file to inspect or to pass to `rdm --noise`.
struct NoiseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "noise",
    abstract: "Noise covariance and precision of residuals, for mahalanobis and crossnobis RDMs.",
    discussion: """
      RESIDUALS is rows × channels (an .npy, an .npz/HDF5 member or a MAT variable). The \
      covariance is estimated with --method (rsatoolbox's cov_from_residuals: shrinkage-diag, \
      shrinkage-eye, diag or full) and inverted by Cholesky. With --runs (one label per row) each \
      run is estimated on its own rows (dof rows − 1) and the precision written is their mean, or \
      with --per-run the stack runs × channels × channels in the order crossnobis sorts its folds.
      """)

  @Argument(help: "Residuals, rows × channels.")
  var residuals: String

  @Option(name: .long, help: "The member of an .npz/HDF5/MAT file.")
  var dataset: String?

  @Option(name: .long, help: "Run label per row (.npy, .txt, or FILE.csv:COLUMN): one estimate per run.")
  var runs: String?

  @Flag(name: .customLong("per-run"), help: "With --runs: write runs × P × P instead of the mean precision.")
  var perRun = false

  @Option(name: .long, help: "Estimator: shrinkage-diag (default), shrinkage-eye, diag or full.")
  var method: NoiseCovarianceMethod = .shrinkageDiagonal

  @Option(name: .long, help: "Degrees of freedom of the residuals (default rows − 1; not with --runs).")
  var dof: Int?

  @Option(name: .long, help: "Where to write the precision (.npy or .h5).")
  var output: String

  @Flag(name: .long, help: "Replace an existing output file.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

  @OptionGroup var memory: MemoryOptions

  struct Parameters: Encodable {
    let method: NoiseCovarianceMethod
    let perRun: Bool
    let dof: Int?
    enum CodingKeys: String, CodingKey { case method, perRun = "per_run", dof }
  }

  struct Result: Encodable {
    let estimate: RunNoiseEstimates.Summary
    let output: String
    func encode(to encoder: Encoder) throws {
      try estimate.encode(to: encoder)
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(output, forKey: .output)
    }
    enum CodingKeys: String, CodingKey { case output }
  }

  func validate() throws {
    if perRun && runs == nil { throw ValidationError("--per-run needs --runs") }
    if dof != nil && runs != nil { throw ValidationError("--dof applies to one set of residuals, not --runs") }
    if let dof, dof < 1 { throw ValidationError("--dof must be at least 1") }
  }

  func run() throws {
    try reportingDataErrors(inputs: [residuals]) {
      try SquareMatrixOutput.requireWritable(output, force: force)
      if let shape = try? ArrayFile.shape(residuals, member: dataset), shape.count == 2 {
        try memory.require(
          NoiseCovarianceEstimator(method: method, degreesOfFreedom: dof).memoryEstimate(
            observations: shape[0], channels: shape[1]),
          for: "noise \(residuals)",
          advice:
            "estimate the precision of fewer channels (an ROI), or use a machine with more memory (--max-memory sets the limit)"
        )
      }
      let x = try ArrayFile.readMatrix(residuals, member: dataset)
      let labels = try runs.map { spec -> Labels in
        let (path, column) = ArrayFile.pathAndMember(spec)
        return try ArrayFile.readLabels(path, member: column)
      }
      let estimates = try NoiseCovarianceEstimator(method: method, degreesOfFreedom: dof).fit(
        residuals: x, runs: labels)
      try ArrayFile.write(estimates.precisionArray(perRun: perRun), to: output, overwrite: force)
      let summary = estimates.summary(perRun: perRun)
      var inputs = ["residuals": residuals]
      inputs["runs"] = runs
      try printReport(
        command: "noise", json: outputOptions.json, inputs: inputs,
        parameters: { Parameters(method: method, perRun: perRun, dof: dof) },
        result: Result(estimate: summary, output: output), warnings: estimates.warnings
      ) {
        let runsText = summary.runs == ["all"] ? "" : ", runs \(summary.runs.joined(separator: ", "))"
        return [
          "noise precision (\(method.rawValue)\(runsText)): \(NDArray.describe(shape: summary.shape))",
          "  dof \(summary.degreesOfFreedom.map(String.init).joined(separator: ", "))"
            + (summary.shrinkage.map { ", shrinkage \($0.map(formatNumber).joined(separator: ", "))" } ?? ""),
          "written to \(output)",
        ].joined(separator: "\n")
      }
    }
  }
}
