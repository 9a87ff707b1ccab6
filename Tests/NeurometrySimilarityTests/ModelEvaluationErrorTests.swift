import Foundation
import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryTestSupport
import Testing

/// Every documented error of models, fitters and evaluations, with its message.
@Suite struct ModelEvaluationErrorTests {
  @Test func documentedErrors() throws {
    let (data, models) = try ModelEvaluationPropertyTests.setup(subjects: 4, conditions: 6, seed: 5)
    let evaluator = ModelEvaluator(comparison: RDMComparison(.corr))
    #expect(
      errorMessage { _ = try evaluator.bootstrap(models, data: data, scheme: .bootstrapPatterns, count: 1, seed: 0) }
        == "bootstrap: needs at least 2 samples, found 1")
    let (small, _) = try ModelEvaluationPropertyTests.setup(subjects: 4, conditions: 5, seed: 6)
    #expect(
      errorMessage { _ = try evaluator.evaluateFixed(models, data: small) }
        == "evaluate: model 'm0' has 6 conditions but the data have 5")
    let one = data.selecting([0])
    #expect(
      errorMessage { _ = try evaluator.evaluateFixed(models, data: one) }
        == "noise ceiling (corr): needs RDMs of at least 2 subjects (groups), found 1")
    #expect(
      errorMessage {
        _ = try RSAModelFitter(method: .select, comparison: RDMComparison(.corr)).fit(models[0], to: data)
      } == "fit model 'm0' (select): the fitter 'select' does not apply to a fixed model")
    let weighted = try RSAModel(name: "w", kind: .weighted, rdms: RDMs.concatenating(models.map(\.rdms)))
    #expect(
      errorMessage {
        _ = try RSAModelFitter(method: .regression, comparison: RDMComparison(.tauA)).fit(weighted, to: data)
      }
        == "fit model 'w' (regression): regression fits cosine, corr, cosine-cov or corr-cov, not tau-a")
    #expect(
      errorMessage { _ = try RSAModel(name: "i", kind: .interpolate, rdms: models[0].rdms) }
        == "model 'i': an interpolation model needs at least two RDMs, found 1")
    let samples = [BootstrapSample(conditions: [0, 1, 9, 2, 3, 4])]
    #expect(
      errorMessage { _ = try evaluator.bootstrap(models, data: data, scheme: .bootstrapPatterns, samples: samples) }
        == "bootstrap (bootstrap-patterns): sample 0 names condition 9, outside 0..<6")
    let fixed = try evaluator.evaluateFixed(models, data: data)
    #expect(
      errorMessage { _ = try fixed.tests(.bootstrap) } == "model tests: bootstrap tests need a bootstrap evaluation")
  }
}
