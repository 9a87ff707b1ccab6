/// One cluster of a spike sorting: its id, label, and spikes as sample indices and seconds.
public struct KilosortCluster: Sendable, Equatable, Codable {
  /// The cluster id from `spike_clusters.npy` (or the template id from `spike_templates.npy`).
  public let id: Int64
  /// Lower-cased label: good, mua, noise, unsorted (or whatever the curator wrote).
  public let label: String
  /// The file and column the label came from (nil for unsorted).
  public let labelSource: String?
  /// Spike sample indices, ascending.
  public let sampleIndices: [Int64]
  /// Spike times in seconds: `sampleIndices / sampleRate`.
  public let spikeTimes: [Double]
}
