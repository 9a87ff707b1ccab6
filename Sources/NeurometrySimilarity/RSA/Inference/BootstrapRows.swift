import NeurometryLinearAlgebra

/// A shard's share of a bootstrap: the per-sample rows (`ModelEvaluator.bootstrapRows` or
/// `dualBootstrapRows`) of samples `samples` of `total`, what `evaluate --shard K/N` writes.
/// Sample b is drawn from `RandomStream(seed:stream: b)` alone, so every shard draws its samples
/// itself and the stacked rows equal one run's bit for bit.
public struct BootstrapRows: Codable, Sendable {
  /// The number of samples of the whole bootstrap.
  public let total: Int
  /// The shard's samples (numbers in the whole bootstrap).
  public let samples: Range<Int>
  /// Samples × values per sample.
  public let rows: Matrix

  /// The rows of samples `samples` of `total`.
  public init(total: Int, samples: Range<Int>, rows: Matrix) {
    self.total = total
    self.samples = samples
    self.rows = rows
  }

  /// The rows of all samples from the shards' parts (any order); throws unless they tile
  /// 0..<total with rows of one width.
  public static func stacking(_ parts: [BootstrapRows]) throws -> Matrix {
    let ordered = parts.sorted { $0.samples.lowerBound < $1.samples.lowerBound }
    var next = 0
    for p in ordered {
      guard p.samples.lowerBound == next, p.rows.rows == p.samples.count, p.total == ordered[0].total,
        p.rows.columns == ordered[0].rows.columns
      else {
        throw NeurometryError.invalidInput(
          context: "bootstrap merge",
          message: "the partial rows do not tile the samples: samples \(p.samples) of \(p.total) after \(next)")
      }
      next = p.samples.upperBound
    }
    guard let first = ordered.first, next == first.total else {
      throw NeurometryError.invalidInput(
        context: "bootstrap merge", message: "the partials cover \(next) of \(ordered.first?.total ?? 0) samples")
    }
    return Matrix.verticalConcatenation(ordered.map(\.rows))
  }
}
