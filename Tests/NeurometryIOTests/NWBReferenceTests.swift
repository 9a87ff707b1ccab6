import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// An NWB file written by pynwb 4.2 (NWB 2.11.0; Tests/Fixtures/nwb/make_nwb.py): units with
/// ragged spike times and electrodes, trials and other TimeIntervals with numeric and string
/// columns, TimeSeries metadata and lazy windowed reads, compared with what pynwb reads back.
@Suite struct NWBReferenceTests {
  static let session = Fixtures.path("nwb", "session1.nwb")

  @Test func versionAndSessionMetadata() throws {
    let nwb = try NWBFile(path: Self.session)
    #expect(nwb.version == "2.11.0")
    #expect(nwb.identifier == "session1")
    #expect(nwb.sessionDescription == "Neurometry NWB fixture")
    #expect(nwb.hasUnits)
  }

  @Test func unitsSpikeTimesElectrodesAndColumns() throws {
    let units = try NWBFile(path: Self.session).units()
    #expect(units.ids == [100, 103, 106, 109, 112, 115, 118])
    let totals = try Fixtures.vector("nwb", "expected/spike_counts_total")
    #expect(units.spikeTimes.map { Double($0.count) } == totals)
    #expect(units.spikeTimes[4].isEmpty)
    #expect(units.electrodes == [[0], [1], [1, 2], [3], [0], [1], [2]])
    #expect(units.labels("quality") == ["good", "mua", "good", "noise", "good", "good", "mua"])
    #expect(units.labels("location") == ["CA1", "CA1", "CA3", "DG", "CA3", "CA1", "DG"])
    #expect(try units.columns["depth"]?.doubles(context: "") == [120.5, 80.0, 300.25, 10.0, 55.5, 70.0, 999.0])
    #expect(units.columnNames == ["quality", "location", "depth", "spike_times", "electrodes"])
    #expect(units.skippedColumns.isEmpty)
    // Spike times of each unit are sorted as written, and the flat data splits exactly.
    let flat = try HDF5File(path: Self.session).dataset("/units/spike_times").readDoubles()
    #expect(units.spikeTimes.flatMap { $0 } == flat)
  }

  @Test func trialsAndOtherTimeIntervals() throws {
    let nwb = try NWBFile(path: Self.session)
    #expect(try nwb.intervalTables() == ["/intervals/blocks", "/intervals/epochs", "/intervals/trials"])
    let trials = try nwb.intervals()
    #expect(trials.count == 23)
    #expect(trials.columnNames == ["start_time", "stop_time", "stimulus", "condition_id", "stim_on", "run"])
    #expect(try trials.column("stimulus").strings.prefix(6) == ["c1", "c2", "c10", "b", "c2", "c1"])
    #expect(try trials.column("condition_id").values == .int64((0..<23).map { Int64((3 * $0) % 5 * 10 - 5) }))
    #expect(try trials.column("run").integers(context: "") == (0..<23).map { Int64($0 / 8) })
    #expect(zip(trials.startTimes, trials.stopTimes).allSatisfy { $1 - $0 > 0.49 && $1 - $0 < 0.51 })
    let epochs = try nwb.intervals("epochs")
    #expect(epochs.startTimes == [0, 50] && epochs.stopTimes == [50, 100])
    #expect(epochs.skippedColumns == ["tags"])
    let blocks = try nwb.intervals("/intervals/blocks")
    #expect(try blocks.column("label").strings == ["block0", "block1", "block2"])
  }

  @Test func timeSeriesMetadata() throws {
    let series = try NWBFile(path: Self.session).timeSeries()
    #expect(series.map(\.info.path) == ["/acquisition/raw", "/acquisition/speed", "/processing/behavior/position"])
    let raw = series[0].info
    #expect(raw.neurodataType == "ElectricalSeries")
    #expect(raw.unit == "volts")
    #expect(raw.shape == [2000, 4] && raw.dtype == "<i2")
    #expect(raw.rate == 1000 && raw.startingTime == 2.5)
    #expect(raw.conversion == 0.195e-6 && raw.offset == -1e-4 && raw.resolution == -1)
    #expect(series[1].info.rate == nil && series[1].info.timestampCount == 300)
    #expect(series[2].info.rate == 10 && series[2].info.unit == "m")
  }

  @Test func windowedReadsMatchPynwbSlices() throws {
    let raw = try NWBFile(path: Self.session).timeSeries(at: "/acquisition/raw")
    // Samples 100..<350 are the times [2.6, 2.85): starting_time 2.5 + i / 1000.
    #expect(try raw.sampleIndex(atOrAfter: 2.6) == 100)
    #expect(try raw.sampleIndex(atOrAfter: 2.5 + 350.0 / 1000) == 350)
    #expect(try raw.sampleIndex(atOrAfter: -5) == 0)
    #expect(try raw.sampleIndex(atOrAfter: 1e9) == 2000)
    let (times, values) = try raw.window(from: 2.5 + 100.0 / 1000, to: 2.5 + 350.0 / 1000)
    #expect(times.count == 250 && times.first == 2.5 + 100.0 / 1000)
    assertClose(values, try Fixtures.matrix("nwb", "expected/raw_window"), rtol: 0, "raw window")
    let speed = try NWBFile(path: Self.session).timeSeries(at: "/acquisition/speed")
    let allTimes = try speed.times(0..<300)
    let (t, v) = try speed.window(from: 10, to: 20)
    #expect(t == allTimes.filter { $0 >= 10 && $0 < 20 })
    #expect(v.rows == t.count && v.columns == 1)
  }
}
