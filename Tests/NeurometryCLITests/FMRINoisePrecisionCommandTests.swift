import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `patterns --noise-precision` on the BIDS fixture (two runs, dof 54 and 46) with the real binary:
/// the precision written equals rsatoolbox 0.3.2's `prec_from_residuals` of the runs' GLM residuals
/// (Tests/Fixtures/fmri/make_fmri_noise.py), and `rdm --method crossnobis --noise` with it equals
/// rsatoolbox's crossnobis RDM with that precision (one averaged, or one per run) — 1e-10 relative
/// to the largest entry. One run: `rdm --noise` with the written precision gives exactly the RDM of
/// `rdm --noise-residuals` with the written residuals and the run's dof.
@Suite struct FMRINoisePrecisionCommandTests {
  static let func_ = Fixtures.path("fmri", "bids/sub-01/func")
  static func bold(_ k: Int) -> String { "\(func_)/sub-01_task-objects_run-\(k)_bold.nii.gz" }
  static let atlas = Fixtures.path("fmri", "atlas.nii.gz")
  static let mask = Fixtures.path("fmri", "mask.nii.gz")

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  func rdmValues(_ arguments: [String]) throws -> [Double] {
    let r = try CLIRunner.run(["rdm"] + arguments + ["--json"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let rdms = try #require((try json(r.stdout)["result"] as? [String: Any])?["rdms"] as? [String: Any])
    return try #require((rdms["dissimilarities"] as? [[Double]])?.first)
  }

  static func assertScaled(
    _ a: [Double], _ e: [Double], _ what: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    let scale = e.map(abs).max() ?? 1
    assertClose(a, e, rtol: 1e-10, atol: 1e-10 * scale, what, sourceLocation: sourceLocation)
  }

  @Test(arguments: ["atlas", "voxels"])
  func averagedPrecisionFeedsCrossnobisAsRsatoolboxDoes(roi: String) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let r = try CLIRunner.run([
      "patterns", "--bold", Self.bold(1), "--bold", Self.bold(2), roi == "atlas" ? "--atlas" : "--mask",
      roi == "atlas" ? Self.atlas : Self.mask, "--output", dir.file("p.npy"), "--noise-precision", dir.file("prec.npy"),
      "--noise-method", "shrinkage_diag", "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let noise = try #require((try json(r.stdout)["result"] as? [String: Any])?["noise"] as? [String: Any])
    #expect(noise["method"] as? String == "shrinkage-diag")
    #expect(noise["combination"] as? String == "average")
    #expect(noise["runs"] as? [String] == ["1", "2"])
    #expect(noise["degrees_of_freedom"] as? [Int] == [54, 46])
    #expect(noise["residual_rows"] as? [Int] == [60, 52])
    let p = roi == "atlas" ? 4 : 69
    #expect(noise["shape"] as? [Int] == [p, p])
    let written = try NPYFile.read(dir.file("prec.npy")).matrix(context: "prec")
    let expected = try Fixtures.matrix("fmri", "noise/\(roi)_shrinkage_diag_average_prec")
    Self.assertScaled(written.elements, expected.elements, "precision vs rsatoolbox")
    let values = try rdmValues([dir.file("p.npy"), "--method", "crossnobis", "--noise", dir.file("prec.npy")])
    Self.assertScaled(
      values, try Fixtures.vector("fmri", "noise/\(roi)_crossnobis_average"), "crossnobis vs rsatoolbox")
  }

  @Test func perRunPrecisionsFeedPairwiseCrossnobisAsRsatoolboxDoes() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    // Runs given in reverse order: the stack is still in crossnobis's (sorted) run order.
    let r = try CLIRunner.run([
      "patterns", "--bold", Self.bold(2), "--bold", Self.bold(1), "--atlas", Self.atlas, "--output", dir.file("p.h5"),
      "--noise-precision", dir.file("prec.npy"), "--noise-per-run", "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let noise = try #require((try json(r.stdout)["result"] as? [String: Any])?["noise"] as? [String: Any])
    #expect(noise["combination"] as? String == "per-run")
    #expect(noise["runs"] as? [String] == ["1", "2"])
    #expect(noise["degrees_of_freedom"] as? [Int] == [54, 46])
    let stack = try NPYFile.read(dir.file("prec.npy"))
    #expect(stack.shape == [2, 4, 4])
    let v = try stack.doubles(context: "stack")
    for k in 0..<2 {
      let expected = try Fixtures.matrix("fmri", "noise/atlas_shrinkage_diag_run\(k + 1)_prec")
      Self.assertScaled(Array(v[(k * 16)..<((k + 1) * 16)]), expected.elements, "run \(k + 1) precision")
    }
    let values = try rdmValues([dir.file("p.h5"), "--method", "crossnobis", "--noise", dir.file("prec.npy")])
    Self.assertScaled(values, try Fixtures.vector("fmri", "noise/atlas_crossnobis_perrun"), "crossnobis vs rsatoolbox")
  }

  @Test(arguments: ["shrinkage-diag", "shrinkage_eye", "diag", "full"])
  func oneRunPrecisionEqualsRDMsOwnEstimateFromTheResiduals(method: String) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let r = try CLIRunner.run([
      "patterns", "--bold", Self.bold(1), "--atlas", Self.atlas, "--output", dir.file("p.npy"), "--residuals",
      dir.file("res.npy"), "--noise-precision", dir.file("prec.npy"), "--noise-method", method,
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("dof 54"))
    let withPrecision = try rdmValues([dir.file("p.npy"), "--method", "mahalanobis", "--noise", dir.file("prec.npy")])
    let withResiduals = try rdmValues([
      dir.file("p.npy"), "--method", "mahalanobis", "--noise-residuals", dir.file("res.npy"), "--noise-method", method,
      "--noise-dof", "54",
    ])
    #expect(withPrecision == withResiduals)
    let tag = method.replacingOccurrences(of: "-", with: "_")
    let written = try NPYFile.read(dir.file("prec.npy")).matrix(context: "prec")
    Self.assertScaled(
      written.elements, try Fixtures.matrix("fmri", "noise/atlas_\(tag)_run1_prec").elements, "\(method) vs rsatoolbox")
  }

  @Test func fullCovarianceWithFewerScansThanVoxelsIsADataErrorAndWritesNothing() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let r = try CLIRunner.run([
      "patterns", "--bold", Self.bold(1), "--bold", Self.bold(2), "--mask", Self.mask, "--output", dir.file("p.npy"),
      "--noise-precision", dir.file("prec.npy"), "--noise-method", "full",
    ])
    #expect(r.status == 1)
    #expect(
      r.stderr.contains(
        "noise covariance (full), run '1': singular matrix: 60 residual rows over 69 channels give a covariance of rank at most 59 < 69; use shrinkage-diag or shrinkage-eye"
      ), "stderr: \(r.stderr)")
    #expect(!FileManager.default.fileExists(atPath: dir.file("p.npy")))
    #expect(!FileManager.default.fileExists(atPath: dir.file("prec.npy")))
  }

  @Test func usageErrors() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let wrongExtension = try CLIRunner.run([
      "patterns", "--bold", Self.bold(1), "--atlas", Self.atlas, "--output", dir.file("p.npy"), "--noise-precision",
      dir.file("prec.h5"),
    ])
    #expect(wrongExtension.status == 64)
    #expect(wrongExtension.stderr.contains("--noise-precision must end in .npy"))
    let perRunAlone = try CLIRunner.run([
      "patterns", "--bold", Self.bold(1), "--atlas", Self.atlas, "--output", dir.file("p.npy"), "--noise-per-run",
    ])
    #expect(perRunAlone.status == 64)
    #expect(perRunAlone.stderr.contains("--noise-per-run applies to --noise-precision"))
    let badMethod = try CLIRunner.run([
      "patterns", "--bold", Self.bold(1), "--atlas", Self.atlas, "--output", dir.file("p.npy"), "--noise-precision",
      dir.file("prec.npy"), "--noise-method", "ledoit",
    ])
    #expect(badMethod.status == 64)
  }

  @Test func aPerRunStackIsRefusedOutsideCrossnobis() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let r = try CLIRunner.run([
      "patterns", "--bold", Self.bold(1), "--bold", Self.bold(2), "--atlas", Self.atlas, "--output", dir.file("p.npy"),
      "--noise-precision", dir.file("prec.npy"), "--noise-per-run",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let m = try CLIRunner.run(["rdm", dir.file("p.npy"), "--method", "mahalanobis", "--noise", dir.file("prec.npy")])
    #expect(m.status == 1)
    #expect(
      m.stderr.contains("holds one precision per run, which only --method crossnobis (balanced) uses"),
      "stderr: \(m.stderr)")
  }
}
