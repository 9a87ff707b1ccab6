import ArgumentParser
import Foundation
import Neurometry

/// `neurometry compare A [B] --method M [--transform T …]`: compare RDMs.
struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare RDMs: every RDM of A against every RDM of B (or of A itself).",
    discussion: """
      A and B are RDM files as `neurometry rdm` writes them (.npz with conditions, or .npy condensed \
      vectors k × pairs, square n × n or k × n × n). Pairs missing (NaN) in any RDM are left out; both \
      files must miss the same pairs. --transform applies to both sides first; geotopological needs \
      --low and --high (quantile levels: 0 1 = the rank geometry, 0.2 0.8 = the tRSA paper's \
      defaults, equal values = a step/topology).
      """
  )

  @Argument(help: "The first RDM file.")
  var first: String

  @Argument(help: "The second RDM file (default: the first).")
  var second: String?

  @Option(name: .long, help: "The comparator.")
  var method: RDMComparator = .cosine

  @Option(name: .long, help: "The member of an .npz holding the RDMs (both files).")
  var dataset: String?

  @Option(name: .long, help: "Transform both sides first.")
  var transform: RDMTransform.Kind?

  @Option(name: .long, help: "geotopological: lower quantile level (required).")
  var low: Double?

  @Option(name: .long, help: "geotopological: upper quantile level (required).")
  var high: Double?

  @Option(name: .long, help: "geotopological/geodesic: apply to ranks (tRSA paper) or raw values (rsatoolbox).")
  var scale: GeoTopologicalTransform.Scale?

  @Option(
    name: .long,
    help: "geodesic: keep only edges up to this quantile of the scaled weights (default: drop the longest edges).")
  var pruneQuantile: Double?

  @Flag(name: .long, help: "geodesic: drop zero-weight edges, as networkx/rsatoolbox do (default: keep them).")
  var dropZeroEdges = false

  @Option(name: .long, help: "geodesic: disconnected pairs as infinity or missing.")
  var disconnected: GeodesicTransform.DisconnectedPairs = .infinity

  @Flag(name: .long, help: "geodesic: rank the geodesic distances (tRSA paper).")
  var rankAfter = false

  @Option(name: .long, help: "cosine-cov/corr-cov: pattern covariance over conditions (.npy, n variances or n × n).")
  var sigma: String?

  @Option(name: .long, help: "Diagonal --sigma: exact whitening or rsatoolbox 0.3.2's approximation.")
  var diagonalWhitening: DiagonalWhitening = .exact

  @Option(name: .long, help: "Write the comparison matrix here (.npy).")
  var output: String?

  @Flag(name: .long, help: "Replace an existing output file.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

  struct Parameters: Encodable {
    let method: String
    let transform: String?
    let low: Double?
    let high: Double?
    let scale: String?
    let sigma: String?
  }

  struct Result: Encodable {
    let comparison: RDMComparisonResult
    let firstCount: Int
    let secondCount: Int
    let conditionCount: Int
    let output: String?
    enum CodingKeys: String, CodingKey {
      case comparison, firstCount = "first_count", secondCount = "second_count", conditionCount = "condition_count"
      case output
    }
  }

  func validate() throws {
    if transform == .geoTopological && (low == nil || high == nil) {
      throw ValidationError("--transform geotopological needs --low and --high (quantile levels in [0, 1])")
    }
    if transform != .geoTopological && (low != nil || high != nil) {
      throw ValidationError("--low and --high apply only to --transform geotopological")
    }
    if sigma != nil && !method.isWhitened {
      throw ValidationError("--sigma applies only to --method cosine-cov or corr-cov")
    }
  }

  func run() throws {
    try reportingDataErrors(inputs: [first] + (second.map { [$0] } ?? [])) {
      var a = try RDMFile.read(first, member: dataset)
      var b = second == nil ? a : try RDMFile.read(second ?? first, member: dataset)
      if let t = try rdmTransform() {
        a = try t.apply(a)
        b = second == nil ? a : try t.apply(b)
      }
      var covariance = PatternCovariance.identity
      if let sigma {
        let s = try ArrayFile.read(sigma)
        let v = try s.doubles(context: sigma)
        covariance =
          s.dimensions == 1
          ? .diagonal(v) : .full(try s.matrix(context: sigma))
      }
      let comparison = RDMComparison(method, patternCovariance: covariance, diagonalWhitening: diagonalWhitening)
      let result = try comparison.compare(a, b)
      if let output { try NPYFile.write(result.values, to: output, overwrite: force) }
      let warnings = Array(Set(a.warnings + b.warnings)).sorted() + result.warnings
      var inputs = ["first": first]
      inputs["second"] = second
      inputs["sigma"] = sigma
      try printReport(
        command: "compare", json: outputOptions.json, inputs: inputs,
        parameters: {
          Parameters(
            method: method.rawValue, transform: transform?.rawValue, low: low, high: high, scale: scale?.rawValue,
            sigma: sigma == nil ? nil : diagonalWhitening.rawValue)
        },
        result: Result(
          comparison: result, firstCount: a.count, secondCount: b.count, conditionCount: a.conditionCount,
          output: output),
        warnings: warnings
      ) {
        var lines = [
          "\(method.rawValue)\(transform.map { " after \($0.rawValue)" } ?? ""): \(a.count) × \(b.count) RDMs, \(a.conditionCount) conditions, \(result.pairsCompared.grouped) pairs compared"
        ]
        for i in 0..<Swift.min(result.values.rows, 20) {
          lines.append(
            "  " + result.values.row(i).prefix(10).map { formatNumber($0) }.joined(separator: "  ")
              + (result.values.columns > 10 ? "  …" : ""))
        }
        return (lines + closingLines(written: output.map { [$0] } ?? [], warnings: warnings)).joined(separator: "\n")
      }
    }
  }

  /// The transform the options describe.
  func rdmTransform() throws -> RDMTransform? {
    guard let transform else { return nil }
    switch transform {
    case .rank: return .rank
    case .sqrt: return .sqrt
    case .positive: return .positive
    case .minMax: return .minMax
    case .geoTopological:
      return .geoTopological(try GeoTopologicalTransform(lower: low ?? 0, upper: high ?? 1, scale: scale ?? .ranks))
    case .geodesic:
      return .geodesic(
        GeodesicTransform(
          scale: scale ?? .raw, pruning: pruneQuantile.map { .aboveQuantile($0) } ?? .longestEdges,
          zeroWeightEdges: dropZeroEdges ? .drop : .keep, disconnected: disconnected, rankAfter: rankAfter))
    }
  }
}
