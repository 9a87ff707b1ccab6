import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// NWB files written by other tools (pynwb's back-compat test files, MatNWB, aqnwb, a pynwb file
/// with stimuli and a soft-linked series; Tests/Fixtures/otherwriters, SOURCES.md), read as
/// pynwb 4.2 reads them (expected.json, make_expected.py; h5py for the MatNWB 2.0b file pynwb 4
/// cannot open).
@Suite struct OtherWritersNWBTests {
  static func expected() throws -> [String: [String: Any]] {
    let all = try #require(try Fixtures.json("otherwriters", "expected.json") as? [String: Any])
    return try #require(all["nwb"] as? [String: [String: Any]])
  }

  static func path(_ name: String) -> String { Fixtures.path("otherwriters", "nwb/" + name) }

  @Test func everyFileIsChecked() throws {
    // 3 from pynwb's back-compat tests, 2 MatNWB, 2 aqnwb, 1 written by make_expected.py.
    #expect(try Self.expected().count == 8)
  }

  /// Each series pynwb lists, once, with its type, unit (pynwb's 'unknown' when absent), sample
  /// and timestamp counts, rate and external files; and every dataset once (h5py's count).
  @Test func seriesAsPynwbReadsThem() throws {
    var checked = 0
    for (name, file) in try Self.expected().sorted(by: { $0.key < $1.key }) {
      let summary = try FileSummary.inspect(Self.path(name))
      #expect(summary.arrays.count == file["dataset_count"] as? Int, "\(name): datasets")
      guard let series = file["time_series"] as? [[String: Any]] else { continue }
      let nwb = try #require(summary.nwb, "\(name)")
      #expect(nwb.timeSeries.map(\.path) == series.map { $0["path"] as? String ?? "" }, "\(name)")
      for (got, want) in zip(nwb.timeSeries, series) {
        #expect(got.neurodataType == want["neurodata_type"] as? String, "\(name) \(got.path)")
        #expect(got.unit == want["unit"] as? String, "\(name) \(got.path)")
        #expect((got.shape?.first ?? 0) == want["samples"] as? Int, "\(name) \(got.path)")
        #expect(got.timestampCount == want["timestamp_count"] as? Int, "\(name) \(got.path)")
        #expect(got.rate == want["rate"] as? Double, "\(name) \(got.path)")
        #expect(got.externalFile == want["external_file"] as? [String], "\(name) \(got.path)")
        checked += 1
      }
    }
    #expect(checked == 13)
  }

  /// pynwb's ImageSeries whose frames are in an external video (data empty, timestamps present):
  /// inspect lists it with a warning instead of refusing the whole file; reading its samples says
  /// where the frames are.
  @Test func externalFileImageSeriesIsAWarning() throws {
    let path = Self.path("pynwb_2.1.0_imageseries_no_data.nwb")
    let summary = try FileSummary.inspect(path)
    let warnings = try #require(summary.nwb?.warnings)
    #expect(
      warnings == ["/acquisition/test_imageseries: frames are in external file 'external_file', not in this file"])
    #expect(summary.allWarnings == warnings)
    let series = try NWBFile(path: path).timeSeries(at: "/acquisition/test_imageseries")
    #expect(series.sampleCount == 0)
    #expect(try series.samples(0..<0).rows == 0)
    #expect(throws: NeurometryError.self) { try series.samples(0..<1) }
  }

  /// A series without data is listed, with no shape, and warned about.
  @Test func seriesWithoutDataIsListed() throws {
    let summary = try FileSummary.inspect(Self.path("pynwb_1.5.1_timeseries_no_data.nwb"))
    let s = try #require(summary.nwb?.timeSeries.first)
    #expect(s.shape == nil && s.dtype == nil && s.rate == 1)
    #expect(summary.nwb?.warnings == ["/acquisition/test_timeseries: has no data"])
  }

  /// aqnwb's soft link /processing/time_alignment/original_series_reference → /acquisition/original_series
  /// is listed once, at its home.
  @Test func softLinkedSeriesIsListedOnce() throws {
    let path = Self.path("aqnwb_testLinkTimeSeriesExample.nwb")
    let file = try HDF5File(path: path)
    let link = try #require(
      try file.walk(from: "/processing").first { $0.path == "/processing/time_alignment/original_series_reference" })
    #expect(link.linkTarget == "/acquisition/original_series")
    let paths = try NWBFile(path: path).timeSeriesPaths()
    #expect(paths == ["/acquisition/original_series", "/processing/time_alignment/aligned_voltage"])
  }

  /// MatNWB's NWB 1.0.6 file (nwb_version a root dataset): inspect lists its arrays and says it is
  /// NWB 1.x; opening it as NWB says what it is and what to do.
  @Test func nwbVersion1IsNamed() throws {
    let path = Self.path("matnwb_20080606_R1.nwb")
    let summary = try FileSummary.inspect(path)
    #expect(summary.format == .nwb && summary.formatVersion == "1.0.6" && summary.nwb == nil)
    #expect(summary.warnings.count == 4 && summary.warnings[0].contains("an NWB 1.x file"), "\(summary.warnings)")
    // Its three stimulus series link into files MatNWB's test data does not ship: named, with why.
    #expect(
      summary.warnings.dropFirst().allSatisfy {
        $0.contains("/data: not read: is an external link into 'stim_lib/640x480_")
          && $0.contains("could not be opened")
      }, "\(summary.warnings)")
    expectNeurometryError(["NWB 1.x", "1.0.6", "convert it to NWB 2", "--dataset"], path) {
      _ = try NWBFile(path: path)
    }
  }

  /// A series whose timestamps are shorter than its data: listed with a warning; its samples are
  /// read, and its times as far as the timestamps go.
  @Test func timesBeyondTheTimestampsAreRefused() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let path = dir.file("short_timestamps.nwb")
    try HDF5Writer.write(to: path) { w in
      try w.setAttribute("nwb_version", "2.8.0")
      try w.write(NDArray(shape: [5], values: .float64([1, 2, 3, 4, 5])), at: "/acquisition/speed/data")
      try w.setAttribute("unit", "m/s", at: "/acquisition/speed/data")
      try w.write(NDArray(shape: [3], values: .float64([0, 0.5, 1])), at: "/acquisition/speed/timestamps")
      try w.setAttribute("neurodata_type", "TimeSeries", at: "/acquisition/speed")
    }
    let nwb = try NWBSummary(NWBFile(path: path))
    #expect(
      nwb.warnings == [
        "/acquisition/speed: timestamps has 3 entries but data has 5 samples; reading times of samples beyond 3 fails"
      ])
    let speed = try NWBFile(path: path).timeSeries(at: "/acquisition/speed")
    #expect(try speed.samples(0..<5).elements == [1, 2, 3, 4, 5])
    #expect(try speed.times(0..<3) == [0, 0.5, 1])
    expectNeurometryError(["timestamps has 3 entries but data has 5 samples", "3..<5"]) { _ = try speed.times(0..<5) }
  }
}
