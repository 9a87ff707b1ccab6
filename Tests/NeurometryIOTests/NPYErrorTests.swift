import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Every malformed file in Tests/Fixtures/npy/broken gets a `NeurometryError` whose message
/// names the file and says what was expected.
@Suite struct NPYErrorTests {
  /// (file, fragments the message must contain)
  static let cases: [(String, [String])] = [
    ("bad_magic.npy", ["bad_magic.npy", "not a NumPy .npy file", "magic"]),
    ("truncated_header.npy", ["truncated_header.npy", "header", "truncated?"]),
    (
      "truncated_data.npy",
      ["truncated_data.npy", "header says shape (120, 64) float64 (61,440 bytes of data)", "4,096 bytes", "truncated?"]
    ),
    ("extra_data.npy", ["extra_data.npy", "16 bytes too many"]),
    ("object.npy", ["object.npy", "pickled", "never unpickles"]),
    ("structured.npy", ["structured.npy", "structured"]),
    ("complex.npy", ["complex.npy", "complex"]),
    ("bad_version.npy", ["bad_version.npy", "version 9.0"]),
    ("bad_header_dict.npy", ["bad_header_dict.npy", "NPY header"]),
    ("negative_shape.npy", ["negative_shape.npy", "shape", "non-negative"]),
    ("empty.npy", ["empty.npy", "empty"]),
  ]

  @Test(arguments: NPYErrorTests.cases)
  func malformedNPYHasAClearMessage(file: String, fragments: [String]) {
    let path = Fixtures.path("npy", "broken/" + file)
    expectNeurometryError(fragments, file) { _ = try NPYFile.read(path) }
  }

  @Test(arguments: [
    ("npz_truncated.npz", ["npz_truncated.npz"]),
    ("npz_bad_crc.npz", ["npz_bad_crc.npz", "a.npy", "CRC-32 mismatch"]),
    ("not_zip.npz", ["not_zip.npz", "not a ZIP archive"]),
  ])
  func malformedNPZHasAClearMessage(file: String, fragments: [String]) {
    let path = Fixtures.path("npy", "broken/" + file)
    expectNeurometryError(fragments, file) { _ = try NPZFile(path: path).arrays() }
  }

  @Test func missingFileAndDirectoryAreNamed() {
    #expect(throws: NeurometryError.fileNotFound(path: "/nonexistent/x.npy")) {
      _ = try NPYFile.read("/nonexistent/x.npy")
    }
    #expect {
      _ = try NPYFile.read(Fixtures.directory)
    } throws: { error in
      String(describing: error).contains("directory")
    }
  }

  @Test func stringsAreRefusedWhereNumbersAreNeeded() throws {
    let labels = try NPYFile.read(Fixtures.path("npy", "labels.npy"))
    #expect(throws: NeurometryError.self) { _ = try labels.matrix(context: "labels.npy") }
    let cube = try NPYFile.read(Fixtures.path("npy", "num_lef8_C.npy"))
    #expect {
      _ = try cube.matrix(context: "num_lef8_C.npy")
    } throws: { error in
      String(describing: error).contains("expected a 2-D array, found shape (3, 4, 5)")
    }
  }
}
