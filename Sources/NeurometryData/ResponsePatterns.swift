import NeurometryLinearAlgebra

/// Condition-by-channel response patterns: the hub every loader feeds and every measure reads
/// (rsatoolbox's `Dataset`).
///
/// - `measurements`: n_observations × n_channels (rows: conditions, trials or time points;
///   columns: neurons, voxels, units, features).
/// - `observationDescriptors`: per-row labels by name (e.g. "condition", "run", "session",
///   "stimulus"), each with exactly one entry per row.
/// - `channelDescriptors`: per-column labels by name (e.g. "unit", "region", "voxel").
///
/// The initialiser checks every count and throws `NeurometryError.shapeMismatch` naming the
/// descriptor, so a pattern set can never hold 96 labels for 95 rows.
public struct ResponsePatterns: Sendable, Equatable {
  public let measurements: Matrix
  public let observationDescriptors: [String: [String]]
  public let channelDescriptors: [String: [String]]

  public init(
    measurements: Matrix, observationDescriptors: [String: [String]] = [:],
    channelDescriptors: [String: [String]] = [:], source: String = "patterns"
  ) throws {
    for (name, labels) in observationDescriptors.sorted(by: { $0.key < $1.key }) where labels.count != measurements.rows
    {
      throw NeurometryError.shapeMismatch(
        context: source,
        message:
          "observation descriptor '\(name)' has \(labels.count.grouped) labels but the patterns have \(measurements.rows.grouped) rows"
      )
    }
    for (name, labels) in channelDescriptors.sorted(by: { $0.key < $1.key }) where labels.count != measurements.columns
    {
      throw NeurometryError.shapeMismatch(
        context: source,
        message:
          "channel descriptor '\(name)' has \(labels.count.grouped) labels but the patterns have \(measurements.columns.grouped) columns"
      )
    }
    self.measurements = measurements
    self.observationDescriptors = observationDescriptors
    self.channelDescriptors = channelDescriptors
  }

  public var observationCount: Int { measurements.rows }
  public var channelCount: Int { measurements.columns }
}
