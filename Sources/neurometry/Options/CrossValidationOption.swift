import Neurometry

/// Parses the `--cv` / `--inner-cv` syntax into a splitter:
/// `kfold:K`, `shuffled-kfold:K`, `group-kfold:K` (needs --groups), `shuffle-split:S:F`,
/// `stratified-shuffle-split:S:F` (needs --classes), `loo`. F is the test fraction, or `train=F`
/// for a training fraction (Brain-Score uses train=0.9). Seeded splitters use `seed`.
enum CrossValidationOption {
  static func parse(_ text: String, seed: UInt32, groups: SampleLabels?, classes: SampleLabels?) throws
    -> CrossValidation
  {
    let parts = text.split(separator: ":").map(String.init)
    let context = "--cv '\(text)'"
    func count(_ i: Int) throws -> Int {
      guard parts.count > i, let v = Int(parts[i]) else {
        throw NeurometryError.invalidInput(context: context, message: "expected a count after '\(parts[0]):'")
      }
      return v
    }
    func size(_ i: Int) throws -> ShuffleSplitSize {
      guard parts.count > i else { return .testFraction(0.1) }
      if parts[i].hasPrefix("train="), let f = Double(parts[i].dropFirst(6)) { return .trainFraction(f) }
      if let f = Double(parts[i]) { return .testFraction(f) }
      throw NeurometryError.invalidInput(
        context: context, message: "expected a test fraction (0.1) or train=FRACTION (train=0.9), found '\(parts[i])'")
    }
    switch parts.first ?? "" {
    case "kfold": return .kFold(folds: try count(1))
    case "shuffled-kfold": return .shuffledKFold(folds: try count(1), seed: seed)
    case "group-kfold":
      guard let groups else {
        throw NeurometryError.invalidInput(
          context: context, message: "group K-fold needs --groups FILE (one label per stimulus)")
      }
      return .groupKFold(folds: try count(1), groups: groups)
    case "shuffle-split": return .shuffleSplit(splits: try count(1), size: try size(2), seed: seed)
    case "stratified-shuffle-split":
      guard let classes else {
        throw NeurometryError.invalidInput(
          context: context, message: "stratified splits need --classes FILE (one label per stimulus)")
      }
      return .stratifiedShuffleSplit(splits: try count(1), size: try size(2), classes: classes, seed: seed)
    case "loo": return .leaveOneOut
    default:
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "unknown splitter; use kfold:K, shuffled-kfold:K, group-kfold:K, shuffle-split:S:F, stratified-shuffle-split:S:F or loo"
      )
    }
  }
}
