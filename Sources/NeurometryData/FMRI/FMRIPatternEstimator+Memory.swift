import NeurometryIO
import NeurometryLinearAlgebra

extension FMRIPatternEstimator {
  /// The peak memory of `fit(runs:region:)` with its runs read (`FMRIRun.load`) and its region, from
  /// the shapes and this estimator's GLM options: `runs` runs of `scans` volumes on a grid of
  /// `gridVoxels` voxels stored with `bytesPerVoxel` bytes each (`compressedBytesPerRun`: the size
  /// of each `.nii.gz`, nil for `.nii`), designs of `regressors` columns of which `conditions` are
  /// conditions, `channels` channels (mask voxels or atlas regions), of which `gatheredVoxels` are
  /// read at once (default `channels`: a mask; an atlas: its largest region). The process itself
  /// is not included (`MemoryEstimate.process`).
  ///
  /// What the peak holds, doubles, with n scans, P regressors, C conditions, v channels, R runs:
  /// - every run's voxels as read (`VolumeSeries.memoryEstimate`: mapped `.nii` bytes, or the
  ///   inflated `.nii.gz`), all runs being read before the fit; the region: the channels' voxel
  ///   indices (8 bytes) and labels (16 bytes) and, for a mask read from a file, its image decoded
  ///   as doubles (grid voxels; freed, but resident below glibc's 32 MiB mmap threshold);
  /// - the largest of: reading the last run (a `.nii.gz` being inflated); fitting the last run —
  ///   the earlier runs' fits (P×v betas, n×v residuals when kept), the gathered voxels (n ×
  ///   `gatheredVoxels`; an atlas adds its n×v means) and `GeneralLinearModel.memoryEstimate` for
  ///   n × v; or assembling the patterns — every run's fit, the condition rows per run (R·C × v,
  ///   as rows and flattened), the run averages (C×v) and, with residuals, their concatenation
  ///   (R·n × v).
  public func memoryEstimate(
    runs: Int, scans n: Int, gridVoxels: Int, bytesPerVoxel: Int, regressors p: Int, conditions: Int,
    channels v: Int, gatheredVoxels: Int? = nil, compressedBytesPerRun: Int? = nil
  ) -> MemoryEstimate {
    let r = Swift.max(runs, 1)
    let file = VolumeSeries.fileMemory(
      scans: n, gridVoxels: gridVoxels, bytesPerVoxel: bytesPerVoxel, compressedBytes: compressedBytesPerRun)
    var files = MemoryEstimate()
    for item in file.held.items { files.add("\(item.name) × \(r) runs", bytes: item.bytes * r) }
    var earlier = MemoryEstimate()
    for item in file.held.items where r > 1 {
      earlier.add("\(item.name) × \(r - 1) earlier runs", bytes: item.bytes * (r - 1))
    }
    var region = MemoryEstimate()
    region.add("region voxel indices and channel labels", bytes: v * 24)
    if gatheredVoxels == nil && gridVoxels * 8 < 32 << 20 {
      region.add("mask image as doubles (freed, resident)", bytes: gridVoxels * 8)
    }
    var fit = MemoryEstimate()
    fit.add("betas (regressors × channels)", rows: p, columns: v)
    if glm.keepResiduals { fit.add("residuals (scans × channels)", rows: n, columns: v) }
    var previousFits = MemoryEstimate()
    var allFits = MemoryEstimate()
    for item in fit.items {
      if r > 1 { previousFits.add("\(item.name) × \(r - 1) earlier runs", bytes: item.bytes * (r - 1)) }
      allFits.add("\(item.name) × \(r) runs", bytes: item.bytes * r)
    }
    let reading = earlier + file.reading
    var gathering = MemoryEstimate()
    if let voxels = gatheredVoxels {
      gathering.add("time courses of one region", rows: n, columns: voxels)
      gathering.add("region means", rows: n, columns: v)
    }
    let fitting =
      files + previousFits + MemoryEstimate.peak([gathering, glm.memoryEstimate(scans: n, regressors: p, series: v)])
    var assembling = files + allFits
    assembling.add("condition rows per run, as rows and flattened", rows: 2 * r * conditions, columns: v)
    assembling.add("run averages", rows: conditions, columns: v)
    if glm.keepResiduals { assembling.add("residuals, concatenated", rows: r * n, columns: v) }
    return region + MemoryEstimate.peak([reading, fitting, assembling])
  }
}
