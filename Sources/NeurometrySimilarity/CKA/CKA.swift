import Foundation
import NeurometryLinearAlgebra

/// Centered kernel alignment (Kornblith, Norouzi, Lee & Hinton 2019, ICML): how similar two
/// representations of the same n stimuli are, invariant to rotations and isotropic scaling.
///
///     CKA(K, L) = HSIC(K, L) / √(HSIC(K, K)·HSIC(L, L))
///
/// with K, L the n×n kernel matrices of X (n×p) and Y (n×q), rows = stimuli, and HSIC the
/// biased (Gretton et al. 2005) or unbiased (Song et al. 2012) estimator (`CKAEstimator`).
///
/// - Linear kernel: computed in feature space when n > p + q (one SYRK of [Xc | Yc], n·(p+q)²
///   flops) and from n×n Gram matrices otherwise (n²·(p+q) flops); `form` forces either. The only
///   copy made of the inputs is the centred [Xc | Yc].
/// - RBF kernel: σ = `bandwidth`·√median(d²) per representation; `median` (`RBFMedian`) picks
///   Kornblith's median of squared distances over the full n×n matrix (default), over the distinct
///   pairs, or σ = `bandwidth`·median(d) over the pairs.
/// - Precomputed: X and Y are n×n symmetric kernel matrices, centred here.
///
/// Properties (tested): symmetric in X and Y; CKA(X, X) = 1; for the linear kernel invariant to
/// orthogonal transforms XQ and isotropic scaling cX, but not to general invertible linear maps;
/// RBF CKA is invariant to orthogonal transforms and, with σ tied to the median, to scaling.
///
/// Errors: different numbers of rows, NaN/∞, fewer than 2 (biased) or 4 (debiased) observations,
/// and HSIC(X, X) ≤ 0 or HSIC(Y, Y) ≤ 0 (a constant representation, or a debiased estimate that
/// came out non-positive), where CKA is undefined: `NeurometryError.invalidInput` naming the input.
public struct CKA: Codable, Sendable, Equatable {
  /// The kernel the representations are compared with (`CKAKernel`; default `.linear`).
  public let kernel: CKAKernel
  /// The HSIC estimator (`CKAEstimator`; default `.biased`, Kornblith et al.'s CKA).
  public let estimator: CKAEstimator
  /// RBF: the fraction f in σ = f·√median(d²) (or f·median(d)). Default 1 (Kornblith et al.'s
  /// `threshold=1.0`).
  public let bandwidth: Double
  /// RBF: which median sets σ (`RBFMedian`; default `.squaredFull`, Kornblith et al.'s).
  public let median: RBFMedian
  /// Linear kernel: force the feature or Gram computation; nil chooses the cheaper one.
  public let form: CKAForm?

  /// Validates and stores the settings.
  ///
  /// Throws `NeurometryError.invalidInput` when `bandwidth` is not a positive finite number, or when
  /// `form` is `.feature` with a kernel other than `.linear`.
  public init(
    kernel: CKAKernel = .linear, estimator: CKAEstimator = .biased, bandwidth: Double = 1,
    median: RBFMedian = .squaredFull, form: CKAForm? = nil
  ) throws {
    guard bandwidth.isFinite && bandwidth > 0 else {
      throw NeurometryError.invalidInput(
        context: "cka", message: "the RBF bandwidth fraction must be a positive number, found \(bandwidth)")
    }
    if form == .feature && kernel != .linear {
      throw NeurometryError.invalidInput(
        context: "cka", message: "the feature-space form exists only for the linear kernel, not '\(kernel.rawValue)'")
    }
    self.kernel = kernel
    self.estimator = estimator
    self.bandwidth = bandwidth
    self.median = median
    self.form = form
  }

  /// CKA between X and Y (n×p and n×q; or n×n kernels for `.precomputed`). `names` label the
  /// inputs in errors and warnings (file paths in the CLI).
  /// - Complexity: linear kernel, O(n·(p+q)²) in the feature form or O(n²·(p+q)) in the Gram form,
  ///   plus O(n·(p+q)) to centre; RBF, O(n²·(p+q)) for the distances plus O(n²) expected for the
  ///   median, the centring and the inner products, with two n×n kernels in memory; precomputed, O(n²).
  public func compare(_ x: Matrix, _ y: Matrix, names: (String, String) = ("X", "Y")) throws -> CKAResult {
    // The linear path finds NaN/∞ in its centring pass (they poison the column sums of squares)
    // instead of reading the inputs once more.
    try validate(x, y, names: names, checkFinite: kernel != .linear)
    let n = x.rows
    var sigmas: (Double, Double)?
    let usedForm: CKAForm
    let raw: HSICValues
    // Self-statistics below `floor.tolerance · floor.reference` are rounding noise around an
    // exact zero (a constant input, or a kernel whose centred form vanishes).
    var floors: (x: Double, y: Double, tolerance: Double) = (0, 0, 0)
    switch kernel {
    case .linear:
      usedForm = form ?? (n > x.columns + y.columns ? .feature : .gram)
      let (p, q) = (x.columns, y.columns)
      if usedForm == .feature, let fast = uncentredFeatureStatistics(x, y) {
        raw = fast.values
        if estimator == .debiased {
          let (sx, sy) = (fast.rowNorms.0.reduce(0, +), fast.rowNorms.1.reduce(0, +))
          floors = (sx * sx, sy * sy, 1e-12)
        }
        break
      }
      let centered = KernelMatrices.centered([x, y])
      let both = centered.matrix
      if !centered.columnSumsOfSquares.allSatisfy(\.isFinite) {
        try requireFinite(x, y, names: names)
        throw NeurometryError.invalidInput(
          context: "cka",
          message:
            "the squared values of \(names.0) or \(names.1) overflow (|x| above ~1e154); rescale the data first")
      }
      for (columns, name) in [(0..<p, names.0), (p..<(p + q), names.1)] where centered.isConstant(columns: columns) {
        throw NeurometryError.invalidInput(
          context: "cka",
          message:
            "\(name) is constant across observations (every column has zero variance), so HSIC(\(name), \(name)) = 0 and CKA is undefined"
        )
      }
      let norms = estimator == .debiased ? centered.rowSquaredNorms(split: p) : ([], [])
      if usedForm == .feature {
        raw = featureSpaceStatistics(both, p: p, q: q, rowNorms: norms)
      } else {
        var k = KernelMatrices.linear(both, columns: 0..<p)
        var l = KernelMatrices.linear(both, columns: p..<(p + q))
        if estimator == .debiased {  // biased: Xc·Xcᵀ is already doubly centred
          KernelMatrices.center(&k, estimator: .debiased)
          KernelMatrices.center(&l, estimator: .debiased)
        }
        raw = Self.innerProducts(k, l)
      }
      if estimator == .debiased {
        let (sx, sy) = (norms.0.reduce(0, +), norms.1.reduce(0, +))
        floors = (sx * sx, sy * sy, 1e-12)
      }
    case .rbf:
      usedForm = .gram
      var (k, sx) = try KernelMatrices.rbf(x, fraction: bandwidth, median: median, name: names.0)
      var (l, sy) = try KernelMatrices.rbf(y, fraction: bandwidth, median: median, name: names.1)
      sigmas = (sx, sy)
      floors = (dot(k.elements, k.elements), dot(l.elements, l.elements), 1e-24)
      KernelMatrices.center(&k, estimator: estimator)
      KernelMatrices.center(&l, estimator: estimator)
      raw = Self.innerProducts(k, l)
    case .precomputed:
      usedForm = .gram
      var k = x
      var l = y
      floors = (dot(k.elements, k.elements), dot(l.elements, l.elements), 1e-24)
      KernelMatrices.center(&k, estimator: estimator)
      KernelMatrices.center(&l, estimator: estimator)
      raw = Self.innerProducts(k, l)
    }
    try requirePositive(raw, floors: floors, names: names)
    let hsic = normalised(raw, observations: n)
    let value = hsic.xy / (hsic.xx * hsic.yy).squareRoot()
    var warnings = [String]()
    if value < 0 {
      warnings.append(
        "debiased CKA is negative (\(value)): no similarity detectable beyond the estimator's noise; the angular form exceeds π/2"
      )
    }
    return CKAResult(
      value: value, angular: acos(Swift.min(Swift.max(value, -1), 1)), hsic: hsic, kernel: kernel,
      estimator: estimator, form: usedForm, bandwidth: kernel == .rbf ? bandwidth : nil,
      median: kernel == .rbf ? median : nil, sigmaX: sigmas?.0, sigmaY: sigmas?.1, observations: n,
      warnings: warnings)
  }

  // MARK: - Pieces

  func validate(_ x: Matrix, _ y: Matrix, names: (String, String), checkFinite: Bool = true) throws {
    try validate([(x, names.0), (y, names.1)], checkFinite: checkFinite)
  }

  /// The checks of `validate(_:_:)` for any number of representations, each checked once: the
  /// same rows as the first, finite values, columns, a symmetric n×n matrix (precomputed kernels;
  /// compared row-wise against the transposed block, cache-friendly), enough observations.
  func validate(_ representations: [(Matrix, String)], checkFinite: Bool = true) throws {
    guard let (first, firstName) = representations.first else { return }
    for (m, name) in representations where m.rows != first.rows {
      throw NeurometryError.shapeMismatch(
        context: "cka",
        message:
          "\(firstName) has \(first.rows.grouped) rows (observations) but \(name) has \(m.rows.grouped); CKA compares representations of the same stimuli"
      )
    }
    for (m, name) in representations {
      if checkFinite { try m.requireFinite("cka", name) }
      if m.columns == 0 {
        throw NeurometryError.invalidInput(context: "cka", message: "\(name) has no columns")
      }
      guard kernel == .precomputed else { continue }
      guard m.isSquare else {
        throw NeurometryError.shapeMismatch(
          context: "cka",
          message: "\(name) must be an n×n kernel matrix for --kernel precomputed, found \(m.rows)×\(m.columns)")
      }
      if let (i, j) = Self.firstAsymmetry(m) {
        throw NeurometryError.invalidInput(
          context: "cka",
          message:
            "\(name) is not symmetric: element (\(i), \(j)) is \(m[i, j]) but (\(j), \(i)) is \(m[j, i]); a kernel matrix must be symmetric"
        )
      }
    }
    let needed = estimator.minimumObservations
    guard first.rows >= needed else {
      throw NeurometryError.invalidInput(
        context: "cka",
        message:
          "the \(estimator.rawValue) HSIC estimator needs at least \(needed) observations (rows), found \(first.rows)\(estimator == .debiased ? " (its normaliser n(n−3) must be positive)" : "")"
      )
    }
  }

  /// The first (i, j), i < j, where |mᵢⱼ − mⱼᵢ| exceeds 1e-12 of the largest |m|, walking 64×64
  /// tiles so that the transposed reads stay in cache.
  static func firstAsymmetry(_ m: Matrix) -> (Int, Int)? {
    let n = m.rows
    return m.withUnsafeBufferPointer { a -> (Int, Int)? in
      var scale = 0.0
      for v in a { scale = Swift.max(scale, abs(v)) }
      let tolerance = 1e-12 * scale
      var found: (Int, Int)? = nil
      let tile = 64
      for bi in stride(from: 0, to: n, by: tile) {
        for bj in stride(from: bi, to: n, by: tile) {
          for i in bi..<Swift.min(bi + tile, n) {
            for j in Swift.max(bj, i + 1)..<Swift.max(Swift.min(bj + tile, n), i + 1)
            where abs(a[i * n + j] - a[j * n + i]) > tolerance {
              if let f = found, f <= (i, j) { continue }
              found = (i, j)
            }
          }
        }
      }
      return found
    }
  }

  /// Throws naming the first NaN/∞ of X or Y.
  func requireFinite(_ x: Matrix, _ y: Matrix, names: (String, String)) throws {
    for (m, name) in [(x, names.0), (y, names.1)] {
      try m.requireFinite("cka", name)
    }
  }

  /// Unnormalised ⟨Xc ᵀYc⟩-type sums from one SYRK of [Xc | Yc], with Kornblith et al.'s
  /// debiasing in feature space for the unbiased estimator.
  func featureSpaceStatistics(_ both: Matrix, p: Int, q: Int, rowNorms: ([Double], [Double])) -> HSICValues {
    let g = tallGram(both)
    let w = p + q
    var (xx, yy, xy) = (0.0, 0.0, 0.0)
    g.withUnsafeBufferPointer { e in
      for i in 0..<p {
        let row = i * w
        for j in 0..<p { xx += e[row + j] * e[row + j] }
        for j in p..<w { xy += e[row + j] * e[row + j] }
      }
      for i in p..<w {
        let row = i * w
        for j in p..<w { yy += e[row + j] * e[row + j] }
      }
    }
    guard estimator == .debiased else { return HSICValues(xy: xy, xx: xx, yy: yy) }
    let n = Double(both.rows)
    let (rx, ry) = rowNorms
    let (sx, sy) = (rx.reduce(0, +), ry.reduce(0, +))
    func debias(_ a: Double, _ r1: [Double], _ r2: [Double], _ s1: Double, _ s2: Double) -> Double {
      a - n / (n - 2) * dot(r1, r2) + s1 * s2 / ((n - 1) * (n - 2))
    }
    return HSICValues(
      xy: debias(xy, rx, ry, sx, sy), xx: debias(xx, rx, rx, sx, sx), yy: debias(yy, ry, ry, sy, sy))
  }

  /// ⟨K, L⟩, ⟨K, K⟩, ⟨L, L⟩ of centred kernels.
  static func innerProducts(_ k: Matrix, _ l: Matrix) -> HSICValues {
    HSICValues(xy: dot(k.elements, l.elements), xx: dot(k.elements, k.elements), yy: dot(l.elements, l.elements))
  }

  /// Divides by (n−1)² (biased) or n(n−3) (debiased).
  func normalised(_ raw: HSICValues, observations n: Int) -> HSICValues {
    let d = Double(n)
    let scale = estimator == .biased ? 1 / ((d - 1) * (d - 1)) : 1 / (d * (d - 3))
    return HSICValues(xy: raw.xy * scale, xx: raw.xx * scale, yy: raw.yy * scale)
  }

  /// Throws when a self-statistic is ≤ 0 or within rounding of 0 (below tolerance·reference).
  func requirePositive(
    _ raw: HSICValues, floors: (x: Double, y: Double, tolerance: Double), names: (String, String)
  ) throws {
    for (v, reference, name) in [(raw.xx, floors.x, names.0), (raw.yy, floors.y, names.1)]
    where !(v > floors.tolerance * reference) {
      let reason =
        estimator == .biased
        ? "\(name)'s centred kernel is zero (a constant representation), so CKA is undefined"
        : "the debiased estimate of \(name)'s self-similarity is not positive (its unbiasedly centred kernel vanishes), so CKA is undefined; use more observations or the biased estimator"
      throw NeurometryError.invalidInput(
        context: "cka",
        message: "HSIC(\(name), \(name)) = \(v) is not positive (\(estimator.rawValue) estimator): \(reason)")
    }
  }
}
