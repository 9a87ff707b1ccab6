import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Spike counts, rates and condition averages from the pynwb-written session (Tests/Fixtures/nwb)
/// against numpy (make_nwb.py: half-open windows by `searchsorted(side="left")`, averages with
/// `mean(axis=0)`). Counts are integers and must match exactly; averages to 1e-12 relative
/// (numpy may sum in a different order).
@Suite struct SpikeBinningReferenceTests {
  static func load() throws -> (SpikeTrains, Trials) {
    let nwb = try NWBFile(path: Fixtures.path("nwb", "session1.nwb"))
    return (try SpikeTrains(nwb.units()), try Trials(nwb.intervals("trials")))
  }

  @Test func countsInTheTrialWindowMatchNumpy() throws {
    let (spikes, trials) = try Self.load()
    let counts = try SpikeBinning(window: SpikeWindow(start: 0.05, end: 0.25)).fit(spikes, trials)
    #expect(counts.trialCount == 23 && counts.unitCount == 7 && counts.binCount == 1)
    assertClose(counts.matrix(rates: false), try Fixtures.matrix("nwb", "expected/counts_start"), rtol: 0, "counts")
    assertClose(counts.matrix(rates: true), try Fixtures.matrix("nwb", "expected/rates_start"), rtol: 0, "rates")
  }

  @Test func countsAlignedOnAnEventColumnMatchNumpy() throws {
    let (spikes, trials) = try Self.load()
    let counts = try SpikeBinning(window: SpikeWindow(start: 0.05, end: 0.25), alignment: .column("stim_on"))
      .fit(spikes, trials)
    #expect(counts.alignment == "stim_on")
    assertClose(counts.matrix(rates: false), try Fixtures.matrix("nwb", "expected/counts_stim_on"), rtol: 0, "counts")
  }

  @Test func timeBinsMatchNumpy() throws {
    let (spikes, trials) = try Self.load()
    let counts = try SpikeBinning(window: SpikeWindow(start: 0.05, end: 0.25, bins: 4)).fit(spikes, trials)
    let expected = try Fixtures.array("nwb", "expected/counts_bins")
    #expect(expected.shape == [23, 7, 4])
    assertClose(counts.counts, try expected.doubles(context: "counts_bins"), rtol: 0, "binned counts")
  }

  @Test func conditionAveragesSortStringsLexicographically() throws {
    let (spikes, trials) = try Self.load()
    let fit = try SpikePatterns(window: SpikeWindow(start: 0.05, end: 0.25), condition: "stimulus").fit(spikes, trials)
    let order = try Fixtures.array("nwb", "expected/stimulus_order").strings
    #expect(order == ["b", "c1", "c10", "c2"])
    #expect(fit.conditions == order)
    #expect(fit.trialsPerCondition == [4, 5, 5, 9])
    let p = try #require(fit.patterns.first)
    #expect(p.observationDescriptors["condition"] == order)
    #expect(p.channelDescriptors["unit"] == ["100", "103", "106", "109", "112", "115", "118"])
    #expect(p.channelDescriptors["quality"]?.first == "good")
    assertClose(
      p.measurements, try Fixtures.matrix("nwb", "expected/mean_rates_by_stimulus"), rtol: 1e-12, "mean rates")
    #expect(fit.warnings == ["1 unit has no spikes (ids 112)"])
  }

  @Test func conditionAveragesSortNumbersNumerically() throws {
    let (spikes, trials) = try Self.load()
    let fit = try SpikePatterns(window: SpikeWindow(start: 0.05, end: 0.25), condition: "condition_id")
      .fit(spikes, trials)
    let order = try Fixtures.vector("nwb", "expected/condition_id_order")
    #expect(fit.conditions == order.map { String(Int($0)) })
    #expect(fit.conditions == ["-5", "5", "15", "25", "35"])
    assertClose(
      fit.patterns[0].measurements, try Fixtures.matrix("nwb", "expected/mean_rates_by_condition_id"), rtol: 1e-12,
      "mean rates")
  }

  @Test func perTrialPatternsKeepConditionsAndRuns() throws {
    let (spikes, trials) = try Self.load()
    let fit = try SpikePatterns(
      window: SpikeWindow(start: 0.05, end: 0.25, bins: 4), condition: "stimulus", perTrial: true, run: "run",
      rates: false
    ).fit(spikes, trials)
    #expect(fit.patterns.count == 4)
    let expected = try Fixtures.array("nwb", "expected/counts_bins").doubles(context: "")
    for bin in 0..<4 {
      let p = fit.patterns[bin]
      #expect(p.observationCount == 23)
      #expect(p.observationDescriptors["run"] == (0..<23).map { String($0 / 8) })
      #expect(p.observationDescriptors["time_bin"] == Array(repeating: String(bin), count: 23))
      #expect(p.observationDescriptors["condition"]?.prefix(3) == ["c1", "c2", "c10"])
      let column = (0..<(23 * 7)).map { expected[$0 * 4 + bin] }
      assertClose(p.measurements.elements, column, rtol: 0, "bin \(bin)")
    }
  }
}
