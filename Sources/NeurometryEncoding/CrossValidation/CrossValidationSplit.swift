/// One train/test split of the samples (rows of X and Y): `train` and `test` are row indices.
/// Splitters return them in scikit-learn's order (sorted for K-fold splitters, in random order for
/// shuffle splits); the order does not change any result beyond rounding.
public struct CrossValidationSplit: Sendable, Equatable, Codable {
  public let train: [Int]
  public let test: [Int]

  /// A split from row indices (checked when used: in range, disjoint, both non-empty).
  public init(train: [Int], test: [Int]) {
    self.train = train
    self.test = test
  }
}
