import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Properties of models, noise ceilings and bootstraps on seeded data.
@Suite struct ModelEvaluationPropertyTests {
  /// `subjects` noisy RDMs of one truth over n conditions, and `count` models of growing noise.
  static func setup(subjects: Int, conditions n: Int, seed: UInt64) throws -> (RDMs, [RSAModel]) {
    var g = RandomStream(seed: seed)
    let truth = Matrix(rows: n, columns: 8, elements: g.gaussians(n * 8))
    func rdm(_ noise: Double) throws -> RDMs {
      let x = truth + noise * Matrix(rows: n, columns: 8, elements: g.gaussians(n * 8))
      return try RDMEstimator(method: .euclidean).fit(ResponsePatterns(measurements: x))
    }
    let data = try RDMs.concatenating((0..<subjects).map { _ in try rdm(1) })
    let models = try [0.2, 1, 4].enumerated().map { try RSAModel.fixed("m\($0.offset)", rdm($0.element)) }
    return (data, models)
  }

  @Test(arguments: [RDMComparator.cosine, .corr, .spearman, .rhoA]) func fastNoiseCeilingEqualsTheDefinition(
    _ c: RDMComparator
  ) throws {
    let (data, _) = try Self.setup(subjects: 6, conditions: 7, seed: 1)
    let groups = ["a", "b", "a", "c", "b", "d"]
    let fast = try NoiseCeiling.compute(data, comparison: RDMComparison(c), groups: groups)
    // The definition, pool by pool.
    let order = ConditionGroups(Labels(strings: groups))
    var lower = 0.0
    var upper = 0.0
    let all = try RDMPooling.pool(data, for: c)
    for g in 0..<order.count {
      let test = data.selecting((0..<6).filter { order.codes[$0] == g })
      let train = data.selecting((0..<6).filter { order.codes[$0] != g })
      let pool = try RDMs(dissimilarities: Matrix(rows: 1, columns: 21, elements: try RDMPooling.pool(train, for: c)))
      let everything = try RDMs(dissimilarities: Matrix(rows: 1, columns: 21, elements: all))
      let lo = try RDMComparison(c).compare(pool, test).values.elements
      let up = try RDMComparison(c).compare(everything, test).values.elements
      lower += lo.reduce(0, +) / Double(lo.count)
      upper += up.reduce(0, +) / Double(up.count)
    }
    assertClose([fast.lower, fast.upper], [lower / 4, upper / 4], rtol: 1e-12, atol: 1e-14, c.rawValue)
    #expect(fast.lower <= fast.upper)
  }

  @Test func seededBootstrapIsReproducibleAndEachSampleDependsOnlyOnItsIndex() throws {
    let (data, models) = try Self.setup(subjects: 5, conditions: 8, seed: 2)
    let evaluator = ModelEvaluator(comparison: RDMComparison(.corr))
    for scheme in [EvaluationScheme.bootstrapPatterns, .bootstrapSubjects, .bootstrapBoth] {
      let a = try evaluator.bootstrap(models, data: data, scheme: scheme, count: 40, seed: 99)
      let b = try evaluator.bootstrap(models, data: data, scheme: scheme, count: 40, seed: 99)
      #expect(a.evaluations.elements.map(\.bitPattern) == b.evaluations.elements.map(\.bitPattern))
      // Sample 17 alone (one task, no parallel neighbours) gives row 17 of the parallel run.
      let alone = try evaluator.bootstrap(
        models, data: data, scheme: scheme,
        samples: [
          BootstrapSample.draw(scheme, rdms: 5, conditions: 8, seed: 99, sample: 17),
          BootstrapSample.draw(scheme, rdms: 5, conditions: 8, seed: 99, sample: 3),
        ])
      #expect(alone.evaluations.row(0).map(\.bitPattern) == a.evaluations.row(17).map(\.bitPattern), "\(scheme)")
      #expect(alone.evaluations.row(1).map(\.bitPattern) == a.evaluations.row(3).map(\.bitPattern))
      let other = try evaluator.bootstrap(models, data: data, scheme: scheme, count: 40, seed: 100)
      #expect(other.evaluations != a.evaluations)
    }
  }

  @Test func betterModelsScoreHigherAndTestsAreConsistent() throws {
    let (data, models) = try Self.setup(subjects: 8, conditions: 10, seed: 3)
    let r = try ModelEvaluator(comparison: RDMComparison(.corr)).bootstrap(
      models, data: data, scheme: .bootstrapBoth, count: 200, seed: 1)
    let m = r.means
    #expect(m[0] > m[1] && m[1] > m[2])
    let t = try r.tests()
    #expect(t.pairwise == t.pairwise.transposed)
    #expect(t.pairwise.diagonalElements == [1, 1, 1])
    #expect(t.versusZero[0] < 0.01)
    #expect((t.pairwise.elements + t.versusZero + t.versusNoiseCeiling).allSatisfy { $0 >= 0 && $0 <= 1 })
  }

  @Test func multipleComparisonCorrections() {
    let p = [0.02, 0.03, 0.2]
    #expect(MultipleComparisons.uncorrected.significant(p, alpha: 0.05) == [true, true, false])
    #expect(MultipleComparisons.bonferroni.significant(p, alpha: 0.05) == [false, false, false])
    #expect(MultipleComparisons.fdr.significant(p, alpha: 0.05) == [true, true, false])
    assertClose(MultipleComparisons.fdr.adjusted(p), [0.045, 0.045, 0.2], rtol: 1e-15)
    assertClose(MultipleComparisons.bonferroni.adjusted(p), [0.06, 0.09, 0.6], rtol: 1e-15)
    #expect(MultipleComparisons.fdr.significant([0.01, 0.04, 0.03, 0.005], alpha: 0.05) == [true, true, true, true])
  }

  @Test func studentTIsSymmetricAndTailsAddUp() {
    for nu in [1.0, 3.5, 40] {
      #expect(StudentT.cdf(0, degreesOfFreedom: nu) == 0.5)
      for t in [0.3, 2.0, 11.0] {
        assertClose(StudentT.cdf(-t, degreesOfFreedom: nu), StudentT.upperTail(t, degreesOfFreedom: nu), rtol: 1e-14)
        assertClose(
          StudentT.twoSided(t, degreesOfFreedom: nu), 2 * StudentT.upperTail(t, degreesOfFreedom: nu), rtol: 1e-14)
      }
    }
    // Cauchy (ν = 1): P(T > t) = 1/2 − atan(t)/π.
    assertClose(StudentT.upperTail(2, degreesOfFreedom: 1), 0.5 - Foundation.atan(2) / Double.pi, rtol: 1e-14)
    // Far tails keep their digits (1 − cdf would be 0).
    #expect(StudentT.upperTail(1e4, degreesOfFreedom: 30) > 0)
  }

  @Test func fittedWeightsRecoverAPlantedMixture() throws {
    let (_, models) = try Self.setup(subjects: 1, conditions: 9, seed: 4)
    let basis = try RDMs.concatenating(models.map(\.rdms))
    let mixture = basis.dissimilarities.times(vector: [0.7, 0.3, 0], transpose: true)
    let data = try RDMs(dissimilarities: Matrix(rows: 1, columns: mixture.count, elements: mixture))
    let model = try RSAModel(name: "w", kind: .weighted, rdms: basis)
    for method in [RSAModelFitter.Method.regression, .nonNegative] {
      let theta = try RSAModelFitter(method: method, comparison: RDMComparison(.cosine)).fit(model, to: data)
      let norm = (0.7 * 0.7 + 0.3 * 0.3).squareRoot()
      assertClose(theta, [0.7 / norm, 0.3 / norm, 0], rtol: 1e-9, atol: 1e-10, method.rawValue)
    }
  }
}

/// The summary `neurometry evaluate` prints, computed in the library (issue 13: corrected pairwise
/// p-values lived only in the CLI, and `try?` there turned every test error into a guessed warning).
@Suite struct ModelEvaluationSummaryTests {
  @Test func pairsAreTheTestsAdjustedByTheCorrection() throws {
    let (data, models) = try ModelEvaluationPropertyTests.setup(subjects: 8, conditions: 10, seed: 3)
    let r = try ModelEvaluator(comparison: RDMComparison(.corr)).bootstrap(
      models, data: data, scheme: .bootstrapBoth, count: 100, seed: 1)
    let t = try r.tests(.tTest)
    for correction in MultipleComparisons.allCases {
      let s = try ModelEvaluationSummary(r, test: .tTest, correction: correction, alpha: 0.01)
      #expect(s.pairs.map(\.first) == ["m0", "m0", "m1"] && s.pairs.map(\.second) == ["m1", "m2", "m2"])
      #expect(s.pairs.map { $0.p ?? .nan } == t.pairwiseCondensed)
      #expect(s.pairs.map { $0.pAdjusted ?? .nan } == correction.adjusted(t.pairwiseCondensed))
      #expect(s.pairs.map { $0.significant ?? false } == correction.significant(t.pairwiseCondensed, alpha: 0.01))
      #expect(s.models.map(\.mean) == r.means && s.models.map { $0.pZero ?? .nan } == t.versusZero)
      #expect(s.pairs[0].difference == r.means[0] - r.means[1])
      #expect(s.validSamples == r.validSamples.count && s.subjects == 8 && s.conditions == 10)
      // Codable: the tests and the summary decode back to what was encoded.
      let tests = try JSONDecoder().decode(ModelTests.self, from: JSONEncoder().encode(t))
      #expect(tests.pairwise == t.pairwise && tests.versusZero == t.versusZero && tests.kind == .tTest)
      let back = try JSONDecoder().decode(ModelEvaluationSummary.self, from: JSONEncoder().encode(s))
      #expect(back.pairs == s.pairs && back.models == s.models && back.correction == correction)
    }
  }

  @Test func noVarianceMeansNoPValuesAndTheReasonIsTheLibrarys() throws {
    let (data, models) = try ModelEvaluationPropertyTests.setup(subjects: 4, conditions: 8, seed: 4)
    let evaluator = ModelEvaluator(comparison: RDMComparison(.corr))
    let folds = try CrossValidationSets.kFold(rdms: 4, conditions: 8, kRDM: 2, kPattern: 2, seed: 1)
    let r = try evaluator.crossValidate(models, data: data, folds: folds)
    let s = try ModelEvaluationSummary(r, folds: (kRDM: 2, kPattern: 2))
    #expect(s.pairs.allSatisfy { $0.p == nil && $0.pAdjusted == nil && $0.significant == nil })
    #expect(s.models.allSatisfy { $0.pZero == nil })
    #expect(
      s.warnings.contains(
        "no p-values: cross-validation without a bootstrap gives no variance estimate for t-tests (bootstrap the cross-validation)"
      ))
    #expect(s.crossValidation?.subjectFolds == 2 && s.crossValidation?.foldEvaluations?.count == 3)
    // The fixed evaluation of one subject pair gives sign-rank tests; a crossval does not.
    let signRank = try ModelEvaluationSummary(r, test: .signRank)
    #expect(
      signRank.warnings.contains { $0.contains("sign-rank tests need a fixed evaluation over several data RDMs") })
  }
}
