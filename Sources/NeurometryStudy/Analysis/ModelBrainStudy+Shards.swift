import Foundation
import NeurometryLinearAlgebra
import NeurometrySimilarity

/// A study split into shards (`neurometry report --shard K/N`, DESIGN.md §7): its units are
/// measure × region × layer, enumerated measure-major, then region, then layer (unit
/// u = (m·G + g)·L + l for G regions and L layers). A shard computes the raw scores (point
/// estimates, bootstrap distribution, ceiling) of its contiguous units; each layer's numbers depend
/// only on that layer, the region's data and the region's seeded draws (`StudyMeasures.draw`), so
/// the merged shards give the study's result bit for bit (timings aside).
extension ModelBrainStudy {
  /// A shard's raw scores: per (measure, region) touched, the layers of its units.
  public struct Partial: Codable, Sendable {
    /// The units of the whole study (measures × regions × layers).
    public let totalUnits: Int
    /// The shard's units.
    public let units: Range<Int>
    /// Seconds per step in the shard (summed into the merged result's timings).
    public let timings: [String: Double]
    let pieces: [Piece]
  }

  /// The raw scores of one measure and region for a contiguous range of layers.
  struct Piece: Codable, Sendable {
    let measure: Int
    let region: Int
    let layers: Range<Int>
    let scores: LayerScores
  }

  /// Runs the units of `shard` (loading the whole study's data, computing only those units).
  /// `progress` reports units done of the shard's.
  public func runShard(_ shard: Shard, progress: (StudyProgress) -> Void = { _ in }) throws -> Partial {
    var clock = StudyClock()
    let prepared = try prepare()
    clock.lap("load")
    let data = prepared.data
    let (layerCount, regionCount) = (data.layers.count, data.regions.count)
    let units = shard.units(of: prepared.unitCount)
    var pieces: [Piece] = []
    var u = units.lowerBound
    while u < units.upperBound {
      let (group, first) = u.quotientAndRemainder(dividingBy: layerCount)
      let (m, g) = group.quotientAndRemainder(dividingBy: regionCount)
      let end = Swift.min(units.upperBound, (group + 1) * layerCount)
      let layers = first..<(first + end - u)
      let measure = specification.measures[m]
      let part = StudyData(
        stimuli: data.stimuli, layers: Array(data.layers[layers]), regions: data.regions, warnings: [])
      pieces.append(
        Piece(
          measure: m, region: g, layers: layers,
          scores: try layerScores(measure, region: data.regions[g], data: part, samples: prepared.samples[g])))
      clock.lap(measure.kind.rawValue)
      progress(
        clock.progress(
          done: end - units.lowerBound, total: units.count,
          step: "\(measure.kind.rawValue): \(layers.count) layers × \(data.regions[g].name)"))
      u = end
    }
    return Partial(totalUnits: prepared.unitCount, units: units, timings: clock.timings, pieces: pieces)
  }

  /// The study's result from the partials of all its shards (any order): the raw scores of every
  /// measure, region and layer stacked in layer order, then summarised exactly as `run` does; the
  /// data are loaded again for the RDM summary and the inputs. Throws unless the partials cover
  /// every unit of this study once.
  public func merge(_ partials: [Partial]) throws -> StudyResult {
    var clock = StudyClock()
    let prepared = try prepare()
    clock.lap("load")
    let data = prepared.data
    let context = "report merge"
    guard partials.allSatisfy({ $0.totalUnits == prepared.unitCount }) else {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "the partials split \(partials.map(\.totalUnits)) units but this study has \(prepared.unitCount) (measures × regions × layers)"
      )
    }
    for partial in partials {
      for (step, seconds) in partial.timings where step != "load" { clock.add(step, seconds) }
    }
    let pieces = partials.flatMap(\.pieces)
    let raw = try specification.measures.indices.map { m in
      try data.regions.indices.map { g -> LayerScores in
        let parts = pieces.filter { $0.measure == m && $0.region == g }.sorted {
          $0.layers.lowerBound < $1.layers.lowerBound
        }
        var next = 0
        for p in parts {
          guard p.layers.lowerBound == next, p.scores.samples.columns == p.layers.count else {
            throw NeurometryError.invalidInput(
              context: context,
              message:
                "layers \(p.layers) of \(specification.measures[m].label) × \(data.regions[g].name) after \(next)")
          }
          next = p.layers.upperBound
        }
        guard let first = parts.first, next == data.layers.count else {
          throw NeurometryError.invalidInput(
            context: context,
            message:
              "the partials give \(next) of \(data.layers.count) layers of \(specification.measures[m].label) × \(data.regions[g].name)"
          )
        }
        return LayerScores(
          scores: parts.flatMap(\.scores.scores),
          samples: Matrix.horizontalConcatenation(parts.map(\.scores.samples)), ceiling: first.scores.ceiling,
          resampling: first.scores.resampling)
      }
    }
    let checks = try checks(data, summaryMethod: prepared.summaryMethod, clock: &clock) { _, _ in }
    return try assemble(prepared, raw: raw, layerRDMs: nil, checks: checks, clock: clock)
  }
}

/// A run's clock: seconds per step (`lap`) and progress estimates.
struct StudyClock {
  let started = Date()
  private var mark = Date()
  /// Seconds per step so far.
  private(set) var timings: [String: Double] = [:]

  /// Adds the time since the last lap to `step`.
  mutating func lap(_ step: String) {
    timings[step, default: 0] += Date().timeIntervalSince(mark)
    mark = Date()
  }

  /// Adds `seconds` spent elsewhere (a shard) to `step`.
  mutating func add(_ step: String, _ seconds: Double) { timings[step, default: 0] += seconds }

  /// Seconds since the start.
  var elapsed: Double { Date().timeIntervalSince(started) }

  /// Progress after `done` of `total` units; the time left extrapolated from the units done.
  func progress(done: Int, total: Int, step: String, estimate: Bool = true) -> StudyProgress {
    let elapsed = self.elapsed
    return StudyProgress(
      done: done, total: total, step: step, elapsed: elapsed,
      remaining: estimate && done > 0 ? elapsed / Double(done) * Double(total - done) : nil)
  }
}
