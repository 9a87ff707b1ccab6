import Foundation
import NeurometryLinearAlgebra

/// The file formats Neurometry recognises, chosen by magic bytes first and extension second.
///
/// HDF5-based formats: `.hdf5` (any HDF5 file), `.nwb` (an HDF5 file named `*.nwb`; `inspect`
/// also recognises NWB content in `.h5` files by its `nwb_version` attribute), `.mat` (MATLAB
/// v7.3: the text header `MATLAB 7.3 MAT-file` then HDF5 at byte 512, or an HDF5 `*.mat`).
/// `.matV5` is a MATLAB v5/v7 MAT-file (not HDF5), recognised so that it can be refused with
/// advice. `.phy` is a Kilosort/Phy output folder (a directory with a `params.py`).
public enum FileFormat: String, Sendable, Codable, CaseIterable {
  case npy, npz, hdf5, nwb, mat = "mat-v7.3", matV5 = "mat-v5", nifti, niftiGzip = "nifti-gz", tsv, phy, unknown

  /// Detects the format of the file at `path`. Throws if the file cannot be read.
  public static func detect(_ path: String) throws -> FileFormat {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
      FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent("params.py"))
    {
      return .phy
    }
    // The magic numbers sit in the first bytes (an HDF5 superblock at most 1 MiB in): never the
    // whole file.
    let data = try FileAccess.readPrefix(path, count: (1 << 20) + 8)
    let head = Array(data.prefix(1024))
    if NPYFile.hasMagic(head) { return .npy }
    if ZipArchive.hasMagic(head) { return .npz }
    let lower = path.lowercased()
    if MATFile.isVersion5(head) { return .matV5 }
    let hdf5Magic: [UInt8] = [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
    // HDF5 superblock at 0, 512, 1024, … (MATLAB v7.3 files have a 512-byte user block).
    var offset = 0
    while offset + 8 <= data.count && offset <= 1 << 20 {
      if Array(data[(data.startIndex + offset)..<(data.startIndex + offset + 8)]) == hdf5Magic {
        if head.starts(with: Array("MATLAB".utf8)) || lower.hasSuffix(".mat") { return .mat }
        return lower.hasSuffix(".nwb") ? .nwb : .hdf5
      }
      offset = offset == 0 ? 512 : offset * 2
    }
    if head.count >= 2 && head[0] == 0x1F && head[1] == 0x8B { return .niftiGzip }
    if lower.hasSuffix(".nii") || lower.hasSuffix(".hdr") || lower.hasSuffix(".img") { return .nifti }
    if lower.hasSuffix(".tsv") { return .tsv }
    if lower.hasSuffix(".npy") { return .npy }
    if lower.hasSuffix(".npz") { return .npz }
    return .unknown
  }
}
