import NeurometryLinearAlgebra

/// How well a model predicts each target on held-out samples: for every split of
/// `crossValidation`, fit `model` on the training samples, predict the test samples, score each
/// target (`score`, default Pearson r). The per-target score is the mean over splits.
///
/// For ridge models the penalty is chosen inside each training set (nested cross-validation), so
/// held-out scores are not inflated by the selection; the α reported per target is the one the
/// model picks on all samples (the final model's).
///
/// Targets constant over all samples get NaN scores (warned); a split whose test samples leave a
/// target constant gives NaN for that split, and the mean skips it (warned).
public struct CrossValidatedEncoding: Sendable {
  /// The model fitted on each training set (ridge, leave-one-out ridge, PLS or banded ridge).
  public var model: EncodingModel
  /// The outer splitter of the samples (default 5 contiguous folds).
  public var crossValidation: CrossValidation
  /// How held-out predictions are scored per target (default Pearson r).
  public var score: EncodingScore
  /// What to do with targets that contain NaN (default: throw).
  public var nanTargets: NaNTargetPolicy
  /// Refit on all samples to report the final model's α (ridge models only).
  public var reportFinalAlphas: Bool
  /// Keep every sample's held-out prediction (`EncodingEvaluation.heldOutPredictions`); the
  /// splits must then test each sample at most once (K-fold splitters, leave-one-out, predefined
  /// folds); a sample never tested gets NaN.
  public var keepPredictions: Bool = false
  /// Refit on all samples and keep the coefficients and intercepts
  /// (`EncodingEvaluation.coefficients`; features × targets, O(p·t) memory).
  public var keepCoefficients: Bool = false

  /// Defaults: 5 contiguous folds, Pearson r per target, NaN targets are an error, final α reported.
  public init(
    model: EncodingModel, crossValidation: CrossValidation = .kFold(folds: 5), score: EncodingScore = .pearson,
    nanTargets: NaNTargetPolicy = .error, reportFinalAlphas: Bool = true
  ) {
    self.model = model
    self.crossValidation = crossValidation
    self.score = score
    self.nanTargets = nanTargets
    self.reportFinalAlphas = reportFinalAlphas
  }

  /// Held-out scores of `model` for X (n × p) → Y (n × t). Inputs are not modified.
  ///
  /// - Complexity: for S splits, S fits of `model` on the training rows with predictions for the test
  ///   rows (see the model's `fit` for its cost), O(n·t) per split to score, and one more fit on all n
  ///   samples when final α (ridge models) or coefficients are asked for.
  public func evaluate(
    _ x: Matrix, _ y: Matrix, names: EncodingInputNames = EncodingInputNames()
  ) throws -> EncodingEvaluation {
    var problem = try EncodingProblem(x: x, y: y, names: names, nanTargets: nanTargets, context: "encode")
    let n = x.rows
    let p = x.columns
    let splits = try crossValidation.splits(sampleCount: n)
    let t = problem.y.columns
    var splitScores = Matrix(rows: splits.count, columns: t)
    var splitAlphas: Matrix? = nil
    var bandSums: Matrix? = nil
    var bandCounts: Matrix? = nil
    var modelWarnings: [String] = []
    var heldOut: Matrix? = nil
    if keepPredictions {
      var tested = [Int](repeating: 0, count: n)
      for split in splits { for i in split.test { tested[i] += 1 } }
      if let i = tested.firstIndex(where: { $0 > 1 }) {
        throw NeurometryError.invalidInput(
          context: "encode",
          message:
            "held-out predictions need splits that test each sample at most once, but sample \(i) is tested \(tested[i]) times (\(crossValidation.summary))"
        )
      }
      heldOut = Matrix(rows: n, columns: t, repeating: .nan)
    }
    for (s, split) in splits.enumerated() {
      let yTest = problem.y.gathering(rows: split.test, columns: 0..<t)
      let outcome = try model.fitPredict(
        xTrain: x.gathering(rows: split.train, columns: 0..<p),
        yTrain: problem.y.gathering(rows: split.train, columns: 0..<t),
        xTest: x.gathering(rows: split.test, columns: 0..<p), yTest: yTest, trainRows: split.train, names: names)
      if let parts = outcome.bandParts {
        if bandSums == nil {
          bandSums = Matrix(rows: parts.rows, columns: t)
          bandCounts = Matrix(rows: parts.rows, columns: t)
        }
        for b in 0..<parts.rows {
          for j in 0..<t where !parts[b, j].isNaN {
            bandSums?[b, j] += parts[b, j]
            bandCounts?[b, j] += 1
          }
        }
      }
      if heldOut != nil {
        for (r, i) in split.test.enumerated() {
          for j in 0..<t { heldOut?[i, j] = outcome.predictions[r, j] }
        }
      }
      let values = try score.values(truth: yTest, predictions: outcome.predictions)
      for j in 0..<t { splitScores[s, j] = values[j] }
      if let alphas = outcome.alphas {
        if splitAlphas == nil { splitAlphas = Matrix(rows: splits.count, columns: t, repeating: .nan) }
        for j in 0..<t { splitAlphas?[s, j] = alphas[j] }
      }
      for w in outcome.warnings where !modelWarnings.contains("split \(s): " + w) {
        modelWarnings.append("split \(s): " + w)
      }
    }
    var scores = [Double](repeating: .nan, count: t)
    var skipped = 0
    for j in 0..<t {
      var sum = 0.0
      var count = 0
      for s in 0..<splits.count {
        let v = splitScores[s, j]
        if v.isNaN { skipped += 1 } else { sum += v; count += 1 }
      }
      scores[j] = count > 0 ? sum / Double(count) : .nan
    }
    for j in problem.constant {
      scores[j] = .nan
      for s in 0..<splits.count { splitScores[s, j] = .nan }
    }
    let constantSkips = problem.constant.count * splits.count
    if skipped > constantSkips {
      problem.warnings.append(
        "\(skipped - constantSkips) split scores were NaN (a target or its prediction constant on a test set) and were left out of the means"
      )
    }
    var finalAlphas: [Double]? = nil
    var bandAlphas: Matrix? = nil
    var final: EncodingModel.FinalFit? = nil
    if keepCoefficients || (reportFinalAlphas && splitAlphas != nil) {
      final = try model.finalFit(x, problem.y, names: names, coefficients: keepCoefficients)
      if reportFinalAlphas {
        finalAlphas = final?.alphas
        bandAlphas = final?.bandAlphas
      }
    }
    // Warnings repeated in every split are reported once.
    let perSplit = Dictionary(grouping: modelWarnings) { String($0.drop { $0 != ":" }.dropFirst(2)) }
    for (message, occurrences) in perSplit.sorted(by: { $0.key < $1.key }) where !problem.warnings.contains(message) {
      problem.warnings.append(
        occurrences.count == splits.count ? "in every split: " + message : occurrences.joined(separator: "; "))
    }
    var bandScores: Matrix? = nil
    if let sums = bandSums, let counts = bandCounts {
      var m = Matrix(rows: sums.rows, columns: t, repeating: .nan)
      for b in 0..<sums.rows {
        for j in 0..<t where counts[b, j] > 0 && !problem.constant.contains(j) { m[b, j] = sums[b, j] / counts[b, j] }
      }
      bandScores = problem.expandColumns(m)
    }
    var evaluation = EncodingEvaluation(
      model: model.name, score: score, crossValidation: crossValidation.summary, splits: splits,
      scores: problem.expand(scores), splitScores: problem.expandColumns(splitScores),
      alphas: finalAlphas.map { problem.expand($0) }, splitAlphas: splitAlphas.map(problem.expandColumns),
      bandScores: bandScores, bandAlphas: bandAlphas.map(problem.expandColumns), droppedTargets: problem.dropped,
      constantTargets: problem.constant.map { problem.kept[$0] },
      warnings: problem.warnings)
    evaluation.heldOutPredictions = heldOut.map(problem.expandColumns)
    evaluation.coefficients = final?.coefficients.map(problem.expandColumns)
    evaluation.intercepts = final?.intercepts.map { problem.expand($0) }
    return evaluation
  }
}
