import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// First-level design matrices against nilearn 0.14.1's `make_first_level_design_matrix`
/// (Tests/Fixtures/fmri/make_fmri.py) for events with labels that sort 'a' < 'c10' < 'c2',
/// numeric labels, zero durations, modulation, duplicated events, onsets before the first scan,
/// events past the end, slice_time_ref 0.5, SPM and Glover HRFs, cosine/polynomial/no drift,
/// oversampling 1–50, confound regressors. Tolerance 1e-10 relative to each column's largest value: the convolution
/// sums in a different order from numpy's `convolve` (BLAS dot products), which moves the last
/// bits of values far below a column's peak.
@Suite struct DesignMatrixReferenceTests {
  static var cases: [[String: Any]] {
    (try? Fixtures.json("fmri", "designs/cases.json") as? [[String: Any]]) ?? []
  }
  static var names: [String] { cases.compactMap { $0["name"] as? String } }

  static func design(_ c: [String: Any]) throws -> FirstLevelDesign {
    func d(_ key: String) throws -> Double { try #require(Double(c[key] as? String ?? "")) }
    return FirstLevelDesign(
      hrf: try #require(HRFModel(rawValue: c["hrf"] as? String ?? "")), oversampling: c["oversampling"] as? Int ?? 0,
      drift: try #require(DriftModel(rawValue: c["drift"] as? String ?? "")), highPass: try d("high_pass"),
      driftOrder: c["drift_order"] as? Int ?? 0, minOnset: try d("min_onset"),
      sliceTimeReference: try d("slice_time_ref"))
  }

  @Test func everyCaseIsListed() { #expect(Self.names.count == 6) }

  @Test(arguments: DesignMatrixReferenceTests.names)
  func designMatchesNilearn(name: String) throws {
    let c = try #require(Self.cases.first { $0["name"] as? String == name })
    let builder = try Self.design(c)
    let tr = try #require(Double(c["tr"] as? String ?? ""))
    let scans = try #require(c["scans"] as? Int)
    let events = try BIDSEvents.read(Fixtures.path("fmri", "designs/\(name)_events.tsv"))
    var confounds: (names: [String], values: Matrix)? = nil
    if let names = c["confounds"] as? [String] {
      confounds = (names, try Fixtures.matrix("fmri", "designs/\(name)_confounds"))
    }
    let d = try builder.make(events: events, scans: scans, repetitionTime: tr, confounds: confounds)
    #expect(d.columnNames == c["columns"] as? [String])
    let expected = try Fixtures.matrix("fmri", "designs/\(name)")
    #expect(d.matrix.rows == expected.rows && d.matrix.columns == expected.columns)
    assertClose(
      d.frameTimes, try Fixtures.vector("fmri", "designs/\(name)_frame_times"), rtol: 0, "\(name) frame times")
    for j in 0..<expected.columns {
      let e = expected.column(j)
      let scale = e.map(abs).max() ?? 1
      assertClose(d.matrix.column(j), e, rtol: 1e-10, atol: 1e-10 * scale, "\(name) column \(d.columnNames[j])")
    }
  }

  @Test func conditionsSortNumericallyOrByCodePoint() {
    // Events' trial_type is untyped text: numeric when every cell is a number (pandas' typing).
    #expect(Labels(text: ["c2", "c10", "a", "B"]).distinctSorted == ["B", "a", "c10", "c2"])
    #expect(Labels(text: ["10", "2", "1", "2"]).distinctSorted == ["1", "2", "10"])
    #expect(Labels(text: ["10", "2", "x"]).distinctSorted == ["10", "2", "x"])
    #expect(Labels(text: ["-1.5", "0.5", "1e1"]).distinctSorted == ["-1.5", "0.5", "1e1"])
  }

  @Test func cosineDriftIsOrthonormalAndConstantIsLast() throws {
    let table = TSVTable(path: "events", columns: ["onset", "duration", "trial_type"], rows: [["3", "1", "a"]])
    let d = try FirstLevelDesign(highPass: 0.02).make(
      events: try BIDSEvents(table: table), scans: 100, repetitionTime: 2)
    let driftColumns = d.columnNames.indices.filter { d.columnNames[$0].hasPrefix("drift_") }
    // K = floor(2 · 100 · 0.02 · 2) = 8
    #expect(driftColumns.count == 8)
    #expect(d.columnNames.last == "constant")
    let drift = d.matrix.selectingColumns(driftColumns)
    assertClose(gram(drift, side: .columns), .identity(8), atol: 1e-12, "DCT basis is orthonormal")
  }
}
