import Foundation
import NeurometryLinearAlgebra

/// The energy-distance stochastic shape metric (Duong et al. 2023; netrep's
/// `EnergyStochasticMetric`): compares the full response distributions to each stimulus, not
/// only their first two moments,
///
///     d(X, Y)² = min_{Q ∈ G} (1/m)·Σᵢ [ E‖xᵢ − yᵢQ‖ − ½·E‖xᵢ − xᵢ'‖ − ½·E‖yᵢ − yᵢ'‖ ],
///
/// with xᵢ, xᵢ' independent repeats of stimulus i (the r(r−1)/2 distinct pairs) and E over all
/// r² cross pairs (the V-statistic form netrep uses). Clipped at 0 before the square root.
///
/// Fit: iteratively reweighted least squares for the sum of unsquared residual norms, as netrep:
/// Q = argmin Σ w²‖x − yQ‖² (Procrustes on the weighted cross-product), residual norms rₖ,
/// weights wₖ = 1/max(√rₖ, 10⁻⁶); stops when the mean residual falls by less than `tolerance`
/// or after `maxIterations`. Deterministic (starts from equal weights). The alignment found is
/// the last iterate, and the distance is evaluated there (as netrep).
///
/// Residual norms are computed from the differences themselves, not from expanded inner
/// products, so small residuals (which become large weights) keep their accuracy.
public struct EnergyShapeMetric: Codable, Sendable, Equatable {
  /// The alignment group G (`ShapeGroup`; default `.orthogonal`).
  public let group: ShapeGroup
  /// The most IRLS iterations (default 100).
  public let maxIterations: Int
  /// The smallest fall of the mean residual norm per iteration that continues the fit (default 1e-6).
  public let tolerance: Double

  enum CodingKeys: String, CodingKey {
    case group, maxIterations = "max_iterations", tolerance
  }

  /// Throws `NeurometryError.invalidInput` unless `maxIterations` ≥ 1 and `tolerance` is finite and ≥ 0.
  public init(group: ShapeGroup = .orthogonal, maxIterations: Int = 100, tolerance: Double = 1e-6) throws {
    guard maxIterations >= 1, tolerance >= 0, tolerance.isFinite else {
      throw NeurometryError.invalidInput(
        context: "stochastic shape",
        message:
          "the iteration limit must be at least 1 and the tolerance a finite number ≥ 0 (found \(maxIterations), \(tolerance))"
      )
    }
    self.group = group
    self.maxIterations = maxIterations
    self.tolerance = tolerance
  }

  func requireComparable(_ x: StochasticResponses, _ y: StochasticResponses, names: (String, String)) throws {
    guard x.stimuli == y.stimuli && x.repeats == y.repeats && x.units == y.units else {
      throw NeurometryError.shapeMismatch(
        context: "stochastic shape",
        message:
          "\(names.0) has shape (\(x.stimuli), \(x.repeats), \(x.units)) but \(names.1) has (\(y.stimuli), \(y.repeats), \(y.units)); the energy metric needs equal stimuli × repeats × units"
      )
    }
    guard x.repeats >= 2 else {
      throw NeurometryError.invalidInput(
        context: "stochastic shape",
        message: "the energy distance needs at least 2 repeats per stimulus, found \(x.repeats)")
    }
  }

  /// The energy distance at a given alignment Q (p×p), without optimisation.
  ///
  /// Throws `NeurometryError.shapeMismatch` for networks of different shapes or an alignment that
  /// is not p×p, and `NeurometryError.invalidInput` for fewer than 2 repeats.
  /// - Complexity: O(m·r·p²) to rotate Y plus O(m·r²·p) for the cross and within-network distances
  ///   (m stimuli, r repeats, p units).
  public func distance(_ x: StochasticResponses, _ y: StochasticResponses, alignment q: Matrix) throws -> Double {
    try requireComparable(x, y, names: ("X", "Y"))
    guard q.rows == x.units && q.columns == x.units else {
      throw NeurometryError.shapeMismatch(
        context: "stochastic shape", message: "the alignment is \(q.rows)×\(q.columns), expected \(x.units)×\(x.units)")
    }
    return score(x, gemm(y.samples, q), repeats: x.repeats)
  }

  /// Fits the alignment (IRLS) and returns the distance.
  ///
  /// Throws `NeurometryError.shapeMismatch` for networks of different shapes (stimuli × repeats ×
  /// units) and `NeurometryError.invalidInput` for fewer than 2 repeats; errors of the SVD or
  /// assignment are passed on.
  /// - Complexity: per iteration, O(m·r²·p) for the weighted cross-product and the r² residual
  ///   norms per stimulus, O(m·r·p²) to rotate Y and O(p³) for the SVD or assignment (m stimuli,
  ///   r repeats, p units); at most `maxIterations` iterations, then one evaluation of the distance.
  public func fit(
    _ x: StochasticResponses, _ y: StochasticResponses, names: (String, String) = ("X", "Y")
  ) throws -> StochasticShapeFit {
    try requireComparable(x, y, names: names)
    let (m, r, p) = (x.stimuli, x.repeats, x.units)
    var weights = [Double](repeating: 1, count: m * r * r)
    var residuals = Self.crossResiduals(x.samples, y.samples, stimuli: m, repeats: r)
    var loss = [residuals.reduce(0, +) / Double(residuals.count)]
    var q = Matrix.identity(p)
    var converged = false
    for _ in 0..<maxIterations {
      q = try Procrustes.align(
        cross: weightedCross(y.samples, x.samples, weights: weights, stimuli: m, repeats: r), group: group)
      residuals = Self.crossResiduals(x.samples, gemm(y.samples, q), stimuli: m, repeats: r)
      loss.append(residuals.reduce(0, +) / Double(residuals.count))
      weights = residuals.map { 1 / Swift.max($0.squareRoot(), 1e-6) }
      if loss[loss.count - 2] - loss[loss.count - 1] < tolerance {
        converged = true
        break
      }
    }
    let warnings =
      converged
      ? []
      : [
        "the alignment did not converge in \(maxIterations) iterations (last change \(GaussianShapeMetric.lastChange(loss))); the distance is an upper bound"
      ]
    return StochasticShapeFit(
      distance: score(x, gemm(y.samples, q), repeats: r), alignment: q, lossHistory: loss, iterations: loss.count - 1,
      converged: converged, restart: nil, restartDistances: nil, warnings: warnings)
  }

  /// Σ over stimuli i and repeat pairs (a of X, b of Y) of w²·y_b·x_aᵀ, as Yᵢᵀ·(Ωᵢᵀ·Xᵢ) with
  /// Ωᵢ[a][b] = w²(i, a, b).
  func weightedCross(_ y: Matrix, _ x: Matrix, weights: [Double], stimuli m: Int, repeats r: Int) -> Matrix {
    var mixed = [Double]()
    mixed.reserveCapacity(x.count)
    for i in 0..<m {
      let omega = Matrix(rows: r, columns: r, elements: weights[(i * r * r)..<((i + 1) * r * r)].map { $0 * $0 })
      mixed.append(contentsOf: gemm(omega, x.rowBlock((i * r)..<((i + 1) * r)), transposeA: true).elements)
    }
    return gemm(y, Matrix(rows: x.rows, columns: x.columns, elements: mixed), transposeA: true)
  }

  /// ‖x_{i,a} − z_{i,b}‖ for every stimulus i and repeats a, b (index i·r² + a·r + b).
  static func crossResiduals(_ x: Matrix, _ z: Matrix, stimuli m: Int, repeats r: Int) -> [Double] {
    let p = x.columns
    var out = [Double](repeating: 0, count: m * r * r)
    x.withUnsafeBufferPointer { ex in
      z.withUnsafeBufferPointer { ez in
        for i in 0..<m {
          for a in 0..<r {
            let xa = (i * r + a) * p
            for b in 0..<r {
              let zb = (i * r + b) * p
              var s = 0.0
              for k in 0..<p {
                let d = ex[xa + k] - ez[zb + k]
                s += d * d
              }
              out[(i * r + a) * r + b] = s.squareRoot()
            }
          }
        }
      }
    }
    return out
  }

  /// Mean over stimuli of the mean distance between distinct repeats of one stimulus.
  static func withinDistance(_ x: Matrix, stimuli m: Int, repeats r: Int) -> Double {
    let p = x.columns
    var total = 0.0
    x.withUnsafeBufferPointer { e in
      for i in 0..<m {
        var s = 0.0
        for a in 0..<r {
          for b in (a + 1)..<r {
            var d2 = 0.0
            for k in 0..<p {
              let d = e[(i * r + a) * p + k] - e[(i * r + b) * p + k]
              d2 += d * d
            }
            s += d2.squareRoot()
          }
        }
        total += s / Double(r * (r - 1) / 2)
      }
    }
    return total / Double(m)
  }

  func score(_ x: StochasticResponses, _ alignedY: Matrix, repeats r: Int) -> Double {
    let m = x.stimuli
    let cross = Self.crossResiduals(x.samples, alignedY, stimuli: m, repeats: r)
    var dxy = 0.0
    for i in 0..<m { dxy += cross[(i * r * r)..<((i + 1) * r * r)].reduce(0, +) / Double(r * r) }
    dxy /= Double(m)
    let dxx = Self.withinDistance(x.samples, stimuli: m, repeats: r)
    let dyy = Self.withinDistance(alignedY, stimuli: m, repeats: r)
    return Swift.max(0, dxy - 0.5 * (dxx + dyy)).squareRoot()
  }

  /// Distances among K networks (same stimuli, repeats and units); pairs in parallel.
  /// - Complexity: K(K−1)/2 runs of `fit(_:_:names:)`.
  public func pairwiseDistances(_ networks: [StochasticResponses], names: [String]? = nil) throws
    -> StochasticPairwiseDistances
  {
    let (labels, pairs) = try StochasticPairwiseDistances.labelsAndPairs(count: networks.count, names: names)
    for i in 1..<networks.count { try requireComparable(networks[0], networks[i], names: (labels[0], labels[i])) }
    let fits = try Parallel.map(pairs.count) {
      try fit(networks[pairs[$0].0], networks[pairs[$0].1], names: (labels[pairs[$0].0], labels[pairs[$0].1]))
    }
    return StochasticPairwiseDistances(names: labels, pairs: pairs, fits: fits, gaussian: nil, energy: self)
  }
}
