import NeurometryLinearAlgebra

extension FileSummary {
  /// One member of a container (an NPZ member, an HDF5/NWB dataset path, a MATLAB variable),
  /// read whole and summarised, whatever its size (`inspect FILE --dataset /path`).
  public static func inspect(_ path: String, dataset member: String) throws -> FileSummary {
    let format = try FileFormat.detect(path)
    let size = try FileAccess.read(path).count
    let array = try ArrayFile.read(path, member: member)
    var summary = ArraySummary(name: member, array: array)
    if format == .mat, let mat = try? MATFile(path: path), let shape = try? mat.matlabShape(mat.locate(member).object) {
      summary.shape = shape
      summary.count = ArraySummary.elementCount(shape)
    }
    return FileSummary(path: path, format: format, formatVersion: nil, sizeBytes: size, arrays: [summary])
  }

  /// Datasets larger than this many elements are listed without value statistics by `inspect`
  /// (a raw ElectricalSeries is never read whole just to be described).
  public static let statisticsElementLimit = 10_000_000

  /// HDF5, NWB and MATLAB v7.3 files: every dataset (path, shape, type, statistics), the NWB
  /// units/intervals/time series when the file is NWB, MATLAB variables in MATLAB's shape.
  static func inspectHDF5(_ path: String, format: FileFormat, size: Int) throws -> FileSummary {
    if format == .mat || format == .matV5 {
      let mat = try MATFile(path: path)
      let (arrays, warnings) = try mat.summaries()
      var summary = FileSummary(path: path, format: .mat, formatVersion: "7.3", sizeBytes: size, arrays: arrays)
      summary.warnings = warnings
      return summary
    }
    let file = try HDF5File(path: path)
    var arrays: [ArraySummary] = []
    var unread: [String] = []
    let entries = try file.walk()
    // A link whose object libhdf5 cannot read (a damaged header) is named with the reason.
    for entry in entries where entry.kind == nil && entry.linkTarget == nil {
      do { try file.throwIfDamaged(entry.path) } catch {
        unread.append("\(entry.path): not read: \((error as? NeurometryError)?.reason ?? "\(error)")")
      }
    }
    for datasetPath in entries.filter({ $0.kind == .dataset && $0.linkTarget == nil }).map(\.path) {
      let d = try file.dataset(datasetPath)
      // Values that cannot be summarised (uint64 beyond Int64, missing filters, damaged strings)
      // are listed without statistics, with the reason among the warnings.
      var array: NDArray? = nil
      if d.type.isNumeric || d.type.kind == .string, d.count <= statisticsElementLimit,
        d.filters.allSatisfy(\.available)
      {
        do { array = try d.read() } catch {
          let reason = (error as? NeurometryError)?.reason ?? "\(error)"
          unread.append("\(datasetPath): its values were not read: \(reason)")
        }
      }
      arrays.append(
        array.map { ArraySummary(name: datasetPath, array: $0) }
          ?? ArraySummary(name: datasetPath, shape: d.shape, dtype: d.type.descr))
    }
    if let old = NWBFile.version1(file) {
      var summary = FileSummary(path: path, format: .nwb, formatVersion: old, sizeBytes: size, arrays: arrays)
      summary.warnings =
        [
          "an NWB 1.x file (nwb_version '\(old)'): its arrays are listed and read with --dataset /path; its series and tables are read from NWB 2.x files only (convert it to NWB 2 first)"
        ] + unread
      return summary
    }
    var summary: FileSummary
    if NWBFile.isNWB(file) {
      let nwb = try NWBFile(path: path)
      summary = FileSummary(
        path: path, format: .nwb, formatVersion: nwb.version, sizeBytes: size, arrays: arrays,
        nwb: try NWBSummary(nwb))
    } else {
      summary = FileSummary(path: path, format: format, formatVersion: nil, sizeBytes: size, arrays: arrays)
    }
    summary.warnings = unread
    return summary
  }
}
