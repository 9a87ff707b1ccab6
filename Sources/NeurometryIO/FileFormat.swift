import NeurometryLinearAlgebra

/// The file formats Neurometry recognises, chosen by magic bytes first and extension second.
public enum FileFormat: String, Sendable, Codable, CaseIterable {
  case npy, npz, hdf5, nifti, niftiGzip = "nifti-gz", tsv, unknown

  /// Detects the format of the file at `path`. Throws if the file cannot be read.
  public static func detect(_ path: String) throws -> FileFormat {
    let data = try FileAccess.read(path)
    let head = Array(data.prefix(1024))
    if NPYFile.hasMagic(head) { return .npy }
    if ZipArchive.hasMagic(head) { return .npz }
    let hdf5Magic: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
    // HDF5 superblock at 0, 512, 1024, … (MATLAB v7.3 files have a 512-byte user block).
    var offset = 0
    while offset + 8 <= data.count && offset <= 1 << 20 {
      if Array(data[(data.startIndex + offset)..<(data.startIndex + offset + 8)]) == hdf5Magic { return .hdf5 }
      offset = offset == 0 ? 512 : offset * 2
    }
    if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B { return .niftiGzip }
    let lower = path.lowercased()
    if lower.hasSuffix(".nii") || lower.hasSuffix(".hdr") || lower.hasSuffix(".img") { return .nifti }
    if lower.hasSuffix(".tsv") { return .tsv }
    if lower.hasSuffix(".npy") { return .npy }
    if lower.hasSuffix(".npz") { return .npz }
    return .unknown
  }
}
