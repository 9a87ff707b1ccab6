import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Every documented error of cross-validated evaluation and the set builders, with its message.
@Suite struct CrossValidationErrorTests {
  @Test func setBuilderErrors() {
    #expect(
      errorMessage { _ = try CrossValidationSets.kFold(rdms: 3, conditions: 9, kRDM: 5, kPattern: 2) }
        == "k-fold sets (RDMs): cannot make 5 folds of 3 items")
    #expect(
      errorMessage { _ = try CrossValidationSets.kFold(rdms: 3, conditions: 4, kRDM: 1, kPattern: 6) }
        == "k-fold sets (conditions): cannot make 6 folds of 4 items")
    #expect(
      errorMessage { _ = try CrossValidationSets.groups([0, 1, 1], k: 2) }
        == "cross-validation: the order [0, 1, 1] repeats an index")
    #expect(
      errorMessage { _ = try CrossValidationSets.groups([0, 1], k: 0) }
        == "cross-validation: needs at least 1 fold, found 0"
    )
    #expect(
      errorMessage {
        _ = try CrossValidationSets.kFold(rdmOrder: [0, 1], conditionOrders: [[0, 1, 2]], kRDM: 2, kPattern: 1)
      }
        == "k-fold sets: 1 condition orders for 2 RDM folds")
    #expect(
      errorMessage { _ = try CrossValidationSets.ofKRDM(rdmOrder: [0, 1, 2], k: 2, conditions: 4) }
        == "sets of k RDMs: groups of 2 need at least 4 RDMs, found 3")
    #expect(
      errorMessage { _ = try CrossValidationSets.ofKPattern(conditionOrder: Array(0..<7), k: 4, rdms: 2) }
        == "sets of k conditions: groups of 4 need at least 8 conditions, found 7")
  }

  @Test func crossvalErrors() throws {
    let (data, fixed, flexible) = try CrossValidationPropertyTests.setup(seed: 21)
    let evaluator = ModelEvaluator(comparison: RDMComparison(.corr))
    let all = Array(0..<11)
    func fold(
      train: [Int] = [0, 1, 2], test: [Int] = [3, 4, 5], trainC: [Int] = all, testC: [Int] = all, ceiling: [Int]? = nil
    )
      -> CrossValidationFold
    {
      CrossValidationFold(
        trainRDMs: train, testRDMs: test, trainConditions: trainC, testConditions: testC, ceilingRDMs: ceiling)
    }
    #expect(
      errorMessage { _ = try evaluator.crossValidate(fixed, data: data, folds: []) }
        == "crossval: no cross-validation folds given")
    #expect(
      errorMessage { _ = try evaluator.crossValidate([], data: data, folds: [fold()]) } == "crossval: no models given")
    // A test set smaller than 3 conditions (rsatoolbox scores such a fold NaN).
    #expect(
      errorMessage { _ = try evaluator.crossValidate(flexible, data: data, folds: [fold(), fold(testC: [4, 9])]) }
        == "crossval: fold 1: the test set has 2 conditions; comparing RDMs needs at least 3")
    #expect(
      errorMessage { _ = try evaluator.crossValidate(flexible, data: data, folds: [fold(trainC: [7, 7, 7, 8])]) }
        == "crossval: fold 0: the training set has 2 conditions; comparing RDMs needs at least 3")
    #expect(
      errorMessage { _ = try evaluator.crossValidate(fixed, data: data, folds: [fold(train: [])]) }
        == "crossval: fold 0: the training set has no RDMs")
    #expect(
      errorMessage { _ = try evaluator.crossValidate(fixed, data: data, folds: [fold(test: [2, 6])]) }
        == "crossval: fold 0: the test set names RDM 6, which is not in the data (6 RDMs)")
    #expect(
      errorMessage { _ = try evaluator.crossValidate(fixed, data: data, folds: [fold(testC: [0, 1, 11])]) }
        == "crossval: fold 0: the test set names condition 11, which is not in the data (11 conditions)")
    #expect(
      errorMessage {
        _ = try evaluator.crossValidate(
          fixed, data: data, folds: [fold()], fitters: [RSAModelFitter(method: .none, comparison: RDMComparison(.corr))]
        )
      } == "crossval: 1 fitters for 3 models")
    let small = try RDMs(dissimilarities: data.selectingConditions(Array(0..<10)).dissimilarities)
    #expect(
      errorMessage { _ = try evaluator.crossValidate(fixed, data: small, folds: [fold()]) }
        == "crossval: model 'm0' has 11 conditions but the data have 10")
    let whitened = ModelEvaluator(
      comparison: RDMComparison(.cosineCov, patternCovariance: .diagonal([Double](repeating: 2, count: 11))))
    #expect(
      errorMessage { _ = try whitened.crossValidate(fixed, data: data, folds: [fold()]) }
        == "crossval: cross-validation uses the whitened comparators with Σ = I (as rsatoolbox); a pattern covariance cannot be subset to the folds"
    )
    // The fitter must apply to the model.
    #expect(
      errorMessage {
        _ = try evaluator.crossValidate(
          [flexible[0]], data: data, folds: [fold()],
          fitters: [RSAModelFitter(method: .regression, comparison: RDMComparison(.corr))])
      } == "fit model 'select' (regression): the fitter 'regression' does not apply to a select model")
  }

  @Test func bootstrapCrossvalErrors() throws {
    let (data, fixed, flexible) = try CrossValidationPropertyTests.setup(seed: 22)
    let evaluator = ModelEvaluator(comparison: RDMComparison(.cosine))
    // The plain bootstrap refuses the cross-validation schemes (it would not fit the models).
    #expect(
      errorMessage {
        _ = try evaluator.bootstrap(fixed, data: data, scheme: .bootstrapCrossValidation, count: 5, seed: 1)
      }
        == "bootstrap (bootstrap-crossval): this is a bootstrap of fixed models; use evaluateFixed, dualBootstrap, crossValidate or bootstrapCrossValidate"
    )
    #expect(
      errorMessage { _ = try evaluator.bootstrapCrossValidate(flexible, data: data, count: 10, seed: 1, kRDM: 7) }
        == "bootstrap crossval: 7 subject folds need at least 7 data RDMs, found 6")
    #expect(
      errorMessage { _ = try evaluator.bootstrapCrossValidate(flexible, data: data, count: 10, seed: 1, kPattern: 4) }
        == "bootstrap crossval: 4 condition folds need at least 12 conditions (3 per test set), found 11")
    #expect(
      errorMessage { _ = try evaluator.bootstrapCrossValidate(flexible, data: data, count: 10, seed: 1, kRDM: 0) }
        == "bootstrap crossval: the numbers of folds must be at least 1, found k_rdm = 0, k_pattern = 2")
    #expect(
      errorMessage {
        _ = try evaluator.bootstrapCrossValidate(flexible, data: data, count: 10, seed: 1, repetitions: 0)
      }
        == "bootstrap crossval: needs at least 1 cross-validation repetition, found 0")
    #expect(
      errorMessage { _ = try evaluator.bootstrapCrossValidate(flexible, data: data, count: 1, seed: 1) }
        == "bootstrap crossval: needs at least 2 samples, found 1")
    #expect(
      errorMessage {
        _ = try evaluator.bootstrapCrossValidate(
          fixed, data: data, scheme: .bootstrapBoth, samples: [BootstrapSample(), BootstrapSample()], folds: [[], []],
          kRDM: 1, kPattern: 1)
      }
        == "bootstrap crossval (bootstrap-both): the scheme must be bootstrap-crossval, bootstrap-crossval-patterns or bootstrap-crossval-subjects"
    )
    let folds = try CrossValidationSets.kFold(rdms: 6, conditions: 11, kRDM: 2, kPattern: 2)
    #expect(
      errorMessage {
        _ = try evaluator.bootstrapCrossValidate(
          fixed, data: data, scheme: .bootstrapCrossValidation, samples: [BootstrapSample(), BootstrapSample()],
          folds: [[folds]], kRDM: 2, kPattern: 2)
      } == "bootstrap crossval (bootstrap-crossval): 1 fold lists for 2 samples")
    #expect(
      errorMessage {
        _ = try evaluator.bootstrapCrossValidate(
          fixed, data: data, scheme: .bootstrapCrossValidation,
          samples: [BootstrapSample(conditions: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11]), BootstrapSample()],
          folds: [[folds], [folds]], kRDM: 2, kPattern: 2)
      } == "bootstrap crossval (bootstrap-crossval): sample 0 names condition 11, outside 0..<11")
    // Samples with too few distinct conditions for the folds cannot be cross-validated.
    let poor = BootstrapSample(rdms: [0, 1, 2, 3, 4, 5], conditions: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5])
    #expect(
      errorMessage {
        _ = try evaluator.bootstrapCrossValidate(
          fixed, data: data, scheme: .bootstrapCrossValidation, samples: [poor, poor], folds: [[], []], kRDM: 2,
          kPattern: 3)
      }
        == "bootstrap crossval (bootstrap-crossval): no sample has 2 distinct subjects and 9 distinct conditions for 2×3 folds"
    )
    #expect(
      errorMessage {
        _ = try evaluator.bootstrapCrossValidate(
          fixed, data: data, scheme: .bootstrapCrossValidation, samples: [BootstrapSample(), poor],
          folds: [[folds], []],
          kRDM: 2, kPattern: 3)
      }
        == "bootstrap crossval (bootstrap-crossval): only 1 of 2 samples had 2 distinct subjects and 9 distinct conditions"
    )
    let other = try CrossValidationSets.kFold(rdms: 6, conditions: 11, kRDM: 2, kPattern: 3)
    #expect(
      errorMessage {
        _ = try evaluator.bootstrapCrossValidate(
          fixed, data: data, scheme: .bootstrapCrossValidation, samples: [BootstrapSample(), BootstrapSample()],
          folds: [[folds], [other]], kRDM: 2, kPattern: 2)
      } == "bootstrap crossval (bootstrap-crossval): sample 1 has [6] folds per repetition; sample 0 has 4 in each of 1"
    )
  }

  @Test func dualBootstrapCrossvalErrors() throws {
    let (data, fixed, _) = try CrossValidationPropertyTests.setup(seed: 23)
    let evaluator = ModelEvaluator(comparison: RDMComparison(.corr))
    #expect(
      errorMessage {
        _ = try evaluator.dualBootstrapCrossValidate(
          fixed, data: data, samples: [BootstrapSample(rdms: [0, 1]), BootstrapSample()], folds: [], kRDM: 1,
          kPattern: 1)
      } == "dual bootstrap crossval: every sample needs RDM and condition indices")
    let s = BootstrapSample(rdms: Array(0..<6), conditions: Array(0..<11))
    #expect(
      errorMessage {
        _ = try evaluator.dualBootstrapCrossValidate(
          fixed, data: data, samples: [s, s], folds: [[], []], kRDM: 1, kPattern: 1)
      } == "dual bootstrap crossval: needs three fold lists (both, subjects, conditions) for each of 2 samples")
    #expect(
      errorMessage { _ = try evaluator.dualBootstrapCrossValidate(fixed, data: data, count: 5, seed: 0, kPattern: 4) }
        == "dual bootstrap crossval: 4 condition folds need at least 12 conditions (3 per test set), found 11")
    #expect(
      errorMessage { _ = try evaluator.dualBootstrapCrossValidate(fixed, data: data, count: 1, seed: 0) }
        == "dual bootstrap crossval: needs at least 2 samples, found 1")
  }
}
