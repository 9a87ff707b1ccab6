import NeurometryIO
import NeurometryLinearAlgebra

/// Condition-by-channel response patterns: the hub every loader feeds and every measure reads
/// (rsatoolbox's `Dataset`).
///
/// - `measurements`: n_observations × n_channels (rows: conditions, trials or time points;
///   columns: neurons, voxels, units, features).
/// - `observationDescriptors`: per-row labels by name (e.g. "condition", "run", "session",
///   "stimulus"), each with exactly one entry per row.
/// - `channelDescriptors`: per-column labels by name (e.g. "unit", "region", "voxel").
/// - `observationDescriptorKinds`: whether an observation descriptor came from numbers or text
///   (`Labels.Kind`), which decides how its conditions sort. A descriptor without an entry is
///   typed from its text (`Labels(text:)`).
///
/// The initialiser checks every count and throws `NeurometryError.shapeMismatch` naming the
/// descriptor, so a pattern set can never hold 96 labels for 95 rows.
public struct ResponsePatterns: Sendable, Equatable {
  /// n_observations × n_channels (rows: conditions, trials or time points; columns: channels).
  public let measurements: Matrix
  /// Per-row labels by name, each with one entry per row of `measurements`.
  public let observationDescriptors: [String: [String]]
  /// Per-column labels by name, each with one entry per column of `measurements`.
  public let channelDescriptors: [String: [String]]

  /// Patterns from a measurement matrix and its descriptors; `observationDescriptorKinds` fixes the
  /// kind of a descriptor (otherwise typed from its text) and `source` names the patterns in errors.
  /// Throws `NeurometryError.shapeMismatch` naming a descriptor whose count differs from the rows or
  /// columns, and `invalidInput` when a descriptor declared numeric holds a label that is not a finite number.
  public init(
    measurements: Matrix, observationDescriptors: [String: [String]] = [:],
    channelDescriptors: [String: [String]] = [:], observationDescriptorKinds: [String: Labels.Kind] = [:],
    source: String = "patterns"
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
    var typed: [String: Labels] = [:]
    for (name, values) in observationDescriptors {
      typed[name] =
        try observationDescriptorKinds[name].map {
          try Labels(values, kind: $0, context: "\(source): observation descriptor '\(name)'")
        } ?? Labels(text: values)
    }
    self.typedObservations = typed
  }

  private let typedObservations: [String: Labels]

  /// Numeric or text, per observation descriptor (given, or typed from the text).
  public var observationDescriptorKinds: [String: Labels.Kind] { typedObservations.mapValues(\.kind) }

  /// Patterns whose observation descriptors are typed labels.
  public init(
    measurements: Matrix, observationLabels: [String: Labels], channelDescriptors: [String: [String]] = [:],
    source: String = "patterns"
  ) throws {
    try self.init(
      measurements: measurements, observationDescriptors: observationLabels.mapValues(\.values),
      channelDescriptors: channelDescriptors, observationDescriptorKinds: observationLabels.mapValues(\.kind),
      source: source)
  }

  /// The observation descriptor `name` as typed labels (nil when there is none).
  public func observationLabels(_ name: String) -> Labels? { typedObservations[name] }

  /// The number of observations (rows of `measurements`).
  public var observationCount: Int { measurements.rows }
  /// The number of channels (columns of `measurements`).
  public var channelCount: Int { measurements.columns }
}
