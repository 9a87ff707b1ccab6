import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Every documented error of spike binning, with its message.
@Suite struct SpikeBinningErrorTests {
  @Test func windows() throws {
    #expect(
      errorMessage { _ = try SpikeWindow(parsing: "0.05-0.25") }
        == "window: '0.05-0.25' is not START:END in seconds, e.g. 0.05:0.25")
    #expect(
      errorMessage { _ = try SpikeWindow(parsing: "0.3:0.1") }
        == "window: 0.3:0.1 is not a window; expected START:END with END > START (seconds)")
    #expect(errorMessage { _ = try SpikeWindow(start: 0, end: 1, bins: 0) } == "bins: 0 bins; expected 1 or more")
    #expect(try SpikeWindow(parsing: " -0.1 : 0.2 ", bins: 2) == SpikeWindow(start: -0.1, end: 0.2, bins: 2))
  }

  @Test func trialsAndSpikes() throws {
    #expect(
      errorMessage { _ = try Trials(startTimes: [0, 2], stopTimes: [1, 1.5], source: "t.nwb: /intervals/trials") }
        == "t.nwb: /intervals/trials: trial 1 stops before it starts (stop 1.5 < start 2.0)")
    #expect(
      errorMessage { _ = try Trials(startTimes: [0], stopTimes: [1], columns: ["c": .strings(["a", "b"])]) }
        == "trials: column 'c' has 2 values for 1 trials")
    #expect(
      errorMessage { _ = try SpikeTrains(unitIDs: ["7"], times: [[1, .nan]], source: "s.nwb: /units") }
        == "s.nwb: /units: unit 7 has spike time nan at index 1; times must be finite")
    let trials = try Trials(
      startTimes: [0, 1], stopTimes: [1, 2], columns: ["name": .strings(["a", "b"]), "on": .numbers([0.1, .nan])])
    let spikes = try SpikeTrains(unitIDs: ["1"], times: [[0.5]])
    let w = try SpikeWindow(start: 0, end: 0.5)
    #expect(
      errorMessage { _ = try SpikeBinning(window: w, alignment: .column("name")).fit(spikes, trials) }
        == "trials: column 'name' holds strings; an alignment column must hold times in seconds")
    #expect(
      errorMessage { _ = try SpikeBinning(window: w, alignment: .column("on")).fit(spikes, trials) }
        == "trials: column 'on' is nan at trial 1; alignment times must be finite")
    #expect(
      errorMessage { _ = try SpikePatterns(window: w, condition: "stimulus").fit(spikes, trials) }
        == "trials: has no column 'stimulus' (columns: start_time, stop_time, name, on)")
    #expect(
      errorMessage { _ = try spikes.selecting("quality", in: ["good"]) }
        == "spikes: has no unit column 'quality' (columns: )")
  }

  @Test func nwbStopBeforeStartSurfacesThroughTrials() {
    let p = Fixtures.path("nwb", "broken/stop_before_start.nwb")
    let m = errorMessage { _ = try Trials(NWBFile(path: p).intervals("trials")) }
    #expect(m.hasPrefix("\(p): /intervals/trials/stop_time: is before start_time at row 5"), "\(m)")
  }
}
