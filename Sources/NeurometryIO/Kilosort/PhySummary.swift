import Foundation
import NeurometryLinearAlgebra

/// What `neurometry inspect DIR` shows about a Kilosort/Phy folder: the files found, the
/// parameters, where the cluster of each spike and the labels came from (in the precedence
/// `PhyFolder` documents), clusters and spikes per label, and the recording's duration.
public struct PhySummary: Sendable, Codable, Equatable {
  /// The Kilosort/Phy files present, in a fixed order (params.py, spike_times.npy, …), then any
  /// other `.npy`/`.tsv`/`.csv` files of the folder by name.
  public let files: [String]
  /// Hz, from params.py.
  public let sampleRate: Double
  /// Every assignment of params.py, as written.
  public let parameters: [String: String]
  /// "spike_clusters.npy" or "spike_templates.npy".
  public let clusterSource: String
  /// The label files and columns that labelled at least one cluster, in precedence order.
  public let labelFiles: [String]
  /// Label file and column → clusters it labelled, with or without spikes (the first file in
  /// precedence order wins).
  public let clustersPerLabelSource: [String: Int]
  /// Label (lower-cased; `unsorted` for unlabelled clusters) → clusters with spikes.
  public let clustersPerLabel: [String: Int]
  /// Label → spikes of the clusters with that label.
  public let spikesPerLabel: [String: Int]
  /// Number of clusters with at least one spike, whatever their label (labelled clusters without
  /// spikes are not counted).
  public let clusterCount: Int
  /// Number of spikes in `spike_times.npy`.
  public let spikeCount: Int
  /// Earliest spike in seconds (nil without spikes).
  public let firstSpike: Double?
  /// Latest spike in seconds (nil without spikes).
  public let lastSpike: Double?
  /// Samples in the raw recording, when params.py leads to its .dat file(s).
  public let recordingSamples: Int?
  /// The recording's duration in seconds: `recordingSamples / sampleRate` when known, else
  /// nil (the last spike then gives a lower bound).
  public let recordingDuration: Double?
  /// Problems that did not stop reading (raw data missing, labelled clusters without spikes), one
  /// sentence each.
  public let warnings: [String]

  enum CodingKeys: String, CodingKey {
    case files, sampleRate = "sample_rate", parameters, clusterSource = "cluster_source", labelFiles = "label_files"
    case clustersPerLabelSource = "clusters_per_label_source", clustersPerLabel = "clusters_per_label"
    case spikesPerLabel = "spikes_per_label", clusterCount = "cluster_count", spikeCount = "spike_count"
    case firstSpike = "first_spike", lastSpike = "last_spike", recordingSamples = "recording_samples"
    case recordingDuration = "recording_duration", warnings
  }

  /// The files Kilosort and Phy write, in the order the summary lists them.
  static let knownFiles = [
    "params.py", "spike_times.npy", "spike_clusters.npy", "spike_templates.npy", "amplitudes.npy",
    "templates.npy", "templates_ind.npy", "whitening_mat.npy", "channel_map.npy", "channel_positions.npy",
    "pc_features.npy", "pc_feature_ind.npy", "similar_templates.npy", "cluster_group.tsv", "cluster_groups.csv",
    "cluster_info.tsv", "cluster_KSLabel.tsv", "cluster_ContamPct.tsv", "cluster_Amplitude.tsv",
  ]

  /// Summarises a folder read by `PhyFolder.read`.
  public init(_ folder: PhyFolder) {
    let present = Set((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
    let known = PhySummary.knownFiles.filter(present.contains)
    let others = present.subtracting(known).filter { name in
      [".npy", ".tsv", ".csv"].contains { name.lowercased().hasSuffix($0) }
    }.sorted()
    let raw = folder.parameters.dataPaths.filter { p in
      FileManager.default.fileExists(atPath: p.hasPrefix("/") ? p : (folder.path as NSString).appendingPathComponent(p))
    }
    files = known + others + raw
    sampleRate = folder.parameters.sampleRate
    parameters = folder.parameters.assignments
    clusterSource = folder.clusterSource
    labelFiles = folder.labelFiles
    var spikesPerCluster: [Int64: Int] = [:]
    for c in folder.spikeClusters { spikesPerCluster[c, default: 0] += 1 }
    var clustersPerLabel: [String: Int] = [:]
    var spikesPerLabel: [String: Int] = [:]
    for (cluster, spikes) in spikesPerCluster {
      let label = folder.labels[cluster]?.label ?? "unsorted"
      clustersPerLabel[label, default: 0] += 1
      spikesPerLabel[label, default: 0] += spikes
    }
    var perSource: [String: Int] = [:]
    for entry in folder.labels.values { perSource[entry.source, default: 0] += 1 }
    var warnings = folder.warnings
    let withoutSpikes = folder.labels.keys.filter { spikesPerCluster[$0] == nil }.count
    if withoutSpikes > 0 {
      warnings.append(
        "\(withoutSpikes) labelled cluster\(withoutSpikes == 1 ? " has" : "s have") no spikes in \(folder.clusterSource) (merged or split away in Phy?)"
      )
    }
    self.clustersPerLabel = clustersPerLabel
    self.spikesPerLabel = spikesPerLabel
    clustersPerLabelSource = perSource
    clusterCount = spikesPerCluster.count
    spikeCount = folder.spikeSamples.count
    let rate = folder.parameters.sampleRate
    firstSpike = folder.spikeSamples.min().map { Double($0) / rate }
    lastSpike = folder.spikeSamples.max().map { Double($0) / rate }
    recordingSamples = folder.recordingSamples
    recordingDuration = folder.recordingSamples.map { Double($0) / rate }
    self.warnings = warnings
  }
}
