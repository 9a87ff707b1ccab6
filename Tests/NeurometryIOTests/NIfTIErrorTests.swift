import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Broken and unsupported NIfTI files: each gives a one-line `NeurometryError` naming the file,
/// the field and what was expected; none traps.
@Suite struct NIfTIErrorTests {
  static let cases: [(String, [String])] = [
    (
      "broken/truncated.nii",
      [
        "truncated.nii", "header says shape (3, 4, 5) int16 (120 bytes of voxels from byte 352)", "83 bytes",
        "truncated",
      ]
    ),
    ("broken/truncated.nii.gz", ["truncated.nii.gz", "compressed data ends early", "truncated?"]),
    ("broken/header_only.nii.gz", ["header_only.nii.gz", "ends inside the 348-byte NIfTI-1 header", "200 bytes"]),
    ("broken/corrupt.nii.gz", ["corrupt.nii.gz", "corrupt compressed data"]),
    ("broken/wrong_sizeof_hdr.nii", ["wrong_sizeof_hdr.nii", "sizeof_hdr", "is 349", "expected 348 (NIfTI-1) or 540"]),
    ("broken/bad_magic.nii", ["bad_magic.nii", "magic", "'xyz'", "expected 'n+1'"]),
    (
      "broken/dim_mismatch.nii",
      ["dim_mismatch.nii", "shape (10, 10, 10) int16 (2,000 bytes of voxels", "holds 120 bytes", "wrong dim?"]
    ),
    ("broken/bad_ndim.nii", ["bad_ndim.nii", "dim[0]", "is 9", "1…7"]),
    ("broken/negative_dim.nii", ["negative_dim.nii", "dim[2]", "-4"]),
    ("broken/unknown_datatype.nii", ["unknown_datatype.nii", "datatype", "code 3"]),
    ("broken/empty.nii", ["empty.nii", "empty"]),
    ("broken/short_header.nii", ["short_header.nii", "ends inside the 348-byte NIfTI-1 header"]),
    ("broken/pair_without_img.hdr", ["pair_without_img.img", "no such file"]),
    ("unsupported/complex64.nii", ["complex64.nii", "datatype", "complex", "real-valued"]),
    ("unsupported/rgb24.nii", ["rgb24.nii", "datatype", "colour image"]),
    ("nibabel/analyze.hdr", ["analyze.hdr", "ANALYZE 7.5", "not NIfTI"]),
    ("nibabel/nifti1.hdr", ["nifti1.img", "no such file"]),
    ("no/such/file.nii", ["no/such/file.nii", "no such file"]),
  ]

  @Test(arguments: NIfTIErrorTests.cases)
  func brokenFileHasAClearMessage(file: String, fragments: [String]) {
    expectNeurometryError(fragments, file) { _ = try NIfTIImage.read(Fixtures.path("nifti", file)) }
  }

  @Test func everyBrokenFixtureIsCovered() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("nifti", "broken"))
    let covered = Set(Self.cases.map { ($0.0 as NSString).lastPathComponent })
    for n in names { #expect(covered.contains(n), "broken/\(n) has no error test") }
  }

  @Test func quaternionOutsideTheUnitBallIsRefusedWhenTheQformIsUsed() throws {
    var bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("nifti", "xform_qform.nii")))
    // quatern_b = 0.9, quatern_c = 0.9 (b² + c² > 1)
    withUnsafeBytes(of: Float(0.9).bitPattern.littleEndian) { bytes.replaceSubrange(256..<260, with: $0) }
    withUnsafeBytes(of: Float(0.9).bitPattern.littleEndian) { bytes.replaceSubrange(260..<264, with: $0) }
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try bytes.write(to: URL(fileURLWithPath: dir.file("badq.nii")))
    #expect {
      _ = try NIfTIImage.read(dir.file("badq.nii"))
    } throws: { error in
      let d = (error as? NeurometryError)?.description ?? ""
      return d.contains("badq.nii") && d.contains("quatern_b/c/d") && d.contains("not a unit quaternion")
    }
  }

  @Test func infiniteInterceptWithAValidSlopeIsRefused() throws {
    var bytes = try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("nifti", "scaled_int16.nii")))
    withUnsafeBytes(of: Float.infinity.bitPattern.littleEndian) { bytes.replaceSubrange(116..<120, with: $0) }
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try bytes.write(to: URL(fileURLWithPath: dir.file("inf_inter.nii")))
    #expect {
      _ = try NIfTIImage.read(dir.file("inf_inter.nii"))
    } throws: { error in
      let d = (error as? NeurometryError)?.description ?? ""
      return d.contains("inf_inter.nii") && d.contains("scl_inter") && d.contains("finite intercept")
    }
  }
}
