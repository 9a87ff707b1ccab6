import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Properties of cross-validated evaluation: fixed models score as `evaluateFixed` on each test
/// set, the set builders partition the data as rsatoolbox's do, seeded bootstraps do not depend
/// on scheduling, inputs are unchanged, and fits in and out of sample are what they should be.
@Suite struct CrossValidationPropertyTests {
  /// 6 subjects over 11 conditions labelled so that they sort lexicographically ('c0' < 'c1' <
  /// 'c10' < 'c2' …); fixed models m0…m2 and flexible select/weighted/interpolation models.
  static func setup(seed: UInt64) throws -> (RDMs, [RSAModel], [RSAModel]) {
    let (raw, fixed) = try ModelEvaluationPropertyTests.setup(subjects: 6, conditions: 11, seed: seed)
    let labels = (0..<11).map { "c\($0)" }.sorted()
    let data = try RDMs(dissimilarities: raw.dissimilarities, conditions: labels)
    let fixedModels = try fixed.map {
      try RSAModel.fixed($0.name, RDMs(dissimilarities: $0.rdms.dissimilarities, conditions: labels))
    }
    let stack = try RDMs(
      dissimilarities: Matrix.verticalConcatenation(fixed.map(\.rdms.dissimilarities)), conditions: labels)
    let flexible = [
      try RSAModel(name: "select", kind: .select, rdms: stack),
      try RSAModel(name: "weighted", kind: .weighted, rdms: stack),
      try RSAModel(name: "interpolate", kind: .interpolate, rdms: stack),
    ]
    return (data, fixedModels, flexible)
  }

  @Test(arguments: [RDMComparator.cosine, .corr, .corrCov])
  func fixedModelsUnderCrossvalEqualTheirFixedEvaluationOnTheTestSets(_ c: RDMComparator) throws {
    let (data, fixed, _) = try Self.setup(seed: 11)
    let evaluator = ModelEvaluator(comparison: RDMComparison(c))
    let folds = try CrossValidationSets.kFold(rdms: 6, conditions: 11, kRDM: 2, kPattern: 3, seed: 4)
    let cv = try evaluator.crossValidate(fixed, data: data, folds: folds)
    for (f, fold) in folds.enumerated() {
      let columns = fold.testConditions.sorted()
      let test = data.selecting(fold.testRDMs).selectingConditions(columns)
      let models = try fixed.map { try RSAModel.fixed($0.name, $0.rdms.selectingConditions(columns)) }
      let direct = try evaluator.evaluateFixed(models, data: test)
      assertClose(cv.evaluations.column(f), direct.evaluations.rowMeans, rtol: 1e-13, "fold \(f)")
    }
  }

  @Test func kFoldSetsPartitionAsRsatoolboxDoes() throws {
    // 11 items in 3 groups: ⌊11/3⌋ = 3 each in order, the 2 extra from the end to the first groups.
    #expect(try CrossValidationSets.groups(Array(0..<11), k: 3) == [[0, 1, 2, 10], [3, 4, 5, 9], [6, 7, 8]])
    let folds = try CrossValidationSets.kFold(rdms: 7, conditions: 11, kRDM: 2, kPattern: 3, seed: 9)
    #expect(folds.count == 6)
    for g in 0..<2 {
      let group = Array(folds[(3 * g)..<(3 * g + 3)])
      // Same RDM split within an RDM group; the condition test sets partition the conditions.
      #expect(Set(group.map(\.testRDMs)).count == 1)
      #expect(group.flatMap(\.testConditions).sorted() == Array(0..<11))
      for fold in group {
        #expect(Set(fold.trainConditions).isDisjoint(with: fold.testConditions))
        #expect((fold.trainConditions + fold.testConditions).sorted() == Array(0..<11))
        #expect((fold.trainRDMs + fold.testRDMs).sorted() == Array(0..<7))
        #expect(fold.ceilingRDMs == fold.trainRDMs)
      }
    }
    #expect(folds[0].testRDMs.count + folds[3].testRDMs.count == 7)
    // k = 1: training set = test set (no cross-validation along that dimension).
    let none = try CrossValidationSets.kFold(rdms: 4, conditions: 6, kRDM: 1, kPattern: 1)
    #expect(
      none == [
        CrossValidationFold(
          trainRDMs: [0, 1, 2, 3], testRDMs: [0, 1, 2, 3], trainConditions: Array(0..<6), testConditions: Array(0..<6),
          ceilingRDMs: [0, 1, 2, 3])
      ])
    // Unshuffled patterns: rsatoolbox's order.
    let pattern = try CrossValidationSets.kFoldPattern(conditionOrder: Array(0..<7), k: 2, rdms: 3)
    #expect(pattern.map(\.testConditions) == [[0, 1, 2, 6], [3, 4, 5]])
    #expect(pattern.map(\.trainConditions) == [[3, 4, 5], [0, 1, 2, 6]])
    #expect(pattern.allSatisfy { $0.ceilingRDMs == nil && $0.trainRDMs == [0, 1, 2] })
    #expect(try CrossValidationSets.ofKPattern(conditionOrder: Array(0..<9), k: 4, rdms: 2).count == 2)
    #expect(
      try CrossValidationSets.ofKRDM(rdmOrder: Array(0..<7), k: 3, conditions: 5).map(\.testRDMs) == [
        [0, 1, 2, 6], [3, 4, 5],
      ])
    let loo = CrossValidationSets.leaveOneOutRDM(groups: [0, 1, 0, 2], conditions: 5)
    #expect(loo.map(\.testRDMs) == [[0, 2], [1], [3]])
    #expect(loo.map(\.trainRDMs) == [[1, 3], [0, 2, 3], [0, 1, 2]])
    let single = CrossValidationSets.leaveOneOutRDM(groups: [3, 3], conditions: 4)
    #expect(single.count == 1 && single[0].trainRDMs == single[0].testRDMs)
    let byGroup = CrossValidationSets.leaveOneOutPattern(groups: [1, 0, 1, 0, 1, 0], rdms: 2)
    #expect(byGroup.map(\.testConditions) == [[1, 3, 5], [0, 2, 4]])
    #expect(byGroup.allSatisfy { $0.ceilingRDMs == [0, 1] })
  }

  @Test func seededBootstrapCrossvalDoesNotDependOnSchedulingAndLeavesInputsUnchanged() throws {
    let (data, fixed, flexible) = try Self.setup(seed: 12)
    let models = flexible + fixed
    let before = (data, models.map(\.rdms))
    let evaluator = ModelEvaluator(comparison: RDMComparison(.corr))
    let a = try evaluator.bootstrapCrossValidate(models, data: data, count: 14, seed: 5, kRDM: 2, kPattern: 2)
    let b = try evaluator.bootstrapCrossValidate(models, data: data, count: 14, seed: 5, kRDM: 2, kPattern: 2)
    #expect(a.evaluations.elements.map(\.bitPattern) == b.evaluations.elements.map(\.bitPattern))
    // Sample b depends only on (seed, b): a run of 5 samples (other work split over the threads)
    // gives the first 5 rows of the run of 14.
    let short = try evaluator.bootstrapCrossValidate(models, data: data, count: 5, seed: 5, kRDM: 2, kPattern: 2)
    let details = try #require(a.crossValidation)
    let shortDetails = try #require(short.crossValidation)
    for s in 0..<5 {
      #expect(short.evaluations.row(s).map(\.bitPattern) == a.evaluations.row(s).map(\.bitPattern))
      #expect(shortDetails.foldEvaluations.row(s).map(\.bitPattern) == details.foldEvaluations.row(s).map(\.bitPattern))
    }
    #expect(details.folds == 4 && details.repetitions == 2 && details.corrected)
    let other = try evaluator.bootstrapCrossValidate(models, data: data, count: 14, seed: 6, kRDM: 2, kPattern: 2)
    #expect(other.evaluations != a.evaluations)
    #expect(before.0 == data && before.1 == models.map(\.rdms))
    #expect(a.scheme == .bootstrapCrossValidation && a.degreesOfFreedom == 5)
    #expect(try a.tests().pairwise.rows == models.count)
  }

  @Test func inSampleAndHeldOutFitsMatchTheirDefinitions() throws {
    // k_rdm = k_pattern = 1 fits and tests on the same data: the fitted model's fixed evaluation.
    let (data, _, flexible) = try Self.setup(seed: 13)
    let evaluator = ModelEvaluator(comparison: RDMComparison(.cosine))
    let inSample = try evaluator.crossValidate(
      flexible, data: data, folds: CrossValidationSets.kFold(rdms: 6, conditions: 11, kRDM: 1, kPattern: 1))
    let comparison = RDMComparison(.cosine)
    for (j, model) in flexible.enumerated() {
      let fitter = RSAModelFitter(method: RSAModelFitter.defaultMethod(for: model.kind), comparison: comparison)
      let theta = try fitter.fit(model, to: data)
      let direct = try evaluator.evaluateFixed([model], data: data, parameters: [theta]).means[0]
      assertClose(inSample.evaluations[j, 0], direct, rtol: 1e-13, model.name)
    }
    // Held out: each fold's select model is the RDM best on the training subjects, scored on the
    // test subjects.
    let folds = try CrossValidationSets.kFold(rdms: 6, conditions: 11, kRDM: 3, kPattern: 1, seed: 1)
    let heldOut = try evaluator.crossValidate(flexible, data: data, folds: folds)
    let parameters = try #require(heldOut.crossValidation?.parameters)
    for (f, fold) in folds.enumerated() {
      let train = data.selecting(fold.trainRDMs)
      let scores = try (0..<3).map { i in
        try evaluator.evaluateFixed([flexible[0]], data: train, parameters: [[Double(i)]]).means[0]
      }
      let best = scores.indices.max { scores[$0] < scores[$1] } ?? -1
      #expect(parameters[f][0] == [Double(best)])
      let test = try evaluator.evaluateFixed(
        [flexible[0]], data: data.selecting(fold.testRDMs), parameters: [[Double(best)]])
      assertClose(heldOut.evaluations[0, f], test.means[0], rtol: 1e-13, "fold \(f)")
    }
    #expect(heldOut.scheme == .crossValidation && heldOut.covariance == nil)
    #expect(throws: NeurometryError.self) { try heldOut.tests() }
  }

  @Test func dualBootstrapWithoutFoldsIsTheDualBootstrapOfFixedModels() throws {
    // k_rdm = k_pattern = 1: train = test = the sample, so fixed models score as in
    // `dualBootstrap`, on the same samples (both draw sample b first from stream b of the seed).
    let (data, fixed, _) = try Self.setup(seed: 14)
    let evaluator = ModelEvaluator(comparison: RDMComparison(.spearman))
    let plain = try evaluator.dualBootstrap(fixed, data: data, count: 25, seed: 3)
    let cv = try evaluator.dualBootstrapCrossValidate(fixed, data: data, count: 25, seed: 3)
    assertClose(cv.evaluations, plain.evaluations, rtol: 1e-12, "evaluations")
    assertClose(try #require(cv.modelVariances), try #require(plain.modelVariances), rtol: 1e-10)
    assertClose(try #require(cv.differenceVariances), try #require(plain.differenceVariances), rtol: 1e-10)
    assertClose(try #require(cv.noiseCeilingVariances), try #require(plain.noiseCeilingVariances), rtol: 1e-10)
    #expect(cv.crossValidation?.repetitions == 1 && cv.crossValidation?.corrected == false)
    // With folds the fitted models are scored on held-out data, reproducibly.
    let (_, _, flexible) = try Self.setup(seed: 14)
    let corr = ModelEvaluator(comparison: RDMComparison(.corr))
    let a = try corr.dualBootstrapCrossValidate(flexible, data: data, count: 8, seed: 4, kRDM: 2, kPattern: 2)
    let b = try corr.dualBootstrapCrossValidate(flexible, data: data, count: 8, seed: 4, kRDM: 2, kPattern: 2)
    #expect(a.evaluations.elements.map(\.bitPattern) == b.evaluations.elements.map(\.bitPattern))
    #expect(a.crossValidation?.foldEvaluations.columns == 3 * 3 * 4 * 2)
    #expect(a.dualCovariances?.count == 3)
  }
}
