import Neurometry

extension InspectCommand {
  /// The human summary of a Kilosort/Phy folder: files, parameters, label sources, clusters and
  /// spikes per label, duration.
  static func phyLines(_ p: PhySummary) -> [String] {
    var lines = ["  Kilosort/Phy folder, sample rate \(formatNumber(p.sampleRate)) Hz"]
    lines.append("  files: \(p.files.joined(separator: ", "))")
    lines.append("  cluster of each spike from \(p.clusterSource)")
    if p.labelFiles.isEmpty {
      lines.append(
        "  labels: none (no cluster_group.tsv, cluster_info.tsv or cluster_KSLabel.tsv label); every cluster is 'unsorted'"
      )
    } else {
      let sources = p.labelFiles.map { "\($0) (\(clusters(p.clustersPerLabelSource[$0] ?? 0)))" }
      lines.append("  labels from, in precedence order: \(sources.joined(separator: ", "))")
    }
    lines.append("  \(clusters(p.clusterCount)) with \(p.spikeCount.grouped) spikes:")
    for label in p.clustersPerLabel.keys.sorted() {
      lines.append(
        "    \(label): \(clusters(p.clustersPerLabel[label] ?? 0)), \((p.spikesPerLabel[label] ?? 0).grouped) spikes")
    }
    if let first = p.firstSpike, let last = p.lastSpike {
      lines.append("  spikes from \(formatNumber(first)) s to \(formatNumber(last)) s")
    }
    if let duration = p.recordingDuration, let samples = p.recordingSamples {
      lines.append(
        "  recording: \(samples.grouped) samples = \(formatNumber(duration)) s (from the raw data file size)")
    } else {
      lines.append("  recording: duration unknown (raw data file not found); the last spike is a lower bound")
    }
    for w in p.warnings { lines.append("  warning: \(w)") }
    return lines
  }

  private static func clusters(_ n: Int) -> String { "\(n.grouped) cluster\(n == 1 ? "" : "s")" }
}
