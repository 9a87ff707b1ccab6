import NeurometryLinearAlgebra

/// The sizes of the two sides of a shuffle split, as scikit-learn's `train_size`/`test_size`
/// arguments are resolved (`_validate_shuffle_split`): a test fraction f gives ⌈f·n⌉ test samples and
/// the rest for training; a train fraction f gives ⌊f·n⌋ training samples and the rest for testing
/// (so `trainFraction(0.9)` — Brain-Score's setting — and `testFraction(0.1)` can differ by one
/// sample when 0.1·n is not an integer in floating point).
public enum ShuffleSplitSize: Sendable, Equatable, Codable {
  case testFraction(Double)
  case trainFraction(Double)
  case testCount(Int)
  case trainCount(Int)
}

extension ShuffleSplitSize {
  var summary: String {
    switch self {
    case .testFraction(let f): return "test=\(f)"
    case .trainFraction(let f): return "train=\(f)"
    case .testCount(let c): return "test=\(c)"
    case .trainCount(let c): return "train=\(c)"
    }
  }

  /// (training, test) sample counts as scikit-learn's `_validate_shuffle_split` computes them.
  func resolve(sampleCount n: Int, context: String) throws -> (train: Int, test: Int) {
    let nTrain: Int
    let nTest: Int
    switch self {
    case .testFraction(let f):
      guard f > 0 && f < 1 else {
        throw NeurometryError.invalidInput(context: context, message: "test fraction \(f) must be in (0, 1)")
      }
      nTest = Int((f * Double(n)).rounded(.up))
      nTrain = n - nTest
    case .trainFraction(let f):
      guard f > 0 && f < 1 else {
        throw NeurometryError.invalidInput(context: context, message: "train fraction \(f) must be in (0, 1)")
      }
      nTrain = Int((f * Double(n)).rounded(.down))
      nTest = n - nTrain
    case .testCount(let c):
      guard c > 0 && c < n else {
        throw NeurometryError.invalidInput(
          context: context, message: "\(c) test samples of \(n): need 0 < count < \(n)")
      }
      (nTest, nTrain) = (c, n - c)
    case .trainCount(let c):
      guard c > 0 && c < n else {
        throw NeurometryError.invalidInput(
          context: context, message: "\(c) training samples of \(n): need 0 < count < \(n)")
      }
      (nTrain, nTest) = (c, n - c)
    }
    guard nTrain > 0 && nTest > 0 else {
      throw NeurometryError.invalidInput(
        context: context,
        message: "\(n) samples leave \(nTrain) for training and \(nTest) for testing; both need at least one")
    }
    return (nTrain, nTest)
  }
}
