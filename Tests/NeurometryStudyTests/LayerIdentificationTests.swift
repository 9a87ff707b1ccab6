import Foundation
import NeurometryLinearAlgebra
import NeurometryStudy
import NeurometryTestSupport
import Testing

/// Would we know? (issue 17): the noise model, the surrogate brains, the Wilson intervals against
/// statsmodels, and identification behaving as theory says on data whose truth is known.
@Suite struct LayerIdentificationTests {
  // MARK: Noise model

  /// σ², v and ρ by hand for 2 repetitions of 3 stimuli and 2 channels.
  @Test func channelNoiseClosedForm() throws {
    let a = Matrix(rows: 3, columns: 2, elements: [1, 10, 2, 10, 6, 10])
    let b = Matrix(rows: 3, columns: 2, elements: [3, 12, 2, 8, 4, 10])
    let noise = try ChannelNoise(repetitions: [a, b])
    // Channel 0: means 2, 2, 5 (offset 3); squared deviations from the means 1+1, 0+0, 1+1 → σ² =
    // 4 / (3 · 1) = 4/3, noise of a mean 2/3; variance of the means (1 + 1 + 4) / 2 = 3 → v = 7/3.
    // Channel 1: means 11, 9, 10 (offset 10); deviations 1+1, 1+1, 0 → σ² = 4/3, mean noise 2/3;
    // variance of the means (1 + 1 + 0) / 2 = 1 → v = 1/3.
    assertClose(noise.offsets, [3, 10], rtol: 1e-14)
    assertClose(noise.meanNoiseVariance, [2.0 / 3, 2.0 / 3], rtol: 1e-14)
    assertClose(noise.signalVariance, [7.0 / 3, 1.0 / 3], rtol: 1e-14)
    assertClose(noise.reliability(), [7.0 / 9, 1.0 / 3], rtol: 1e-14)
    assertClose(noise.reliability(noiseScale: 2), [7.0 / 15, 1.0 / 9], rtol: 1e-14)
    #expect(noise.reliability(noiseScale: 0) == [1, 1])
    #expect(noise.repetitions == 2 && noise.channels == 2)
    // A channel whose means vary less than their noise has no signal: v = 0, ρ = 0.
    let flat = try ChannelNoise(repetitions: [
      Matrix(rows: 2, columns: 1, elements: [0, 1]), Matrix(rows: 2, columns: 1, elements: [1, 0]),
    ])
    #expect(flat.signalVariance == [0] && flat.reliability() == [0])
  }

  /// On many stimuli the estimates recover the variances the data were made with.
  @Test func channelNoiseRecoversTheGeneratingVariances() throws {
    let (n, c, r) = (4000, 3, 4)
    var g = RandomStream(seed: 5)
    let signalSD = [1.0, 2.0, 0.5]
    let noiseSD = [1.0, 0.5, 2.0]
    let signal = Matrix(rows: n, columns: c) { _, j in signalSD[j] * g.nextGaussian() + Double(j) }
    let reps = (0..<r).map { _ in signal.map { $0 }.mapIndexed { _, j, v in v + noiseSD[j] * g.nextGaussian() } }
    let noise = try ChannelNoise(repetitions: reps)
    for j in 0..<c {
      assertClose(noise.signalVariance[j], signalSD[j] * signalSD[j], rtol: 0.1, "v[\(j)]")
      assertClose(noise.meanNoiseVariance[j], noiseSD[j] * noiseSD[j] / Double(r), rtol: 0.05, "σ²/r[\(j)]")
      assertClose(noise.offsets[j], Double(j), atol: 0.1, "offset \(j)")
    }
  }

  @Test func channelNoiseRefusesTooLittleData() {
    let m = Matrix(rows: 3, columns: 2)
    #expect(errorMessage { _ = try ChannelNoise(repetitions: [m], source: "V4") }.contains("V4: has 1 repetition(s)"))
    #expect(
      errorMessage { _ = try ChannelNoise(repetitions: [m, Matrix(rows: 3, columns: 3)], source: "V4") }.contains(
        "repetition 2 is 3 × 3, repetition 1 is 3 × 2"))
    var bad = m
    bad[1, 1] = .nan
    #expect(errorMessage { _ = try ChannelNoise(repetitions: [m, bad], source: "V4") }.contains("V4: repetition 2"))
  }

  // MARK: Surrogates

  /// Without noise a surrogate's channels have exactly the subject's offsets and signal variance;
  /// the noise scale multiplies the deviation from the signal; the layer is not changed.
  @Test func surrogateFollowsTheNoiseModel() throws {
    let layer = Synthetic.gaussian(rows: 30, columns: 12, seed: 3)
    let copy = layer
    var g = RandomStream(seed: 1)
    let reps = (0..<3).map { _ in
      Matrix(rows: 30, columns: 5) { i, j in Double(i % 7) * Double(j + 1) + g.nextGaussian() }
    }
    let noise = try ChannelNoise(repetitions: reps)
    var random = RandomStream(seed: 9)
    let brain = try SurrogateBrain.draw(layer: layer, noise: noise, random: &random)
    #expect(layer == copy)
    let clean = brain.responses(noiseScale: 0)
    let (centred, means) = clean.centeringColumns()
    assertClose(means, noise.offsets, rtol: 1e-12)
    let variances = (0..<5).map { j in (0..<30).map { centred[$0, j] * centred[$0, j] }.reduce(0, +) / 29 }
    assertClose(variances, noise.signalVariance, rtol: 1e-12)
    let one = brain.responses(noiseScale: 1)
    let three = brain.responses(noiseScale: 3)
    for k in 0..<one.elements.count {
      assertClose(
        three.elements[k] - clean.elements[k], 3 * (one.elements[k] - clean.elements[k]), rtol: 1e-9, atol: 1e-12)
    }
    // The same stream gives the same surrogate.
    var again = RandomStream(seed: 9)
    #expect(try SurrogateBrain.draw(layer: layer, noise: noise, random: &again).responses() == one)
  }

  // MARK: Intervals

  /// Wilson intervals and normal quantiles against statsmodels 0.15 and scipy 1.17
  /// (Tests/Fixtures/identify/make_identify.py).
  @Test func wilsonIntervalsAndQuantilesMatchStatsmodelsAndScipy() throws {
    let e = try Fixtures.json("identify", "identify_expected.json") as? [String: Any] ?? [:]
    let intervals = e["wilson"] as? [[String: Double]] ?? []
    let quantiles = e["quantiles"] as? [[String: Double]] ?? []
    #expect(intervals.count == 11 && quantiles.count == 18)
    for w in intervals {
      let (k, n, c) = (Int(w["successes"] ?? 0), Int(w["trials"] ?? 0), w["confidence"] ?? 0)
      let (lower, upper) = WilsonInterval.bounds(successes: k, trials: n, confidence: c)
      assertClose(lower, w["lower"] ?? .nan, rtol: 1e-10, atol: 1e-14, "\(k)/\(n) at \(c): lower")
      assertClose(upper, w["upper"] ?? .nan, rtol: 1e-10, atol: 1e-14, "\(k)/\(n) at \(c): upper")
    }
    for q in quantiles {
      let p = q["p"] ?? .nan
      assertClose(StandardNormal.quantile(p), q["quantile"] ?? .nan, rtol: 1e-10, "Φ⁻¹(\(p))")
      if p >= 1e-6 && p <= 1 - 1e-6 {
        assertClose(StandardNormal.quantile(1 - p), -StandardNormal.quantile(p), rtol: 1e-9, "Φ⁻¹(1 − \(p))")
      }
    }
    #expect(StandardNormal.quantile(0) == -.infinity && StandardNormal.quantile(1) == .infinity)
    #expect(StandardNormal.quantile(-0.1).isNaN && StandardNormal.quantile(.nan).isNaN)
    #expect(WilsonInterval.bounds(successes: 0, trials: 0) == (0, 1))
  }

  // MARK: Identification

  /// Truth known by construction: accuracy is near 1 when the noise is small, declines as the
  /// noise grows (each level's accuracy within the previous level's upper bound), and reaches
  /// chance (1/L inside the interval) when the noise swamps the signal.
  @Test func accuracyDeclinesFromOneToChanceAsNoiseGrows() throws {
    let study = try SyntheticStudy(ids: (1...40).map { "s\($0)" }, regions: [("A", 1)], channels: 30, noise: 0.5)
    defer { study.cleanup() }
    let data = try StudyData.load(try StudyFile.read(study.studyFile))
    let scales = [0.1, 1, 4, 16, 1000]
    let analysis = LayerIdentification(
      measures: [.defaults(.rsa), .defaults(.cka), .encoding(EncodingMeasure(folds: 4, alphas: [0.1, 10, 1000]))],
      repetitions: 30, noiseScales: scales, seed: 11)
    let result = try analysis.run(data)
    #expect(result.layers == study.layerNames && result.regions.count == 1 && result.warnings.isEmpty)
    let region = try #require(result.regions.first)
    #expect(region.levels.map(\.noiseScale) == scales)
    #expect(region.reliability > 0.5 && region.reliability < 1)
    let reliabilities = region.levels.map(\.reliability)
    #expect(zip(reliabilities, reliabilities.dropFirst()).allSatisfy { $0 > $1 }, "\(reliabilities)")
    for (m, measure) in analysis.measures.enumerated() {
      let levels = region.levels.map { $0.measures[m] }
      let accuracy = levels.map(\.accuracy)
      for level in levels {
        #expect(level.confusion.count == 4 && level.confusion.allSatisfy { $0.count == 4 })
        #expect(level.confusion.map { $0.reduce(0, +) }.reduce(0, +) + level.undecided == 4 * 30)
        #expect(level.lower <= level.accuracy && level.accuracy <= level.upper && level.chance == 0.25)
        #expect(
          zip(level.confusion.indices, level.confusion).map { $1[$0] }.reduce(0, +)
            == Int((level.accuracy * 120).rounded()))
      }
      if measure.kind != .cka { #expect(accuracy[0] >= 0.95, "\(measure.label): \(accuracy)") }
      for k in 1..<levels.count {
        #expect(levels[k].accuracy <= levels[k - 1].upper, "\(measure.label): \(accuracy)")
      }
      let noisiest = try #require(levels.last)
      #expect(noisiest.lower <= 0.25 && 0.25 <= noisiest.upper, "\(measure.label) at λ = 1000: \(noisiest.accuracy)")
    }
  }

  /// The same seed gives the same result; the result does not depend on which noise scales or
  /// measures are asked for (each surrogate's stream is keyed by region, subject, layer and
  /// repetition only); another seed gives other surrogates.
  @Test func reproducibleAndIndependentOfWhatElseIsAsked() throws {
    let study = try SyntheticStudy(ids: (1...24).map { "s\($0)" }, regions: [("A", 2), ("B", 0)], subjects: 2)
    defer { study.cleanup() }
    let data = try StudyData.load(try StudyFile.read(study.studyFile))
    let rsa = LayerIdentification(measures: [.defaults(.rsa)], repetitions: 10, noiseScales: [1, 8], seed: 3)
    let a = try rsa.run(data)
    #expect(try rsa.run(data) == a)
    let more = try LayerIdentification(
      measures: [.defaults(.cka), .defaults(.rsa)], repetitions: 10, noiseScales: [8], seed: 3
    ).run(data)
    for g in 0..<2 {
      #expect(a.regions[g].levels[1].measures[0] == more.regions[g].levels[0].measures[1])
      #expect(a.regions[g].subjects == ["s0", "s1"])
    }
    let other = try LayerIdentification(measures: [.defaults(.rsa)], repetitions: 10, noiseScales: [1, 8], seed: 4)
      .run(data)
    #expect(
      other.regions.map { $0.levels[1].measures[0].confusion } != a.regions.map { $0.levels[1].measures[0].confusion })
  }

  @Test func settingsAndDataAreChecked() throws {
    let study = try SyntheticStudy(ids: (1...12).map { "s\($0)" }, regions: [("A", 1)], repetitions: 1)
    defer { study.cleanup() }
    let data = try StudyData.load(try StudyFile.read(study.studyFile))
    let rsa = LayerIdentification(measures: [.defaults(.rsa)], repetitions: 3)
    // One presentation per stimulus: no noise level, the region is left out with the reason.
    let result = try rsa.run(data)
    #expect(result.regions.isEmpty)
    #expect(
      result.warnings == [
        "A: left out, no subject presented every stimulus at least twice (the noise level comes from the repetitions)"
      ])
    for (analysis, message) in [
      (LayerIdentification(measures: []), "identify: needs at least one measure"),
      (LayerIdentification(measures: [.defaults(.rsa)], repetitions: 0), "repetitions must be at least 1, got 0"),
      (
        LayerIdentification(measures: [.defaults(.rsa)], noiseScales: [1, -2]),
        "noise scales must be finite and ≥ 0, got -2.0"
      ),
      (LayerIdentification(measures: [.defaults(.rsa)], confidence: 1), "confidence must be between 0 and 1, got 1.0"),
      (
        LayerIdentification(measures: [.encoding(EncodingMeasure(folds: 5))]),
        "the study has 12 stimuli but Encoding (ridge, 5-fold, Pearson r) needs at least 15"
      ),
    ] {
      #expect(errorMessage { _ = try analysis.run(data) }.contains(message), "\(message)")
    }
  }
}

extension Matrix {
  /// Element-wise transform with the position.
  fileprivate func mapIndexed(_ f: (Int, Int, Double) -> Double) -> Matrix {
    Matrix(rows: rows, columns: columns) { i, j in f(i, j, self[i, j]) }
  }
}
