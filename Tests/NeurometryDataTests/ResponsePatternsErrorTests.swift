import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Labels whose count differs from the data's rows (or columns): a patterns file written with
/// h5py-like layout but 4 condition labels for 5 rows is refused naming the file and both counts;
/// the same for channel labels and for patterns built in code.
@Suite struct ResponsePatternsErrorTests {
  func write(_ path: String, conditions: Int, channels: Int) throws {
    try HDF5Writer.write(to: path, overwrite: false) { w in
      try w.write(
        NDArray(shape: [5, 3], values: .float64((0..<15).map(Double.init))), at: "/patterns", chunks: nil)
      try w.write(
        NDArray(shape: [conditions], values: .string((0..<conditions).map { "c\($0)" })),
        at: "/observations/condition")
      try w.write(NDArray(shape: [channels], values: .string((0..<channels).map { "u\($0)" })), at: "/channels/unit")
      try w.setAttribute("schema", "neurometry-patterns/1")
    }
  }

  @Test func patternsFileWithTooFewConditionLabels() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = dir.file("short.h5")
    try write(path, conditions: 4, channels: 3)
    #expect {
      _ = try PatternsFile.read(path)
    } throws: {
      ($0 as? NeurometryError)?.description
        == "\(path): observation descriptor 'condition' has 4 labels but the patterns have 5 rows"
    }
    let wide = dir.file("wide.h5")
    try write(wide, conditions: 5, channels: 4)
    #expect {
      _ = try PatternsFile.read(wide)
    } throws: {
      ($0 as? NeurometryError)?.description
        == "\(wide): channel descriptor 'unit' has 4 labels but the patterns have 3 columns"
    }
    try write(dir.file("fine.h5"), conditions: 5, channels: 3)
    #expect(try PatternsFile.read(dir.file("fine.h5"))[0].observationDescriptors["condition"]?.count == 5)
  }

  @Test func patternsBuiltInCode() {
    #expect {
      _ = try ResponsePatterns(
        measurements: Matrix(rows: 95, columns: 2), observationDescriptors: ["condition": (0..<96).map(String.init)],
        source: "rdm: 'patterns.npy'")
    } throws: {
      ($0 as? NeurometryError)?.description
        == "rdm: 'patterns.npy': observation descriptor 'condition' has 96 labels but the patterns have 95 rows"
    }
  }
}
