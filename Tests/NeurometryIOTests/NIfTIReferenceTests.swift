import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// NIfTI files written by nibabel 5.4.2 (Tests/Fixtures/nifti/make_nifti.py): voxel values after
/// scaling, shape, voxel type, byte order and affine (with its source) must equal nibabel's
/// exactly (tolerance 0: the same arithmetic on the same numbers).
@Suite struct NIfTIReferenceTests {
  static var manifest: [String: Any] {
    (try? Fixtures.json("nifti", "manifest.json") as? [String: Any]) ?? [:]
  }

  static var files: [[String: Any]] { manifest["files"] as? [[String: Any]] ?? [] }
  static var fileNames: [String] { files.compactMap { $0["file"] as? String } }

  static func entry(_ name: String) -> [String: Any] {
    files.first { $0["file"] as? String == name } ?? [:]
  }

  static func hexDoubles(_ any: Any?) -> [Double] {
    (any as? [String] ?? []).map { Double($0) ?? .nan }
  }

  /// The expected-values file for an entry (pairs and the gzipped copy share their twin's).
  static func expectedName(_ file: String) -> String {
    if file.hasSuffix(".hdr") { return String(file.dropLast(4)) + ".img" }
    if file == "bold4d.nii.gz" { return "bold4d.nii" }
    return file
  }

  @Test func manifestListsEveryCase() {
    #expect(Self.files.count >= 40)
  }

  @Test(arguments: NIfTIReferenceTests.fileNames)
  func imageMatchesNibabel(file: String) throws {
    let e = Self.entry(file)
    let image = try NIfTIImage.read(Fixtures.path("nifti", file))
    #expect(image.header.version == e["version"] as? Int)
    #expect(image.shape == e["shape"] as? [Int])
    #expect(image.header.numpyType == e["dtype"] as? String)
    #expect(image.header.dataType.rawValue == e["datatype_code"] as? Int)
    #expect(image.header.isBigEndian == (e["endianness"] as? String == ">"))
    #expect(image.header.sformCode == e["sform_code"] as? Int)
    #expect(image.header.qformCode == e["qform_code"] as? Int)
    #expect(image.affine.source.rawValue == e["affine_source"] as? String)
    let affine = image.affine.rows.flatMap { $0 }
    #expect(affine == Self.hexDoubles(e["affine"]), "affine \(affine)")
    #expect(try image.header.qformMatrix(path: file).flatMap { $0 } == Self.hexDoubles(e["qform"]))
    #expect(image.header.sformMatrix.flatMap { $0 } == Self.hexDoubles(e["sform"]))
    #expect(image.header.zooms == Self.hexDoubles(e["zooms"]))
    #expect(image.header.pixdim == Self.hexDoubles(e["pixdim"]))
    let scaling = try image.header.scaling(path: file)
    #expect([scaling?.slope ?? 1, scaling?.intercept ?? 0] == Self.hexDoubles([e["slope"], e["inter"]]))
    #expect(image.header.xyztUnits == e["xyzt_units"] as? Int)
    #expect(image.header.description == e["descrip"] as? String)
    let expected = try NPYFile.read(Fixtures.path("nifti", "expected/\(Self.expectedName(file)).npy"))
    let actual = image.asNDArray()
    #expect(actual.shape == expected.shape)
    assertClose(try actual.doubles(context: file), try expected.doubles(context: file), rtol: 0, "\(file) voxels")
    // -0.0 survives unscaled float reads, as in nibabel.
    let same = zip(try actual.doubles(context: file), try expected.doubles(context: file)).allSatisfy {
      $0.isNaN ? $1.isNaN : $0.bitPattern == $1.bitPattern
    }
    #expect(same, "\(file): bit patterns differ")
    // Gathering selected voxels straight from the file's bytes gives the same bits as decoding all.
    let voxels = try NIfTIVoxelData.read(Fixtures.path("nifti", file))
    let volumes = image.shape.dropFirst(3).reduce(1, *)
    let stride = image.header.voxelCount / volumes
    let picked = Array(Swift.stride(from: stride - 1, through: 0, by: -3)) + [0, 0]  // reversed, repeated
    let gathered = voxels.gather(columns: picked, stride: stride, rows: volumes)
    let direct = (0..<volumes).flatMap { t in picked.map { image.values[t * stride + $0] } }
    #expect(gathered.count == direct.count)
    #expect(zip(gathered, direct).allSatisfy { $0.bitPattern == $1.bitPattern }, "\(file): gathered voxels")
    #expect(voxels.decodeAll().elementsEqual(image.values) { $0.bitPattern == $1.bitPattern })
  }

  @Test func fileOrderIsFirstAxisFastest() throws {
    let image = try NIfTIImage.read(Fixtures.path("nifti", "bold4d.nii"))
    let expected = try NPYFile.read(Fixtures.path("nifti", "expected/bold4d.nii.npy"))
    let c = try expected.doubles(context: "bold4d")
    // numpy C index of (i, j, k, t) in shape (5, 6, 7, 9)
    for (i, j, k, t) in [(0, 0, 0, 0), (4, 0, 0, 0), (1, 5, 2, 3), (4, 5, 6, 8), (2, 3, 4, 7)] {
      let cIndex = ((i * 6 + j) * 7 + k) * 9 + t
      #expect(image.value(at: [i, j, k, t]) == c[cIndex])
      #expect(image.values[i + 5 * (j + 6 * (k + 7 * t))] == c[cIndex])
    }
    #expect(image.header.repetitionTime == 2.0)
    #expect(image.header.timeUnit == "sec")
    #expect(image.header.spatialUnit == "mm")
  }

  @Test func repairsAreReportedAsNibabelMakesThem() throws {
    let fixes = try NIfTIImage.read(Fixtures.path("nifti", "xform_fixes.nii"))
    #expect(fixes.warnings.count == 3, "\(fixes.warnings)")
    #expect(fixes.warnings.contains { $0.contains("zero voxel sizes set to 1") })
    #expect(fixes.warnings.contains { $0.contains("negative voxel sizes made positive") })
    #expect(fixes.warnings.contains { $0.contains("qfac (pixdim[0]) is 0.0") })
    let bad = try NIfTIImage.read(Fixtures.path("nifti", "xform_badcode.nii"))
    #expect(bad.warnings == ["sform_code 7 is not a NIfTI transform code (0…5); using 0 (as nibabel does)"])
    #expect(bad.affine.source == .qform)
    #expect(try NIfTIImage.read(Fixtures.path("nifti", "dtype_int16.nii")).warnings.isEmpty)
  }

  @Test func extensionMovesTheVoxelOffset() throws {
    let image = try NIfTIImage.read(Fixtures.path("nifti", "extension.nii"))
    #expect(image.header.voxelOffset > 352)
    #expect(image.header.voxelOffset % 16 == 0)
  }

  // MARK: - nibabel's own test data

  static var nibabelFiles: [[String: Any]] { manifest["nibabel"] as? [[String: Any]] ?? [] }
  static var nibabelImages: [String] {
    nibabelFiles.filter { $0["header_only"] == nil }.compactMap { $0["file"] as? String }
  }
  static var nibabelHeaders: [String] {
    nibabelFiles.filter { $0["header_only"] != nil }.compactMap { $0["file"] as? String }
  }

  @Test(arguments: NIfTIReferenceTests.nibabelImages)
  func nibabelShippedImage(file: String) throws {
    let e = try #require(Self.nibabelFiles.first { $0["file"] as? String == file })
    let image = try NIfTIImage.read(Fixtures.path("nifti", file))
    #expect(image.shape == e["shape"] as? [Int])
    #expect(image.header.numpyType == e["dtype"] as? String)
    #expect(image.header.version == e["version"] as? Int)
    #expect(image.affine.source.rawValue == e["affine_source"] as? String)
    #expect(image.affine.rows.flatMap { $0 } == Self.hexDoubles(e["affine"]))
    for sample in e["samples"] as? [[Any]] ?? [] {
      let index = sample.dropLast().compactMap { $0 as? Int }
      let value = Double(sample.last as? String ?? "") ?? .nan
      #expect(image.value(at: index) == value, "\(file) voxel \(index)")
    }
    var sum = 0.0
    var squares = 0.0
    for v in image.values {
      sum += v
      squares += v * v
    }
    // Exactly rounded sums (math.fsum) vs a running sum: equal for integer voxels, within 1e-12
    // relative for scaled ones (functional.nii).
    assertClose(sum, Double(e["sum"] as? String ?? "") ?? .nan, rtol: 1e-12, "\(file) sum")
    assertClose(squares, Double(e["sum_of_squares"] as? String ?? "") ?? .nan, rtol: 1e-12, "\(file) sum of squares")
  }

  @Test(arguments: NIfTIReferenceTests.nibabelHeaders)
  func nibabelShippedHeader(file: String) throws {
    let e = try #require(Self.nibabelFiles.first { $0["file"] as? String == file })
    let header = try NIfTIImage.readHeader(Fixtures.path("nifti", file))
    #expect(header.shape == e["shape"] as? [Int])
    #expect(header.numpyType == e["dtype"] as? String)
    #expect(header.version == e["version"] as? Int)
    let affine = try header.affine(path: file)
    #expect(affine.source.rawValue == e["affine_source"] as? String)
    #expect(affine.rows.flatMap { $0 } == Self.hexDoubles(e["affine"]))
  }

  @Test func bigEndianAndNIfTI2AreDetectedFromSizeofHdr() throws {
    let anatomical = try NIfTIImage.readHeader(Fixtures.path("nifti", "nibabel/anatomical.nii"))
    #expect(anatomical.isBigEndian && anatomical.version == 1)
    let n2 = try NIfTIImage.readHeader(Fixtures.path("nifti", "n2_be.nii"))
    #expect(n2.isBigEndian && n2.version == 2)
  }
}
