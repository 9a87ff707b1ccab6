import Foundation
import NeurometryLinearAlgebra

/// Fits the parameters of an `RSAModel` to data RDMs so that a comparator is maximised
/// (rsatoolbox `fit_select`, `fit_regress`, `fit_regress_nn`, `fit_interpolate`).
///
/// - `select` (select models): the RDM with the largest mean comparison with the data.
/// - `regression` (weighted models): the data are pooled (`RDMPooling`, for the comparator; for
///   cosine-cov and corr-cov with the whitened norms, as rsatoolbox's `util.pooling`) into y;
///   with the model RDMs as rows of X (centred for corr/corr-cov, y centred for corr-cov) and
///   the whitened inner product ⟨a, b⟩ = aᵀV⁻¹b for cosine-cov/corr-cov (plain dot product for
///   cosine/corr), θ solves (⟨X, X⟩ + λI)θ = ⟨X, y⟩; θ is scaled to unit norm (the comparators
///   ignore the scale).
/// - `nonNegative` (weighted models): the same problem with θ ≥ 0 (`NonNegativeLeastSquares`).
/// - `interpolate` (interpolation models): for each pair of neighbouring RDMs, w ∈ [0, 1]
///   maximising the mean comparison of w·rᵢ + (1 − w)·rᵢ₊₁ with the data (Brent's bounded
///   minimisation, `scipy.optimize.fminbound`'s algorithm, to |Δw| ≤ 1.5e-8·|w| + 1e-10: function
///   values locate a minimum only to √ε; then the bounds w = 0, 1, which Brent never evaluates;
///   an interior minimum is then refined on the derivative, `polishMinimum`, to ~1e-12); the best
///   pair wins.
///
/// Deviations: rsatoolbox fits weighted models by default with BFGS from random starts (not
/// reproducible); here regression and non-negative least squares are the fitters. rsatoolbox
/// solves the whitened systems by conjugate gradients (rtol 1e-5) and locates the interpolation
/// weight to 1e-5 with scipy's bounded Brent, which never evaluates the end points and so misses a
/// best weight of exactly 0 or 1 (e.g. a model whose best prediction is one of its RDMs); here the
/// systems are solved exactly, the end points are checked and the weight is refined to ~1e-12.
/// rsatoolbox's `fit_regress_nn` can loop forever (see `NonNegativeLeastSquares`). Only the comparators cosine, corr,
/// cosine-cov and corr-cov can be fitted by regression.
public struct RSAModelFitter: Sendable {
  /// The fitting procedure (see the type's list); `none` keeps the model's default parameters.
  public enum Method: String, Sendable, Codable, CaseIterable {
    case none, select, regression
    case nonNegative = "nnls"
    case interpolate
  }

  /// The fitting procedure; it must match the model's kind (`defaultMethod(for:)` gives the usual one).
  public var method: Method
  /// The comparison whose mean over the data RDMs the fit maximises (regression: cosine, corr,
  /// cosine-cov or corr-cov only).
  public var comparison: RDMComparison
  /// Ridge weight λ for regression and nnls (default 0).
  public var ridge: Double

  /// A fitter with the given method, comparison and ridge weight λ (default 0); checked when fitting.
  public init(method: Method, comparison: RDMComparison, ridge: Double = 0) {
    self.method = method
    self.comparison = comparison
    self.ridge = ridge
  }

  /// The default fitter for a model kind: none (fixed), select, nnls (weighted), interpolate.
  public static func defaultMethod(for kind: RSAModel.Kind) -> Method {
    switch kind {
    case .fixed: return .none
    case .select: return .select
    case .weighted: return .nonNegative
    case .interpolate: return .interpolate
    }
  }

  /// θ for `model` on `data` (the model's RDMs and the data must be over the same conditions).
  ///
  /// Throws `NeurometryError.invalidInput` when the method does not apply to the model's kind or
  /// regression is asked of another comparator, `NeurometryError.singularMatrix` for linearly
  /// dependent model RDMs without a ridge, and the errors of the comparisons.
  /// - Complexity: with k model RDMs, R data RDMs and q pairs: select, k comparisons of one RDM with
  ///   the data (O(k·R·q) for the GEMM comparators); regression and nnls, O(R·q) to pool plus
  ///   O(k²·q) for the Gram matrix and O(k³) per solve (whitened comparators: plus the whitening);
  ///   interpolate, k − 1 bounded Brent searches of at most 500 steps, each step one comparison.
  public func fit(_ model: RSAModel, to data: RDMs) throws -> [Double] {
    let context = "fit model '\(model.name)' (\(method.rawValue))"
    switch (method, model.kind) {
    case (.none, _):
      return model.defaultParameters
    case (.select, .select):
      var best = -Double.infinity
      var index = 0
      for i in 0..<model.rdms.count {
        let v = try meanComparison(model.predictRDMs([Double(i)]), data)
        if v > best {
          best = v
          index = i
        }
      }
      return [Double(index)]
    case (.regression, .weighted), (.nonNegative, .weighted):
      return try regression(model, data, nonNegative: method == .nonNegative, context: context)
    case (.interpolate, .interpolate):
      var bestLoss = Double.infinity
      var theta = model.defaultParameters
      for i in 0..<(model.rdms.count - 1) {
        let loss = { (w: Double) throws -> Double in
          var t = [Double](repeating: 0, count: model.rdms.count)
          t[i] = w
          t[i + 1] = 1 - w
          return -(try self.meanComparison(model.predictRDMs(t), data))
        }
        let (w0, value0) = try Self.brentMinimize(loss, lower: 0, upper: 1, tolerance: 1e-10)
        let (w, value) = try Self.polishMinimum(loss, at: w0, value: value0, lower: 0, upper: 1)
        if value < bestLoss {
          bestLoss = value
          theta = [Double](repeating: 0, count: model.rdms.count)
          theta[i] = w
          theta[i + 1] = 1 - w
        }
      }
      return theta
    default:
      throw NeurometryError.invalidInput(
        context: context, message: "the fitter '\(method.rawValue)' does not apply to a \(model.kind.rawValue) model")
    }
  }

  func meanComparison(_ prediction: RDMs, _ data: RDMs) throws -> Double {
    let v = try comparison.compare(prediction, data).values.elements
    return v.reduce(0, +) / Double(v.count)
  }

  func regression(_ model: RSAModel, _ data: RDMs, nonNegative: Bool, context: String) throws -> [Double] {
    let c = comparison.comparator
    guard [.cosine, .corr, .cosineCov, .corrCov].contains(c) else {
      throw NeurometryError.invalidInput(
        context: context, message: "regression fits cosine, corr, cosine-cov or corr-cov, not \(c.rawValue)")
    }
    // rsatoolbox's fitters pool with util.pooling.pool_rdm: whitened norms for the -cov comparators.
    let pooled = try RDMPooling.pool(data, for: c, whitenedFor: c.isWhitened ? comparison : nil)
    // Pairs present in the pooled data and in every model RDM.
    let valid = (0..<data.pairCount).filter { k in
      !pooled[k].isNaN && (0..<model.rdms.count).allSatisfy { !model.rdms.dissimilarities[$0, k].isNaN }
    }
    let complete = valid.count == data.pairCount
    var x = model.rdms.dissimilarities.selectingColumns(valid)
    var y = Matrix(rows: 1, columns: valid.count, elements: valid.map { pooled[$0] })
    if c == .corr || c == .corrCov { x = RDMComparison.centeringRows(x) }
    if c == .corrCov { y = RDMComparison.centeringRows(y) }
    if c.isWhitened {
      let w = try Whitening(
        covariance: comparison.patternCovariance, conditions: data.conditionCount,
        diagonal: comparison.diagonalWhitening, context: context)
      x = try w.whiten(x, valid: valid, complete: complete, context: context)
      y = try w.whiten(y, valid: valid, complete: complete, context: context)
    }
    var g = gram(x, side: .rows)
    for i in 0..<g.rows { g[i, i] += ridge }
    let b = gemm(x, y, transposeB: true).elements
    var theta: [Double]
    if nonNegative {
      theta = try NonNegativeLeastSquares.solve(gram: g, rhs: b)
    } else {
      do {
        theta = try g.solve(Matrix(rows: b.count, columns: 1, elements: b)).elements
      } catch {
        throw NeurometryError.singularMatrix(
          operation: context, message: "the model RDMs are linearly dependent; add a ridge weight (\(error))")
      }
    }
    let norm = theta.reduce(0) { $0 + $1 * $1 }.squareRoot()
    if norm > 0 { theta = theta.map { $0 / norm } }
    return theta
  }

  /// Refines an interior minimum x of f found from function values (which locate it only to
  /// ~√ε·|x|) by the secant method on the derivative, estimated by the fourth-order central
  /// difference f′(x) ≈ (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h))/(12h) with h = 10⁻³ (truncation
  /// error O(h⁴), rounding O(ε/h)): the root of f′ is located to ~10⁻¹² instead of ~10⁻⁸. Left
  /// unchanged when x is within 2h of a bound, when the derivative there is 0 or not finite, or
  /// when the iteration leaves [x − 10⁻⁶, x + 10⁻⁶]. Returns (x, f(x)).
  static func polishMinimum(
    _ f: (Double) throws -> Double, at x: Double, value fx: Double, lower: Double, upper: Double
  ) throws -> (Double, Double) {
    let h = 1e-3
    func derivative(_ t: Double) throws -> Double {
      let a = try f(t + 2 * h)
      let b = try f(t + h)
      let c = try f(t - h)
      let d = try f(t - 2 * h)
      return (-a + 8 * b - 8 * c + d) / (12 * h)
    }
    func inside(_ t: Double) -> Bool { t - 2 * h > lower && t + 2 * h < upper && abs(t - x) <= 1e-6 }
    guard inside(x) else { return (x, fx) }
    var x0 = x
    var g0 = try derivative(x0)
    // A flat or non-smooth loss (rank comparators are piecewise constant in w): nothing to refine.
    guard g0 != 0, g0.isFinite else { return (x, fx) }
    var x1 = x + (g0 > 0 ? -1e-8 : 1e-8)
    var g1 = try derivative(x1)
    for _ in 0..<40 {
      let slope = g1 - g0
      guard slope != 0, g1 != 0 else { break }
      let x2 = x1 - g1 * (x1 - x0) / slope
      guard inside(x2) else { return (x, fx) }
      (x0, g0) = (x1, g1)
      x1 = x2
      if abs(x1 - x0) <= 1e-15 { break }
      g1 = try derivative(x1)
    }
    return (x1, try f(x1))
  }

  /// Brent's method for a minimum of f on [lower, upper] (as `scipy.optimize.fminbound`:
  /// golden sections with parabolic steps), to |Δx| ≤ tolerance. Returns (x, f(x)).
  static func brentMinimize(
    _ f: (Double) throws -> Double, lower: Double, upper: Double, tolerance: Double
  ) throws -> (Double, Double) {
    let golden = 0.5 * (3 - 5.0.squareRoot())
    var (a, b) = (lower, upper)
    var x = a + golden * (b - a)
    var (w, v) = (x, x)
    var fx = try f(x)
    var (fw, fv) = (fx, fx)
    var d = 0.0
    var e = 0.0
    for _ in 0..<500 {
      let m = 0.5 * (a + b)
      let tol1 = 1.4901161193847656e-08 * abs(x) + tolerance / 3
      let tol2 = 2 * tol1
      if abs(x - m) <= tol2 - 0.5 * (b - a) { break }
      var golden_step = true
      if abs(e) > tol1 {
        var r = (x - w) * (fx - fv)
        var q = (x - v) * (fx - fw)
        var p = (x - v) * q - (x - w) * r
        q = 2 * (q - r)
        if q > 0 { p = -p }
        q = abs(q)
        r = e
        e = d
        if abs(p) < abs(0.5 * q * r) && p > q * (a - x) && p < q * (b - x) {
          d = p / q
          let u = x + d
          if (u - a) < tol2 || (b - u) < tol2 { d = x < m ? tol1 : -tol1 }
          golden_step = false
        }
      }
      if golden_step {
        e = (x >= m ? a : b) - x
        d = golden * e
      }
      let u = abs(d) >= tol1 ? x + d : x + (d > 0 ? tol1 : -tol1)
      let fu = try f(u)
      if fu <= fx {
        if u >= x { a = x } else { b = x }
        (v, fv, w, fw, x, fx) = (w, fw, x, fx, u, fu)
      } else {
        if u < x { a = u } else { b = u }
        if fu <= fw || w == x {
          (v, fv, w, fw) = (w, fw, u, fu)
        } else if fu <= fv || v == x || v == w {
          (v, fv) = (u, fu)
        }
      }
    }
    // The bounds themselves (Brent's interior search never evaluates them).
    for edge in [lower, upper] {
      let fe = try f(edge)
      if fe < fx { (x, fx) = (edge, fe) }
    }
    return (x, fx)
  }
}
