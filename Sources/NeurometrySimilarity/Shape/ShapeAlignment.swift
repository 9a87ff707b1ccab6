import NeurometryLinearAlgebra

/// A fitted shape alignment (netrep's fitted `LinearMetric`/`PermutationMetric`): the means
/// and the P×P maps that carry zero-padded X and Y into the common aligned space,
///
///     tX = (X_pad − m_x)·W_x,   tY = (Y_pad − m_y)·W_y,
///
/// with W_x = Z_x·U and W_y = Z_y·V (orthogonal group; U·S·Vᵀ the SVD of the padded
/// φ(X)ᵀφ(Y)) or column selections (permutation group). Made by `ShapeMetric.fit`.
public struct ShapeAlignment: Sendable {
  /// The metric whose alignment this is (its score is used by `score(_:_:)`).
  public let metric: ShapeMetric
  /// Means subtracted from X (length P, zeros for padded columns).
  public let meanX: [Double]
  /// Means subtracted from Y (length P, zeros for padded columns).
  public let meanY: [Double]
  /// P×P map of X into the aligned space, W_x.
  public let wx: Matrix
  /// P×P map of Y into the aligned space, W_y.
  public let wy: Matrix
  /// The common width P after zero padding.
  public let paddedWidth: Int
  let widths: (Int, Int)

  /// Zero-pads, centres with the training means and maps X and Y into the aligned space.
  public func transform(_ x: Matrix, _ y: Matrix) throws -> (Matrix, Matrix) {
    guard x.columns == widths.0 && y.columns == widths.1 else {
      throw NeurometryError.shapeMismatch(
        context: "shape",
        message: "the alignment was fitted to \(widths.0) and \(widths.1) units, found \(x.columns) and \(y.columns)")
    }
    guard x.rows == y.rows else {
      throw NeurometryError.shapeMismatch(
        context: "shape", message: "X has \(x.rows) rows but Y has \(y.rows); they must hold the same stimuli")
    }
    return (
      gemm(Self.padded(x, paddedWidth).subtractingFromColumns(meanX), wx),
      gemm(Self.padded(y, paddedWidth).subtractingFromColumns(meanY), wy)
    )
  }

  /// The metric's score of the aligned X and Y (netrep's `score`; see `ShapeMetric` for the
  /// accurate path near 0).
  public func score(_ x: Matrix, _ y: Matrix) throws -> Double {
    let (tx, ty) = try transform(x, y)
    let pairs = (0..<paddedWidth).map { ($0 as Int?, $0 as Int?) }
    return try metric.finish(
      inner: dot(tx.elements, ty.elements), dot(tx.elements, tx.elements), dot(ty.elements, ty.elements)
    ) {
      ShapeMetric.pairedColumnsDifference(tx, 1, ty, 1, pairs: pairs, normalise: $0)
    }
  }

  static func padded(_ x: Matrix, _ width: Int) -> Matrix {
    guard x.columns < width else { return x }
    return Matrix.horizontalConcatenation([x, Matrix(rows: x.rows, columns: width - x.columns)])
  }
}

extension ShapeMetric {
  /// Fits the alignment of X and Y (means, whitening, rotation or permutation) with explicit
  /// P×P maps, for transforming other data. `distance` is cheaper when only the number is needed.
  ///
  /// Throws as `distance(_:_:names:)`.
  /// - Complexity: the two preparations (`prepare(_:name:)`), 2·n·p·q for φ(X)ᵀφ(Y), and O(P³) for
  ///   the full SVD (orthogonal) or the assignment (permutation) and the P×P maps, P = max(p, q).
  public func fit(_ x: Matrix, _ y: Matrix, names: (String, String) = ("X", "Y")) throws -> ShapeAlignment {
    try requirePair(x, y, names: names)
    let a = try prepare(x, name: names.0)
    let b = try prepare(y, name: names.1)
    let width = Swift.max(x.columns, y.columns)
    let zx = a.whiteningMatrix(paddedWidth: width)
    let zy = b.whiteningMatrix(paddedWidth: width)
    let pad = { (m: [Double]) in m + [Double](repeating: 0, count: width - m.count) }
    let (wx, wy): (Matrix, Matrix)
    switch group {
    case .orthogonal:
      let ca = a.whitening.scale(paddedWidth: width)
      let cb = b.whitening.scale(paddedWidth: width)
      var m = Matrix(rows: width, columns: width)
      let cross = gemm(a.whitened, b.whitened, transposeA: true)
      for i in 0..<cross.rows {
        for j in 0..<cross.columns { m[i, j] = ca * cb * cross[i, j] }
      }
      let s = try m.svd()
      wx = gemm(zx, s.u)
      wy = gemm(zy, s.vt, transposeB: true)
    case .permutation, .identity:
      let cross = gemm(a.whitened, b.whitened, transposeA: true)
      let assignment =
        group == .identity
        ? ShapeGroup.identityAssignment(widths: (a.width, b.width)) : try LinearAssignment.solve(cross, maximize: true)
      var pairs = Self.completePairs(assignment, widths: (a.width, b.width))
      // Give every padded column an index so both sides are full permutations of 0..<P.
      var freeA = Array(a.width..<width)
      var freeB = Array(b.width..<width)
      pairs = pairs.map { ($0.0 ?? freeA.removeFirst(), $0.1 ?? freeB.removeFirst()) }
      pairs.sort { ($0.0 ?? 0) < ($1.0 ?? 0) }
      wx = zx.selectingColumns(pairs.map { $0.0 ?? 0 })
      wy = zy.selectingColumns(pairs.map { $0.1 ?? 0 })
    }
    return ShapeAlignment(
      metric: self, meanX: pad(a.mean), meanY: pad(b.mean), wx: wx, wy: wy, paddedWidth: width,
      widths: (x.columns, y.columns))
  }
}
