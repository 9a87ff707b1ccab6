/// How each voxel's time series is scaled before the GLM.
///
/// - `none`: raw values (betas in the data's units);
/// - `percentOfMean`: nilearn's `mean_scaling` (`FirstLevelModel(signal_scaling=0)`, its
///   default): `100 · (y / max(mean(y), 1) − 1)` per voxel, so betas are in percent signal change.
public enum SignalScaling: String, Sendable, Codable, CaseIterable {
  case none
  case percentOfMean = "percent-of-mean"
}
