import NeurometryIO
import NeurometryLinearAlgebra

/// Observations grouped by a label (a condition or a run): the distinct labels in condition
/// order (`ConditionOrder`), each observation's group, and per-group sums and means.
///
/// Group sums are one pass over the data, O(n_obs · n_channels); means are sums / counts
/// (rsatoolbox `average_dataset_by`, reordered into condition order).
public struct ConditionGroups: Sendable, Equatable {
  /// The distinct labels in condition order (`ConditionOrder`: numeric labels by value, text
  /// labels by Unicode scalars).
  public let labels: [String]
  /// For each observation, the index of its label in `labels`.
  public let codes: [Int]
  /// Number of observations per label.
  public let counts: [Int]

  /// Groups the observation labels.
  public init(_ observationLabels: Labels) {
    (labels, codes) = observationLabels.groups
    var c = [Int](repeating: 0, count: labels.count)
    for g in codes { c[g] += 1 }
    counts = c
  }

  /// Number of groups.
  public var count: Int { labels.count }

  /// Per-group sums of the rows of `x` (groups × columns), counting only the observations with
  /// `include[i]` (all when nil).
  public func sums(_ x: Matrix, include: [Bool]? = nil) -> Matrix {
    precondition(x.rows == codes.count, "ConditionGroups.sums: \(x.rows) rows for \(codes.count) labels")
    let p = x.columns
    var out = [Double](repeating: 0, count: count * p)
    x.withUnsafeBufferPointer { e in
      out.withUnsafeMutableBufferPointer { o in
        for i in 0..<x.rows where include?[i] ?? true {
          let src = e.baseAddress! + i * p
          let dst = o.baseAddress! + codes[i] * p
          for j in 0..<p { dst[j] += src[j] }
        }
      }
    }
    return Matrix(rows: count, columns: p, elements: out)
  }

  /// Per-group means of the rows of `x` (groups × columns). A group with no observation gives
  /// a row of NaN.
  public func means(_ x: Matrix) -> Matrix {
    sums(x).scalingRows(by: counts.map { $0 > 0 ? 1 / Double($0) : .nan })
  }
}
