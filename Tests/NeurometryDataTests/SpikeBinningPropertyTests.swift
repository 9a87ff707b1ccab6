import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Half-open window semantics on hand-made spikes, additivity of bins, order invariance, and the
/// condition-order convention.
@Suite struct SpikeBinningPropertyTests {
  func trains(_ times: [[Double]]) throws -> SpikeTrains {
    try SpikeTrains(unitIDs: times.indices.map { "u\($0)" }, times: times)
  }

  @Test func spikesOnTheEdgesFollowTheHalfOpenRule() throws {
    // Trial starts at 10; window [10.5, 11.5): 10.5 counts, 11.5 does not (it opens the next
    // window [11.5, 12.5)), 11.499999 counts.
    let s = 10.0
    let spikes = try trains([[s + 0.5, s + 1.0, s + 1.5 - 1e-9, s + 1.5, s + 2.5]])
    let trials = try Trials(startTimes: [s, s + 1], stopTimes: [s + 1, s + 2])
    let counts = try SpikeBinning(window: SpikeWindow(start: 0.5, end: 1.5)).fit(spikes, trials)
    #expect(counts.matrix(rates: false).elements == [3, 1])
    // Two bins [0.5, 1.0) and [1.0, 1.5): the spike at s + 1.0 opens the second bin.
    let binned = try SpikeBinning(window: SpikeWindow(start: 0.5, end: 1.5, bins: 2)).fit(spikes, trials)
    #expect(binned.counts == [1, 2, 1, 0])
    #expect(try SpikeWindow(start: 0.05, end: 0.25, bins: 3).offsets.last == 0.25)
  }

  @Test func binsAddUpToTheWholeWindowAndRatesDivideByWidth() throws {
    var g = RandomStream(seed: 11)
    let times = (0..<5).map { _ in (0..<300).map { _ in g.nextUniform() * 40 } }
    let spikes = try trains(times)
    let starts = (0..<13).map { Double($0) * 2.9 + 0.37 }
    let trials = try Trials(startTimes: starts, stopTimes: starts.map { $0 + 1 })
    let whole = try SpikeBinning(window: SpikeWindow(start: -0.2, end: 0.7)).fit(spikes, trials)
    let binned = try SpikeBinning(window: SpikeWindow(start: -0.2, end: 0.7, bins: 7)).fit(spikes, trials)
    for t in 0..<13 {
      for u in 0..<5 {
        let sum = (0..<7).reduce(0.0) { $0 + binned[trial: t, unit: u, bin: $1] }
        #expect(sum == whole[trial: t, unit: u, bin: 0])
      }
    }
    let r = whole.matrix(rates: true)
    let c = whole.matrix(rates: false)
    #expect(zip(r.elements, c.elements).allSatisfy { $0 == $1 / (0.7 - -0.2) })
    // Unsorted input gives the same counts (spike trains are sorted on construction).
    let shuffled = try trains(times.map { $0.reversed() })
    #expect(try SpikeBinning(window: SpikeWindow(start: -0.2, end: 0.7)).fit(shuffled, trials) == whole)
  }

  @Test func countsEqualTheDefinitionForUnsortedOverlappingTrialsAndSparseOrDenseUnits() throws {
    // Trials out of time order with windows that overlap; units with from 0 to 20,000 spikes (the
    // sweep gallops over long gaps) and spikes placed exactly on edges.
    var g = RandomStream(seed: 12)
    let starts = (0..<37).map { _ in (g.nextUniform() * 50).rounded() / 4 }
    let trials = try Trials(startTimes: starts, stopTimes: starts.map { $0 + 3 })
    let window = try SpikeWindow(start: -0.5, end: 2.25, bins: 3)
    let edges = starts.map { s in window.offsets.map { s + $0 } }
    var times = [0, 1, 7, 400, 20_000].map { count in (0..<count).map { _ in g.nextUniform() * 16 - 1 } }
    times[3] += edges.prefix(10).flatMap { $0 }  // exactly on edges
    let counts = try SpikeBinning(window: window).fit(try trains(times), trials)
    for (i, e) in edges.enumerated() {
      for (u, t) in times.enumerated() {
        for k in 0..<3 {
          let expected = Double(t.filter { e[k] <= $0 && $0 < e[k + 1] }.count)
          #expect(counts[trial: i, unit: u, bin: k] == expected, "trial \(i), unit \(u), bin \(k)")
        }
      }
    }
  }

  @Test func conditionOrderIsNumericForNumbersAndLexicographicForStrings() throws {
    let s = try Trials.Column.strings(["c2", "c10", "c1", "c2", "B", "a", "9", "10"]).typedLabels(context: "t").groups
    #expect(s.labels == ["10", "9", "B", "a", "c1", "c10", "c2"])
    #expect(s.codes == [6, 5, 4, 6, 2, 3, 1, 0])
    let i = try Trials.Column.integers([15, -5, 5, 15]).typedLabels(context: "t").groups
    #expect(i.labels == ["-5", "5", "15"])
    #expect(i.codes == [2, 0, 1, 2])
    let d = try Trials.Column.numbers([2.5, -1, 10]).typedLabels(context: "t").groups
    #expect(d.labels == ["-1.0", "2.5", "10.0"])
    #expect(d.codes == [1, 0, 2])
  }

  @Test func aNaNConditionIsRefusedNamingTheTrial() throws {
    let error = #expect(throws: NeurometryError.self) {
      try Trials.Column.numbers([2.5, .nan, -1]).typedLabels(context: "trials.nwb: column 'stim'")
    }
    #expect(error?.description.contains("trials.nwb: column 'stim'") == true)
    #expect(error?.description.contains("label 1 (counting from 0) is nan") == true)
  }

  @Test func selectingUnitsAndTrials() throws {
    let spikes = try SpikeTrains(
      unitIDs: ["1", "2", "3"], times: [[1], [2], [3]], unitDescriptors: ["quality": ["good", "mua", "good"]])
    let good = try spikes.selecting("quality", in: ["good"])
    #expect(good.unitIDs == ["1", "3"] && good.times == [[1], [3]])
    let trials = try Trials(startTimes: [0, 1, 2], stopTimes: [1, 2, 3], columns: ["c": .strings(["x", "y", "x"])])
    let x = try trials.selecting("c", in: ["x"])
    #expect(x.startTimes == [0, 2] && x.columns["c"] == .strings(["x", "x"]))
  }
}
