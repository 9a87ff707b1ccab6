import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// TSV files read as pandas 3.1.1 reads them (`read_csv(sep="\t", na_values=["n/a", ""],
/// keep_default_na=False, dtype=str)`, Tests/Fixtures/fmri/make_fmri.py): CRLF, quoted fields
/// with tabs, `""` and line breaks, trailing blank lines, `n/a`, a byte-order mark, no final
/// newline, UTF-8 text.
@Suite struct TSVReferenceTests {
  static var expected: [String: Any] {
    (try? Fixtures.json("fmri", "events/expected.json") as? [String: Any]) ?? [:]
  }
  static var names: [String] { expected.keys.sorted() }

  @Test func everyCaseIsListed() { #expect(Self.names.count == 7) }

  @Test(arguments: TSVReferenceTests.names)
  func tableMatchesPandas(name: String) throws {
    let e = try #require(Self.expected[name] as? [String: Any])
    let table = try TSVTable.read(Fixtures.path("fmri", "events/\(name)"))
    #expect(table.columns == e["columns"] as? [String])
    let rows = try #require(e["rows"] as? [[Any]])
    #expect(table.rowCount == rows.count)
    for (r, row) in rows.enumerated() where r < table.rowCount {
      let cells = table.rows[r].map { TSVTable.isMissing($0) ? nil : $0 }
      let want = row.map { $0 as? String }
      #expect(cells == want, "\(name) row \(r)")
    }
  }

  @Test func lineNumbersCountPhysicalLines() throws {
    let t = try TSVTable.read(Fixtures.path("fmri", "events/quoted.tsv"))
    #expect(t.lineNumbers == [2, 3])
    let blank = try TSVTable.parse("a\tb\n\n1\t2\n\n3\t4\n", path: "x.tsv")
    #expect(blank.lineNumbers == [3, 5])
  }

  @Test func numbersAreCorrectlyRoundedAndMissingIsNil() throws {
    let t = try TSVTable.parse("x\n0.1\n1e-300\n-2.5E3\nn/a\n\n 7 \n", path: "n.tsv")
    let v = try t.doubles("x")
    #expect(v == [0.1, 1e-300, -2500, nil, 7])
  }

  @Test func eventsFromEdgeCaseFiles() throws {
    let crlf = try BIDSEvents.read(Fixtures.path("fmri", "events/crlf.tsv"))
    #expect(crlf.onsets == [1.5, 3.25])
    #expect(crlf.durations == [2, 0])
    #expect(crlf.conditions == ["face", "house"])
    #expect(crlf.modulations == [1, 1])
    let bom = try BIDSEvents.read(Fixtures.path("fmri", "events/bom.tsv"))
    #expect(bom.onsets == [10])
    #expect(bom.durations == [0.25])
    let na = try BIDSEvents.read(Fixtures.path("fmri", "events/na.tsv"), dropMissingConditions: true)
    #expect(na.conditions == ["face", "house"])
    #expect(na.lineNumbers == [2, 4])
    #expect(na.warnings.count == 1 && na.warnings[0].contains("dropped 1 event whose trial_type is n/a (lines 3)"))
    let quoted = try BIDSEvents.read(Fixtures.path("fmri", "events/quoted.tsv"))
    #expect(quoted.conditions == ["a\tb", "c"])
    let custom = try BIDSEvents.read(Fixtures.path("fmri", "events/quoted.tsv"), conditionColumn: "note")
    #expect(custom.conditions == ["say \"hi\"", "two\nlines"])
  }
}
