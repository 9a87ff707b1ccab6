import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The NWB bad-input battery: broken ragged indices, intervals that end before they start,
/// truncated files, HDF5 files that are not NWB, NWB 1.x — each a `NeurometryError` naming the
/// file, the object and what was expected.
@Suite struct NWBErrorTests {
  func broken(_ name: String) -> String { Fixtures.path("nwb", "broken/" + name) }

  @Test func spikeTimesIndexNotIncreasing() {
    let p = broken("index_not_increasing.nwb")
    #expect(
      errorMessage { _ = try NWBFile(path: p).units() }
        == "\(p): /units/spike_times_index is not increasing at row 3 (value 3,566 < 6,247)")
  }

  @Test func spikeTimesIndexPastTheEnd() {
    let p = broken("index_past_end.nwb")
    #expect(
      errorMessage { _ = try NWBFile(path: p).units() }
        == "\(p): /units/spike_times_index points past the end of /units/spike_times at row 6 (value 14,961 > 14,951 values)"
    )
  }

  @Test func trialThatStopsBeforeItStarts() {
    let p = broken("stop_before_start.nwb")
    let m = errorMessage { _ = try NWBFile(path: p).intervals("trials") }
    #expect(m.hasPrefix("\(p): /intervals/trials/stop_time: is before start_time at row 5 (stop "), "\(m)")
    #expect(m.hasSuffix("every interval needs stop_time ≥ start_time"), "\(m)")
  }

  @Test func truncatedNWB() {
    let p = broken("truncated.nwb")
    let m = errorMessage { _ = try NWBFile(path: p).units() }
    #expect(m.hasPrefix("\(p): the file is shorter than HDF5 says — truncated?"), "\(m)")
  }

  @Test func notNWBAndNWBVersion1() {
    let plain = broken("no_nwb_version.h5")
    #expect(
      errorMessage { _ = try NWBFile(path: plain) }
        == "\(plain): /: has no 'nwb_version' attribute: an HDF5 file, but not an NWB file (read its datasets with --dataset /path)"
    )
    let old = broken("nwb_version_1.nwb")
    #expect(
      errorMessage { _ = try NWBFile(path: old) }
        == "\(old): nwb_version: is '1.0.5'; Neurometry reads NWB 2.x (convert NWB 1 files to NWB 2, for example by writing their arrays with pynwb)"
    )
  }

  @Test func missingTablesAndColumnsNameWhatExists() throws {
    let p = Fixtures.path("nwb", "session1.nwb")
    let nwb = try NWBFile(path: p)
    #expect(
      errorMessage { _ = try nwb.intervals("stimuli") }
        == "\(p): /intervals/stimuli: no such TimeIntervals table (the file has: /intervals/blocks, /intervals/epochs, /intervals/trials)"
    )
    #expect(
      errorMessage { _ = try nwb.intervals().column("orientation") }
        == "\(p): /intervals/trials: has no column 'orientation' (columns: start_time, stop_time, condition_id, run, stim_on, stimulus)"
    )
    #expect(
      errorMessage { _ = try nwb.units(at: "/intervals/trials") }
        == "\(p): /intervals/trials: has no ragged spike_times column (spike_times + spike_times_index); columns: start_time, stop_time, stimulus, condition_id, stim_on, run"
    )
    let raw = try nwb.timeSeries(at: "/acquisition/raw")
    #expect(
      errorMessage { _ = try raw.samples(1990..<2010) }
        == "\(p): /acquisition/raw: samples 1990..<2010 are outside 0..<2,000")
  }
}
