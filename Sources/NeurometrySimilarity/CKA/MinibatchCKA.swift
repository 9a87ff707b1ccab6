import Foundation
import NeurometryLinearAlgebra

/// Minibatch CKA (Nguyen, Raghu & Kornblith 2021, ICLR, "Do wide and deep networks learn the
/// same things?"): CKA between K layers accumulated over batches of stimuli, for datasets too
/// large for one n×n kernel,
///
///     CKA_mb(i, j) = Σ_b HSIC(K_i^b, K_j^b) / √(Σ_b HSIC(K_i^b, K_i^b) · Σ_b HSIC(K_j^b, K_j^b)),
///
/// with the estimator's HSIC on each batch (the debiased one is Nguyen et al.'s choice: its
/// per-batch estimates are unbiased, so the sum does not depend on the batch size).
///
/// Usage: `var acc = try MinibatchCKA(cka: CKA(estimator: .debiased), names: layers)`, then
/// `acc = try acc.adding(batch)` for each batch (one matrix per layer, same rows), then
/// `acc.result`. Accumulators are values: `adding` returns a new one. Per batch, every layer's
/// centred kernel is formed once and all K(K+1)/2 inner products come from one SYRK of the
/// stacked kernels. RBF kernels take σ from each batch's own median. Precomputed kernels are
/// not supported (a batch of a kernel matrix is not a kernel of a batch).
public struct MinibatchCKA: Sendable {
  /// The CKA settings applied to every batch (kernel, estimator, bandwidth; never `.precomputed`).
  public let cka: CKA
  /// The K layers' labels, in the order of the batches' matrices and of `sums`.
  public let names: [String]
  /// Σ_b HSIC(K_i^b, K_j^b), K×K.
  public let sums: Matrix
  /// Rows in each batch so far.
  public let batchSizes: [Int]
  /// Σ_b of each layer's rounding floor for its self-statistic.
  let floors: [Double]

  /// An empty accumulator for the K layers in `names` (no batches yet).
  ///
  /// Throws `NeurometryError.invalidInput` for a `.precomputed` kernel or an empty `names`.
  public init(cka: CKA, names: [String]) throws {
    guard cka.kernel != .precomputed else {
      throw NeurometryError.invalidInput(
        context: "minibatch cka",
        message: "precomputed kernels cannot be split into batches; use the linear or RBF kernel")
    }
    guard !names.isEmpty else {
      throw NeurometryError.invalidInput(context: "minibatch cka", message: "no layers to compare")
    }
    self.init(
      cka: cka, names: names, sums: Matrix(rows: names.count, columns: names.count), batchSizes: [],
      floors: [Double](repeating: 0, count: names.count))
  }

  init(cka: CKA, names: [String], sums: Matrix, batchSizes: [Int], floors: [Double]) {
    self.cka = cka
    self.names = names
    self.sums = sums
    self.batchSizes = batchSizes
    self.floors = floors
  }

  /// The accumulator with one more batch: `batch[i]` holds layer i's responses (b × pᵢ) to the
  /// same b stimuli; b ≥ 2 (biased) or ≥ 4 (debiased).
  /// - Complexity: O(b²·Σpᵢ) for the K batch kernels plus O(K²·b²) for the SYRK of the stacked
  ///   K × b² kernels; O(K·b²) memory.
  public func adding(_ batch: [Matrix]) throws -> MinibatchCKA {
    let k = names.count
    guard batch.count == k else {
      throw NeurometryError.shapeMismatch(
        context: "minibatch cka",
        message: "the batch has \(batch.count) layers, expected \(k) (\(names.joined(separator: ", ")))")
    }
    let label = "batch \(batchSizes.count)"
    for i in 0..<k {
      try cka.validate(batch[0], batch[i], names: ("\(names[0]) (\(label))", "\(names[i]) (\(label))"))
    }
    let b = batch[0].rows
    let d = Double(b)
    let scale = cka.estimator == .biased ? 1 / ((d - 1) * (d - 1)) : 1 / (d * (d - 3))
    let kernels = try Parallel.map(k) { i in try batchKernel(batch[i], name: "\(names[i]) (\(label))") }
    // Stack vec(K_i) as the rows of a K×b² matrix: its Gram matrix holds every ⟨K_i, K_j⟩.
    var stacked = [Double]()
    stacked.reserveCapacity(k * b * b)
    for kernel in kernels { stacked.append(contentsOf: kernel.matrix.elements) }
    let inner = gram(Matrix(rows: k, columns: b * b, elements: stacked), side: .rows, alpha: scale)
    return MinibatchCKA(
      cka: cka, names: names, sums: sums + inner, batchSizes: batchSizes + [b],
      floors: zip(floors, kernels).map { $0 + $1.floor * scale })
  }

  /// A layer's centred kernel on one batch and its rounding floor.
  func batchKernel(_ x: Matrix, name: String) throws -> (matrix: Matrix, floor: Double) {
    switch cka.kernel {
    case .linear, .precomputed:
      let centered = KernelMatrices.centered([x])
      let xc = centered.matrix
      if centered.isConstant(columns: 0..<x.columns) {
        return (Matrix(rows: x.rows, columns: x.rows), 0)  // contributes exactly nothing
      }
      var kk = gram(xc, side: .rows)
      let total = kk.trace
      if cka.estimator == .debiased { KernelMatrices.center(&kk, estimator: .debiased) }
      return (kk, cka.estimator == .debiased ? 1e-12 * total * total : 0)
    case .rbf:
      var kk = try KernelMatrices.rbf(x, fraction: cka.bandwidth, median: cka.median, name: name).kernel
      let floor = 1e-24 * dot(kk.elements, kk.elements)
      KernelMatrices.center(&kk, estimator: cka.estimator)
      return (kk, floor)
    }
  }

  /// The K×K minibatch CKA matrix so far (NaN, with a warning, for a layer whose summed
  /// self-similarity is not positive).
  public var result: CKAMatrix {
    let k = names.count
    var values = [[Double]](repeating: [Double](repeating: .nan, count: k), count: k)
    var warnings = [String]()
    if batchSizes.isEmpty { warnings.append("no batches were added") }
    let defined = (0..<k).map { sums[$0, $0] > floors[$0] }
    for i in 0..<k where !defined[i] && !batchSizes.isEmpty {
      warnings.append(
        "HSIC(\(names[i]), \(names[i])) summed over batches = \(sums[i, i]) is not positive (\(cka.estimator.rawValue) estimator): CKA with \(names[i]) is undefined and reported as NaN"
      )
    }
    for i in 0..<k where defined[i] {
      for j in i..<k where defined[j] {
        let v = i == j ? 1 : sums[i, j] / (sums[i, i] * sums[j, j]).squareRoot()
        values[i][j] = v
        values[j][i] = v
      }
    }
    return CKAMatrix(
      names: names, values: values, angular: values.map { $0.map { acos(Swift.min(Swift.max($0, -1), 1)) } },
      cka: cka, observations: batchSizes.reduce(0, +), batchSizes: batchSizes, warnings: warnings)
  }

  /// Minibatch CKA over consecutive batches of `batchSize` rows of every layer (the last batch
  /// takes the remainder; a remainder smaller than the estimator's minimum joins the batch
  /// before it, and the result says so in `batchSizes`).
  /// - Complexity: O(n·b·(Σpᵢ + K²)) over the ⌈n/b⌉ batches of size b = `batchSize`, with O(K·b²)
  ///   memory at a time instead of K n×n kernels.
  public static func compute(
    _ layers: [Matrix], batchSize: Int, cka: CKA, names: [String]? = nil
  ) throws -> CKAMatrix {
    let labels = names ?? (0..<layers.count).map { "layer \($0)" }
    guard labels.count == layers.count else {
      throw NeurometryError.shapeMismatch(
        context: "minibatch cka", message: "\(labels.count) names for \(layers.count) layers")
    }
    let minimum = cka.estimator.minimumObservations
    guard batchSize >= minimum else {
      throw NeurometryError.invalidInput(
        context: "minibatch cka",
        message:
          "the batch size must be at least \(minimum) for the \(cka.estimator.rawValue) estimator, found \(batchSize)")
    }
    guard let n = layers.first?.rows else {
      throw NeurometryError.invalidInput(context: "minibatch cka", message: "no layers to compare")
    }
    for (i, layer) in layers.enumerated() where layer.rows != n {
      throw NeurometryError.shapeMismatch(
        context: "minibatch cka",
        message: "\(labels[0]) has \(n.grouped) rows (stimuli) but \(labels[i]) has \(layer.rows.grouped)")
    }
    var bounds = Array(stride(from: 0, to: n, by: batchSize))
    if let last = bounds.last, n - last < minimum, bounds.count > 1 { bounds.removeLast() }
    var accumulator = try MinibatchCKA(cka: cka, names: labels)
    for (k, start) in bounds.enumerated() {
      let end = k + 1 < bounds.count ? bounds[k + 1] : n
      accumulator = try accumulator.adding(layers.map { Matrix(copying: $0.rowBlock(start..<end)) })
    }
    return accumulator.result
  }
}
