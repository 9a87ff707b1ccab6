import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The NIfTI-1 writer: what it writes reads back with the same values, shape, affine (float32
/// rounding) and TR; integer types refuse values they cannot hold; outputs are atomic and never
/// overwrite without permission.
@Suite struct NIfTIRoundTripTests {
  static let affine: [[Double]] = [[-2, 0, 0, 90], [0, 2.5, 0, -126], [0, 0, 3, -72], [0, 0, 0, 1]]

  @Test(arguments: [NIfTIDataType.float32, .float64, .int16, .uint8, .int32, .uint16, .int8, .uint32, .int64, .uint64])
  func valuesShapeAndAffineSurvive(type: NIfTIDataType) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let shape = [3, 4, 2, 5]
    let n = shape.reduce(1, *)
    let values = (0..<n).map { Double(($0 * 7) % 100) }
    for name in ["out.nii", "out.nii.gz"] {
      try NIfTIImage.write(
        values: values, shape: shape, affine: Self.affine, to: dir.file(name), dataType: type, repetitionTime: 1.5,
        description: "round trip")
      let back = try NIfTIImage.read(dir.file(name))
      #expect(back.shape == shape)
      #expect(back.values == values)
      #expect(back.header.dataType == type)
      #expect(back.affine.source == .sform)
      #expect(back.affine.rows == Self.affine)
      #expect(back.header.repetitionTime == 1.5)
      #expect(back.header.zooms == [2, 2.5, 3, 1.5])
      #expect(back.header.description == "round trip")
      #expect(back.warnings.isEmpty)
    }
  }

  @Test func float32RoundsAndAnImageRewritesItself() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let original = try NIfTIImage.read(Fixtures.path("nifti", "xform_qform.nii"))
    try original.write(to: dir.file("copy.nii.gz"), dataType: .float64)
    let copy = try NIfTIImage.read(dir.file("copy.nii.gz"))
    #expect(copy.values == original.values)
    #expect(copy.affine.source == .sform)
    assertClose(copy.affine.rows.flatMap { $0 }, original.affine.rows.flatMap { $0 }, rtol: 1e-7, "affine (float32)")
    try NIfTIImage.write(values: [0.1, 1e40], shape: [2], affine: Self.affine, to: dir.file("f.nii"))
    #expect(try NIfTIImage.read(dir.file("f.nii")).values == [Double(Float(0.1)), .infinity])
  }

  @Test func writingRefusesWhatItCannotStore() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    #expect {
      try NIfTIImage.write(values: [1, 2.5], shape: [2], affine: Self.affine, to: dir.file("a.nii"), dataType: .int16)
    } throws: {
      ($0 as? NeurometryError)?.description.contains("value 2.5 at voxel 1 cannot be stored as int16") ?? false
    }
    #expect {
      try NIfTIImage.write(values: [300], shape: [1], affine: Self.affine, to: dir.file("a.nii"), dataType: .uint8)
    } throws: { ($0 as? NeurometryError)?.description.contains("cannot be stored as uint8") ?? false }
    #expect {
      try NIfTIImage.write(values: [.nan], shape: [1], affine: Self.affine, to: dir.file("a.nii"), dataType: .int32)
    } throws: { ($0 as? NeurometryError)?.description.contains("nan") ?? false }
    #expect(throws: NeurometryError.self) {
      try NIfTIImage.write(values: [1, 2], shape: [3], affine: Self.affine, to: dir.file("a.nii"))
    }
    #expect(throws: NeurometryError.self) {
      try NIfTIImage.write(values: [1], shape: [1], affine: [[1, 0, 0, 0]], to: dir.file("a.nii"))
    }
    #expect(!FileManager.default.fileExists(atPath: dir.file("a.nii")), "no partial output")
    try NIfTIImage.write(values: [1], shape: [1], affine: Self.affine, to: dir.file("b.nii"))
    #expect(throws: NeurometryError.outputExists(path: dir.file("b.nii"))) {
      try NIfTIImage.write(values: [2], shape: [1], affine: Self.affine, to: dir.file("b.nii"))
    }
    try NIfTIImage.write(values: [2], shape: [1], affine: Self.affine, to: dir.file("b.nii"), overwrite: true)
    #expect(try NIfTIImage.read(dir.file("b.nii")).values == [2])
  }

  @Test func asNDArrayIsCOrder() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    // File order (first axis fastest) 0…23 for shape (2, 3, 4).
    try NIfTIImage.write(
      values: (0..<24).map(Double.init), shape: [2, 3, 4], affine: Self.affine, to: dir.file("o.nii"), dataType: .int16)
    let a = try NIfTIImage.read(dir.file("o.nii")).asNDArray()
    #expect(a.shape == [2, 3, 4])
    #expect(a.sourceWasFortranOrder)
    #expect(a.sourceType == "<i2")
    let v = try a.doubles(context: "o")
    for i in 0..<2 {
      for j in 0..<3 {
        for k in 0..<4 { #expect(v[(i * 3 + j) * 4 + k] == Double(i + 2 * (j + 3 * k))) }
      }
    }
  }
}
