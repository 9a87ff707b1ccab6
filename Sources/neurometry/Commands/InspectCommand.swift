import ArgumentParser
import Neurometry

/// `neurometry inspect FILE`: what is inside a file.
struct InspectCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show what is inside a file: arrays, shapes, types, order and value statistics.",
    discussion: """
      Supported now: NumPy .npy and .npz; HDF5 (every dataset), NWB 2.x (plus units, interval \
      tables and time series), MATLAB v7.3 .mat (variables in MATLAB's shape), NIfTI-1/2 (.nii, \
      .nii.gz, .hdr/.img: header, affine and its source), Kilosort/Phy output folders (files, label \
      sources, clusters and spikes per label, duration). The format is chosen by magic bytes, then \
      extension.
      """
  )

  @Argument(help: "The file (or Kilosort/Phy folder) to inspect.")
  var file: String

  @Option(
    name: .long,
    help: "Only this member: an NPZ member, an HDF5/NWB dataset path (/units/spike_times) or a MATLAB variable.")
  var dataset: String?

  @OptionGroup var output: OutputOptions

  func run() throws {
    try reportingDataErrors {
      let summary = try dataset.map { try FileSummary.inspect(file, dataset: $0) } ?? FileSummary.inspect(file)
      var inputs = ["file": file]
      if let dataset { inputs["dataset"] = dataset }
      try printReport(
        command: "inspect", json: output.json, inputs: inputs, parameters: { NoParameters() }, result: summary,
        warnings: summary.allWarnings
      ) { Self.humanSummary(summary) }
    }
  }

  static func humanSummary(_ s: FileSummary) -> String {
    var lines = [
      "\(s.path): \(s.format.rawValue.uppercased())\(s.formatVersion.map { " " + $0 } ?? ""), \(s.sizeBytes.grouped) bytes, \(s.arrays.count) array\(s.arrays.count == 1 ? "" : "s")"
    ]
    if let nifti = s.nifti { lines += niftiLines(nifti) }
    for a in s.arrays {
      let shape = NDArray.describe(shape: a.shape)
      lines.append(
        "  \(a.name.map { $0 + ": " } ?? "")shape \(shape)  \(a.dtype)  \(a.order) order  \(a.count.grouped) values")
      if let distinct = a.distinctCount {
        lines.append(
          "    strings: \(distinct.grouped) distinct, first: \((a.examples ?? []).map { "'\($0)'" }.joined(separator: ", "))"
        )
      } else {
        var stats =
          "    min \(formatNumber(a.minimum))  max \(formatNumber(a.maximum))  mean \(formatNumber(a.mean))  NaN \(a.nanCount ?? 0)"
        if let inf = a.infinityCount, inf > 0 { stats += "  ±inf \(inf)" }
        lines.append(stats)
      }
    }
    if let nwb = s.nwb { lines += nwbLines(nwb) }
    for w in s.warnings { lines.append("warning: \(w)") }
    if let phy = s.phy { lines += phyLines(phy) }
    return lines.joined(separator: "\n")
  }
}
