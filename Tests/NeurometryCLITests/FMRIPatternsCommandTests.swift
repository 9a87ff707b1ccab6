import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The real binary on the BIDS fixture (Tests/Fixtures/fmri: two runs written by nibabel, a mask,
/// an atlas with a label table): per-run GLM betas equal nilearn 0.14.1's
/// `FirstLevelModel(noise_model="ols", signal_scaling=False)` effect sizes (1e-10 relative to the
/// largest beta, as in GLMReferenceTests), run averages, atlas regions, residuals; errors exit 1
/// naming the file, usage errors 64.
@Suite struct FMRIPatternsCommandTests {
  static let func_ = Fixtures.path("fmri", "bids/sub-01/func")
  static func bold(_ k: Int) -> String { "\(func_)/sub-01_task-objects_run-\(k)_bold.nii.gz" }
  static func events(_ k: Int) -> String { "\(func_)/sub-01_task-objects_run-\(k)_events.tsv" }
  static let mask = Fixtures.path("fmri", "mask.nii.gz")

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  static func conditionRows(_ m: Matrix) -> Matrix { Matrix(copying: m[rows: 0..<3, columns: 0..<m.columns]) }
  static func scale(_ m: Matrix) -> Double { m.elements.map(abs).max() ?? 1 }

  @Test func twoRunsGivePerRunBetasEqualToNilearn() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("betas.npy")
    let r = try CLIRunner.run([
      "patterns", "--bold", Self.bold(1), "--bold", Self.bold(2), "--mask", Self.mask, "--output", out,
      "--residuals", dir.file("residuals.h5"), "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let j = try json(r.stdout)
    let result = try #require(j["result"] as? [String: Any])
    #expect(result["shape"] as? [Int] == [6, 69])
    #expect(result["conditions"] as? [String] == ["a", "c10", "c2", "a", "c10", "c2"])
    #expect(result["channel_kind"] as? String == "voxels")
    let runs = try #require(result["runs"] as? [[String: Any]])
    #expect(runs.map { $0["label"] as? String } == ["1", "2"])
    #expect(runs.map { $0["degrees_of_freedom"] as? Int } == [54, 46])
    #expect(runs.map { $0["events"] as? String } == [Self.events(1), Self.events(2)])
    #expect((runs[0]["repetition_time_source"] as? String)?.contains("task-objects_bold.json") == true)
    #expect((j["parameters"] as? [String: Any])?["noise_model"] as? String == "ols")
    let betas = try NPYFile.read(out).matrix(context: out)
    let n1 = Self.conditionRows(try Fixtures.matrix("fmri", "glm/run1_nilearn_betas"))
    let n2 = Self.conditionRows(try Fixtures.matrix("fmri", "glm/run2_nilearn_betas"))
    let expected = Matrix.verticalConcatenation([n1, n2])
    assertClose(betas, expected, atol: 1e-10 * Self.scale(expected), "per-run betas vs nilearn")
    #expect(try NPYFile.read(dir.file("betas_runs.npy")).strings == ["1", "1", "1", "2", "2", "2"])
    #expect(try NPYFile.read(dir.file("betas_conditions.npy")).strings == ["a", "c10", "c2", "a", "c10", "c2"])
    let voxels = try Fixtures.matrix("fmri", "glm/mask_voxels")
    #expect(
      try NPYFile.read(dir.file("betas_voxels.npy")).strings
        == (0..<voxels.rows).map { "\(Int(voxels[$0, 0])),\(Int(voxels[$0, 1])),\(Int(voxels[$0, 2]))" })
    let residuals = try HDF5File(path: dir.file("residuals.h5"))
    let e = try residuals.dataset("/patterns").read()
    #expect(e.shape == [112, 69])
    #expect(try residuals.stringAttribute("degrees_of_freedom") == "54, 46")
    let nilearnResiduals = Matrix.verticalConcatenation([
      try Fixtures.matrix("fmri", "glm/run1_nilearn_residuals"),
      try Fixtures.matrix("fmri", "glm/run2_nilearn_residuals"),
    ])
    assertClose(try e.matrix(context: ""), nilearnResiduals, atol: 1e-9, "residuals vs nilearn")
  }

  @Test func averagedAtlasRegionsToHDF5WithExplicitEvents() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("rois.h5")
    let r = try CLIRunner.run([
      "patterns", "--bold", Self.bold(1), "--events", Self.events(1), "--atlas", Fixtures.path("fmri", "atlas.nii.gz"),
      "--labels", Fixtures.path("fmri", "atlas.tsv"), "--average", "--tr", "2", "--output", out,
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    #expect(r.stdout.contains("fMRI: 1 run, 4 regions from"))
    #expect(r.stdout.contains("60 scans, TR 2 s (given)"))
    let f = try HDF5File(path: out)
    let expected = Self.conditionRows(try Fixtures.matrix("fmri", "glm/run1_atlas_lstsq_betas"))
    assertClose(
      try f.dataset("/patterns").read().matrix(context: ""), expected, atol: 1e-10 * Self.scale(expected), "ROI betas")
    #expect(try f.dataset("/channels/region").readStrings() == ["V1", "V2", "LOC", "FFA"])
    #expect(try f.dataset("/observations/condition").readStrings() == ["a", "c10", "c2"])
    #expect(try f.dataset("/observations/runs").readStrings() == ["1", "1", "1"])
    #expect(try f.stringAttribute("hrf") == "spm")
  }

  @Test func dataErrorsExitOneAndWriteNothing() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("b.npy")
    let wrongShape = Fixtures.path("fmri", "mask_wrong_shape.nii.gz")
    let shape = try CLIRunner.run(["patterns", "--bold", Self.bold(1), "--mask", wrongShape, "--output", out])
    #expect(shape.status == 1)
    #expect(shape.stderr.hasPrefix("neurometry: error: ") && shape.stderr.contains("mask_wrong_shape.nii.gz"))
    let nonBinary = try CLIRunner.run([
      "patterns", "--bold", Self.bold(1), "--mask", Fixtures.path("fmri", "mask_nonbinary.nii.gz"), "--output", out,
    ])
    #expect(nonBinary.status == 1 && nonBinary.stderr.contains("is not a binary mask"))
    let truncated = Fixtures.path("nifti", "broken/truncated.nii.gz")
    let t = try CLIRunner.run([
      "patterns", "--bold", truncated, "--events", Self.events(1), "--mask", Self.mask, "--output", out,
    ])
    #expect(t.status == 1 && t.stderr.contains("truncated.nii.gz") && t.stderr.contains("truncated?"))
    #expect(!FileManager.default.fileExists(atPath: out))
    // An existing residuals file stops the run before anything is written.
    try Data("x".utf8).write(to: URL(fileURLWithPath: dir.file("res.npy")))
    let exists = try CLIRunner.run([
      "patterns", "--bold", Self.bold(1), "--mask", Self.mask, "--output", out, "--residuals", dir.file("res.npy"),
    ])
    #expect(exists.status == 1)
    #expect(
      exists.stderr == "neurometry: error: \(dir.file("res.npy")): already exists; pass --force to overwrite it\n")
    #expect(!FileManager.default.fileExists(atPath: out))
    let forced = try CLIRunner.run([
      "patterns", "--bold", Self.bold(1), "--mask", Self.mask, "--output", out, "--residuals", dir.file("res.npy"),
      "--force",
    ])
    #expect(forced.status == 0, "stderr: \(forced.stderr)")
    #expect(try NPYFile.read(dir.file("res.npy")).shape == [60, 69])
  }

  @Test func sampleDataRegionsPreferTheirCategory() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let func_ = "SampleData/fmri/sub-01/func"
    let r = try CLIRunner.run([
      "patterns", "--bold", "\(func_)/sub-01_task-objects_run-1_bold.nii.gz", "--bold",
      "\(func_)/sub-01_task-objects_run-2_bold.nii.gz", "--atlas", "SampleData/fmri/atlas.nii.gz", "--labels",
      "SampleData/fmri/atlas.tsv", "--average", "--output", dir.file("betas.npy"), "--json",
    ])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let j = try json(r.stdout)
    #expect(j["warnings"] as? [String] == [])
    let result = try #require(j["result"] as? [String: Any])
    #expect(result["conditions"] as? [String] == ["body", "face", "house", "tool"])
    #expect(result["regions"] as? [String] == ["V1", "FFA", "PPA"])
    let runs = try #require(result["runs"] as? [[String: Any]])
    #expect(
      runs.map { $0["repetition_time_source"] as? String }
        == Array(repeating: "sidecar SampleData/fmri/task-objects_bold.json", count: 2))
    // The script gives FFA its largest beta for faces and PPA for houses.
    let b = try NPYFile.read(dir.file("betas.npy")).matrix(context: "")
    #expect((0..<4).max { b[$0, 1] < b[$1, 1] } == 1)
    #expect((0..<4).max { b[$0, 2] < b[$1, 2] } == 2)
    let mask = try CLIRunner.run([
      "patterns", "--bold", "\(func_)/sub-01_task-objects_run-1_bold.nii.gz", "--mask", "SampleData/fmri/mask.nii.gz",
      "--output", dir.file("voxels.h5"),
    ])
    #expect(mask.status == 0, "stderr: \(mask.stderr)")
    #expect(mask.stdout.contains("patterns: (4, 416) GLM betas (OLS, unscaled), per run"))
  }

  @Test func nanInsideTheMaskExitsOneNamingTheVoxel() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let image = try NIfTIImage.read(Self.bold(1))
    var values = image.values
    let voxel = 2 + 6 * (2 + 5 * 1)  // (2, 2, 1), inside the mask
    values[voxel + 9 * 120] = .nan  // scan 9 of a 6×5×4 grid
    let bold = dir.file("nan_bold.nii.gz")
    try NIfTIImage.write(values: values, shape: image.shape, affine: image.affine.rows, to: bold, repetitionTime: 2)
    let r = try CLIRunner.run([
      "patterns", "--bold", bold, "--events", Self.events(1), "--mask", Self.mask, "--output", dir.file("b.npy"),
    ])
    #expect(r.status == 1)
    #expect(
      r.stderr
        == "neurometry: error: \(bold): the series inside the mask \(Self.mask) has a non-finite value (nan) at voxel (2, 2, 1), scan 9; remove the voxel from the mask or fix the data\n"
    )
    #expect(!FileManager.default.fileExists(atPath: dir.file("b.npy")))
  }

  @Test func usageErrorsExit64() throws {
    let out = "/tmp/never-written.npy"
    for args in [
      ["patterns", "--bold", Self.bold(1), "--output", out],
      ["patterns", "--bold", Self.bold(1), "--mask", Self.mask, "--atlas", Self.mask, "--output", out],
      ["patterns", "--bold", Self.bold(1), "--mask", Self.mask, "--labels", "l.tsv", "--output", out],
      [
        "patterns", "--bold", Self.bold(1), "--bold", Self.bold(2), "--events", Self.events(1), "--mask", Self.mask,
        "--output", out,
      ],
      ["patterns", "--bold", Self.bold(1), "--mask", Self.mask, "--per-trial", "--output", out],
      ["patterns", "--bold", Self.bold(1), "--mask", Self.mask, "--hrf", "canonical", "--output", out],
      ["patterns", "--bold", Self.bold(1), "--mask", Self.mask, "--tr", "0", "--output", out],
      ["patterns", "--bold", Self.bold(1), "--mask", Self.mask, "--output", out, "--residuals", "r.txt"],
      ["patterns", "--bold", Self.bold(1), "--mask", Self.mask, "--output", "b.csv"],
    ] {
      let r = try CLIRunner.run(args)
      #expect(r.status == 64, "\(args): \(r.stderr)")
    }
    #expect(!FileManager.default.fileExists(atPath: out))
  }
}
