import Foundation
import NeurometryLinearAlgebra
import NeurometryTestSupport

/// Fixture access and random transforms shared by the CKA and shape-metric tests.
enum GeometryFixtures {
  /// `expected.json` of a fixture area as a dictionary.
  static func expected(_ area: String) throws -> [String: Any] {
    try Fixtures.json(area, "expected.json") as? [String: Any] ?? [:]
  }

  /// A float written by Python's `float.hex()` (exact), or "nan"/"inf".
  static func double(_ value: Any?) -> Double {
    if let s = value as? String { return Double(s) ?? .nan }
    return (value as? NSNumber)?.doubleValue ?? .nan
  }

  /// A list of hex floats.
  static func doubles(_ value: Any?) -> [Double] {
    (value as? [Any] ?? []).map(double)
  }

  /// A random n×n orthogonal matrix (left singular vectors of a Gaussian matrix).
  static func orthogonal(_ n: Int, seed: UInt64) throws -> Matrix {
    try Synthetic.gaussian(rows: n, columns: n, seed: seed).svd().u
  }

  /// A random n×n permutation matrix.
  static func permutation(_ n: Int, seed: UInt64) -> Matrix {
    var g = RandomStream(seed: seed)
    let p = g.permutation(n)
    return Matrix(rows: n, columns: n) { i, j in p[i] == j ? 1 : 0 }
  }
}
