import Foundation
import NeurometryLinearAlgebra

/// The Gaussian stochastic shape metric (Duong et al. 2023, ICLR, "Representational
/// dissimilarity metric spaces for stochastic neural networks"; netrep's
/// `GaussianStochasticMetric`): responses to each stimulus are summarised as Gaussians N(μᵢ, Σᵢ)
/// and compared with the 2-Wasserstein (Bures) ground metric, interpolated by α ∈ [0, 2]:
///
///     d_α(X, Y) = min_{T ∈ G} √( (1/m)·Σᵢ [α·‖μˣᵢ − μʸᵢT‖² + (2−α)·B²(Σˣᵢ, TᵀΣʸᵢT)] ),
///     B²(A, C) = tr A + tr C − 2·tr((A^½ C A^½)^½) = tr A + tr C − 2‖A^½ C^½‖_*.
///
/// α = 0 compares covariances only, α = 1 is the 2-Wasserstein distance between the Gaussians,
/// α = 2 compares means only (the deterministic Procrustes distance scaled by √(2/m)).
///
/// Fit: block-coordinate descent as netrep's: with T fixed, each stimulus's Bures rotation Qᵢ is
/// an orthogonal Procrustes problem; with the Qᵢ fixed, T solves one Procrustes (or assignment)
/// problem on the stacked rows [w₁·means; w₂·Σ^½] (`weights`). Stops when an iteration lowers
/// the objective by less than `tolerance` (after at least 3), or after `maxIterations`.
/// `restarts` random starts (`initialization = .random`) run in parallel, each from
/// `RandomStream(seed:, stream: restart)`; the best by reported distance wins.
/// Square roots of covariances clip negative eigenvalues to 0 (PSD-clipped).
///
/// Deviations from netrep (Docs/validation.md): the fitting weights (`GaussianFitWeights`;
/// netrep's are offered as `.netrep`); the loss history is the best restart's (netrep keeps the
/// last restart's); a distance whose square rounds below 0 is 0 (netrep returns −√|d²|); the
/// permutation group works (netrep's `score` fails on its sparse permutation).
///
/// Properties (tested): symmetric up to the optimiser, d ≥ 0, group invariance, and the lower
/// bound d_α ≥ √((1−α/2)·d₀² + (α/2)·d₂²).
public struct GaussianShapeMetric: Codable, Sendable, Equatable {
  /// α ∈ [0, 2], the weight of the means against the covariances (default 1, the 2-Wasserstein distance).
  public let alpha: Double
  /// The alignment group G (`ShapeGroup`; default `.orthogonal`).
  public let group: ShapeGroup
  /// How the alignment search starts (`StochasticInitialization`; default `.means`).
  public let initialization: StochasticInitialization
  /// The number of starts (default 1; must be 1 for `.means`, which is deterministic).
  public let restarts: Int
  /// The seed of the random starts: restart r uses `RandomStream(seed: seed, stream: r)`.
  public let seed: UInt64
  /// The most block-coordinate iterations per start (default 1000).
  public let maxIterations: Int
  /// The smallest fall of the objective per iteration that continues the fit (default 1e-8).
  public let tolerance: Double
  /// The fitting weights (`GaussianFitWeights`; default `.consistent`).
  public let weights: GaussianFitWeights

  enum CodingKeys: String, CodingKey {
    case alpha, group, initialization, restarts, seed, maxIterations = "max_iterations", tolerance, weights
  }

  /// Throws `NeurometryError.invalidInput` unless 0 ≤ α ≤ 2, `restarts` and `maxIterations` are at
  /// least 1, `tolerance` is finite and ≥ 0, and `restarts` is 1 with the `.means` initialisation.
  public init(
    alpha: Double = 1, group: ShapeGroup = .orthogonal, initialization: StochasticInitialization = .means,
    restarts: Int = 1, seed: UInt64 = 0, maxIterations: Int = 1000, tolerance: Double = 1e-8,
    weights: GaussianFitWeights = .consistent
  ) throws {
    guard alpha >= 0 && alpha <= 2 else {
      throw NeurometryError.invalidInput(
        context: "stochastic shape", message: "alpha must be in [0, 2] for the Gaussian metric, found \(alpha)")
    }
    guard restarts >= 1, maxIterations >= 1, tolerance >= 0, tolerance.isFinite else {
      throw NeurometryError.invalidInput(
        context: "stochastic shape",
        message:
          "restarts and the iteration limit must be at least 1 and the tolerance a finite number ≥ 0 (found \(restarts), \(maxIterations), \(tolerance))"
      )
    }
    if initialization == .means && restarts != 1 {
      throw NeurometryError.invalidInput(
        context: "stochastic shape",
        message:
          "the means initialisation is deterministic, so restarts must be 1 (found \(restarts)); use random initialisation for restarts"
      )
    }
    self.alpha = alpha
    self.group = group
    self.initialization = initialization
    self.restarts = restarts
    self.seed = seed
    self.maxIterations = maxIterations
    self.tolerance = tolerance
    self.weights = weights
  }

  /// Square roots of the covariances and the other per-network quantities the fit reuses.
  struct Prepared: Sendable {
    let means: Matrix
    let roots: [Matrix]
    let traces: [Double]
  }

  func prepare(_ x: GaussianResponses) throws -> Prepared {
    Prepared(
      means: x.means, roots: try x.covariances.map { try $0.psdSquareRoot() }, traces: x.covariances.map(\.trace))
  }

  func requireComparable(_ x: GaussianResponses, _ y: GaussianResponses, names: (String, String)) throws {
    guard x.stimuli == y.stimuli && x.units == y.units else {
      throw NeurometryError.shapeMismatch(
        context: "stochastic shape",
        message:
          "\(names.0) has \(x.stimuli) stimuli × \(x.units) units but \(names.1) has \(y.stimuli) × \(y.units); the Gaussian metric needs equal shapes"
      )
    }
  }

  /// d_α(X, Y) at a given alignment T (p×p), without optimisation.
  ///
  /// Throws `NeurometryError.shapeMismatch` for networks of different shapes or an alignment that
  /// is not p×p.
  /// - Complexity: O(m·p³): the 2m covariance square roots and, for α < 2, m products and singular
  ///   values of p×p matrices (m stimuli, p units).
  public func distance(_ x: GaussianResponses, _ y: GaussianResponses, alignment t: Matrix) throws -> Double {
    try requireComparable(x, y, names: ("X", "Y"))
    guard t.rows == x.units && t.columns == x.units else {
      throw NeurometryError.shapeMismatch(
        context: "stochastic shape", message: "the alignment is \(t.rows)×\(t.columns), expected \(x.units)×\(x.units)")
    }
    return try distance(prepare(x), prepare(y), alignment: t)
  }

  func distance(_ a: Prepared, _ b: Prepared, alignment t: Matrix) throws -> Double {
    let m = a.means.rows
    let shifted = a.means - gemm(b.means, t)
    var total = alpha * dot(shifted.elements, shifted.elements)
    if alpha < 2 {
      for i in 0..<m {
        let fidelity = try gemm(gemm(a.roots[i], t, transposeB: true), b.roots[i]).singularValues().reduce(0, +)
        total += (2 - alpha) * (a.traces[i] + b.traces[i] - 2 * fidelity)
      }
    }
    return Swift.max(total / Double(m), 0).squareRoot()
  }

  /// Fits the alignment and returns the distance (with the alignment and loss history).
  ///
  /// Throws `NeurometryError.shapeMismatch` for networks of different shapes; errors of the
  /// eigendecompositions, SVDs or assignment are passed on.
  /// - Complexity: O(m·p³) for the 2m covariance square roots, then per restart and iteration
  ///   O(m·p³) for the m Bures rotations (p×p products and SVDs; O(m·p² + p³) for α = 2) plus O(p³)
  ///   for T, and O(m·p³) for each restart's distance (m stimuli, p units).
  public func fit(
    _ x: GaussianResponses, _ y: GaussianResponses, names: (String, String) = ("X", "Y")
  ) throws -> StochasticShapeFit {
    try requireComparable(x, y, names: names)
    return try fit(prepare(x), prepare(y), parallel: true)
  }

  func fit(_ a: Prepared, _ b: Prepared, parallel: Bool) throws -> StochasticShapeFit {
    let p = a.means.columns
    if group == .identity {
      // Nothing to optimise: T = I (netrep's align returns the identity for group="identity").
      let d = try distance(a, b, alignment: .identity(p))
      return StochasticShapeFit(
        distance: d, alignment: .identity(p), lossHistory: [], iterations: 0, converged: true, restart: 0,
        restartDistances: [d], warnings: [])
    }
    let run = { @Sendable (r: Int) throws -> (t: Matrix, loss: [Double], converged: Bool, distance: Double) in
      let start =
        initialization == .means
        ? try Procrustes.align(cross: gemm(b.means, a.means, transposeA: true), group: group)
        : try Procrustes.randomOrthogonal(p, seed: seed, stream: UInt64(r))
      let (t, loss, converged) = try descend(a, b, from: start)
      return (t, loss, converged, try distance(a, b, alignment: t))
    }
    let runs = parallel && restarts > 1 ? try Parallel.map(restarts) { try run($0) } : try (0..<restarts).map(run)
    var best = 0
    for r in 1..<runs.count where runs[r].distance < runs[best].distance { best = r }
    let chosen = runs[best]
    var warnings = [String]()
    if !chosen.converged {
      warnings.append(
        "the alignment did not converge in \(maxIterations) iterations (last change \(Self.lastChange(chosen.loss))); the distance is an upper bound"
      )
    }
    return StochasticShapeFit(
      distance: chosen.distance, alignment: chosen.t, lossHistory: chosen.loss, iterations: chosen.loss.count,
      converged: chosen.converged, restart: best, restartDistances: runs.map(\.distance), warnings: warnings)
  }

  static func lastChange(_ loss: [Double]) -> Double {
    loss.count >= 2 ? loss[loss.count - 2] - loss[loss.count - 1] : .nan
  }

  /// netrep's block-coordinate descent from `start`.
  func descend(_ a: Prepared, _ b: Prepared, from start: Matrix) throws -> (Matrix, [Double], Bool) {
    let (w1, w2) = weights == .consistent ? (alpha.squareRoot(), (2 - alpha).squareRoot()) : (alpha, 2 - alpha)
    let m = a.means.rows
    let meanCross = gemm(b.means, a.means, transposeA: true)
    var t = start
    var loss = [Double]()
    for iteration in 0..<maxIterations {
      // Bures rotations Qᵢ = align(Tᵀ·Σʸᵢ^½, Σˣᵢ^½), then the cross-product BᵀA.
      var cross = (w1 * w1) * meanCross
      var rotations = [Matrix]()
      if w2 > 0 {
        rotations.reserveCapacity(m)
        for i in 0..<m {
          let q = try Procrustes.align(cross: gemm(gemm(b.roots[i], t), a.roots[i]), group: .orthogonal)
          rotations.append(q)
          gemm(gemm(b.roots[i], q), a.roots[i], into: &cross, alpha: w2 * w2, beta: 1)
        }
      }
      t = try Procrustes.align(cross: cross, group: group)
      // ‖A − B·T‖_F with the rotations of this iteration.
      let meanResidual = a.means - gemm(b.means, t)
      var squared = w1 * w1 * dot(meanResidual.elements, meanResidual.elements)
      for (i, q) in rotations.enumerated() {
        let residual = a.roots[i] - gemm(gemm(q, b.roots[i], transposeA: true), t)
        squared += w2 * w2 * dot(residual.elements, residual.elements)
      }
      loss.append(squared.squareRoot())
      if iteration >= 2 && loss[iteration - 1] - loss[iteration] < tolerance { return (t, loss, true) }
    }
    return (t, loss, false)
  }

  /// Distances among K networks; pairs in parallel (restarts sequential inside each pair).
  /// - Complexity: K preparations (O(m·p³) each, the covariance square roots taken once) plus
  ///   K(K−1)/2 fits without their preparations.
  public func pairwiseDistances(_ networks: [GaussianResponses], names: [String]? = nil) throws
    -> StochasticPairwiseDistances
  {
    let (labels, pairs) = try StochasticPairwiseDistances.labelsAndPairs(count: networks.count, names: names)
    for i in 1..<networks.count { try requireComparable(networks[0], networks[i], names: (labels[0], labels[i])) }
    let prepared = try Parallel.map(networks.count) { try prepare(networks[$0]) }
    let fits = try Parallel.map(pairs.count) { try fit(prepared[pairs[$0].0], prepared[pairs[$0].1], parallel: false) }
    return StochasticPairwiseDistances(names: labels, pairs: pairs, fits: fits, gaussian: self, energy: nil)
  }
}
