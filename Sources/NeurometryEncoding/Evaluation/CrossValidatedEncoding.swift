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
  /// Targets per block (nil, the default: `targetBlockSize(samples:targets:)` chooses). The
  /// targets are fitted block by block of this many kept targets — the unit a run split by targets
  /// takes (`evaluate(_:_:names:blocks:)`), and the batch every model fit works through at once.
  public var targetBlock: Int? = nil

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
  /// The targets are fitted in blocks (`targetBlocks(_:_:names:)`), every block as a shard of a
  /// split run fits it, so that `merge(_:_:_:names:)` of the shards equals this bit for bit.
  ///
  /// - Complexity: for S splits, S fits of `model` on the training rows with predictions for the test
  ///   rows (see the model's `fit` for its cost), O(n·t) per split to score, and one more fit on all n
  ///   samples when final α (ridge models) or coefficients are asked for.
  public func evaluate(
    _ x: Matrix, _ y: Matrix, names: EncodingInputNames = EncodingInputNames()
  ) throws -> EncodingEvaluation {
    // One check of the inputs for the three steps.
    let problem = try EncodingProblem(x: x, y: y, names: names, nanTargets: nanTargets, context: "encode")
    let blocks = EncodingTargetBlocks(size: targetBlockSize(samples: x.rows, targets: y.columns), targets: problem.kept)
    return try merge([try evaluate(problem, names: names, blocks: 0..<blocks.count)], problem, names: names)
  }
}
