import NeurometryLinearAlgebra

/// A 4×4 voxel-to-world (RAS+ millimetre) affine and where it came from.
public struct NIfTIAffine: Sendable, Codable, Equatable {
  /// The 4×4 matrix, row by row; the last row is (0, 0, 0, 1).
  public let rows: [[Double]]
  /// Which part of the header the affine was built from: the sform, the qform, or nibabel's fallback.
  public let source: NIfTIAffineSource

  /// An affine from 4 rows of 4 (a programmer error otherwise).
  public init(rows: [[Double]], source: NIfTIAffineSource) {
    precondition(rows.count == 4 && rows.allSatisfy { $0.count == 4 }, "NIfTIAffine: expected 4×4 rows")
    self.rows = rows
    self.source = source
  }

  /// The affine as a 4×4 `Matrix`.
  public var matrix: Matrix { Matrix(rows) }

  /// World coordinates of voxel (i, j, k).
  public func world(_ i: Double, _ j: Double, _ k: Double) -> [Double] {
    (0..<3).map { r in rows[r][0] * i + rows[r][1] * j + rows[r][2] * k + rows[r][3] }
  }

  /// True when both affines agree within numpy `allclose`'s default tolerances
  /// (`|a − b| ≤ 1e-8 + 1e-5·|b|`), which is how nilearn decides that two images share a grid.
  public func isClose(to other: NIfTIAffine) -> Bool {
    for r in 0..<4 {
      for c in 0..<4 where !(abs(rows[r][c] - other.rows[r][c]) <= 1e-8 + 1e-5 * abs(other.rows[r][c])) {
        return false
      }
    }
    return true
  }
}
