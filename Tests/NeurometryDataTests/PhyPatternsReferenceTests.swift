import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Spike patterns from a Kilosort/Phy folder (Tests/Fixtures/kilosort/curated, written with numpy)
/// and its trials in every form (events TSV, BIDS events TSV, .npy event times with .npy columns,
/// a pynwb trials table), against numpy's `searchsorted(side="left")` counts and `mean(axis=0)`
/// rates (make_kilosort.py, events/expected.json). Six trials start exactly on a spike. Counts are
/// integers and match exactly; the averages too (each is a sum of a few integers / 0.05 / n).
@Suite struct PhyPatternsReferenceTests {
  static let events = Fixtures.path("kilosort", "events")
  static var expected: [String: Any] {
    (try? Fixtures.json("kilosort", "events/expected.json") as? [String: Any]) ?? [:]
  }

  static func spikes() throws -> SpikeTrains {
    try SpikeTrains(try KilosortSorting.read(Fixtures.path("kilosort", "curated"), filter: .good))
  }

  static var meanRates: Matrix {
    let rows = (expected["mean_rates"] as? [[String]] ?? []).map { $0.map { Double($0) ?? .nan } }
    return Matrix(rows: rows.count, columns: rows.first?.count ?? 0, elements: rows.flatMap { $0 })
  }

  @Test func clustersBecomeUnitsWithLabels() throws {
    let s = try Self.spikes()
    #expect(s.unitIDs == (Self.expected["units"] as? [Int] ?? []).map(String.init))
    #expect(s.unitDescriptors["label"] == ["good", "good", "good", "good", "good"])
    #expect(
      s.unitDescriptors["label_source"] == [
        "cluster_group.tsv 'group'", "cluster_KSLabel.tsv 'KSLabel'", "cluster_KSLabel.tsv 'KSLabel'",
        "cluster_group.tsv 'group'", "cluster_KSLabel.tsv 'KSLabel'",
      ])
    #expect(s.recordingEnd == 1)
    #expect(s.source == Fixtures.path("kilosort", "curated"))
  }

  static let trialSources: [(String, String, [(name: String, path: String)])] = [
    ("trials.tsv", "stimulus", []),
    ("bids_events.tsv", "trial_type", []),
    ("starts.npy", "stimulus", [("stimulus", "stimuli.npy")]),
    ("trials.nwb", "stimulus", []),
  ]

  @Test(arguments: 0..<4)
  func meanRatesMatchNumpyForEveryTrialsFile(source: Int) throws {
    let (file, condition, columns) = Self.trialSources[source]
    let trials = try Trials.read(
      events: "\(Self.events)/\(file)", columns: columns.map { ($0.name, "\(Self.events)/\($0.path)") })
    #expect(trials.count == 13)
    let fit = try SpikePatterns(window: SpikeWindow(start: 0, end: 0.05), condition: condition)
      .fit(try Self.spikes(), trials)
    #expect(fit.conditions == Self.expected["conditions"] as? [String])
    #expect(fit.trialsPerCondition == Self.expected["trials_per_condition"] as? [Int])
    assertClose(fit.patterns[0].measurements, Self.meanRates, rtol: 0, "\(file): mean rates")
    #expect(
      fit.warnings == [
        "2 trial windows (trials 11, 12, counting from 0) reach outside the recording (0 s to 1.0 s): no spikes can be counted there"
      ])
  }

  @Test func eventAlignedBinnedCountsMatchNumpy() throws {
    let trials = try Trials.read(events: "\(Self.events)/trials.tsv")
    let fit = try SpikePatterns(
      window: SpikeWindow(start: -0.01, end: 0.03, bins: 2), alignment: .column("stim_on"), condition: "stimulus",
      perTrial: true, run: "run", rates: false
    ).fit(try Self.spikes(), trials)
    let want = Self.expected["on_counts"] as? [[[Double]]] ?? []
    for bin in 0..<2 {
      let expected = Matrix(rows: 13, columns: 5) { t, u in want[t][u][bin] }
      assertClose(fit.patterns[bin].measurements, expected, rtol: 0, "bin \(bin)")
    }
    #expect(fit.patterns[0].observationDescriptors["run"] == (0..<13).map { String($0 % 3) })
  }

  @Test func spikesOnTrialStartsAreCounted() throws {
    // The fixture puts trials exactly on spikes: a spike at s counts in [s, s + 0.05).
    #expect(Self.expected["spikes_on_trial_starts"] as? Int == 6)
    let trials = try Trials.read(events: "\(Self.events)/trials.tsv")
    let counts = try SpikeBinning(window: SpikeWindow(start: 0, end: 1e-9)).fit(try Self.spikes(), trials)
    #expect(counts.counts.reduce(0, +) == 6)
  }
}
