import Foundation
import NeurometryIO
import NeurometryLinearAlgebra

/// One train/test split of the samples (rows of X and Y): `train` and `test` are row indices.
/// Splitters return them in scikit-learn's order (sorted for K-fold splitters, in random order for
/// shuffle splits); the order does not change any result beyond rounding.
public struct CrossValidationSplit: Sendable, Equatable, Codable {
  /// Row indices of the training samples.
  public let train: [Int]
  /// Row indices of the test samples.
  public let test: [Int]

  /// A split from row indices (checked when used: in range, disjoint, both non-empty).
  public init(train: [Int], test: [Int]) {
    self.train = train
    self.test = test
  }
}

extension CrossValidationSplit {
  /// Splits from a JSON file: a list of `{"train": [indices], "test": [indices]}` objects (what
  /// `[{"train": tr.tolist(), "test": te.tolist()} for tr, te in cv.split(X)]` saves from
  /// scikit-learn). Errors name the file.
  public static func read(_ path: String) throws -> [CrossValidationSplit] {
    try JSONFile.readList(CrossValidationSplit.self, from: path, expected: #"{"train": [indices], "test": [indices]}"#)
  }

}

extension CrossValidationSplit {
  /// scikit-learn's `PredefinedSplit(test_fold=ids)`: one split per distinct id k ≥ 0 (in
  /// increasing order) testing the samples with id k and training on all others; samples with id
  /// −1 are always trained on and never tested. Throws for ids below −1 or no fold at all.
  public static func predefined(testFold ids: [Int], context: String = "fold ids") throws -> [CrossValidationSplit] {
    if let bad = ids.firstIndex(where: { $0 < -1 }) {
      throw NeurometryError.invalidInput(
        context: context, message: "sample \(bad) has fold id \(ids[bad]); ids are ≥ 0, or −1 for always-train")
    }
    let folds = Array(Set(ids.filter { $0 >= 0 })).sorted()
    guard !folds.isEmpty else {
      throw NeurometryError.invalidInput(context: context, message: "every fold id is −1: nothing is ever tested")
    }
    return folds.map { k in
      CrossValidationSplit(train: ids.indices.filter { ids[$0] != k }, test: ids.indices.filter { ids[$0] == k })
    }
  }
}
