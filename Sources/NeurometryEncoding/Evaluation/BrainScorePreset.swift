import NeurometryLinearAlgebra

/// Brain-Score's PLS neural predictivity ("<region>-pls" benchmarks; Schrimpf et al. 2018),
/// reproducible on local data (`neurometry encode --preset brainscore`):
///
/// - model: PLS regression with 25 components, no scaling (`PLSRegression(25, scale=False)`);
/// - splits: 10 stratified shuffle splits with 90 % of the stimuli for training, seed 1
///   (`StratifiedShuffleSplit(10, train_size=0.9, random_state=1)` on the object labels, or
///   `ShuffleSplit` with the same settings when no labels are given);
/// - score: Pearson r per neuroid on the held-out stimuli, median over neuroids (NaN skipped, as
///   xarray does), mean over splits, standard error (std with ddof 0 / √splits) as the error;
/// - ceiling: internal consistency — split-half Spearman–Brown over repetitions, 10 splits, seed 1,
///   median over neuroids, mean over splits (`SplitHalfReliability` defaults);
/// - ceiled score: (r / ceiling)² (Brain-Score's `explained_variance`).
///
/// What can differ from a Brain-Score run: the splits are scikit-learn's exactly (numpy's
/// RandomState stream is reproduced) provided the stimuli are in the same order as in the
/// assembly and the labels are the same; PLS is fully converged where Brain-Score's scikit-learn
/// stops at tol=1e-6 (differences ~1e-5 relative in the predictions); layers with fewer than 25
/// features (or fewer than 26 training stimuli) use fewer components, with a warning, where
/// Brain-Score's PLS(25) fails. To reuse a Python run's splits exactly, pass them as `.explicit`.
public enum BrainScorePreset {
  /// The analysis with Brain-Score's settings; `classes` (object labels per stimulus) turn on
  /// stratification.
  public static func analysis(classes: SampleLabels? = nil) -> EncodingAnalysis {
    let splits: CrossValidation =
      classes.map { .stratifiedShuffleSplit(splits: 10, size: .trainFraction(0.9), classes: $0, seed: 1) }
      ?? .shuffleSplit(splits: 10, size: .trainFraction(0.9), seed: 1)
    var analysis = EncodingAnalysis(
      evaluation: CrossValidatedEncoding(
        model: .pls(PLSRegression(components: 25, scale: false)), crossValidation: splits, score: .pearson),
      ceiling: SplitHalfReliability(splits: 10, seed: 1), normalization: .brainScore)
    analysis.brainScoreAggregate = true
    return analysis
  }

  /// Brain-Score's aggregation of held-out per-split, per-neuroid scores and of a ceiling.
  public static func aggregate(_ evaluation: EncodingEvaluation, ceiling: ReliabilityCeiling?) throws
    -> BrainScoreAggregate
  {
    let medians = try (0..<evaluation.splitScores.rows).map { s -> Double in
      let row = evaluation.splitScores.row(s).filter { !$0.isNaN }
      return row.isEmpty ? .nan : try Quantile.median(row)
    }
    let defined = medians.filter { !$0.isNaN }
    let raw = defined.isEmpty ? Double.nan : defined.reduce(0, +) / Double(defined.count)
    let variance =
      defined.isEmpty ? Double.nan : defined.map { ($0 - raw) * ($0 - raw) }.reduce(0, +) / Double(defined.count)
    let error = variance.squareRoot() / Double(Swift.max(medians.count, 1)).squareRoot()
    let ceiled = ceiling.map { (raw / $0.center) * (raw / $0.center) }
    return BrainScoreAggregate(
      splitMedians: medians, raw: raw, rawError: error, ceiling: ceiling?.center, ceilingError: ceiling?.error,
      ceiled: ceiled)
  }
}
