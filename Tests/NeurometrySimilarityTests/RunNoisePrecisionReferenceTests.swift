import Foundation
import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Per-run noise precisions from the GLM residuals of the fMRI fixture (two runs of 60 and 52
/// scans, 6 design columns: dof 54 and 46) against rsatoolbox 0.3.2 `prec_from_residuals(R, dof=d,
/// method=…)` run by run (Tests/Fixtures/fmri/make_fmri_noise.py). Tolerance 1e-10 relative to
/// each matrix's largest entry (Cholesky here, LU in numpy).
@Suite struct RunNoisePrecisionReferenceTests {
  static let cases: [(NoiseCovarianceMethod, String, String)] = [
    (.shrinkageDiagonal, "shrinkage_diag", "voxels"), (.shrinkageIdentity, "shrinkage_eye", "voxels"),
    (.diagonal, "diag", "voxels"), (.shrinkageDiagonal, "shrinkage_diag", "atlas"),
    (.shrinkageIdentity, "shrinkage_eye", "atlas"), (.diagonal, "diag", "atlas"), (.full, "full", "atlas"),
  ]

  static func noise(_ name: String) throws -> Matrix { try Fixtures.matrix("fmri", "noise/\(name)") }

  static func residuals(_ roi: String, run: Int) throws -> Matrix {
    roi == "voxels"
      ? try Fixtures.matrix("fmri", "glm/run\(run)_lstsq_residuals") : try noise("run\(run)_atlas_residuals")
  }

  static func assertMatrix(_ a: Matrix, _ e: Matrix, _ what: String, sourceLocation: SourceLocation = #_sourceLocation)
  {
    let scale = e.elements.map(abs).max() ?? 1
    assertClose(a, e, rtol: 1e-10, atol: 1e-10 * scale, what, sourceLocation: sourceLocation)
  }

  @Test(arguments: cases)
  func perRunPrecisionsWithTheGLMDegreesOfFreedom(method: NoiseCovarianceMethod, tag: String, roi: String) throws {
    let runs = [try Self.residuals(roi, run: 1), try Self.residuals(roi, run: 2)]
    let fit = try NoiseCovarianceEstimator(method: method).fit(
      runs: runs, labels: ["1", "2"], degreesOfFreedom: [54, 46])
    #expect(fit.runs == ["1", "2"])
    #expect(fit.estimates.map(\.degreesOfFreedom) == [54, 46])
    #expect(fit.estimates.map(\.observations) == [60, 52])
    for r in 1...2 {
      Self.assertMatrix(
        fit.estimates[r - 1].covariance, try Self.noise("\(roi)_\(tag)_run\(r)_cov"), "\(roi) \(tag) cov \(r)")
      Self.assertMatrix(fit.precisions[r - 1], try Self.noise("\(roi)_\(tag)_run\(r)_prec"), "\(roi) \(tag) prec \(r)")
    }
    Self.assertMatrix(fit.averagePrecision, try Self.noise("\(roi)_\(tag)_average_prec"), "\(roi) \(tag) average")
  }

  @Test(arguments: cases)
  func listFormWithDefaultDegreesOfFreedom(method: NoiseCovarianceMethod, tag: String, roi: String) throws {
    let runs = [try Self.residuals(roi, run: 1), try Self.residuals(roi, run: 2)]
    let fit = try NoiseCovarianceEstimator(method: method).fit(runs: runs, labels: ["1", "2"])
    #expect(fit.estimates.map(\.degreesOfFreedom) == [59, 51])
    let stack = try Fixtures.array("fmri", "noise/\(roi)_\(tag)_list_prec")
    let p = runs[0].columns
    #expect(stack.shape == [2, p, p])
    let v = try stack.doubles(context: "list")
    for r in 0..<2 {
      let expected = Matrix(rows: p, columns: p, elements: Array(v[(r * p * p)..<((r + 1) * p * p)]))
      Self.assertMatrix(fit.precisions[r], expected, "\(roi) \(tag) list run \(r + 1)")
    }
  }

  /// From our own GLM (FMRIPatternEstimator on the BIDS fixture) to rsatoolbox's precisions of
  /// numpy lstsq residuals: the residuals agree to ~1e-13 of the data, so the precisions agree to
  /// 1e-10 relative as well.
  @Test(arguments: ["voxels", "atlas"])
  func fromOurGLMResiduals(roi: String) throws {
    let bids = Fixtures.path("fmri", "bids/sub-01/func")
    let runs = try [1, 2].map { try FMRIRun.load(bold: "\(bids)/sub-01_task-objects_run-\($0)_bold.nii.gz") }
    let region: FMRIRegion =
      roi == "voxels"
      ? .mask(try VoxelMask.read(Fixtures.path("fmri", "mask.nii.gz")))
      : .atlas(try LabelAtlas.read(Fixtures.path("fmri", "atlas.nii.gz"), labels: nil))
    let glm = try FMRIPatternEstimator(glm: GeneralLinearModel(keepResiduals: true)).fit(runs: runs, region: region)
    let residuals = try #require(glm.residuals)
    let dofs = Dictionary(uniqueKeysWithValues: zip(runs.map(\.label), glm.degreesOfFreedom))
    for (method, tag) in [
      (NoiseCovarianceMethod.shrinkageDiagonal, "shrinkage_diag"), (.shrinkageIdentity, "shrinkage_eye"),
    ] {
      let fit = try NoiseCovarianceEstimator(method: method).fit(residuals: residuals, degreesOfFreedom: dofs)
      #expect(fit.runs == ["1", "2"])
      #expect(fit.estimates.map(\.degreesOfFreedom) == [54, 46])
      Self.assertMatrix(
        fit.averagePrecision, try Self.noise("\(roi)_\(tag)_average_prec"), "\(roi) \(tag) from our GLM")
    }
  }
}
