import Foundation
import NeurometryLinearAlgebra

extension FileSummary {
  /// A Kilosort/Phy folder: the `PhySummary`, and the spike arrays (times and clusters) summarised.
  static func inspectPhy(_ path: String) throws -> FileSummary {
    let folder = try PhyFolder.read(path)
    let summary = PhySummary(folder)
    var size = 0
    for name in summary.files {
      let full = name.hasPrefix("/") ? name : (path as NSString).appendingPathComponent(name)
      size += ((try? FileManager.default.attributesOfItem(atPath: full))?[.size] as? NSNumber)?.intValue ?? 0
    }
    let arrays = try ["spike_times.npy", folder.clusterSource].map { name in
      ArraySummary(name: name, array: try NPYFile.read((path as NSString).appendingPathComponent(name)))
    }
    return FileSummary(path: path, format: .phy, formatVersion: nil, sizeBytes: size, arrays: arrays, phy: summary)
  }
}
