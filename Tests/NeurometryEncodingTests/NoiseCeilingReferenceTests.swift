import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Split-half Spearman–Brown ceilings against Brain-Score's internal-consistency procedure,
/// transcribed with numpy/scipy/scikit-learn in make_encoding.py (cases ceiling_*): the same
/// random halves (ShuffleSplit(10, train_size=0.5, random_state=1) over 5 repetitions), per-split
/// values, medians, centre, error and per-target means; and a fixed split. Tolerance 1e-10.
@Suite struct NoiseCeilingReferenceTests {
  func repetitions(_ c: String) throws -> [Matrix] {
    let a = try Fixtures.array("encoding", "\(c)_repetitions")
    let v = try a.doubles(context: c)
    let (r, n, t) = (a.shape[0], a.shape[1], a.shape[2])
    return (0..<r).map { Matrix(rows: n, columns: t, elements: Array(v[($0 * n * t)..<(($0 + 1) * n * t)])) }
  }

  @Test func brainScoreRandomHalvesWithAConstantTarget() throws {
    let c = "ceiling_random"
    let ceiling = try SplitHalfReliability().estimate(try repetitions(c))
    let info = try EncodingFixtures.caseInfo(c)
    let halves = try #require(info["halves"] as? [[String: [Int]]])
    #expect(ceiling.halves.map(\.train) == halves.map { $0["train"] ?? [] })
    #expect(ceiling.halves.map(\.test) == halves.map { $0["test"] ?? [] })
    assertClose(ceiling.splitValues, try EncodingFixtures.matrix(c, "split_values"), rtol: 1e-10, "per split")
    assertClose(ceiling.splitMedians, try EncodingFixtures.vector(c, "split_medians"), rtol: 1e-10, "medians")
    assertClose(ceiling.center, try EncodingFixtures.vector(c, "center")[0], rtol: 1e-10, "centre")
    assertClose(ceiling.error, try EncodingFixtures.vector(c, "error")[0], rtol: 1e-9, "error")
    assertClose(ceiling.perTarget, try EncodingFixtures.vector(c, "per_target"), rtol: 1e-10, "per target")
    #expect(ceiling.perTarget[3].isNaN)
    #expect(ceiling.warnings.contains { $0.contains("columns 3") })
  }

  @Test func fixedSplit() throws {
    let c = "ceiling_fixed"
    let ceiling = try SplitHalfReliability(halves: [CrossValidationSplit(train: [0, 2], test: [1, 3])])
      .estimate(try repetitions(c))
    assertClose(ceiling.perTarget, try EncodingFixtures.vector(c, "per_target"), rtol: 1e-10, "per target")
    assertClose(ceiling.center, try EncodingFixtures.vector(c, "center")[0], rtol: 1e-10, "centre")
    #expect(ceiling.error == 0)
  }

  @Test func spearmanBrownOfPerfectHalvesIsOneAndErrorsAreNamed() throws {
    let signal = Synthetic.gaussian(rows: 9, columns: 4, seed: 5)
    let ceiling = try SplitHalfReliability(splits: 3).estimate([signal, signal, signal])
    assertClose(ceiling.perTarget, [1, 1, 1, 1], rtol: 1e-14)
    #expect(errorMessage { _ = try SplitHalfReliability().estimate([signal]) }.contains("needs at least 2"))
    #expect(
      errorMessage {
        _ = try SplitHalfReliability().estimate([signal, Synthetic.gaussian(rows: 8, columns: 4, seed: 1)])
      }
      .contains("repetition 1 is 8×4 but repetition 0 is 9×4"))
  }

  @Test func normalisationPolicy() throws {
    let (values, warnings) = try CeilingNormalization.explainedVariance.normalize(
      scores: [0.5, -0.5, 0.5, 0.9, .nan], ceilings: [0.5, 0.5, 0, 0.5, 0.8], score: .pearson)
    assertClose(values, [0.5, -0.5, .nan, 1.62, .nan], rtol: 1e-15)
    #expect(warnings.contains { $0.contains("1 target has a ceiling ≤ 0.0") })
    #expect(warnings.contains { $0.contains("1 normalised score is above 1 (kept, not clamped)") })
    let clamped = try CeilingNormalization.brainScore.normalize(
      scores: [0.5, 0.9], ceilings: [0.8, 0.6], score: .pearson, clampAt: 1.1)
    assertClose(clamped.values, [0.390625, 1.1], rtol: 1e-15)
    let r2 = try CeilingNormalization.explainedVariance.normalize(scores: [0.3], ceilings: [0.6], score: .r2)
    assertClose(r2.values, [0.5], rtol: 1e-15)
    #expect(throws: NeurometryError.self) {
      _ = try CeilingNormalization.explainedVariance.normalize(
        scores: [1], ceilings: [1], score: .negativeMeanSquaredError)
    }
  }
}
