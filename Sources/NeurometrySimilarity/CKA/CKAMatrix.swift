/// CKA between every pair of K representations (layers × layers, or networks × networks): a
/// symmetric K×K matrix with ones on the diagonal.
///
/// An entry whose CKA is undefined (a constant representation, or a non-positive debiased
/// self-similarity) is NaN, and `warnings` names the representation, so one dead layer does not
/// stop a whole comparison.
public struct CKAMatrix: Codable, Sendable, Equatable {
  public let names: [String]
  /// values[i][j] = CKA(representation i, representation j).
  public let values: [[Double]]
  /// arccos of each value (CKA clipped to [−1, 1]).
  public let angular: [[Double]]
  public let cka: CKA
  /// The number of observations n; for minibatch CKA, the total over batches.
  public let observations: Int
  /// Minibatch CKA only: the batch sizes, in order.
  public let batchSizes: [Int]?
  public let warnings: [String]
}
