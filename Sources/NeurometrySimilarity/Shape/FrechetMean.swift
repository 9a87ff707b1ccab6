import Foundation
import NeurometryLinearAlgebra

/// The Fréchet (Karcher) mean of K networks' representations under the Procrustes (Euclidean
/// shape) metric, and their embedding in the tangent space at it (Williams et al. 2021, §3.3;
/// netrep's `multiset.frechet_mean(method="full_batch")` and `euclidean_tangent_space`):
///
///     X̄ = argmin_M Σₖ min_{Tₖ ∈ G} ‖M − Xₖ·Tₖ‖²_F,
///
/// found by generalised Procrustes analysis: align every Xₖ to the current mean, average, and
/// repeat until the mean moves by less than `tolerance` (‖X̄ − X̄₀‖_F / √(n·p)) or after
/// `maxIterations`. The start is `warmStart` or the first network (netrep picks a random one).
/// Each iteration's K alignments run in parallel; the average is summed in network order, so the
/// result does not depend on the number of threads.
///
/// Inputs must share one shape n×p: prepare them with `ShapeMetric.alignedSpace` to centre,
/// whiten and zero-pad them as a metric does. The tangent vectors X̄ − Xₖ·Tₖ give a Euclidean
/// embedding in which ordinary PCA/MDS approximate the shape space near X̄.
public struct FrechetMean: Codable, Sendable, Equatable {
  /// The alignment group G (`ShapeGroup`; default `.orthogonal`).
  public let group: ShapeGroup
  /// Convergence threshold on the mean's move ‖X̄ − X̄₀‖_F / √(n·p) per iteration (default 1e-8).
  public let tolerance: Double
  /// The most alignment-and-average iterations (default 100).
  public let maxIterations: Int

  enum CodingKeys: String, CodingKey {
    case group, tolerance, maxIterations = "max_iterations"
  }

  /// Throws `NeurometryError.invalidInput` unless `tolerance` is finite and ≥ 0 and `maxIterations`
  /// is at least 1.
  public init(group: ShapeGroup = .orthogonal, tolerance: Double = 1e-8, maxIterations: Int = 100) throws {
    guard tolerance >= 0 && tolerance.isFinite && maxIterations >= 1 else {
      throw NeurometryError.invalidInput(
        context: "frechet mean",
        message:
          "the tolerance must be a finite number ≥ 0 and the iteration limit at least 1 (found \(tolerance), \(maxIterations))"
      )
    }
    self.group = group
    self.tolerance = tolerance
    self.maxIterations = maxIterations
  }

  /// The Fréchet mean of `networks` (K matrices of one shape n×p), from `warmStart` (n×p) or the
  /// first network; `names` label them in errors. Not converging within `maxIterations` is a warning
  /// of the result, not an error.
  ///
  /// Throws `NeurometryError.invalidInput` for no networks, a names count that differs or
  /// non-finite values, and `NeurometryError.shapeMismatch` for networks or a warm start of
  /// another shape.
  /// - Complexity: per iteration, K alignments of O(n·p²) (the cross-product and the rotation) plus
  ///   O(p³) for the SVD or assignment, run in parallel, and O(K·n·p) for the average; one more round
  ///   of alignments for the result.
  public func fit(_ networks: [Matrix], warmStart: Matrix? = nil, names: [String]? = nil) throws -> FrechetMeanResult {
    let labels = names ?? (0..<networks.count).map { "network \($0)" }
    guard let first = networks.first, labels.count == networks.count else {
      throw NeurometryError.invalidInput(
        context: "frechet mean",
        message: "needs at least one network and one name each (\(networks.count) networks, \(labels.count) names)")
    }
    for (x, name) in zip(networks, labels) {
      guard x.rows == first.rows && x.columns == first.columns else {
        throw NeurometryError.shapeMismatch(
          context: "frechet mean",
          message:
            "\(name) is \(x.rows)×\(x.columns) but \(labels[0]) is \(first.rows)×\(first.columns); zero-pad and centre them first (ShapeMetric.alignedSpace)"
        )
      }
      try x.requireFinite("frechet mean", name)
    }
    if let warmStart, warmStart.rows != first.rows || warmStart.columns != first.columns {
      throw NeurometryError.shapeMismatch(
        context: "frechet mean",
        message: "the warm start is \(warmStart.rows)×\(warmStart.columns), expected \(first.rows)×\(first.columns)")
    }
    var mean = warmStart ?? first
    var changes = [Double]()
    var converged = false
    let scale = 1 / Double(first.count).squareRoot()
    while changes.count < maxIterations {
      let previous = mean
      let aligned = try Parallel.map(networks.count) { k in try align(networks[k], to: previous) }
      var sum = Matrix(rows: first.rows, columns: first.columns)
      for a in aligned { sum = sum + a }
      mean = (1 / Double(networks.count)) * sum
      changes.append((mean - previous).frobeniusNorm * scale)
      if !(changes[changes.count - 1] > tolerance) {
        converged = true
        break
      }
    }
    let result = mean
    let aligned = try Parallel.map(networks.count) { k in try align(networks[k], to: result) }
    return FrechetMeanResult(
      mean: result, aligned: aligned, tangent: aligned.map { result - $0 }, iterations: changes.count,
      converged: converged,
      changes: changes,
      warnings: converged
        ? []
        : [
          "the mean moved by \(changes.last ?? .nan) in the last of \(maxIterations) iterations, above the tolerance \(tolerance)"
        ])
  }

  /// Xₖ·T with T ∈ G minimising ‖Xₖ·T − target‖.
  func align(_ x: Matrix, to target: Matrix) throws -> Matrix {
    gemm(x, try Procrustes.align(cross: gemm(x, target, transposeA: true), group: group))
  }
}
