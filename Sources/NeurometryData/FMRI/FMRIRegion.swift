/// Where the channels of fMRI patterns come from.
public enum FMRIRegion: Sendable {
  /// The voxels of a mask, each a channel (descriptor "voxel" = "i,j,k").
  case mask(VoxelMask)
  /// The regions of a label atlas, each channel the mean time course of its voxels (descriptors
  /// "region" = name, "label" = integer).
  case atlas(LabelAtlas)
}
