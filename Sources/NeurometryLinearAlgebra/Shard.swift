/// One of N slices of a run's work (DESIGN.md §7): `K/N` with K counted from 0, as a Slurm job
/// array `--array=0-(N−1)` numbers its tasks (`--shard $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT`).
///
/// A run's independent units (searchlight centres, bootstrap samples, encoding targets, report
/// cells) are enumerated in a fixed order; shard K of N takes the contiguous units
/// [⌊U·K/N⌋, ⌊U·(K+1)/N⌋) of U, so the N shards cover every unit exactly once and differ in size
/// by at most one (a shard may be empty when N > U). Every unit's result depends only on the inputs,
/// the seed and the unit, so the merged shards equal one run bit for bit.
public struct Shard: Sendable, Hashable, Codable, CustomStringConvertible {
  /// K, the shard's position, 0 ≤ K < N.
  public let index: Int
  /// N, the number of shards the work is split into (≥ 1).
  public let count: Int

  /// Shard `index` of `count`; throws unless 1 ≤ count and 0 ≤ index < count.
  public init(index: Int, count: Int) throws {
    guard count >= 1 else {
      throw NeurometryError.invalidInput(context: "--shard \(index)/\(count)", message: "needs at least 1 shard")
    }
    guard index >= 0, index < count else {
      throw NeurometryError.invalidInput(
        context: "--shard \(index)/\(count)",
        message:
          "shards count from 0: the \(count) shards are 0/\(count) … \(count - 1)/\(count) (a Slurm array --array=0-\(count - 1))"
      )
    }
    self.index = index
    self.count = count
  }

  /// Parses `K/N` (e.g. `2/7`).
  public init(parsing text: String) throws {
    let parts = text.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]) else {
      throw NeurometryError.invalidInput(
        context: "--shard '\(text)'", message: "expected K/N, e.g. 0/4 for the first of 4 shards (K counts from 0)")
    }
    try self.init(index: k, count: n)
  }

  /// `K/N`.
  public var description: String { "\(index)/\(count)" }

  /// This shard's units of `total`: [⌊total·K/N⌋, ⌊total·(K+1)/N⌋).
  public func units(of total: Int) -> Range<Int> {
    let start = total * index / count
    let end = total * (index + 1) / count
    return start..<end
  }

  /// Throws unless `shards` are exactly 0/N … (N−1)/N of one N, each once; `sources` name them
  /// (e.g. their files) for the message.
  public static func requireComplete(_ shards: [Shard], sources: [String]) throws {
    guard let first = shards.first else {
      throw NeurometryError.invalidInput(context: "merge", message: "no partial results given")
    }
    let n = first.count
    if let other = shards.indices.first(where: { shards[$0].count != n }) {
      throw NeurometryError.invalidInput(
        context: "merge",
        message:
          "\(sources[0]) is shard \(first) but \(sources[other]) is shard \(shards[other]): they come from runs split differently"
      )
    }
    var seen = [Int: String]()
    for (shard, source) in zip(shards, sources) {
      if let earlier = seen[shard.index] {
        throw NeurometryError.invalidInput(
          context: "merge", message: "shard \(shard) is given twice: \(earlier) and \(source)")
      }
      seen[shard.index] = source
    }
    let missing = (0..<n).filter { seen[$0] == nil }
    guard missing.isEmpty else {
      let list = missing.prefix(10).map { "\($0)/\(n)" }.joined(separator: ", ") + (missing.count > 10 ? ", …" : "")
      throw NeurometryError.invalidInput(
        context: "merge",
        message:
          "\(missing.count) of \(n) shards \(missing.count == 1 ? "is" : "are") missing (\(list)); run them, or check that their jobs succeeded"
      )
    }
  }
}
