import Foundation
import NeurometryLinearAlgebra

/// A Kilosort/Phy output folder, read: `params.py`, `spike_times.npy`, the cluster of each spike,
/// and the cluster labels.
///
/// - `spike_times.npy`: spike sample indices, 1-D or N×1, any integer type (uint64/int64 as
///   Kilosort writes them); negative values are an error.
/// - The cluster of each spike: `spike_clusters.npy` (after curation) if present, else
///   `spike_templates.npy` (Kilosort's templates, before curation); neither is an error. Its length
///   must equal the number of spikes.
/// - Labels, per cluster, from the first of these that labels it (the precedence):
///   1. `cluster_group.tsv` column `group` (Phy's manual curation; the legacy `cluster_groups.csv`,
///      tab-separated, is read the same way);
///   2. `cluster_info.tsv` column `group` (Phy's export of the same curation);
///   3. `cluster_KSLabel.tsv` column `KSLabel` (Kilosort's automatic good/mua), else
///      `cluster_info.tsv` column `KSLabel`.
///   Clusters no file labels are `unsorted` (Phy's word). Labels are compared lower-cased. The
///   cluster id column is `cluster_id` (`id` in older `cluster_info.tsv`).
/// - The recording's length, when `params.py` names the raw `.dat` file(s) with `n_channels_dat`
///   and `dtype` and they exist: `(bytes − offset) / (channels × bytes per sample)` samples. A
///   spike at or beyond it is an error; when the length cannot be known a warning says so.
public struct PhyFolder: Sendable {
  /// The folder, as given to `read`.
  public let path: String
  /// The folder's `params.py`, parsed.
  public let parameters: PhyParameters
  /// Sample index of every spike, in file order.
  public let spikeSamples: [Int64]
  /// Cluster (or template) of every spike.
  public let spikeClusters: [Int64]
  /// "spike_clusters.npy" or "spike_templates.npy".
  public let clusterSource: String
  /// Cluster id → (lower-cased label, the file and column it came from).
  public let labels: [Int64: (label: String, source: String)]
  /// The label files found, in precedence order.
  public let labelFiles: [String]
  /// Samples in the raw recording, when it could be measured.
  public let recordingSamples: Int?
  /// Problems that did not stop reading (no `dat_path`, raw data missing or not a whole number of
  /// frames, so spike times could not be checked against the recording's length), one sentence each.
  public let warnings: [String]

  /// Reads a folder. Errors name the file and what was expected.
  public static func read(_ path: String) throws -> PhyFolder {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw NeurometryError.fileNotFound(path: path)
    }
    guard isDirectory.boolValue else {
      throw NeurometryError.invalidInput(context: path, message: "is a file; a Kilosort/Phy output is a folder")
    }
    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }
    func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: file(name)) }
    guard exists("params.py") else {
      throw NeurometryError.fileNotFound(path: file("params.py"))
    }
    let parameters = try PhyParameters.read(file("params.py"))
    guard exists("spike_times.npy") else { throw NeurometryError.fileNotFound(path: file("spike_times.npy")) }
    let samples = try spikeColumn(file("spike_times.npy"), what: "spike sample indices")
    let clusterSource: String
    if exists("spike_clusters.npy") {
      clusterSource = "spike_clusters.npy"
    } else if exists("spike_templates.npy") {
      clusterSource = "spike_templates.npy"
    } else {
      throw NeurometryError.invalidInput(
        context: path,
        message:
          "has neither spike_clusters.npy nor spike_templates.npy, so the cluster of each spike is unknown (is this a Kilosort output folder?)"
      )
    }
    let clusters = try spikeColumn(file(clusterSource), what: "cluster ids")
    guard clusters.count == samples.count else {
      throw NeurometryError.shapeMismatch(
        context: file(clusterSource),
        message: "has \(clusters.count.grouped) entries but spike_times.npy has \(samples.count.grouped) spikes")
    }
    var warnings: [String] = []
    for (k, s) in samples.enumerated() where s < 0 {
      throw NeurometryError.invalidInput(
        context: file("spike_times.npy"), message: "spike \(k.grouped) is at sample \(s); sample indices start at 0")
    }
    // Recording length from the raw data file(s).
    var recording: Int? = nil
    if parameters.dataPaths.isEmpty {
      warnings.append("params.py names no dat_path; spike times are not checked against the recording's length")
    } else if let channels = parameters.channelCount, let bytes = parameters.bytesPerSample {
      var total = 0
      var missing: [String] = []
      for p in parameters.dataPaths {
        let full = p.hasPrefix("/") ? p : file(p)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: full),
          let size = (attributes[.size] as? NSNumber)?.intValue
        else {
          missing.append(p)
          continue
        }
        let frame = channels * bytes
        let usable = Swift.max(size - parameters.offset, 0)
        if usable % frame != 0 {
          warnings.append(
            "\(full): \(usable.grouped) bytes after the offset are not a whole number of \(channels)-channel \(parameters.dataType ?? "") frames"
          )
        }
        total += usable / frame
      }
      if missing.isEmpty {
        recording = total
      } else {
        warnings.append(
          "raw data \(missing.joined(separator: ", ")) not found; spike times are not checked against the recording's length"
        )
      }
    } else {
      warnings.append(
        "params.py lacks n_channels_dat or a known dtype; spike times are not checked against the recording's length")
    }
    if let recording, let last = samples.indices.max(by: { samples[$0] < samples[$1] }), samples[last] >= recording {
      throw NeurometryError.invalidInput(
        context: file("spike_times.npy"),
        message:
          "spike \(last.grouped) is at sample \(samples[last]), beyond the recording (\(recording.grouped) samples in \(parameters.dataPaths.joined(separator: ", "))); wrong params.py, or spike times of another recording?"
      )
    }
    // Labels, by precedence.
    var labels: [Int64: (label: String, source: String)] = [:]
    var files: [String] = []
    func take(_ name: String, column: String) throws {
      guard exists(name) else { return }
      let table = try TSVTable.read(file(name))
      guard table.hasColumn(column) else { return }
      let idColumn = table.hasColumn("cluster_id") ? "cluster_id" : "id"
      let ids = try table.requiredDoubles(idColumn, purpose: "the cluster id")
      let values = try table.strings(column)
      var used = 0
      for (r, id) in ids.enumerated() {
        guard id.rounded() == id, let cluster = Int64(exactly: id) else {
          throw NeurometryError.invalidInput(
            context: "\(file(name)): column '\(idColumn)', line \(table.lineNumbers[r])",
            message: "\(id) is not a cluster id")
        }
        guard let label = values[r]?.trimmingCharacters(in: .whitespaces), !label.isEmpty, labels[cluster] == nil
        else { continue }
        labels[cluster] = (label.lowercased(), "\(name) '\(column)'")
        used += 1
      }
      if used > 0 { files.append("\(name) '\(column)'") }
    }
    for legacy in ["cluster_group.tsv", "cluster_groups.csv"] { try take(legacy, column: "group") }
    try take("cluster_info.tsv", column: "group")
    try take("cluster_KSLabel.tsv", column: "KSLabel")
    try take("cluster_info.tsv", column: "KSLabel")
    return PhyFolder(
      path: path, parameters: parameters, spikeSamples: samples, spikeClusters: clusters, clusterSource: clusterSource,
      labels: labels, labelFiles: files, recordingSamples: recording, warnings: warnings)
  }

  /// A 1-D (or N×1) integer column from an `.npy` file.
  static func spikeColumn(_ path: String, what: String) throws -> [Int64] {
    let array = try NPYFile.read(path)
    guard array.dimensions == 1 || (array.dimensions == 2 && array.shape[1] == 1) else {
      throw NeurometryError.shapeMismatch(
        context: path, message: "has shape \(array.shapeDescription), expected \(what) as a 1-D or N×1 array")
    }
    guard array.isNumeric else {
      throw NeurometryError.unsupported(
        path: path, field: nil, message: "holds \(array.sourceType), expected integer \(what)")
    }
    return try array.integers(context: path)
  }

  /// The clusters kept by `filter`, each with its spike sample indices (ascending) and times in
  /// seconds (`sample / sample_rate`), and a report of what was kept and why.
  public func sorting(filter: PhyClusterFilter) throws -> KilosortSorting {
    if filter.needsLabels && labels.isEmpty {
      throw NeurometryError.invalidInput(
        context: path,
        message:
          "has no cluster labels (cluster_group.tsv, cluster_info.tsv, cluster_KSLabel.tsv), so no cluster can be selected as '\(filter.rawValue)'; use the filter 'all' or 'not-noise'"
      )
    }
    var byCluster: [Int64: [Int64]] = [:]
    for (s, c) in zip(spikeSamples, spikeClusters) { byCluster[c, default: []].append(s) }
    var warnings = self.warnings
    if zip(spikeSamples, spikeSamples.dropFirst()).contains(where: { $0 > $1 }) {
      warnings.append("spike_times.npy is not in increasing order; each cluster's spikes are sorted")
    }
    var kept: [KilosortCluster] = []
    var excluded: [String: Int] = [:]
    var sources: [String: Int] = [:]
    for id in byCluster.keys.sorted() {
      let (label, source) = labels[id] ?? ("unsorted", nil)
      guard filter.keeps(label) else {
        excluded[label, default: 0] += 1
        continue
      }
      if let source { sources[source, default: 0] += 1 }
      let samples = (byCluster[id] ?? []).sorted()
      kept.append(
        KilosortCluster(
          id: id, label: label, labelSource: source, sampleIndices: samples,
          spikeTimes: samples.map { Double($0) / parameters.sampleRate }))
    }
    let labelledWithoutSpikes = labels.keys.filter { byCluster[$0] == nil }.count
    if labelledWithoutSpikes > 0 {
      warnings.append(
        "\(labelledWithoutSpikes) labelled cluster\(labelledWithoutSpikes == 1 ? " has" : "s have") no spikes in \(clusterSource) (merged or split away in Phy?)"
      )
    }
    if kept.isEmpty {
      throw NeurometryError.invalidInput(
        context: path,
        message:
          "no cluster passes the filter '\(filter.rawValue)' (\(excluded.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")))"
      )
    }
    return KilosortSorting(
      folder: path, sampleRate: parameters.sampleRate, clusterSource: clusterSource, filter: filter, clusters: kept,
      labelSources: sources, excludedByLabel: excluded, recordingSamples: recordingSamples, warnings: warnings)
  }
}
