import Foundation
import NeurometryLinearAlgebra

/// Generalized shape metrics (Williams, Kunz, Kornblith & Linderman 2021, NeurIPS, "Generalized
/// shape metrics on neural representations"; netrep's `LinearMetric` and `PermutationMetric`).
///
///     d(X, Y) = min_{Q ∈ G} ρ(φ_α(X)·Q, φ_α(Y))
///
/// X (n×p) and Y (n×q): responses of two networks (or brains) to the same n stimuli, rows =
/// stimuli. φ_α centres the columns (`centerColumns`), zero-pads the narrower matrix to
/// P = max(p, q) columns (`zeroPad`) and partially whitens (`alpha`, `whitening`); G is the
/// orthogonal or permutation group (`group`); ρ is the angular or Euclidean ground metric
/// (`score`).
///
/// - α = 1: no whitening, the rotation-invariant Procrustes shape distance; its angular form
///   has cos θ = ‖XcᵀYc‖_* / (‖Xc‖_F‖Yc‖_F), the normalised Bures similarity of the Gram matrices
///   XcXcᵀ and YcYcᵀ (Harvey et al. 2023).
/// - α = 0: full whitening, invariant to all invertible linear maps; cos θ = Σᵢ ρᵢ / √(p·q),
///   with ρᵢ the canonical correlations (CCA), zero padding included.
/// - 0 < α < 1: interpolates; with the default `.netrep` whitening the result depends on the
///   scale of X (see `ShapeWhitening`; `.scaleFree` removes that).
///
/// Properties (tested): a metric on the equivalence classes — symmetric, d(X, X) = 0, triangle
/// inequality — invariant to the group acting on either side; angular distances lie in [0, π].
///
/// Numerics: the distance on training data needs only the singular values of φ(X)ᵀφ(Y)
/// (orthogonal) or its optimal assignment (permutation); when the result is so small that this
/// formula would lose digits (cos θ > 1 − 10⁻⁴, or d² below 10⁻⁴ of ‖φ(X)‖² + ‖φ(Y)‖²), the
/// aligned matrices are formed and their difference measured directly (for the angular form
/// θ = 2·arcsin(‖x̂ − ŷ‖/2) of the unit-normalised matrices), which is more accurate than
/// netrep's arccos near 0. Cost per pair: 2·n·p·q + O(P³).
///
/// Deviation from netrep: none in the values where netrep's arithmetic is accurate. When
/// φ(X)ᵀφ(Y) is rank deficient (n ≤ P), the optimal rotation is not unique and held-out scores
/// depend on the choice; Neurometry uses the thin SVD's U·Vᵀ.
public struct ShapeMetric: Codable, Sendable, Equatable {
  /// Partial whitening α ∈ [0, 1] (default 1: no whitening).
  public let alpha: Double
  /// The ground metric ρ after alignment (`ShapeScore`; default `.angular`).
  public let score: ShapeScore
  /// The alignment group G minimised over (`ShapeGroup`; default `.orthogonal`).
  public let group: ShapeGroup
  /// Subtract column means before whitening and alignment (default true, netrep's default).
  public let centerColumns: Bool
  /// Zero-pad the narrower representation (default true); otherwise widths must agree.
  public let zeroPad: Bool
  /// How the partial whitening measures the spectrum (`ShapeWhitening`; default `.netrep`).
  public let whitening: ShapeWhitening

  enum CodingKeys: String, CodingKey {
    case alpha, score, group, centerColumns = "center_columns", zeroPad = "zero_pad", whitening
  }

  /// A metric with the given parameters (defaults: netrep's angular Procrustes distance, α = 1,
  /// centred and zero-padded).
  ///
  /// Throws `NeurometryError.invalidInput` unless 0 ≤ α ≤ 1.
  public init(
    alpha: Double = 1, score: ShapeScore = .angular, group: ShapeGroup = .orthogonal, centerColumns: Bool = true,
    zeroPad: Bool = true, whitening: ShapeWhitening = .netrep
  ) throws {
    guard alpha >= 0 && alpha <= 1 else {
      throw NeurometryError.invalidInput(
        context: "shape", message: "the partial-whitening parameter alpha must be in [0, 1], found \(alpha)")
    }
    self.alpha = alpha
    self.score = score
    self.group = group
    self.centerColumns = centerColumns
    self.zeroPad = zeroPad
    self.whitening = whitening
  }

  // MARK: - Public entry points

  /// Centres and whitens one representation (n×p) for repeated comparisons.
  ///
  /// Throws `NeurometryError.invalidInput` for no columns, too few rows (2 when centring, else
  /// 1), non-finite values, or (angular score) a representation that is zero after centring.
  /// - Complexity: O(n·p) to centre; for α < 1 also O(n·p²) for XcᵀXc and the whitened copy plus
  ///   O(p³) for its eigendecomposition.
  public func prepare(_ x: Matrix, name: String = "X") throws -> ShapeEmbedding {
    try requireUsable(x, name: name)
    let (centered, mean) = centerColumns ? x.centeringColumns() : (x, [Double](repeating: 0, count: x.columns))
    let w = try PartialWhitening(centered: centered, alpha: alpha, convention: whitening)
    let whitened = w.unscaledMatrix.map { gemm(centered, $0) } ?? centered
    let embedding = ShapeEmbedding(name: name, mean: mean, whitening: w, whitened: whitened)
    if score == .angular && !(embedding.squaredNorm > 0) {
      throw NeurometryError.invalidInput(
        context: "shape",
        message:
          "\(name) is zero\(centerColumns ? " after centring (constant across observations)" : ""), so the angular shape distance is undefined"
      )
    }
    return embedding
  }

  /// d(X, Y), aligned and scored on the same data.
  ///
  /// Throws `NeurometryError.shapeMismatch` for different numbers of rows (or of columns without
  /// zero padding) and the errors of `prepare(_:name:)`.
  /// - Complexity: the two preparations, 2·n·p·q for φ(X)ᵀφ(Y) and O(P³) for its singular values
  ///   (orthogonal) or the assignment (permutation), P = max(p, q); near-zero distances add O(n·P²)
  ///   for the aligned difference.
  public func distance(_ x: Matrix, _ y: Matrix, names: (String, String) = ("X", "Y")) throws -> ShapeDistance {
    try requirePair(x, y, names: names)
    let a = try prepare(x, name: names.0)
    let b = try prepare(y, name: names.1)
    let scores = try compare(a, b)
    return ShapeDistance(
      distance: scores.train, testDistance: nil, metric: self, widths: [x.columns, y.columns],
      paddedWidth: Swift.max(x.columns, y.columns), observations: x.rows, testObservations: nil,
      warnings: warnings(for: [(x, names.0), (y, names.1)]))
  }

  /// Cross-validated distance: the alignment (and the means and whitening) are fitted on the
  /// training pair and the distance is evaluated on the test pair (the same units, other
  /// stimuli), as netrep's `fit(X, Y).score(Xtest, Ytest)`.
  ///
  /// Throws as `distance(_:_:names:)`, and `NeurometryError.shapeMismatch` when a test matrix has
  /// other columns than its training matrix or the two test matrices differ in rows.
  /// - Complexity: as `distance(_:_:names:)` on the training pair (with a full SVD), plus
  ///   O(m·(p² + q²) + m·p·q) to transform and score the m held-out rows.
  public func crossValidatedDistance(
    train: (Matrix, Matrix), test: (Matrix, Matrix), names: (String, String) = ("X", "Y")
  ) throws -> ShapeDistance {
    try requirePair(train.0, train.1, names: names)
    try requireTest(test, train: train, names: names)
    let a = try prepare(train.0, name: names.0)
    let b = try prepare(train.1, name: names.1)
    let scores = try compare(a, b, testA: a.transform(test.0), testB: b.transform(test.1))
    return ShapeDistance(
      distance: scores.train, testDistance: scores.test, metric: self, widths: [train.0.columns, train.1.columns],
      paddedWidth: Swift.max(train.0.columns, train.1.columns), observations: train.0.rows,
      testObservations: test.0.rows, warnings: warnings(for: [(train.0, names.0), (train.1, names.1)]))
  }

  // MARK: - The pair kernel

  /// Training (and optionally held-out) distance between two prepared representations.
  /// `testA`/`testB` are held-out data already through `transform` (unscaled).
  func compare(
    _ a: ShapeEmbedding, _ b: ShapeEmbedding, testA: Matrix? = nil, testB: Matrix? = nil
  ) throws -> (train: Double, test: Double?) {
    let width = Swift.max(a.width, b.width)
    let (ca, cb) = (a.whitening.scale(paddedWidth: width), b.whitening.scale(paddedWidth: width))
    let m = gemm(a.whitened, b.whitened, transposeA: true)
    let na = ca * ca * a.squaredNorm
    let nb = cb * cb * b.squaredNorm
    switch group {
    case .orthogonal:
      var rotation: Matrix?
      func paddedRotation() throws -> Matrix {
        if let rotation { return rotation }
        let r = try Self.paddedRotation(m, width: width)
        rotation = r
        return r
      }
      if testA == nil {
        let nuclear = try m.singularValues().reduce(0, +)
        let train = try finish(inner: ca * cb * nuclear, na, nb) {
          try Self.rotatedDifference(a.whitened, ca, b.whitened, cb, rotation: paddedRotation(), normalise: $0)
        }
        return (train, nil)
      }
      let s = try m.svd()
      let train = try finish(inner: ca * cb * s.singularValues.reduce(0, +), na, nb) {
        try Self.rotatedDifference(a.whitened, ca, b.whitened, cb, rotation: paddedRotation(), normalise: $0)
      }
      guard let ta = testA, let tb = testB else { return (train, nil) }
      let block = gemm(s.u, s.vt)  // the optimal rotation's p×q block
      let mt = gemm(ta, tb, transposeA: true)
      let test = try finish(
        inner: ca * cb * dot(mt.elements, block.elements), ca * ca * dot(ta.elements, ta.elements),
        cb * cb * dot(tb.elements, tb.elements)
      ) {
        try Self.rotatedDifference(ta, ca, tb, cb, rotation: paddedRotation(), normalise: $0)
      }
      return (train, test)
    case .permutation, .identity:
      let assignment =
        group == .identity
        ? ShapeGroup.identityAssignment(widths: (a.width, b.width)) : try LinearAssignment.solve(m, maximize: true)
      let pairs = Self.completePairs(assignment, widths: (a.width, b.width))
      let inner = zip(assignment.rows, assignment.columns).reduce(0.0) { $0 + m[$1.0, $1.1] }
      let train = try finish(inner: ca * cb * inner, na, nb) {
        Self.pairedColumnsDifference(a.whitened, ca, b.whitened, cb, pairs: pairs, normalise: $0)
      }
      guard let ta = testA, let tb = testB else { return (train, nil) }
      let innerTest = Self.pairedColumnsInner(ta, tb, pairs: pairs)
      let test = try finish(
        inner: ca * cb * innerTest, ca * ca * dot(ta.elements, ta.elements), cb * cb * dot(tb.elements, tb.elements)
      ) {
        Self.pairedColumnsDifference(ta, ca, tb, cb, pairs: pairs, normalise: $0)
      }
      return (train, test)
    }
  }

  /// The score from ⟨φ(X)Q, φ(Y)⟩ and the squared norms; `direct(normalise)` measures the
  /// difference of the aligned matrices (unit-normalised for the angular form) when the
  /// formula would lose digits.
  func finish(inner: Double, _ na: Double, _ nb: Double, direct: (Bool) throws -> Double) throws -> Double {
    switch score {
    case .angular:
      guard na > 0 && nb > 0 else {
        throw NeurometryError.invalidInput(
          context: "shape",
          message: "a representation is zero after centring and whitening, so the angular shape distance is undefined")
      }
      let cosine = inner / (na * nb).squareRoot()
      if cosine > 1 - 1e-4 { return 2 * asin(Swift.min(try direct(true) / 2, 1)) }
      return acos(Swift.min(Swift.max(cosine, -1), 1))
    case .euclidean:
      let squared = na + nb - 2 * inner
      if squared < 1e-4 * (na + nb) { return try direct(false) }
      return squared.squareRoot()
    }
  }

  // MARK: - Aligned differences (the accurate path)

  /// U·Vᵀ from the SVD of the cross-product zero-padded to P×P (netrep's full alignment).
  static func paddedRotation(_ m: Matrix, width: Int) throws -> Matrix {
    var padded = Matrix(rows: width, columns: width)
    for i in 0..<m.rows {
      for j in 0..<m.columns { padded[i, j] = m[i, j] }
    }
    let s = try padded.svd()
    return gemm(s.u, s.vt)
  }

  /// ‖ca·A_pad·R − cb·B_pad‖_F (each term divided by its norm when `normalise`).
  static func rotatedDifference(_ a: Matrix, _ ca: Double, _ b: Matrix, _ cb: Double, rotation: Matrix, normalise: Bool)
    -> Double
  {
    let rotated = gemm(a, rotation.rowBlock(0..<a.columns))  // n×P
    let pairs = (0..<rotation.columns).map { ($0 as Int?, $0 < b.columns ? $0 : nil) }
    return pairedColumnsDifference(rotated, ca, b, cb, pairs: pairs, normalise: normalise)
  }

  /// √Σ over column pairs of ‖ca·A[:, i] − cb·B[:, j]‖², a missing index standing for a padded
  /// zero column; with `normalise`, A and B are first divided by their Frobenius norms.
  static func pairedColumnsDifference(
    _ a: Matrix, _ ca: Double, _ b: Matrix, _ cb: Double, pairs: [(Int?, Int?)], normalise: Bool
  ) -> Double {
    var sa = ca
    var sb = cb
    if normalise {
      let (na, nb) = (dot(a.elements, a.elements).squareRoot(), dot(b.elements, b.elements).squareRoot())
      sa = na > 0 ? 1 / na : 0
      sb = nb > 0 ? 1 / nb : 0
    }
    var total = 0.0
    let (ac, bc) = (a.columns, b.columns)
    a.withUnsafeBufferPointer { ea in
      b.withUnsafeBufferPointer { eb in
        for i in 0..<a.rows {
          for (ja, jb) in pairs {
            let u = ja.map { sa * ea[i * ac + $0] } ?? 0
            let v = jb.map { sb * eb[i * bc + $0] } ?? 0
            total += (u - v) * (u - v)
          }
        }
      }
    }
    return total.squareRoot()
  }

  /// Σ over assigned pairs of ⟨A[:, i], B[:, j]⟩.
  static func pairedColumnsInner(_ a: Matrix, _ b: Matrix, pairs: [(Int?, Int?)]) -> Double {
    var total = 0.0
    for (ja, jb) in pairs {
      guard let ja, let jb else { continue }
      for i in 0..<a.rows { total += a[i, ja] * b[i, jb] }
    }
    return total
  }

  /// The assignment extended to all P columns: unassigned columns of the wider side are
  /// matched with padded (zero) columns.
  static func completePairs(_ assignment: (rows: [Int], columns: [Int]), widths: (Int, Int)) -> [(Int?, Int?)] {
    var pairs: [(Int?, Int?)] = zip(assignment.rows, assignment.columns).map { ($0, $1) }
    let usedA = Set(assignment.rows)
    let usedB = Set(assignment.columns)
    for j in 0..<widths.0 where !usedA.contains(j) { pairs.append((j, nil)) }
    for j in 0..<widths.1 where !usedB.contains(j) { pairs.append((nil, j)) }
    return pairs
  }

  // MARK: - Validation and warnings

  func requireUsable(_ x: Matrix, name: String) throws {
    guard x.columns > 0 else {
      throw NeurometryError.invalidInput(context: "shape", message: "\(name) has no columns (units)")
    }
    let needed = centerColumns ? 2 : 1
    guard x.rows >= needed else {
      throw NeurometryError.invalidInput(
        context: "shape", message: "\(name) has \(x.rows) observation(s); shape metrics need at least \(needed)")
    }
    try x.requireFinite("shape", name)
  }

  func requirePair(_ x: Matrix, _ y: Matrix, names: (String, String)) throws {
    guard x.rows == y.rows else {
      throw NeurometryError.shapeMismatch(
        context: "shape",
        message:
          "\(names.0) has \(x.rows.grouped) rows (stimuli) but \(names.1) has \(y.rows.grouped); shape metrics compare responses to the same stimuli"
      )
    }
    if !zeroPad && x.columns != y.columns {
      throw NeurometryError.shapeMismatch(
        context: "shape",
        message:
          "\(names.0) has \(x.columns) units (columns) but \(names.1) has \(y.columns), and zero padding is off; turn it on or compare equal widths"
      )
    }
  }

  func requireTest(_ test: (Matrix, Matrix), train: (Matrix, Matrix), names: (String, String)) throws {
    for (t, x, name) in [(test.0, train.0, names.0), (test.1, train.1, names.1)] where t.columns != x.columns {
      throw NeurometryError.shapeMismatch(
        context: "shape",
        message: "the test data of \(name) has \(t.columns) units (columns) but its training data has \(x.columns)")
    }
    guard test.0.rows == test.1.rows else {
      throw NeurometryError.shapeMismatch(
        context: "shape",
        message:
          "the test data of \(names.0) has \(test.0.rows.grouped) rows (stimuli) but that of \(names.1) has \(test.1.rows.grouped)"
      )
    }
    for (t, name) in [(test.0, names.0), (test.1, names.1)] {
      try t.requireFinite("shape", "the test data of \(name)")
    }
  }

  func warnings(for inputs: [(Matrix, String)]) -> [String] {
    guard alpha <= 1 - PartialWhitening.eigenvalueFloor else { return [] }
    return inputs.compactMap { x, name in
      let rank = x.rows - (centerColumns ? 1 : 0)
      guard rank < x.columns else { return nil }
      return
        "\(name) has \(x.rows) observations for \(x.columns) units: at most \(rank) eigenvalues of its covariance are non-zero and the rest are clipped to 1e-7 before whitening (alpha = \(alpha)), which dominates the result"
    }
  }
}
