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
