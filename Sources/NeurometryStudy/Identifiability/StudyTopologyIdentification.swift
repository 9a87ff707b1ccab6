import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity

/// The tRSA identification grid of a study's regions (`TopologyIdentificationGrid` on the regions as
/// classes): which thresholds of the geo-topological transform keep each region recognisable from
/// independent measurements of it — the report's tRSA heatmap under "Would we know?".
public struct StudyTopologyIdentification: Codable, Sendable, Equatable {
  /// The RDM method of every RDM ("correlation", …).
  public let rdm: String
  /// Where the repeated measurements of a region come from: "subjects" (the same subjects in every
  /// region) or "split halves" (two halves of each region's repetitions, one subject).
  public let source: String
  /// The grid and the named regimes.
  public let grid: TopologyIdentificationResult

  /// The grid for `data`'s regions (at least 2), RDMs by `method`:
  /// - when every region has the same S ≥ 2 subjects (by name, in the same order), the RDMs of each
  ///   subject's stimulus means;
  /// - otherwise, when every region's first subject presented every stimulus at least twice, two
  ///   pseudo-subjects per region: the means over a seeded random half of its repetitions and over
  ///   the other half (⌊r/2⌋ and ⌈r/2⌉ of r; region g's half drawn from the stream keyed by g).
  ///
  /// Returns nil, with the reason, when the study has neither (or fewer than 2 regions); throws what
  /// the RDMs and the grid throw (e.g. a constant RDM on the rank scale).
  public static func run(
    _ data: StudyData, method: RDMMethod, seed: UInt64, grid: TopologyIdentificationGrid = TopologyIdentificationGrid()
  ) throws -> (result: StudyTopologyIdentification?, reason: String?) {
    let regions = data.regions
    guard regions.count >= 2 else { return (nil, "the tRSA grid needs at least 2 regions") }
    let names = regions.map(\.name)
    let estimator = RDMEstimator(method: method)
    let subjects = regions[0].subjects.map(\.subject)
    if subjects.count >= 2, regions.allSatisfy({ $0.subjects.map(\.subject) == subjects }) {
      let classes = try regions.map { try StudyMeasures.regionRDMs($0, method: method) }
      return (
        StudyTopologyIdentification(
          rdm: method.rawValue, source: "subjects", grid: try grid.run(classes, names: names)), nil
      )
    }
    var classes: [RDMs] = []
    for (g, region) in regions.enumerated() {
      guard let reps = region.subjects[0].repetitions(order: data.stimuli)?.matrices, reps.count >= 2 else {
        return (
          nil,
          "the tRSA grid needs the same ≥ 2 subjects in every region, or repetitions of every stimulus in each region ('\(region.name)' has neither)"
        )
      }
      var random = RandomStream(seed: seed, stream: 0x7452_5341 &+ UInt64(g))
      let order = random.permutation(reps.count)
      let halves = [Array(order.prefix(reps.count / 2)), Array(order.dropFirst(reps.count / 2))]
      let sets = try halves.map { half -> RDMs in
        var mean = Matrix(rows: reps[0].rows, columns: reps[0].columns)
        mean.withUnsafeMutableBufferPointer { m in
          for k in half { reps[k].withUnsafeBufferPointer { r in for i in 0..<m.count { m[i] += r[i] } } }
          for i in 0..<m.count { m[i] /= Double(half.count) }
        }
        return try estimator.fit(ResponsePatterns(measurements: mean, source: "region '\(region.name)' (half)"))
      }
      classes.append(try RDMs.concatenating(sets, source: "region '\(region.name)'"))
    }
    return (
      StudyTopologyIdentification(
        rdm: method.rawValue, source: "split halves", grid: try grid.run(classes, names: names)), nil
    )
  }
}
