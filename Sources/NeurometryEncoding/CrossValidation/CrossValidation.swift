import Foundation
import NeurometryLinearAlgebra

/// How samples (stimuli, time points) are split into training and test sets.
///
/// Every splitter reproduces scikit-learn 1.9's splits exactly, seeded splitters included: the
/// seed is a `numpy.random.RandomState` seed and `NumpyRandomState` draws the same numbers, so
/// `.shuffledKFold(folds: 5, seed: 0)` gives the folds of `KFold(5, shuffle=True, random_state=0)`.
///
/// - `kFold`: contiguous blocks in sample order (`KFold(shuffle=False)`, himalaya's `cv=k`), the
///   right choice for time series; the first n mod k folds have one extra sample.
/// - `shuffledKFold`: the same after shuffling the sample order once.
/// - `groupKFold`: leave whole groups (runs, sessions) out; groups are distributed largest first to
///   the fold with the fewest samples (`GroupKFold(shuffle=False)`).
/// - `shuffleSplit`: independent random train/test partitions (`ShuffleSplit`).
/// - `stratifiedShuffleSplit`: random partitions that keep each class's proportion
///   (`StratifiedShuffleSplit`; Brain-Score's default: 10 splits, train fraction 0.9, seed 1).
/// - `leaveOneOut`: n folds of one sample.
/// - `explicit`: the caller's own splits (e.g. indices saved from a Python run).
public enum CrossValidation: Sendable, Equatable {
  case kFold(folds: Int)
  case shuffledKFold(folds: Int, seed: UInt32)
  case groupKFold(folds: Int, groups: SampleLabels)
  case shuffleSplit(splits: Int, size: ShuffleSplitSize, seed: UInt32)
  case stratifiedShuffleSplit(splits: Int, size: ShuffleSplitSize, classes: SampleLabels, seed: UInt32)
  case leaveOneOut
  case explicit([CrossValidationSplit])

  /// A short description for reports and JSON, e.g. "kfold:5" or "stratified-shuffle:10:train=0.9:seed=1".
  public var summary: String {
    switch self {
    case .kFold(let k): return "kfold:\(k)"
    case .shuffledKFold(let k, let seed): return "shuffled-kfold:\(k):seed=\(seed)"
    case .groupKFold(let k, let groups): return "group-kfold:\(k) (\(groups.classCount) groups)"
    case .shuffleSplit(let s, let size, let seed): return "shuffle-split:\(s):\(size.summary):seed=\(seed)"
    case .stratifiedShuffleSplit(let s, let size, let classes, let seed):
      return "stratified-shuffle-split:\(s):\(size.summary):seed=\(seed) (\(classes.classCount) classes)"
    case .leaveOneOut: return "leave-one-out"
    case .explicit(let splits): return "explicit:\(splits.count)"
    }
  }

  /// The splits for `sampleCount` samples. Throws `invalidInput` for impossible requests (more
  /// folds than samples or groups, fewer than 2 folds, label counts that differ from the sample
  /// count, classes with one member, out-of-range or empty explicit splits).
  public func splits(sampleCount n: Int) throws -> [CrossValidationSplit] {
    let context = "cross-validation (\(summary))"
    switch self {
    case .kFold(let k):
      try Self.checkFolds(k, n, context)
      return Self.contiguousFolds(order: Array(0..<n), folds: k)
    case .shuffledKFold(let k, let seed):
      try Self.checkFolds(k, n, context)
      var rng = NumpyRandomState(seed: seed)
      return Self.contiguousFolds(order: rng.permutation(n), folds: k)
    case .groupKFold(let k, let groups):
      try Self.checkFolds(k, n, context)
      try Self.checkLabelCount(groups, n, "groups", context)
      return try Self.groupFolds(groups, folds: k, context: context)
    case .shuffleSplit(let s, let size, let seed):
      let (nTrain, nTest) = try size.resolve(sampleCount: n, context: context)
      try Self.checkSplitCount(s, context)
      var rng = NumpyRandomState(seed: seed)
      return (0..<s).map { _ in
        let p = rng.permutation(n)
        return CrossValidationSplit(train: Array(p[nTest..<(nTest + nTrain)]), test: Array(p[0..<nTest]))
      }
    case .stratifiedShuffleSplit(let s, let size, let classes, let seed):
      try Self.checkLabelCount(classes, n, "classes", context)
      try Self.checkSplitCount(s, context)
      let (nTrain, nTest) = try size.resolve(sampleCount: n, context: context)
      return try Self.stratifiedSplits(classes, splits: s, train: nTrain, test: nTest, seed: seed, context: context)
    case .leaveOneOut:
      guard n >= 2 else {
        throw NeurometryError.invalidInput(context: context, message: "needs at least 2 samples, found \(n)")
      }
      return (0..<n).map { i in CrossValidationSplit(train: (0..<n).filter { $0 != i }, test: [i]) }
    case .explicit(let splits):
      guard !splits.isEmpty else { throw NeurometryError.invalidInput(context: context, message: "no splits given") }
      for (s, split) in splits.enumerated() {
        guard !split.train.isEmpty, !split.test.isEmpty else {
          throw NeurometryError.invalidInput(
            context: context,
            message:
              "split \(s) has \(split.train.count) training and \(split.test.count) test samples; both need at least one"
          )
        }
        if let bad = (split.train + split.test).first(where: { $0 < 0 || $0 >= n }) {
          throw NeurometryError.invalidInput(
            context: context, message: "split \(s) refers to sample \(bad), outside 0..<\(n)")
        }
        if !Set(split.train).isDisjoint(with: split.test) {
          throw NeurometryError.invalidInput(
            context: context, message: "split \(s) uses the same sample for training and testing")
        }
      }
      return splits
    }
  }

  static func checkFolds(_ k: Int, _ n: Int, _ context: String) throws {
    guard k >= 2 else {
      throw NeurometryError.invalidInput(context: context, message: "K-fold needs at least 2 folds, got \(k)")
    }
    guard k <= n else {
      throw NeurometryError.invalidInput(
        context: context, message: "\(k) folds for \(n) samples: there cannot be more folds than samples")
    }
  }

  static func checkSplitCount(_ s: Int, _ context: String) throws {
    guard s >= 1 else {
      throw NeurometryError.invalidInput(context: context, message: "needs at least 1 split, got \(s)")
    }
  }

  static func checkLabelCount(_ labels: SampleLabels, _ n: Int, _ what: String, _ context: String) throws {
    guard labels.count == n else {
      throw NeurometryError.shapeMismatch(
        context: context, message: "\(labels.count.grouped) \(what) labels for \(n.grouped) samples")
    }
  }

  /// Test folds of sizes ⌊n/k⌋ (+1 for the first n mod k) taken in `order`; indices sorted.
  static func contiguousFolds(order: [Int], folds k: Int) -> [CrossValidationSplit] {
    let n = order.count
    var start = 0
    return (0..<k).map { f in
      let size = n / k + (f < n % k ? 1 : 0)
      var isTest = [Bool](repeating: false, count: n)
      for i in order[start..<(start + size)] { isTest[i] = true }
      start += size
      return CrossValidationSplit(train: (0..<n).filter { !isTest[$0] }, test: (0..<n).filter { isTest[$0] })
    }
  }

  /// scikit-learn's `GroupKFold(shuffle=False)`: groups by decreasing size (ties: later label
  /// first, as `argsort(kind="stable")[::-1]` orders them), each to the currently lightest fold.
  static func groupFolds(_ groups: SampleLabels, folds k: Int, context: String) throws -> [CrossValidationSplit] {
    guard k <= groups.classCount else {
      throw NeurometryError.invalidInput(
        context: context,
        message: "\(k) folds for \(groups.classCount) groups: there cannot be more folds than groups")
    }
    let counts = groups.classCounts
    let order = Ranking.stableArgsort(counts.map(Double.init)).reversed()
    var load = [Int](repeating: 0, count: k)
    var foldOfGroup = [Int](repeating: 0, count: counts.count)
    for g in order {
      var lightest = 0
      for f in 1..<k where load[f] < load[lightest] { lightest = f }
      load[lightest] += counts[g]
      foldOfGroup[g] = lightest
    }
    let n = groups.count
    return (0..<k).map { f in
      CrossValidationSplit(
        train: (0..<n).filter { foldOfGroup[groups.codes[$0]] != f },
        test: (0..<n).filter { foldOfGroup[groups.codes[$0]] == f })
    }
  }

  /// scikit-learn's `StratifiedShuffleSplit._iter_indices`, draw for draw.
  static func stratifiedSplits(
    _ classes: SampleLabels, splits s: Int, train nTrain: Int, test nTest: Int, seed: UInt32, context: String
  ) throws -> [CrossValidationSplit] {
    let counts = classes.classCounts
    if let small = counts.indices.first(where: { counts[$0] < 2 }) {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "class '\(classes.names[small])' has \(counts[small]) member; stratified splits need at least 2 per class")
    }
    guard nTrain >= counts.count else {
      throw NeurometryError.invalidInput(
        context: context, message: "\(nTrain) training samples for \(counts.count) classes; need at least one per class"
      )
    }
    guard nTest >= counts.count else {
      throw NeurometryError.invalidInput(
        context: context, message: "\(nTest) test samples for \(counts.count) classes; need at least one per class")
    }
    // Members of each class in increasing sample order (argsort(codes, stable) split by class).
    var members = [[Int]](repeating: [], count: counts.count)
    for (i, c) in classes.codes.enumerated() { members[c].append(i) }
    var rng = NumpyRandomState(seed: seed)
    var result: [CrossValidationSplit] = []
    for _ in 0..<s {
      let trainPerClass = approximateMode(counts, draws: nTrain, rng: &rng)
      let remaining = zip(counts, trainPerClass).map { $0 - $1 }
      let testPerClass = approximateMode(remaining, draws: nTest, rng: &rng)
      var train: [Int] = []
      var test: [Int] = []
      for c in counts.indices {
        let p = rng.permutation(counts[c])
        let shuffled = p.map { members[c][$0] }
        train.append(contentsOf: shuffled[0..<trainPerClass[c]])
        test.append(contentsOf: shuffled[trainPerClass[c]..<(trainPerClass[c] + testPerClass[c])])
      }
      result.append(CrossValidationSplit(train: rng.permutation(of: train), test: rng.permutation(of: test)))
    }
    return result
  }

  /// scikit-learn's `_approximate_mode`: floor(counts/total·draws) plus one for the largest
  /// remainders, ties broken by `rng.choice(…, replace=False)` (which draws a permutation even when
  /// every tied class gets one).
  static func approximateMode(_ counts: [Int], draws: Int, rng: inout NumpyRandomState) -> [Int] {
    let total = Double(counts.reduce(0, +))
    let continuous = counts.map { Double($0) / total * Double(draws) }
    var floored = continuous.map { $0.rounded(.down) }
    var needToAdd = Int(Double(draws) - floored.reduce(0, +))
    if needToAdd > 0 {
      let remainder = zip(continuous, floored).map { $0 - $1 }
      let values = Array(Set(remainder)).sorted(by: >)
      for value in values {
        let tied = remainder.indices.filter { remainder[$0] == value }
        let addNow = Swift.min(tied.count, needToAdd)
        let chosen = rng.choiceWithoutReplacement(from: tied.count, count: addNow).map { tied[$0] }
        for i in chosen { floored[i] += 1 }
        needToAdd -= addNow
        if needToAdd == 0 { break }
      }
    }
    return floored.map { Int($0) }
  }
}

extension CrossValidation {
  /// The same scheme for the subset `rows` of the samples (an outer training set, for nested
  /// cross-validation): labels are restricted to those rows. Explicit splits cannot be restricted.
  public func restricted(to rows: [Int]) throws -> CrossValidation {
    switch self {
    case .kFold, .shuffledKFold, .shuffleSplit, .leaveOneOut: return self
    case .groupKFold(let k, let groups): return .groupKFold(folds: k, groups: groups.restricted(to: rows))
    case .stratifiedShuffleSplit(let s, let size, let classes, let seed):
      return .stratifiedShuffleSplit(splits: s, size: size, classes: classes.restricted(to: rows), seed: seed)
    case .explicit:
      throw NeurometryError.invalidInput(
        context: "cross-validation (\(summary))",
        message: "explicit splits cannot be used for the inner (penalty-selection) loop of a nested cross-validation")
    }
  }
}
