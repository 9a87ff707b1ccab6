import NeurometryLinearAlgebra

/// Classical (Torgerson) multidimensional scaling: points in `dimensions` dimensions whose
/// Euclidean distances approximate the given dissimilarities.
///
/// With D the n×n matrix of dissimilarities, B = −½·J·D⁽²⁾·J (J = I − 11ᵀ/n, D⁽²⁾ the elementwise
/// squares) is the Gram matrix of centred points when D is Euclidean; the coordinates are the
/// eigenvectors of B's largest eigenvalues λ₁ ≥ λ₂ ≥ … scaled by √λ (negative eigenvalues — D
/// not Euclidean — give coordinate 0 and a value in `negativeEigenvalues`). Reference: Torgerson
/// (1952), Psychometrika 17; Borg & Groenen, *Modern Multidimensional Scaling*, ch. 12.
///
/// Properties (tested): distances of a Euclidean configuration of rank ≤ `dimensions` are
/// reproduced exactly; the result is centred; it is unique up to a sign per axis, fixed here by
/// making each axis's largest-magnitude coordinate positive.
///
/// - Complexity: O(n²) to double-centre plus one eigendecomposition of the n×n B (LAPACK
///   `dsyevr` for the top pairs: O(n³) reduction).
public enum ClassicalMDS {
  /// The embedding: n × `dimensions` coordinates, the eigenvalues used (descending), and how much
  /// of B's positive spectrum they hold.
  public struct Embedding: Sendable, Codable, Equatable {
    /// The n × `dimensions` coordinates, one row per point, columns in descending order of eigenvalue
    /// (a column is 0 where its eigenvalue is not positive).
    public let coordinates: Matrix
    /// B's eigenvalues for the kept axes, descending (min(`dimensions`, n) of them; non-positive ones
    /// included).
    public let eigenvalues: [Double]
    /// Σ of the kept positive eigenvalues / Σ of all positive eigenvalues (1 when exact).
    public let explained: Double
    /// Whether B had eigenvalues below −1e-9·λ₁ (D is not Euclidean).
    public let negativeEigenvalues: Bool
  }

  /// Classical MDS of a symmetric n×n dissimilarity matrix (zero diagonal). Throws on a
  /// non-square, asymmetric (beyond 1e-9 relative) or non-finite input, or fewer than 2 points.
  public static func embed(_ dissimilarities: Matrix, dimensions: Int = 2) throws -> Embedding {
    let context = "classical MDS"
    try dissimilarities.requireSquare(context)
    try dissimilarities.requireFinite(context)
    let n = dissimilarities.rows
    guard n >= 2 else {
      throw NeurometryError.invalidInput(context: context, message: "needs at least 2 points, found \(n)")
    }
    guard dimensions >= 1 else {
      throw NeurometryError.invalidInput(context: context, message: "needs at least 1 dimension, found \(dimensions)")
    }
    let scale = dissimilarities.elements.map(abs).max() ?? 0
    for i in 0..<n {
      for j in (i + 1)..<n where abs(dissimilarities[i, j] - dissimilarities[j, i]) > 1e-9 * Swift.max(scale, 1e-300) {
        throw NeurometryError.invalidInput(
          context: context,
          message:
            "the dissimilarity matrix is not symmetric at (\(i), \(j)): \(dissimilarities[i, j]) vs \(dissimilarities[j, i])"
        )
      }
    }
    // B = −½ J D² J.
    let b = dissimilarities.map { -0.5 * $0 * $0 }.doubleCentered(symmetric: true).symmetrized
    let all = try b.symmetricEigenvalues()
    let k = Swift.min(dimensions, n)
    let top = try b.largestEigenpairs(count: k)
    let largest = all.last ?? 0
    let positiveTotal = all.filter { $0 > 0 }.reduce(0, +)
    var coordinates = Matrix(rows: n, columns: dimensions)
    var values: [Double] = []
    for d in 0..<k {
      let column = k - 1 - d  // descending
      let lambda = top.values[column]
      values.append(lambda)
      guard lambda > 0 else { continue }
      let root = lambda.squareRoot()
      var axis = (0..<n).map { top.vectors[$0, column] * root }
      if let m = axis.max(by: { abs($0) < abs($1) }), m < 0 { axis = axis.map { -$0 } }
      for i in 0..<n { coordinates[i, d] = axis[i] }
    }
    let kept = values.filter { $0 > 0 }.reduce(0, +)
    return Embedding(
      coordinates: coordinates, eigenvalues: values, explained: positiveTotal > 0 ? kept / positiveTotal : 0,
      negativeEigenvalues: (all.first ?? 0) < -1e-9 * Swift.max(largest, 1e-300))
  }
}
