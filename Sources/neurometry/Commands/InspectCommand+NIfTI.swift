import Neurometry

extension InspectCommand {
  /// The human summary of a NIfTI header: type, shape, voxel size, TR, the affine and its source.
  static func niftiLines(_ n: NIfTISummary) -> [String] {
    var lines: [String] = []
    let shape = NDArray.describe(shape: n.shape)
    lines.append(
      "  NIfTI-\(n.version)\(n.isPair ? " pair" : ""), \(n.byteOrder)-endian, \(n.dataType) (datatype \(n.datatypeCode)), shape \(shape)"
    )
    var voxel =
      "  voxel size " + n.zooms.prefix(3).map { formatNumber($0) }.joined(separator: " × ") + " \(n.spatialUnit)"
    if let tr = n.repetitionTime { voxel += ", TR \(formatNumber(tr)) s" }
    lines.append(voxel)
    let codes = "sform_code \(n.sformCode), qform_code \(n.qformCode)"
    lines.append("  affine from the \(n.affineSource.rawValue) (\(codes)):")
    for row in n.affine {
      lines.append("    [" + row.map { formatNumber($0) }.joined(separator: ", ") + "]")
    }
    if n.scaled { lines.append("  scaled: value = raw × \(formatNumber(n.sclSlope)) + \(formatNumber(n.sclInter))") }
    if !n.voxelsReadable { lines.append("  voxels: \(n.dataType) is not read by Neurometry (real-valued types only)") }
    if !n.description.isEmpty { lines.append("  description: \(n.description)") }
    for w in n.warnings { lines.append("  warning: \(w)") }
    return lines
  }
}
