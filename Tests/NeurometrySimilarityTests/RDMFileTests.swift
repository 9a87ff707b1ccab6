import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// RDMs written and read back as .npz (with labels) and .npy (+ conditions file), and the array
/// shapes `RDMFile.read` accepts.
@Suite struct RDMFileTests {
  func sample() throws -> RDMs {
    try RDMs(
      dissimilarities: Matrix([[1, 2, 3, 4, 5, 6], [0.5, .nan, 1.5, 2, 2.5, 3]]), conditions: ["c1", "c10", "c2", "b"],
      measure: "crossnobis", rdmDescriptors: ["subject": ["s1", "s2"]])
  }

  @Test func npzRoundTripKeepsLabelsMeasureAndDescriptors() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let r = try sample()
    try RDMFile.write(r, to: dir.file("r.npz"))
    let back = try RDMFile.read(dir.file("r.npz"))
    #expect(back.conditions == r.conditions && back.measure == r.measure && back.rdmDescriptors == r.rdmDescriptors)
    let bits = { (m: Matrix) in m.elements.map(\.bitPattern) }
    #expect(bits(back.dissimilarities) == bits(r.dissimilarities), "NaN pairs survive")
    #expect(throws: NeurometryError.outputExists(path: dir.file("r.npz"))) {
      try RDMFile.write(r, to: dir.file("r.npz"))
    }
  }

  @Test func hdf5RoundTrip() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let r = try sample()
    try RDMFile.write(r, to: dir.file("r.h5"))
    let back = try RDMFile.read(dir.file("r.h5"))
    #expect(back.conditions == r.conditions && back.measure == r.measure && back.rdmDescriptors == r.rdmDescriptors)
    #expect(back.dissimilarities.elements.map(\.bitPattern) == r.dissimilarities.elements.map(\.bitPattern))
    try RDMFile.write(r, to: dir.file("s.h5"), square: true)
    #expect(
      try RDMFile.read(dir.file("s.h5")).dissimilarities.elements.map(\.bitPattern)
        == r.dissimilarities.elements.map(\.bitPattern))
  }

  @Test func npyRoundTripWithConditionsFileAndSquareForms() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let r = try sample()
    let paths = try RDMFile.write(r, to: dir.file("r.npy"))
    #expect(paths == [dir.file("r.npy"), dir.file("r.conditions.npy")])
    let back = try RDMFile.read(dir.file("r.npy"))
    #expect(back.conditions == r.conditions)
    #expect(
      back.dissimilarities.elements.map { $0.isNaN ? -1 : $0 } == r.dissimilarities.elements.map { $0.isNaN ? -1 : $0 })
    try RDMFile.write(r, to: dir.file("s.npy"), square: true)
    #expect(try NPYFile.read(dir.file("s.npy")).shape == [2, 4, 4])
    let squares = try RDMFile.read(dir.file("s.npy"))
    #expect(squares.count == 2 && squares.conditions == r.conditions)
    let one = try RDMs(dissimilarities: Matrix([[1, 2, 3]]))
    try RDMFile.write(one, to: dir.file("one.npy"), square: true)
    let read = try RDMFile.read(dir.file("one.npy"))
    #expect(read.count == 1 && read.vector(0) == [1, 2, 3], "a symmetric n × n array with zero diagonal is one RDM")
  }

  @Test func badShapesAndAsymmetricMatricesAreNamed() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try NPYFile.write(NDArray(shape: [7], values: .float64((0..<7).map(Double.init))), to: dir.file("seven.npy"))
    #expect(throws: NeurometryError.self) { try RDMFile.read(dir.file("seven.npy")) }
    try NPYFile.write(
      NDArray(shape: [1, 3, 3], values: .float64([0, 1, 2, 1, 0, 3, 2, 4, 0])), to: dir.file("asym.npy"))
    #expect(
      errorMessage { _ = try RDMFile.read(dir.file("asym.npy")) }
        == "\(dir.file("asym.npy")): RDM 0 is not symmetric: element (1, 2) = 3.0 but (2, 1) = 4.0")
  }
}
