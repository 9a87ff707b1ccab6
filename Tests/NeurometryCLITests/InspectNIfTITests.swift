import Foundation
import NeurometryTestSupport
import Testing

/// `neurometry inspect` on NIfTI files: header, affine and its source in JSON and in the human
/// summary; broken files exit 1 with one line naming the file.
@Suite struct InspectNIfTITests {
  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func niftiJSONCarriesHeaderAffineAndSource() throws {
    let r = try CLIRunner.run(["inspect", Fixtures.path("nifti", "xform_qform.nii"), "--json"])
    #expect(r.status == 0, "stderr: \(r.stderr)")
    let result = try #require(try json(r.stdout)["result"] as? [String: Any])
    #expect(result["format"] as? String == "nifti")
    #expect(result["format_version"] as? String == "1")
    let n = try #require(result["nifti"] as? [String: Any])
    #expect(n["affine_source"] as? String == "qform")
    #expect(n["qform_code"] as? Int == 1)
    #expect(n["sform_code"] as? Int == 0)
    #expect(n["shape"] as? [Int] == [3, 4, 5])
    #expect(n["datatype"] as? String == "int16")
    #expect((n["affine"] as? [[Double]])?.count == 4)
    #expect(n["byte_order"] as? String == "little")
    #expect(n["warnings"] as? [String] == [])
    let arrays = try #require(result["arrays"] as? [[String: Any]])
    #expect(arrays.first?["name"] as? String == "data")
    #expect(arrays.first?["order"] as? String == "F")
    #expect(arrays.first?["dtype"] as? String == "<i2")
  }

  @Test func gzipped4DAndBigEndianAndNIfTI2() throws {
    let bold = try CLIRunner.run(["inspect", Fixtures.path("nifti", "bold4d.nii.gz"), "--json"])
    let n = try #require((try json(bold.stdout)["result"] as? [String: Any])?["nifti"] as? [String: Any])
    #expect(n["repetition_time"] as? Double == 2.0)
    #expect(n["shape"] as? [Int] == [5, 6, 7, 9])
    let be = try CLIRunner.run(["inspect", Fixtures.path("nifti", "nibabel/anatomical.nii"), "--json"])
    #expect(
      (try json(be.stdout)["result"] as? [String: Any]).flatMap { $0["nifti"] as? [String: Any] }?["byte_order"]
        as? String == "big")
    let n2 = try CLIRunner.run(["inspect", Fixtures.path("nifti", "nibabel/example_nifti2.nii.gz")])
    #expect(n2.status == 0)
    #expect(n2.stdout.contains("NIfTI-2"))
    #expect(n2.stdout.contains("affine from the sform"))
  }

  @Test func humanSummaryShowsTheAffineAndRepairs() throws {
    let r = try CLIRunner.run(["inspect", Fixtures.path("nifti", "xform_fixes.nii")])
    #expect(r.status == 0)
    #expect(r.stdout.contains("NIfTI-1, little-endian, int16 (datatype 4), shape (3, 4, 5)"))
    #expect(r.stdout.contains("affine from the qform (sform_code 0, qform_code 1):"))
    #expect(r.stdout.contains("warning: qfac (pixdim[0]) is 0.0"))
    let fallback = try CLIRunner.run(["inspect", Fixtures.path("nifti", "xform_fallback.nii")])
    #expect(fallback.stdout.contains("affine from the fallback"))
    #expect(fallback.stdout.contains("[-2.5, 0, 0, 2.5]"))
  }

  @Test func unsupportedVoxelsStillShowTheHeader() throws {
    let r = try CLIRunner.run(["inspect", Fixtures.path("nifti", "unsupported/complex64.nii"), "--json"])
    #expect(r.status == 0)
    let result = try #require(try json(r.stdout)["result"] as? [String: Any])
    #expect((result["arrays"] as? [Any])?.isEmpty == true)
    #expect((result["nifti"] as? [String: Any])?["voxels_readable"] as? Bool == false)
  }

  @Test func brokenNIfTIExitsOneWithOneLine() throws {
    for (file, fragment) in [("broken/truncated.nii.gz", "truncated?"), ("broken/wrong_sizeof_hdr.nii", "sizeof_hdr")] {
      let r = try CLIRunner.run(["inspect", Fixtures.path("nifti", file), "--json"])
      #expect(r.status == 1)
      #expect(r.stdout.isEmpty)
      #expect(r.stderr.split(separator: "\n").count == 1)
      #expect(r.stderr.contains(file) && r.stderr.contains(fragment), "\(r.stderr)")
    }
  }
}
