import ArgumentParser
import Foundation
import Neurometry

/// `neurometry searchlight PATTERNS.nii.gz --mask MASK.nii.gz [--models M --maps MAPS.nii.gz]
/// [--rdms RDMS.npz]`: volume searchlight RDMs and model maps (`SearchlightAnalysis`).
struct SearchlightCommand: ShardableCommand {
  static let configuration = CommandConfiguration(
    commandName: "searchlight",
    abstract: "Volume searchlight RSA: an RDM per sphere of a mask, and model maps as NIfTI.",
    discussion: """
      PATTERNS is a 4-D NIfTI of response patterns (x × y × z × observations, e.g. one beta map \
      per condition and run; --conditions labels the volumes, else each volume is a condition). \
      Every voxel of --mask is a candidate centre; its sphere is the voxels closer than --radius \
      (voxels), and it is kept when at least --threshold of the sphere lies inside the mask \
      (rsatoolbox get_volume_searchlight; --truncate keeps only the sphere's voxels inside the \
      mask). Each sphere gives an RDM (--method, rsatoolbox get_searchlight_RDMs); with --models, \
      each model RDM is compared with every sphere's RDM (--comparator) and written as a map in the \
      mask's space (--maps; 4-D with several models; NaN where no sphere is centred). With \
      --shard K/N the centres are split into N contiguous blocks: shard K computes block K's maps \
      and writes them to --partial; `neurometry merge` writes the --maps of the whole run.
      """)

  @Argument(help: "4-D NIfTI of response patterns (x × y × z × observations).")
  var patterns: String

  @Option(name: .long, help: "Binary 3-D NIfTI mask on the same grid: the searchlight centres.")
  var mask: String

  @Option(name: .long, help: "Condition label per volume (.npy, .txt, or FILE.csv:COLUMN).")
  var conditions: String?

  @Option(
    name: .long,
    help:
      "Run label per volume (the folds of crossnobis and poisson-cv; default: the k-th repetition of each condition).")
  var runs: String?

  @Option(name: .long, help: "Sphere radius in voxels (rsatoolbox's default 2).")
  var radius: Double = 2

  @Option(name: .long, help: "Minimum fraction of a sphere inside the mask for its centre to be kept (default 1).")
  var threshold: Double = 1

  @Flag(name: .long, help: "Keep only the voxels of each sphere inside the mask (rsatoolbox issue #466).")
  var truncate = false

  @Option(name: .long, help: "The RDM dissimilarity (euclidean, correlation, …; default correlation).")
  var method: RDMMethod = .correlation

  @Option(name: .long, help: "Model RDMs over the same conditions (files as `rdm` writes them).")
  var models: String?

  @Option(name: .long, help: "How a model RDM is compared with each sphere's RDM (default corr).")
  var comparator: RDMComparator = .corr

  @Option(
    name: .long,
    help:
      "4-D NIfTI of residuals (scans × the mask's grid): each sphere's RDM uses the noise precision of its own voxels' residuals (mahalanobis, crossnobis)."
  )
  var noiseResiduals: String?

  @Option(name: .long, help: "How each sphere's precision is estimated from its residuals (default shrinkage-diag).")
  var noiseMethod: NoiseCovarianceMethod = .shrinkageDiagonal

  @Option(name: .long, help: "Degrees of freedom of the residuals (default: scans − 1).")
  var noiseDof: Int?

  @Option(name: .long, help: "Write the model maps here (.nii or .nii.gz).")
  var maps: String?

  @Option(name: .long, help: "Write the sphere RDMs here (.npz, .h5 or .npy; RDM descriptor voxel_index).")
  var rdms: String?

  @Flag(name: .long, help: "Replace existing output files.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

  @OptionGroup var memory: MemoryOptions

  @OptionGroup var shardOptions: ShardOptions

  struct Parameters: Encodable {
    let radius: Double
    let threshold: Double
    let truncate: Bool
    let method: RDMMethod
    let comparator: RDMComparator?
    let noiseMethod: NoiseCovarianceMethod?
    let noiseDof: Int?
    enum CodingKeys: String, CodingKey {
      case radius, threshold, truncate, method, comparator, noiseMethod = "noise_method", noiseDof = "noise_dof"
    }
  }

  struct Result: Encodable {
    let centers: Int
    let meanSphereSize: Double
    let conditions: [String]
    let models: [String]?
    /// Per model: the best centre's value and its voxel (i, j, k).
    let peaks: [Peak]?
    let outputs: [String]
    enum CodingKeys: String, CodingKey {
      case centers, meanSphereSize = "mean_sphere_size", conditions, models, peaks, outputs
    }
  }

  struct Peak: Encodable {
    let model: String
    let value: Double?
    let voxel: [Int]?
  }

  func validate() throws {
    if models == nil && maps != nil { throw ValidationError("--maps needs --models") }
    if models != nil && maps == nil { throw ValidationError("--models needs --maps (where to write the model maps)") }
    if maps == nil && rdms == nil {
      throw ValidationError("give --maps (with --models) or --rdms: nothing would be written")
    }
    if shardOptions.shard != nil && (maps == nil || rdms != nil) {
      throw ValidationError(
        "--shard splits the model maps (--models, --maps); the sphere RDMs (--rdms) are written by an unsplit run")
    }
    if let maps, !(maps.lowercased().hasSuffix(".nii") || maps.lowercased().hasSuffix(".nii.gz")) {
      throw ValidationError("--maps must end in .nii or .nii.gz")
    }
  }

  var analysis: SearchlightAnalysis {
    var analysis = SearchlightAnalysis(
      radius: radius, threshold: threshold, truncateAtBoundary: truncate, method: method, comparator: comparator)
    analysis.noiseEstimator = NoiseCovarianceEstimator(method: noiseMethod, degreesOfFreedom: noiseDof)
    return analysis
  }

  var inputFiles: [String] {
    [patterns, mask] + [conditions, runs].compactMap { $0.map { ArrayFile.pathAndMember($0).path } }
      + (models.map { [$0] } ?? []) + (noiseResiduals.map { [$0] } ?? [])
  }

  /// Refuses existing outputs (before any work) unless --force.
  func requireNewOutputs() throws {
    let outputs = (maps.map { [$0] } ?? []) + (rdms.map { [$0] } ?? [])
    if !force, let existing = outputs.first(where: { FileManager.default.fileExists(atPath: $0) }) {
      throw NeurometryError.outputExists(path: existing)
    }
  }

  func run() throws {
    try reportingDataErrors(inputs: [patterns]) {
      if let shard = shardOptions.shard {
        if !force, let partial = shardOptions.partial, FileManager.default.fileExists(atPath: partial) {
          throw NeurometryError.outputExists(path: partial)
        }
        let maskImage = try VoxelMask.read(mask)
        let total = try analysis.searchlight(mask: maskImage).searchlight.centers.count
        let centres = shard.units(of: total)
        let result = try compute(centers: centres)
        try writePartial(
          try SearchlightAnalysis.Partial(result, centers: centres, totalCenters: total), total: total,
          unitName: "centres", json: outputOptions.json, force: force)
        return
      }
      try requireNewOutputs()
      try finish(try compute(centers: nil))
    }
  }

  func merge(_ payloads: [SearchlightAnalysis.Partial]) throws {
    try reportingDataErrors {
      try requireNewOutputs()
      try finish(try analysis.merge(payloads, mask: try VoxelMask.read(mask)))
    }
  }

  /// Refuses, before reading any pattern, a run whose estimated peak
  /// (`SearchlightAnalysis.memoryEstimate(patternsFile:…)`: the 4-D file's header and the mask's
  /// searchlight) exceeds --max-memory or the memory available.
  func requireMemory() throws {
    func distinct(_ spec: String?) throws -> Int? {
      guard let spec else { return nil }
      let (path, column) = ArrayFile.pathAndMember(spec)
      return Set(try ArrayFile.readLabels(path, member: column).values).count
    }
    // Inputs the estimate cannot read are left to the run, whose errors say what is wrong.
    guard
      let estimate = try? analysis.memoryEstimate(
        patternsFile: patterns, maskFile: mask, conditions: try distinct(conditions), runs: try distinct(runs),
        models: try models.map { try RDMFile.read($0).count }, keepRDMs: rdms != nil, noiseResidualsFile: noiseResiduals
      )
    else { return }
    try memory.require(
      estimate, for: "searchlight \(patterns)",
      advice: rdms == nil
        ? "split the centres over several processes with --shard K/N, or use a machine with more memory (--max-memory sets the limit)"
        : "drop --rdms (the maps are then streamed without keeping every sphere's RDM), or split the run with --shard K/N"
    )
  }

  /// The searchlight (of the centres `centers`, or all).
  func compute(centers: Range<Int>?) throws -> SearchlightAnalysis.Result {
    try requireMemory()
    func labels(_ spec: String) throws -> Labels {
      let (path, column) = ArrayFile.pathAndMember(spec)
      return try ArrayFile.readLabels(path, member: column)
    }
    return try analysis.run(
      patternsFile: patterns, maskFile: mask, conditions: try conditions.map(labels), runs: try runs.map(labels),
      models: try models.map { try RDMFile.read($0) }, keepRDMs: rdms != nil, centers: centers,
      noiseResidualsFile: noiseResiduals)
  }

  /// Writes the outputs of a whole run and prints its report.
  func finish(_ result: SearchlightAnalysis.Result) throws {
    let outputs = (maps.map { [$0] } ?? []) + (rdms.map { [$0] } ?? [])
    let modelRDMs = try models.map { try RDMFile.read($0) }
    if let maps { try SearchlightAnalysis.writeMaps(result, to: maps, overwrite: force) }
    if let rdms, let kept = result.rdms { _ = try RDMFile.write(kept, to: rdms, overwrite: force) }
    let names = modelRDMs.map { m in m.rdmDescriptors["name"] ?? (0..<m.count).map { "model \($0)" } }
    let peaks =
      result.maps == nil
      ? nil
      : result.peaks.enumerated().map { m, peak in
        Peak(
          model: names?[m] ?? "model \(m)", value: peak?.value,
          voxel: peak.map { [$0.voxel.i, $0.voxel.j, $0.voxel.k] })
      }
    let summary = Result(
      centers: result.searchlight.centers.count, meanSphereSize: result.meanSphereSize,
      conditions: result.conditions, models: names, peaks: peaks, outputs: outputs)
    var inputs = ["patterns": patterns, "mask": mask]
    inputs["conditions"] = conditions
    inputs["runs"] = runs
    inputs["models"] = models
    try printReport(
      command: "searchlight", json: outputOptions.json, inputs: inputs,
      parameters: {
        Parameters(
          radius: radius, threshold: threshold, truncate: truncate, method: method,
          comparator: models == nil ? nil : comparator, noiseMethod: noiseResiduals == nil ? nil : noiseMethod,
          noiseDof: noiseResiduals == nil ? nil : noiseDof)
      }, result: summary, warnings: result.warnings
    ) {
      var lines = [
        "searchlight (\(method.rawValue) RDMs, radius \(formatNumber(radius)), threshold \(formatNumber(threshold))\(truncate ? ", truncated" : "")): \(summary.centers.grouped) centres, \(formatNumber(summary.meanSphereSize)) voxels per sphere on average, \(summary.conditions.count) conditions"
      ]
      for p in peaks ?? [] {
        lines.append(
          "  \(p.model): peak \(comparator.rawValue) \(formatNumber(p.value)) at voxel \(p.voxel.map { "(\($0.map(String.init).joined(separator: ", ")))" } ?? "—")"
        )
      }
      return (lines + closingLines(written: outputs, warnings: result.warnings)).joined(separator: "\n")
    }
  }
}
