import NeurometryLinearAlgebra

/// Split sizes for memory estimates (`RidgeCV.memoryEstimate` and the other encoding estimators).
extension CrossValidation {
  /// The number of splits and the largest training and test sets for `n` samples: from n alone
  /// for K-fold (test sets of ⌈n/k⌉ at most, training sets of n − ⌊n/k⌋), shuffle splits and
  /// leave-one-out; by making the splits for group K-fold, stratified shuffle splits and explicit
  /// splits (falling back to K-fold sizes, or all samples, when they cannot be made).
  func splitSizes(sampleCount n: Int) -> (count: Int, train: Int, test: Int) {
    func kFoldSizes(_ k: Int) -> (count: Int, train: Int, test: Int) {
      let folds = Swift.max(1, Swift.min(k, n))
      return (folds, n - n / folds, (n + folds - 1) / folds)
    }
    func made(_ fallback: (count: Int, train: Int, test: Int)) -> (count: Int, train: Int, test: Int) {
      guard let all = try? self.splits(sampleCount: n), !all.isEmpty else { return fallback }
      return (
        all.count, all.map { $0.train.count }.max() ?? fallback.train, all.map { $0.test.count }.max() ?? fallback.test
      )
    }
    switch self {
    case .kFold(let k), .shuffledKFold(let k, _):
      return kFoldSizes(k)
    case .shuffleSplit(let s, let size, _):
      guard let sizes = try? size.resolve(sampleCount: n, context: summary) else { return kFoldSizes(5) }
      return (Swift.max(s, 1), sizes.train, sizes.test)
    case .leaveOneOut:
      return (n, Swift.max(n - 1, 1), 1)
    case .groupKFold(let k, _):
      return made(kFoldSizes(k))
    case .stratifiedShuffleSplit, .explicit:
      return made((1, n, n))
    }
  }

  /// This scheme as the inner (penalty-selection) splitter of a nested cross-validation whose
  /// outer splitter is `outer`, for a memory estimate: labels restricted to the outer split with
  /// the most training samples (as `CrossValidatedEncoding` restricts them to each training set);
  /// schemes without labels, and any that cannot be restricted, are returned as they are.
  func restrictedForEstimate(outer: CrossValidation, sampleCount n: Int) -> CrossValidation {
    switch self {
    case .groupKFold, .stratifiedShuffleSplit:
      guard let outerSplits = try? outer.splits(sampleCount: n),
        let largest = outerSplits.max(by: { $0.train.count < $1.train.count }),
        let inner = try? restricted(to: largest.train)
      else { return self }
      return inner
    default:
      return self
    }
  }
}
