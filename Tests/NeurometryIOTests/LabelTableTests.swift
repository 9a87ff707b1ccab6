import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Atlas label tables in TSV and text layouts, and their errors.
@Suite struct LabelTableTests {
  func table(_ text: String, _ name: String) throws -> LabelTable {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    try Data(text.utf8).write(to: URL(fileURLWithPath: dir.file(name)))
    return try LabelTable.read(dir.file(name))
  }

  @Test func layouts() throws {
    #expect(try table("id\tlabel\n1\tV1\n2\tn/a\n", "a.tsv").names == [1: "V1", 2: "label 2"])
    #expect(
      try table("# comment\r\n\r\n7\tLeft-Hippocampus 220 216 20 0\r\n10 Thalamus\n", "lut.txt").names == [
        7: "Left-Hippocampus", 10: "Thalamus",
      ])
  }

  @Test(arguments: [
    ("index\tregion\n1\tx\n", "a.tsv", ["a.tsv", "column 'name'", "is missing"]),
    ("index\tname\n1.5\tx\n", "b.tsv", ["b.tsv", "column 'index', line 2", "1.5 is not a whole number"]),
    ("index\tname\n1\tx\n1\ty\n", "c.tsv", ["c.tsv", "line 3", "label index 1 appears twice"]),
    ("V1\nV2\n", "d.txt", ["d.txt", "line 1", "expected 'index name'"]),
    ("# nothing\n", "e.txt", ["e.txt", "holds no 'index name' lines"]),
  ])
  func errors(text: String, name: String, fragments: [String]) {
    expectNeurometryError(fragments, name) { _ = try table(text, name) }
  }
}
