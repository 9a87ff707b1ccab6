import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Every documented bad input of the ridge fits, with its message.
@Suite struct RidgeErrorTests {
  let x = Synthetic.gaussian(rows: 12, columns: 4, seed: 1)
  let y = Synthetic.gaussian(rows: 12, columns: 5, seed: 2)

  @Test func differentStimulusCountsNameBothInputsAndCounts() {
    let m = errorMessage {
      _ = try RidgeCV(alphas: [1]).fit(
        x, Synthetic.gaussian(rows: 11, columns: 5, seed: 3), names: EncodingInputNames(x: "acts.npy", y: "resp.npy"))
    }
    #expect(m.contains("acts.npy has 12 stimuli"), "\(m)")
    #expect(m.contains("resp.npy has 11"), "\(m)")
  }

  @Test func nanTargetsThrowByDefaultAndAreDroppedOnRequest() throws {
    var bad = y
    bad[3, 2] = .nan
    let m = errorMessage { _ = try RidgeCV(alphas: [1], crossValidation: .kFold(folds: 3)).fit(x, bad) }
    #expect(m.contains("Y has NaN in column 2 (target 2)"), "\(m)")
    #expect(m.contains("--drop-nan-targets"), "\(m)")
    let fit = try RidgeCV(alphas: [1, 10], crossValidation: .kFold(folds: 3), nanTargets: .drop).fit(x, bad)
    #expect(fit.droppedTargets == [2])
    #expect(fit.alphas[2].isNaN && fit.cvScores[2].isNaN && fit.intercepts[2].isNaN)
    #expect(fit.alphas.enumerated().allSatisfy { $0.offset == 2 || !$0.element.isNaN })
    #expect(fit.warnings.contains { $0.contains("dropped (columns 2)") })
    // The kept targets are fitted exactly as without the dropped one.
    let clean = try RidgeCV(alphas: [1, 10], crossValidation: .kFold(folds: 3)).fit(
      x, y.selectingColumns([0, 1, 3, 4]))
    assertClose([fit.cvScores[0], fit.cvScores[1], fit.cvScores[3], fit.cvScores[4]], clean.cvScores, rtol: 1e-14)
    let loo = try RidgeLeaveOneOut(alphas: [1], nanTargets: .drop).fit(x, bad)
    #expect(loo.scores[2].isNaN && !loo.scores[1].isNaN)
  }

  @Test func constantTargetsScoreNaNWithAWarningNotZero() throws {
    var flat = y
    for i in 0..<12 { flat[i, 4] = 3.5 }
    for score in EncodingScore.allCases {
      let fit = try RidgeCV(alphas: [1, 10], crossValidation: .kFold(folds: 3), score: score).fit(x, flat)
      #expect(fit.cvScores[4].isNaN, "\(score)")
      #expect(fit.alphas[4].isNaN)
      #expect(fit.constantTargets == [4])
      #expect(fit.warnings.contains { $0.contains("constant") && $0.contains("columns 4") })
      assertClose(try fit.predict(x).column(4), [Double](repeating: 3.5, count: 12), rtol: 1e-14)
      let loo = try RidgeLeaveOneOut(alphas: [1, 10], score: score).fit(x, flat)
      #expect(loo.scores[4].isNaN && loo.constantTargets == [4])
    }
  }

  @Test func moreFoldsThanSamples() {
    let m = errorMessage { _ = try RidgeCV(alphas: [1], crossValidation: .kFold(folds: 13)).fit(x, y) }
    #expect(m.contains("13 folds for 12 samples"), "\(m)")
    let g = errorMessage {
      _ = try RidgeCV(
        alphas: [1],
        crossValidation: .groupKFold(
          folds: 4, groups: SampleLabels(strings: Array(repeating: ["a", "b", "c"], count: 4).flatMap { $0 }))
      ).fit(x, y)
    }
    #expect(g.contains("4 folds for 3 groups"), "\(g)")
    #expect(
      errorMessage { _ = try CrossValidation.kFold(folds: 1).splits(sampleCount: 5) }.contains("at least 2 folds"))
  }

  @Test func badPenaltiesAndNonFiniteFeatures() {
    #expect(errorMessage { _ = try RidgeCV(alphas: []).fit(x, y) }.contains("no penalties"))
    #expect(errorMessage { _ = try RidgeCV(alphas: [1, 0]).fit(x, y) }.contains("α = 0.0 is not allowed"))
    #expect(errorMessage { _ = try RidgeLeaveOneOut(alphas: [-1]).fit(x, y) }.contains("positive and finite"))
    var bad = x
    bad[5, 1] = .infinity
    let m = errorMessage { _ = try RidgeCV(alphas: [1]).fit(bad, y) }
    #expect(m.contains("X has a non-finite value (inf) at stimulus 5, feature 1"), "\(m)")
  }

  @Test func badSplits() {
    let overlap = CrossValidation.explicit([CrossValidationSplit(train: [0, 1, 2], test: [2, 3])])
    #expect(errorMessage { _ = try overlap.splits(sampleCount: 5) }.contains("same sample"))
    let outside = CrossValidation.explicit([CrossValidationSplit(train: [0, 1], test: [7])])
    #expect(errorMessage { _ = try outside.splits(sampleCount: 5) }.contains("sample 7, outside 0..<5"))
    let lonely = CrossValidation.stratifiedShuffleSplit(
      splits: 2, size: .testFraction(0.5), classes: SampleLabels(strings: ["a", "a", "b", "b", "c"]), seed: 0)
    #expect(errorMessage { _ = try lonely.splits(sampleCount: 5) }.contains("class 'c' has 1 member"))
    #expect(
      errorMessage {
        _ = try CrossValidation.shuffleSplit(splits: 2, size: .testFraction(1.5), seed: 0).splits(sampleCount: 5)
      }.contains("(0, 1)"))
  }
}

/// Bad inputs of banded ridge.
@Suite struct BandedRidgeErrorTests {
  let x = Synthetic.gaussian(rows: 15, columns: 6, seed: 4)
  let y = Synthetic.gaussian(rows: 15, columns: 3, seed: 5)

  func message(_ bands: [Range<Int>], search: BandWeightSearch = .random(iterations: 3)) -> String {
    errorMessage {
      _ = try BandedRidgeCV(bands: bands, alphas: [1, 10], search: search, crossValidation: .kFold(folds: 3)).fit(x, y)
    }
  }

  @Test func aBandWithZeroFeatures() {
    #expect(message(BandedRidgeCV.consecutiveBands(sizes: [3, 0, 3])).contains("band 1 has no features"))
  }

  @Test func overlappingOrOutOfRangeBandsAndBadWeights() {
    #expect(message([0..<4, 3..<6]).contains("bands 0 and 1 share columns"))
    #expect(message([0..<4, 4..<9]).contains("band 1 spans columns 4..<9 but X has 6 columns"))
    #expect(message([]).contains("no bands"))
    #expect(message([0..<3, 3..<6], search: .fixed([[0.5, 0.5, 0.1]])).contains("3 entries for 2 bands"))
    #expect(message([0..<3, 3..<6], search: .fixed([[0.5, 0]])).contains("not positive"))
    #expect(message([0..<3, 3..<6], search: .random(iterations: 0)).contains("0 iterations"))
  }

  @Test func constantTargetsAndUncoveredFeatures() throws {
    var flat = y
    for i in 0..<15 { flat[i, 1] = -2 }
    let fit = try BandedRidgeCV(bands: [0..<2, 4..<6], alphas: [1, 10], search: .random(iterations: 4, seed: 1))
      .fit(x, flat)
    #expect(fit.cvScores[1].isNaN && fit.alphas[1].isNaN && fit.constantTargets == [1])
    assertClose(try fit.predict(x).column(1), [Double](repeating: -2, count: 15), rtol: 1e-14)
    let beta = try #require(fit.coefficients)
    #expect(beta.row(2).allSatisfy { $0 == 0 } && beta.row(3).allSatisfy { $0 == 0 }, "features outside the bands")
  }
}
