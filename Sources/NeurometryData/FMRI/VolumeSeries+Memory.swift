import NeurometryIO
import NeurometryLinearAlgebra

extension VolumeSeries {
  /// The memory of `read(_:)` for a 4-D NIfTI run of `scans` volumes of `gridVoxels` voxels
  /// stored with `bytesPerVoxel` bytes each (`compressedBytes`: the size of a `.nii.gz`, nil for an
  /// uncompressed `.nii`), and of `columns(_:region:)` for `selectedVoxels` of its voxels as
  /// doubles. The process itself is not included (`MemoryEstimate.process`).
  ///
  /// What a read holds: a `.nii` is memory-mapped and its voxel bytes (scans · voxels · bytes per
  /// voxel) become resident as they are read (gathering a region touches nearly every page of
  /// every volume); a `.nii.gz` is inflated once into memory: the compressed file (mapped) and the
  /// inflated buffer, which starts at 4 × the compressed size and doubles until the image fits
  /// (zero-filled as it grows, so the whole capacity counts); the compressed file is released once
  /// inflated. Gathering adds the scans × selected voxels matrix of doubles. The peak is the
  /// larger of inflating and holding the voxels with the gathered matrix.
  public static func memoryEstimate(
    scans: Int, gridVoxels: Int, bytesPerVoxel: Int, selectedVoxels: Int, compressedBytes: Int? = nil
  ) -> MemoryEstimate {
    let file = fileMemory(
      scans: scans, gridVoxels: gridVoxels, bytesPerVoxel: bytesPerVoxel, compressedBytes: compressedBytes)
    var gathered = MemoryEstimate()
    gathered.add("region's time courses (scans × voxels)", rows: scans, columns: selectedVoxels)
    return MemoryEstimate.peak([file.reading, file.held + gathered])
  }

  /// The file part of `memoryEstimate`: `held`, the voxel bytes resident once read (mapped `.nii`
  /// pages, or the inflated buffer of a `.nii.gz`), and `reading`, the peak while reading (a
  /// `.nii.gz`: the compressed file and the inflated buffer).
  static func fileMemory(scans: Int, gridVoxels: Int, bytesPerVoxel: Int, compressedBytes: Int?)
    -> (held: MemoryEstimate, reading: MemoryEstimate)
  {
    let voxelBytes = scans * gridVoxels * bytesPerVoxel
    var held = MemoryEstimate()
    guard let compressed = compressedBytes else {
      held.add("voxel bytes of the mapped .nii", bytes: voxelBytes)
      return (held, held)
    }
    var capacity = Swift.max(4 * compressed, 1 << 16)
    while capacity < voxelBytes + 352 { capacity *= 2 }
    held.add("inflated .nii.gz (buffer capacity)", bytes: capacity)
    var reading = held
    reading.add("compressed .nii.gz (mapped)", bytes: compressed)
    return (held, reading)
  }
}
