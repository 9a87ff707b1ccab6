/// The clusters of a Kilosort/Phy folder that passed a label filter, with a report of what was
/// used: the cluster file, the label files and how many clusters each labelled, and how many
/// clusters of each label were left out. (An IO-level result; the data layer turns it into spike
/// trains.)
public struct KilosortSorting: Sendable, Equatable, Codable {
  /// The Kilosort/Phy folder that was read, as given.
  public let folder: String
  /// Hz, from params.py.
  public let sampleRate: Double
  /// "spike_clusters.npy" or "spike_templates.npy".
  public let clusterSource: String
  /// The label filter that chose `clusters`.
  public let filter: PhyClusterFilter
  /// Kept clusters, by increasing id.
  public let clusters: [KilosortCluster]
  /// Label source ("cluster_group.tsv 'group'", …) → kept clusters it labelled.
  public let labelSources: [String: Int]
  /// Label → clusters left out by the filter.
  public let excludedByLabel: [String: Int]
  /// Samples in the raw recording, when known.
  public let recordingSamples: Int?
  /// Problems that did not stop reading (no raw data to check spike times against, unsorted spike
  /// times, labelled clusters without spikes), one sentence each.
  public let warnings: [String]

  /// The recording's duration in seconds, when known.
  public var recordingDuration: Double? { recordingSamples.map { Double($0) / sampleRate } }

  /// Reads a folder and keeps the clusters `filter` selects (see `PhyFolder`).
  public static func read(_ folder: String, filter: PhyClusterFilter = .good) throws -> KilosortSorting {
    try PhyFolder.read(folder).sorting(filter: filter)
  }
}
