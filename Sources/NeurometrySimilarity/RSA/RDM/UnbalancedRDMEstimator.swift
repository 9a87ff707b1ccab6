import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra

/// RDMs for unbalanced designs — unequal repetitions per condition, incomplete runs, NaN channels —
/// from all pairs of single observations (rsatoolbox `calc_rdm_unbalanced`).
///
/// For observations a, b with jointly valid channels f (both non-NaN) a pair similarity s(a, b)
/// and weight w(a, b) are formed; the pairs that count are all pairs without runs, and pairs
/// from different runs with `runDescriptor` (the cross-validated methods without runs use one
/// run per observation, which only removes self-similarities). With weighting `number`,
/// ⟨c, d⟩ = Σ s / Σ w over the counted pairs a ∈ c, b ∈ d (c = d included: pairs within a
/// condition, and without cross-validation each observation with itself at half weight); with
/// `equal`, ⟨c, d⟩ = mean of s/w. The dissimilarity is ⟨c, c⟩ + ⟨d, d⟩ − 2⟨c, d⟩ (NaN when a
/// term has no pair).
///
/// Pair similarities, all as BLAS products over all observations at once (X⁰ = data with NaN
/// set to 0, V = the 0/1 validity mask, w = (V·Vᵀ)ₐᵦ = number of jointly valid channels):
/// - euclidean (and mahalanobis/crossnobis without a precision): s = xₐ·xᵦ over f.
/// - mahalanobis / crossnobis: s = xₐ[f]ᵀ Λ[f,f] xᵦ[f], one product per pair of NaN patterns.
/// - correlation: s = r(xₐ[f], xᵦ[f])·w/2 (r = 1 when either vector is all zero, as rsatoolbox).
/// - poisson / poisson-cv: x̃ as in `RDMEstimator`, s = ½ Σ_f (x̃ᵦ − x̃ₐ)(log x̃ₐ − log x̃ᵦ).
///
/// Deviations from rsatoolbox 0.3.2 (identical results without NaN): the correlation centres with
/// the number of jointly valid channels (rsatoolbox uses all P channels, wrong when some are
/// NaN); mahalanobis weights a pair by its valid channels, not P (rsatoolbox's NaN path also reads
/// past its buffer); conditions come out in condition order (`ConditionOrder`), not in order of
/// first occurrence; with `equal` weighting each observation's pair with itself has weight ½ as
/// documented (rsatoolbox gives it weight 0: `1 / 2` is an integer division in its Cython code).
/// Memory O(n_obs²).
public struct UnbalancedRDMEstimator: Sendable {
  /// The dissimilarity measure (`RDMMethod`; default `.euclidean`).
  public var method: RDMMethod
  /// The observation descriptor naming each row's condition (nil: one condition per row).
  public var conditionDescriptor: String?
  /// The observation descriptor naming each row's run; only pairs from different runs count (nil:
  /// all pairs, or one run per observation for the cross-validated methods).
  public var runDescriptor: String?
  /// P×P noise precision Λ for mahalanobis / crossnobis (nil: the euclidean inner product).
  public var noisePrecision: Matrix?
  /// How pairs of observations are weighted (`UnbalancedWeighting`; default `.number`).
  public var weighting: UnbalancedWeighting
  /// Poisson prior rate λ (default 1).
  public var priorLambda: Double
  /// Poisson prior weight w (default 0.1).
  public var priorWeight: Double

  /// An estimator with the given settings (defaults: euclidean, one condition per row, no runs, no
  /// precision, `.number` weighting, λ = 1, w = 0.1); combinations are checked by `fit`.
  public init(
    method: RDMMethod = .euclidean, conditionDescriptor: String? = nil, runDescriptor: String? = nil,
    noisePrecision: Matrix? = nil, weighting: UnbalancedWeighting = .number, priorLambda: Double = 1,
    priorWeight: Double = 0.1
  ) {
    self.method = method
    self.conditionDescriptor = conditionDescriptor
    self.runDescriptor = runDescriptor
    self.noisePrecision = noisePrecision
    self.weighting = weighting
    self.priorLambda = priorLambda
    self.priorWeight = priorWeight
  }

  /// The RDM of `patterns` (conditions in condition order).
  ///
  /// Throws `NeurometryError.invalidInput` for no channels, an infinite measurement, a missing
  /// descriptor, fewer than 2 conditions, non-positive Poisson rates, or a precision given to a
  /// method that takes none; `NeurometryError.shapeMismatch` for a precision of the wrong size.
  /// - Complexity: O(N²·P) for the products over the N observations and P channels (mahalanobis
  ///   and crossnobis with Λ: O(G·N·P² + N²·P) for G distinct patterns of NaN channels), plus
  ///   O(N²) for the masks and block sums; O(N²) memory.
  public func fit(_ patterns: ResponsePatterns) throws -> RDMs {
    let context = "rdm (\(method.rawValue), unbalanced)"
    let x = patterns.measurements
    let (n, p) = (x.rows, x.columns)
    guard p > 0 else { throw NeurometryError.invalidInput(context: context, message: "the patterns have no channels") }
    if let k = x.elements.firstIndex(where: { $0.isInfinite }) {
      throw NeurometryError.invalidInput(
        context: context, message: "measurement at row \(k / p), channel \(k % p) is infinite")
    }
    var warnings: [String] = []
    var descriptors: [String: String] = ["method": method.rawValue, "weighting": weighting.rawValue]
    let labels =
      try conditionDescriptor.map { try RDMEstimator.descriptor($0, of: patterns, context: context) }
      ?? Labels(text: (0..<n).map(String.init))
    let groups = ConditionGroups(labels)
    guard groups.count >= 2 else {
      throw NeurometryError.invalidInput(
        context: context, message: "an RDM needs at least 2 conditions, found \(groups.count)")
    }
    var runCodes: [Int]? = nil
    if let runDescriptor {
      runCodes = ConditionGroups(try RDMEstimator.descriptor(runDescriptor, of: patterns, context: context)).codes
      descriptors["cv_descriptor"] = runDescriptor
    } else if method.isCrossValidated {
      runCodes = Array(0..<n)
      warnings.append(
        "no run descriptor: each observation is its own run, which removes only self-similarities (assumes independent trials)"
      )
      descriptors["cv_descriptor"] = "(observation index)"
    }
    if let lambda = noisePrecision {
      guard method.usesNoisePrecision else {
        throw NeurometryError.invalidInput(
          context: context, message: "a noise precision applies only to mahalanobis and crossnobis")
      }
      try RDMEstimator.checkPrecision(lambda, channels: p, context: context)
      descriptors["noise"] = "precision \(p)×\(p)"
    }
    if let c = conditionDescriptor { descriptors["condition_descriptor"] = c }

    let valid = x.map { $0.isNaN ? 0 : 1 }
    let (similarity, weight) = try pairSimilarities(x, valid: valid, context: context)
    // Mask: counted pairs (different runs when cross-validating) with a positive weight.
    var numerator = similarity
    var denominator = weight
    numerator.withUnsafeMutableBufferPointer { s in
      denominator.withUnsafeMutableBufferPointer { w in
        for a in 0..<n {
          for b in 0..<n {
            let k = a * n + b
            let counted = (runCodes.map { $0[a] != $0[b] } ?? true) && w[k] > 0
            if !counted {
              s[k] = 0
              w[k] = 0
            } else if weighting == .equal {
              s[k] /= w[k]
              w[k] = 1
            }
          }
        }
      }
    }
    let blockSimilarity = Self.blockSums(numerator, codes: groups.codes, groups: groups.count)
    let blockWeight = Self.blockSums(denominator, codes: groups.codes, groups: groups.count)
    let nc = groups.count
    let inner = Matrix(rows: nc, columns: nc) { c, d in
      let w = blockWeight[c, d]
      return w > 0 ? blockSimilarity[c, d] / w : .nan
    }
    let vector = RDMEstimator.distances(fromKernel: inner, scale: 1)
    return try RDMs(
      dissimilarities: Matrix(rows: 1, columns: vector.count, elements: vector), conditions: groups.labels,
      measure: method.measureName, descriptors: descriptors, warnings: warnings, source: context)
  }

  /// n×n pair similarities s and weights w (see the type's documentation).
  func pairSimilarities(_ x: Matrix, valid v: Matrix, context: String) throws -> (Matrix, Matrix) {
    let x0 = x.map { $0.isNaN ? 0 : $0 }
    let count = gram(v, side: .rows)
    switch method {
    case .euclidean:
      return (gram(x0, side: .rows), count)
    case .mahalanobis, .crossnobis:
      guard let lambda = noisePrecision else { return (gram(x0, side: .rows), count) }
      return (Self.maskedBilinear(x0, valid: v, lambda), count)
    case .correlation:
      // Sums over jointly valid channels: sᵢ = Σ xₐ (valid in b), sᵢ² = Σ xₐ², sₐᵦ = Σ xₐxᵦ.
      let sa = gemm(x0, v, transposeB: true)
      let sa2 = gemm(x0.map { $0 * $0 }, v, transposeB: true)
      let sab = gram(x0, side: .rows)
      let n = x.rows
      var s = Matrix(rows: n, columns: n)
      s.withUnsafeMutableBufferPointer { o in
        for a in 0..<n {
          for b in 0..<n {
            let m = count[a, b]
            guard m > 0 else { continue }
            let (si, sj, si2, sj2) = (sa[a, b], sa[b, a], sa2[a, b], sa2[b, a])
            var r = 1.0
            if si2 > 0 && sj2 > 0 {
              r = (sab[a, b] - si * sj / m) / (si2 - si * si / m).squareRoot() / (sj2 - sj * sj / m).squareRoot()
            }
            o[a * n + b] = r * m / 2
          }
        }
      }
      return (s, count)
    case .poisson, .poissonCV:
      let shift = priorLambda * priorWeight
      let scale = 1 / (1 + priorWeight)
      let rates = x0.map { ($0 + shift) * scale }
      if let k = rates.elements.indices.first(where: { v.elements[$0] > 0 && !(rates.elements[$0] > 0) }) {
        throw NeurometryError.invalidInput(
          context: context,
          message:
            "Poisson rates must be positive after the prior: row \(k / x.columns), channel \(k % x.columns) is \(x.elements[k])"
        )
      }
      let logs = Matrix(rows: x.rows, columns: x.columns) { i, j in
        v[i, j] > 0 ? Foundation.log(rates[i, j]) : 0
      }
      let a = Matrix(rows: x.rows, columns: x.columns) { i, j in v[i, j] > 0 ? rates[i, j] : 0 }
      let al = Matrix(rows: x.rows, columns: x.columns, elements: zip(a.elements, logs.elements).map { $0 * $1 })
      let t1 = gemm(logs, a, transposeB: true)  // Σ Lₐ x̃ᵦ
      let t2 = gemm(al, v, transposeB: true)  // Σ x̃ₐ Lₐ (valid in b)
      let t4 = gemm(a, logs, transposeB: true)  // Σ x̃ₐ Lᵦ
      let n = x.rows
      let s = Matrix(rows: n, columns: n) { i, j in 0.5 * (t1[i, j] - t2[i, j] - t2[j, i] + t4[i, j]) }
      return (s, count)
    }
  }

  /// xₐ[f]ᵀ Λ[f,f] xᵦ[f] for all pairs, f = jointly valid channels: observations are grouped by
  /// their pattern of NaN channels and each pair of groups is one product.
  static func maskedBilinear(_ x0: Matrix, valid v: Matrix, _ lambda: Matrix) -> Matrix {
    let (n, p) = (x0.rows, x0.columns)
    var patternOf: [[Double]: Int] = [:]
    var members: [[Int]] = []
    var masks: [[Double]] = []
    for i in 0..<n {
      let mask = v.row(i)
      if let g = patternOf[mask] {
        members[g].append(i)
      } else {
        patternOf[mask] = members.count
        members.append([i])
        masks.append(mask)
      }
    }
    var out = Matrix(rows: n, columns: n)
    if members.count == 1 {
      return gemm(gemm(x0, lambda), x0, transposeB: true).symmetrized
    }
    for g in 0..<members.count {
      for h in g..<members.count {
        let f = (0..<p).filter { masks[g][$0] > 0 && masks[h][$0] > 0 }
        guard !f.isEmpty else { continue }
        let xg = x0.selectingRows(members[g]).selectingColumns(f)
        let xh = x0.selectingRows(members[h]).selectingColumns(f)
        let sub = lambda.selectingRows(f).selectingColumns(f)
        let block = gemm(gemm(xg, sub), xh, transposeB: true)
        for (a, i) in members[g].enumerated() {
          for (b, j) in members[h].enumerated() {
            out[i, j] = block[a, b]
            out[j, i] = block[a, b]
          }
        }
      }
    }
    return out.symmetrized
  }

  /// Cᵀ·E·C for the one-hot group matrix C: sums of E over blocks of rows and columns.
  static func blockSums(_ e: Matrix, codes: [Int], groups k: Int) -> Matrix {
    let n = e.rows
    var rowSums = [Double](repeating: 0, count: k * n)
    e.withUnsafeBufferPointer { p in
      for a in 0..<n {
        let dst = codes[a] * n
        for b in 0..<n { rowSums[dst + b] += p[a * n + b] }
      }
    }
    var out = Matrix(rows: k, columns: k)
    out.withUnsafeMutableBufferPointer { o in
      for c in 0..<k {
        for b in 0..<n { o[c * k + codes[b]] += rowSums[c * n + b] }
      }
    }
    return out
  }
}
