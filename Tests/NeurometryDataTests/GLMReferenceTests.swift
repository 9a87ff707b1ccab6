import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// First-level GLM betas on a tiny BIDS dataset (Tests/Fixtures/fmri/bids, two runs of a
/// 6×5×4 float32 series written by nibabel) against nilearn 0.14.1's
/// `FirstLevelModel(hrf_model="spm", drift_model="cosine", noise_model="ols")` effect sizes, its
/// residuals, numpy's `lstsq`, nilearn's percent-of-mean scaling, and `NiftiLabelsMasker` means.
/// Tolerances: 1e-10 relative to the largest beta of the run (nilearn and numpy themselves agree
/// to 2e-15 there); atlas means 1e-12 (summation order). Where nilearn computes in float32 (it
/// keeps this float32 image's type when scaling and averaging ROIs), the exact reference is the
/// same formula in float64 with numpy, and nilearn is checked at its float32 precision.
@Suite struct GLMReferenceTests {
  static let bids = Fixtures.path("fmri", "bids/sub-01/func")

  static func run(_ k: Int) throws -> FMRIRun {
    try FMRIRun.load(bold: "\(bids)/sub-01_task-objects_run-\(k)_bold.nii.gz")
  }

  static func scale(_ m: Matrix) -> Double { m.elements.map(abs).max() ?? 1 }

  @Test func bidsRunLoadsEventsAndTheSidecarTR() throws {
    let r = try Self.run(2)
    #expect(r.label == "2")
    #expect(r.repetitionTime == 2.0)
    #expect(r.repetitionTimeSource.contains("task-objects_bold.json"))
    #expect(r.series.scanCount == 52)
    #expect(r.series.grid.shape == [6, 5, 4])
    #expect(r.events.count == 9)
  }

  @Test(arguments: [1, 2])
  func maskedBetasMatchNilearnAndLstsq(run k: Int) throws {
    let mask = try VoxelMask.read(Fixtures.path("fmri", "mask.nii.gz"))
    let result = try FMRIPatternEstimator().fit(runs: [try Self.run(k)], region: .mask(mask))
    let nilearn = try Fixtures.matrix("fmri", "glm/run\(k)_nilearn_betas")
    let lstsq = try Fixtures.matrix("fmri", "glm/run\(k)_lstsq_betas")
    let fit = result.fits[0]
    #expect(fit.regressors == ["a", "c10", "c2", "drift_1", "drift_2", "constant"])
    assertClose(fit.betas, nilearn, atol: 1e-10 * Self.scale(nilearn), "run \(k) betas vs nilearn")
    assertClose(fit.betas, lstsq, atol: 1e-10 * Self.scale(lstsq), "run \(k) betas vs numpy lstsq")
    assertClose(result.designs[0].matrix, try Fixtures.matrix("fmri", "glm/run\(k)_design"), atol: 1e-12, "design")
    // Patterns: condition rows, voxel columns in nilearn's order.
    #expect(result.perRun.observationDescriptors["condition"] == ["a", "c10", "c2"])
    #expect(result.perRun.observationDescriptors["run"] == ["\(k)", "\(k)", "\(k)"])
    assertClose(
      result.perRun.measurements, Matrix(copying: nilearn[rows: 0..<3, columns: 0..<nilearn.columns]),
      atol: 1e-10 * Self.scale(nilearn), "condition betas")
    let voxels = try Fixtures.matrix("fmri", "glm/mask_voxels")
    let expectedLabels = (0..<voxels.rows).map { r in "\(Int(voxels[r, 0])),\(Int(voxels[r, 1])),\(Int(voxels[r, 2]))" }
    #expect(result.perRun.channelDescriptors["voxel"] == expectedLabels)
    // Residuals.
    let residuals = try #require(result.residuals)
    let nilearnResiduals = try Fixtures.matrix("fmri", "glm/run\(k)_nilearn_residuals")
    assertClose(residuals.measurements, nilearnResiduals, atol: 1e-9, "residuals vs nilearn")
    #expect(result.degreesOfFreedom == [nilearnResiduals.rows - 6])
  }

  @Test func maskedDataAreNilearnsVoxelsInNilearnsOrder() throws {
    let mask = try VoxelMask.read(Fixtures.path("fmri", "mask.nii.gz"))
    let series = try Self.run(1).series
    let data = try series.columns(mask.voxels, region: "mask")
    assertClose(data, try Fixtures.matrix("fmri", "glm/run1_masked_data"), rtol: 0, "masked series")
  }

  @Test func percentOfMeanScalingMatchesNilearnsDefault() throws {
    let mask = try VoxelMask.read(Fixtures.path("fmri", "mask.nii.gz"))
    let estimator = FMRIPatternEstimator(glm: GeneralLinearModel(signalScaling: .percentOfMean))
    let result = try estimator.fit(runs: [try Self.run(1)], region: .mask(mask))
    let expected = try Fixtures.matrix("fmri", "glm/run1_scaled_lstsq_betas")
    assertClose(result.fits[0].betas, expected, atol: 1e-10 * Self.scale(expected), "scaled betas")
    // nilearn masks this float32 image to float32 and scales it in float32: agreement to ~1e-5 of
    // the largest beta only (its error, not ours: see the exact reference above).
    let nilearn = try Fixtures.matrix("fmri", "glm/run1_nilearn_scaled_betas")
    assertClose(result.fits[0].betas, nilearn, atol: 1e-5 * Self.scale(nilearn), "scaled betas vs nilearn (float32)")
  }

  @Test func atlasMeansAndBetasMatchNiftiLabelsMasker() throws {
    let atlas = try LabelAtlas.read(Fixtures.path("fmri", "atlas.nii.gz"), labels: Fixtures.path("fmri", "atlas.tsv"))
    #expect(atlas.labels == [1, 2, 3, 4])
    #expect(atlas.names == ["V1", "V2", "LOC", "FFA"])
    #expect(atlas.warnings.isEmpty)
    let run = try Self.run(1)
    let means = try atlas.regionMeans(run.series)
    assertClose(means, try Fixtures.matrix("fmri", "glm/run1_atlas_means"), rtol: 1e-12, "ROI means")
    // NiftiLabelsMasker averages float32 images in float32 (its rounding, ~1e-7).
    assertClose(means, try Fixtures.matrix("fmri", "glm/run1_atlas_nilearn_means"), rtol: 1e-6, "ROI means vs nilearn")
    let result = try FMRIPatternEstimator().fit(runs: [run], region: .atlas(atlas))
    let expected = try Fixtures.matrix("fmri", "glm/run1_atlas_lstsq_betas")
    assertClose(result.fits[0].betas, expected, atol: 1e-10 * Self.scale(expected), "ROI betas")
    #expect(result.averaged.channelDescriptors["region"] == ["V1", "V2", "LOC", "FFA"])
    #expect(result.averaged.channelDescriptors["label"] == ["1", "2", "3", "4"])
  }

  @Test func textLabelTableGivesTheSameNames() throws {
    let tsv = try LabelTable.read(Fixtures.path("fmri", "atlas.tsv"))
    let txt = try LabelTable.read(Fixtures.path("fmri", "atlas.txt"))
    #expect(tsv.names == txt.names)
    #expect(txt.names == [0: "Background", 1: "V1", 2: "V2", 3: "LOC", 4: "FFA"])
  }

  @Test func twoRunsGivePerRunRowsAndTheirAverage() throws {
    let mask = try VoxelMask.read(Fixtures.path("fmri", "mask.nii.gz"))
    let result = try FMRIPatternEstimator().fit(runs: [try Self.run(1), try Self.run(2)], region: .mask(mask))
    #expect(result.perRun.observationDescriptors["run"] == ["1", "1", "1", "2", "2", "2"])
    #expect(result.perRun.observationDescriptors["condition"] == ["a", "c10", "c2", "a", "c10", "c2"])
    let b1 = try Fixtures.matrix("fmri", "glm/run1_nilearn_betas")
    let b2 = try Fixtures.matrix("fmri", "glm/run2_nilearn_betas")
    let expected = Matrix(rows: 3, columns: b1.columns) { i, j in (b1[i, j] + b2[i, j]) / 2 }
    assertClose(result.averaged.measurements, expected, atol: 1e-10 * Self.scale(expected), "run average")
    #expect(result.averaged.observationDescriptors["runs"] == ["2", "2", "2"])
    #expect(result.residuals?.measurements.rows == 60 + 52)
    #expect(result.degreesOfFreedom == [54, 46])
  }
}
