import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `neurometry convert` on the real binary: every readable array written as the reference
/// readers give it (h5py manifest, mat73/hdf5storage manifest, nibabel get_fdata, nilearn's
/// NiftiMasker and NiftiLabelsMasker), and its errors.
@Suite struct ConvertCommandTests {
  func convert(_ arguments: [String], to out: String) throws -> NDArray {
    let r = try CLIRunner.run(["convert"] + arguments + ["--output", out])
    #expect(r.status == 0, "\(arguments): \(r.stderr)")
    return try ArrayFile.read(out)
  }

  static func manifestValues(_ area: String, _ file: String, _ key: String, path: String? = nil) throws -> (
    shape: [Int], values: [Double]
  ) {
    let m = try Fixtures.json(area, "manifest.json") as? [String: Any]
    let entry: [String: Any]?
    if let path {
      entry = (m?[key] as? [[String: Any]])?.first { $0["path"] as? String == path }
    } else {
      entry = m?[key] as? [String: Any]
    }
    let shape = entry?["shape"] as? [Int] ?? []
    let values = (entry?["values"] as? [Any] ?? []).map { v -> Double in
      if let s = v as? String { return Double(s) ?? .nan }
      return (v as? NSNumber)?.doubleValue ?? .nan
    }
    return (shape, values)
  }

  @Test func arrayFilesOfEveryKind() throws {
    let dir = try TemporaryDirectory()
    // HDF5 dataset (h5py's values).
    let h5 = try convert([Fixtures.path("hdf5", "numeric.h5"), "--dataset", "/num/lef8"], to: dir.file("h5.npy"))
    let expectedH5 = try Self.manifestValues("hdf5", "numeric.h5", "numeric", path: "/num/lef8")
    let h5Values = try h5.doubles(context: "h5")
    #expect(h5.shape == expectedH5.shape && h5Values == expectedH5.values)
    // MATLAB v7.3 variable in MATLAB's shape (3 × 5).
    let mat = try convert([Fixtures.path("mat", "session.mat"), "--dataset", "A"], to: dir.file("mat.h5"))
    let expectedMat = try Self.manifestValues("mat", "session.mat", "A")
    let matValues = try mat.doubles(context: "mat")
    #expect(mat.shape == expectedMat.shape && matValues == expectedMat.values)
    // An .npz member, strings kept as strings.
    let labels = try convert([Fixtures.path("npy", "stored.npz"), "--dataset", "labels"], to: dir.file("l.npy"))
    #expect(labels.strings == ["x", "y", "z"])
    // NIfTI voxels = nibabel's get_fdata() (x, y, z[, t]).
    for name in ["dtype_int16.nii", "be_float32.nii", "bold4d.nii.gz"] {
      let v = try convert([Fixtures.path("nifti", name)], to: dir.file("\(name).npy"))
      let expected = try NPYFile.read(
        Fixtures.path("nifti", "expected/\(name.replacingOccurrences(of: ".gz", with: "")).npy"))
      #expect(v.shape == expected.shape, "\(name)")
      // Bit for bit, NaN where nibabel has NaN (be_float32 stores some).
      let (got, want) = (try v.doubles(context: name), try expected.doubles(context: name))
      #expect(got.count == want.count && zip(got, want).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(name)")
    }
  }

  @Test func maskAndAtlasMatchNilearn() throws {
    let dir = try TemporaryDirectory()
    let bold = Fixtures.path("fmri", "bids/sub-01/func/sub-01_task-objects_run-1_bold.nii.gz")
    let masked = try convert([bold, "--mask", Fixtures.path("fmri", "mask.nii.gz")], to: dir.file("masked.npy"))
    let expected = try Fixtures.matrix("fmri", "glm/run1_masked_data")
    #expect(masked.shape == [expected.rows, expected.columns])
    #expect(try masked.doubles(context: "masked") == expected.elements)
    let out = dir.file("rois.h5")
    let r = try CLIRunner.run([
      "convert", bold, "--atlas", Fixtures.path("fmri", "atlas.nii.gz"), "--labels", Fixtures.path("fmri", "atlas.tsv"),
      "--output", out, "--json",
    ])
    #expect(r.status == 0, "\(r.stderr)")
    let file = try HDF5File(path: out)
    assertClose(
      try file.dataset("/data").read().matrix(context: out), try Fixtures.matrix("fmri", "glm/run1_atlas_means"),
      rtol: 1e-12, "ROI means")
    #expect(try file.dataset("/columns").readStrings() == ["V1", "V2", "LOC", "FFA"])
    #expect(r.stdout.contains("\"columns\""))
  }

  @Test func errors() throws {
    let dir = try TemporaryDirectory()
    let out = dir.file("x.npy")
    let many = try CLIRunner.run(["convert", Fixtures.path("hdf5", "numeric.h5"), "--output", out])
    #expect(many.status == 1 && many.stderr.contains("choose one with --dataset"))
    let member = try CLIRunner.run([
      "convert", Fixtures.path("nifti", "dtype_int16.nii"), "--dataset", "x", "--output", out,
    ])
    #expect(member.status == 1 && member.stderr.contains("is a NIfTI image"))
    let threeD = try CLIRunner.run([
      "convert", Fixtures.path("nifti", "dtype_int16.nii"), "--mask", Fixtures.path("fmri", "mask.nii.gz"), "--output",
      out,
    ])
    #expect(threeD.status == 1 && threeD.stderr.contains("an fMRI run needs 4 dimensions"), "\(threeD.stderr)")
    #expect(try CLIRunner.run(["convert", Fixtures.path("nifti", "dtype_int16.nii")]).status == 64)
    #expect(
      try CLIRunner.run([
        "convert", "x.nii", "--mask", "m.nii", "--atlas", "a.nii", "--output", out,
      ]).status == 64)
    try Data([1]).write(to: URL(fileURLWithPath: out))
    let exists = try CLIRunner.run(["convert", Fixtures.path("nifti", "dtype_int16.nii"), "--output", out])
    #expect(exists.status == 1 && exists.stderr.contains(out))
  }
}
