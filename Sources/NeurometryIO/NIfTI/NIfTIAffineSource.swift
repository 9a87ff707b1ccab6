/// Which header fields gave an image its voxel-to-world affine.
public enum NIfTIAffineSource: String, Sendable, Codable, CaseIterable {
  /// `srow_x/y/z`, used when `sform_code != 0`.
  case sform
  /// The quaternion, `qoffset` and `pixdim` (with qfac), used when `sform_code == 0` and `qform_code != 0`.
  case qform
  /// nibabel's base affine `diag(−dx, dy, dz)` centred on the volume, when both codes are 0.
  case fallback
}
