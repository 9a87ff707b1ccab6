import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra

/// The leave-one-run-out structure of a data set: conditions, runs and the (run, condition)
/// cell of every observation.
struct CrossValidationFolds: Sendable {
  let conditions: ConditionGroups
  let runs: ConditionGroups
  /// counts[f][c]: observations of condition c in run f.
  let counts: [[Int]]
}

extension RDMEstimator {
  /// Runs from `runDescriptor`, or rsatoolbox's default (the k-th observation of each condition
  /// is in fold k, which needs equal repetitions); checks that there are at least two runs and
  /// that every condition occurs in every run.
  func crossValidationFolds(
    _ patterns: ResponsePatterns, conditionLabels: Labels, context: String
  ) throws -> CrossValidationFolds {
    let conditions = ConditionGroups(conditionLabels)
    var runLabels: Labels
    if let runDescriptor {
      runLabels = try Self.descriptor(runDescriptor, of: patterns, context: context)
    } else {
      if let c = conditions.counts.indices.first(where: { conditions.counts[$0] != conditions.counts[0] }) {
        throw NeurometryError.invalidInput(
          context: context,
          message:
            "without a run descriptor, folds are the k-th repetition of each condition, which needs equal repetitions; condition '\(conditions.labels[0])' has \(conditions.counts[0]) observations but '\(conditions.labels[c])' has \(conditions.counts[c])"
        )
      }
      var seen = [Int](repeating: 0, count: conditions.count)
      runLabels = try Labels(
        conditions.codes.map { c in
          defer { seen[c] += 1 }
          return String(seen[c])
        }, kind: .numeric)
    }
    let runs = ConditionGroups(runLabels)
    guard runs.count >= 2 else {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "\(method.rawValue) needs at least two runs (folds) but \(runDescriptor.map { "descriptor '\($0)'" } ?? "the data") has one ('\(runs.labels.first ?? "")')"
      )
    }
    guard conditions.count >= 2 else {
      throw NeurometryError.invalidInput(
        context: context, message: "an RDM needs at least 2 conditions, found \(conditions.count)")
    }
    var counts = [[Int]](repeating: [Int](repeating: 0, count: conditions.count), count: runs.count)
    for (r, c) in zip(runs.codes, conditions.codes) { counts[r][c] += 1 }
    for c in 0..<conditions.count where conditions.counts[c] == 1 {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "condition '\(conditions.labels[c])' has a single observation; \(method.rawValue) needs every condition in at least two runs"
      )
    }
    for f in 0..<runs.count {
      for c in 0..<conditions.count where counts[f][c] == 0 {
        throw NeurometryError.invalidInput(
          context: context,
          message:
            "condition '\(conditions.labels[c])' has no observation in run '\(runs.labels[f])'; \(method.rawValue) needs every condition in every run (for incomplete designs use the unbalanced estimator)"
        )
      }
    }
    return CrossValidationFolds(conditions: conditions, runs: runs, counts: counts)
  }

  /// The crossnobis or poisson-cv RDM vector (see the type's documentation for the formulas).
  func crossValidatedRDM(_ x: Matrix, folds: CrossValidationFolds, context: String) throws -> [Double] {
    let (nc, nf, p) = (folds.conditions.count, folds.runs.count, x.columns)
    if let list = runNoisePrecisions {
      return try pairwiseRunCrossnobis(x, folds: folds, precisions: list, context: context)
    }
    // Sums per (run, condition) cell in one pass; cell index f·nc + c.
    var cellSums = [Double](repeating: 0, count: nf * nc * p)
    x.withUnsafeBufferPointer { e in
      cellSums.withUnsafeMutableBufferPointer { s in
        for i in 0..<x.rows {
          let dst = s.baseAddress! + (folds.runs.codes[i] * nc + folds.conditions.codes[i]) * p
          let src = e.baseAddress! + i * p
          for j in 0..<p { dst[j] += src[j] }
        }
      }
    }
    var totals = [Double](repeating: 0, count: nc * p)
    for f in 0..<nf {
      for k in 0..<(nc * p) { totals[k] += cellSums[f * nc * p + k] }
    }
    let used = method == .poissonCV && poissonFolds == .lastFold ? [nf - 1] : Array(0..<nf)
    // Training and test means, concatenated over the used folds: row c holds fold blocks of P.
    let width = used.count * p
    var train = [Double](repeating: 0, count: nc * width)
    var test = [Double](repeating: 0, count: nc * width)
    for (u, f) in used.enumerated() {
      for c in 0..<nc {
        let nTest = Double(folds.counts[f][c])
        let nTrain = Double(folds.conditions.counts[c] - folds.counts[f][c])
        let cell = (f * nc + c) * p
        let dst = c * width + u * p
        var trainMean = 0.0
        var testMean = 0.0
        for j in 0..<p {
          let a = (totals[c * p + j] - cellSums[cell + j]) / nTrain
          let b = cellSums[cell + j] / nTest
          train[dst + j] = a
          test[dst + j] = b
          trainMean += a
          testMean += b
        }
        if removeMean && method == .crossnobis {
          trainMean /= Double(p)
          testMean /= Double(p)
          for j in 0..<p {
            train[dst + j] -= trainMean
            test[dst + j] -= testMean
          }
        }
      }
    }
    var a = Matrix(rows: nc, columns: width, elements: train)
    var b = Matrix(rows: nc, columns: width, elements: test)
    switch method {
    case .crossnobis:
      if let lambda = noisePrecision {
        // Bₖ·Λ for every fold at once: view the test means as (folds·conditions) × P.
        let stacked = Self.foldsAsRows(b, folds: used.count, channels: p)
        b = Self.rowsAsFolds(gemm(stacked, lambda), folds: used.count, conditions: nc)
      }
    case .poissonCV:
      let shift = priorLambda * priorWeight
      let scale = 1 / (1 + priorWeight)
      a = a.map { ($0 + shift) * scale }
      b = b.map { ($0 + shift) * scale }
      if let k = b.elements.firstIndex(where: { !($0 > 0) }) {
        let c = k / width
        throw NeurometryError.invalidInput(
          context: context,
          message:
            "Poisson rates must be positive after the prior: condition '\(folds.conditions.labels[c])', channel \(k % p) has a test-run mean of \(b.elements[k] / scale - shift)"
        )
      }
      b = b.map { Foundation.log($0) }
    default:
      preconditionFailure("not a cross-validated method")
    }
    let kernel = gemm(a, b, transposeB: true)
    return Self.distances(fromKernel: kernel, scale: 1 / (Double(p) * Double(used.count)))
  }

  /// Crossnobis over pairs of runs with per-run precisions (`runNoisePrecisions`).
  func pairwiseRunCrossnobis(
    _ x: Matrix, folds: CrossValidationFolds, precisions: [Matrix], context: String
  ) throws -> [Double] {
    let (nc, nf, p) = (folds.conditions.count, folds.runs.count, x.columns)
    guard precisions.count == nf else {
      throw NeurometryError.shapeMismatch(
        context: context,
        message: "\(precisions.count) run precisions for \(nf) runs (\(folds.runs.labels.joined(separator: ", ")))")
    }
    // Run means: rows f·nc + c.
    var sums = [Double](repeating: 0, count: nf * nc * p)
    x.withUnsafeBufferPointer { e in
      for i in 0..<x.rows {
        let dst = (folds.runs.codes[i] * nc + folds.conditions.codes[i]) * p
        for j in 0..<p { sums[dst + j] += e[i * p + j] }
      }
    }
    var means = (0..<nf).map { f in
      Matrix(rows: nc, columns: p) { c, j in sums[(f * nc + c) * p + j] / Double(folds.counts[f][c]) }
    }
    if removeMean { means = means.map(Self.removingRowMeans) }
    let variances = try precisions.enumerated().map { k, lambda in
      do { return try lambda.inversePositiveDefinite() } catch {
        throw NeurometryError.notPositiveDefinite(
          operation: context,
          message: "the noise precision of run '\(folds.runs.labels[k])' cannot be inverted (\(error))")
      }
    }
    var kernel = Matrix(rows: nc, columns: nc)
    var pairs = 0
    for i in 0..<nf {
      for j in (i + 1)..<nf {
        let average = (0.5 * (variances[i] + variances[j])).symmetrized
        let lambda = try average.inversePositiveDefinite()
        gemm(gemm(means[i], lambda), means[j], into: &kernel, transposeB: true, beta: 1)
        pairs += 1
      }
    }
    return Self.distances(fromKernel: kernel, scale: 1 / (Double(p) * Double(pairs)))
  }

  /// nc × (F·P) (fold blocks side by side) → (F·nc) × P (fold blocks stacked).
  static func foldsAsRows(_ m: Matrix, folds: Int, channels p: Int) -> Matrix {
    let nc = m.rows
    var out = [Double](repeating: 0, count: folds * nc * p)
    m.withUnsafeBufferPointer { e in
      for f in 0..<folds {
        for c in 0..<nc {
          for j in 0..<p { out[(f * nc + c) * p + j] = e[c * folds * p + f * p + j] }
        }
      }
    }
    return Matrix(rows: folds * nc, columns: p, elements: out)
  }

  /// (F·nc) × P → nc × (F·P), the inverse of `foldsAsRows`.
  static func rowsAsFolds(_ m: Matrix, folds: Int, conditions nc: Int) -> Matrix {
    let p = m.columns
    var out = [Double](repeating: 0, count: folds * nc * p)
    m.withUnsafeBufferPointer { e in
      for f in 0..<folds {
        for c in 0..<nc {
          for j in 0..<p { out[c * folds * p + f * p + j] = e[(f * nc + c) * p + j] }
        }
      }
    }
    return Matrix(rows: nc, columns: folds * p, elements: out)
  }
}
