import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `ArrayFile`, `FileFormat` and `FileSummary.inspect` on HDF5, NWB and MAT files.
@Suite struct HDF5ArrayFileTests {
  @Test func formatsAreDetected() throws {
    #expect(try FileFormat.detect(Fixtures.path("hdf5", "numeric.h5")) == .hdf5)
    #expect(try FileFormat.detect(Fixtures.path("nwb", "session1.nwb")) == .nwb)
    #expect(try FileFormat.detect(Fixtures.path("hdf5", "broken/not_hdf5.h5")) == .unknown)
  }

  @Test func datasetsByPathAndTheOnlyDataset() throws {
    let p = Fixtures.path("hdf5", "numeric.h5")
    let m = try ArrayFile.readMatrix(p, member: "/chunked/gzip_shuffle")
    #expect(m.rows == 37 && m.columns == 11)
    #expect(
      try ArrayFile.readLabels(Fixtures.path("hdf5", "strings.h5"), member: "vlen_ascii").values == [
        "x", "yy", "", "c10", "c2",
      ])
    #expect {
      _ = try ArrayFile.read(p)
    } throws: { error in
      String(describing: error).contains("datasets (/a/b/c/leaf, ")
        && String(describing: error).contains("--dataset /path")
    }
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let single = dir.file("one.h5")
    try ArrayFile.write(NDArray(m), to: single)
    #expect(try ArrayFile.readMatrix(single) == m)
  }

  @Test func inspectListsDatasetsAndNWBContent() throws {
    let s = try FileSummary.inspect(Fixtures.path("nwb", "session1.nwb"))
    #expect(s.format == .nwb && s.formatVersion == "2.11.0")
    let nwb = try #require(s.nwb)
    #expect(nwb.units?.count == 7)
    #expect(nwb.units?.spikeCount == 14951)
    #expect(nwb.intervals.map(\.path) == ["/intervals/blocks", "/intervals/epochs", "/intervals/trials"])
    #expect(nwb.intervals.last?.count == 23)
    #expect(nwb.timeSeries.map(\.path) == ["/acquisition/raw", "/acquisition/speed", "/processing/behavior/position"])
    let spikes = try #require(s.arrays.first { $0.name == "/units/spike_times" })
    #expect(spikes.shape == [14951] && spikes.dtype == "<f8" && spikes.minimum != nil)
    let h = try FileSummary.inspect(Fixtures.path("hdf5", "numeric.h5"))
    #expect(h.format == .hdf5 && h.nwb == nil)
    let lzf = try #require(h.arrays.first { $0.name == "/chunked/lzf" })
    #expect(lzf.minimum == nil && lzf.shape == [37, 11])
    let m = try FileSummary.inspect(Fixtures.path("mat", "session.mat"))
    #expect(m.format == .mat && m.arrays.first { $0.name == "A" }?.shape == [3, 5])
    #expect(m.arrays.first { $0.name == "S" }?.dtype == "struct")
  }
}
