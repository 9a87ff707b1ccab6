import Foundation
import NeurometryLinearAlgebra

extension CKA {
  /// CKA between every pair of representations of the same n stimuli.
  ///
  /// Each representation's kernel statistics are computed once, the pairs in parallel
  /// (`Parallel.map`). Linear kernel: feature space (one GEMM per pair, 2·n·pᵢ·pⱼ flops) when
  /// n exceeds every pᵢ + pⱼ, else centred n×n Gram matrices (K·n² memory) and one inner product
  /// per pair. Entries agree with `compare` to rounding.
  /// - Complexity: K preparations — O(n·pᵢ²) each in the feature form, O(n²·pᵢ) in the Gram form
  ///   or for RBF, O(n²) for precomputed kernels — plus K(K+1)/2 pairs at O(n·pᵢ·pⱼ) (feature form)
  ///   or O(n²) (an inner product of n×n kernels) each.
  public func matrix(_ representations: [Matrix], names: [String]? = nil) throws -> CKAMatrix {
    let k = representations.count
    let labels = names ?? (0..<k).map { "representation \($0)" }
    guard labels.count == k else {
      throw NeurometryError.shapeMismatch(context: "cka", message: "\(labels.count) names for \(k) representations")
    }
    guard k >= 1 else { throw NeurometryError.invalidInput(context: "cka", message: "no representations to compare") }
    for i in 0..<k { try validate(representations[0], representations[i], names: (labels[0], labels[i])) }
    let n = representations[0].rows
    let widest = representations.map(\.columns).sorted().suffix(2).reduce(0, +)
    let featureForm = kernel == .linear && (form ?? (n > widest ? .feature : .gram)) == .feature
    let prepared = try Parallel.map(k) { i in
      try prepare(representations[i], name: labels[i], featureForm: featureForm)
    }
    let pairs = (0..<k).flatMap { i in (i..<k).map { (i, $0) } }
    let raw = try Parallel.map(pairs.count) { p in
      let (i, j) = pairs[p]
      return i == j ? prepared[i].selfStatistic : cross(prepared[i], prepared[j], observations: n)
    }
    let d = Double(n)
    let scale = estimator == .biased ? 1 / ((d - 1) * (d - 1)) : 1 / (d * (d - 3))
    var values = [[Double]](repeating: [Double](repeating: .nan, count: k), count: k)
    var warnings = [String]()
    var defined = [Bool](repeating: true, count: k)
    for i in 0..<k where !(prepared[i].selfStatistic > prepared[i].floor) {
      defined[i] = false
      warnings.append(
        "HSIC(\(labels[i]), \(labels[i])) = \(prepared[i].selfStatistic * scale) is not positive (\(estimator.rawValue) estimator): CKA with \(labels[i]) is undefined and reported as NaN"
      )
    }
    for (p, (i, j)) in pairs.enumerated() where defined[i] && defined[j] {
      let v = i == j ? 1 : raw[p] / (prepared[i].selfStatistic * prepared[j].selfStatistic).squareRoot()
      values[i][j] = v
      values[j][i] = v
    }
    return CKAMatrix(
      names: labels, values: values, angular: values.map { $0.map { acos(Swift.min(Swift.max($0, -1), 1)) } },
      cka: self, observations: n, batchSizes: nil, warnings: warnings)
  }

  /// CKA of every representation in `xs` with every one in `ys` (all of the same n stimuli):
  /// xs.count × ys.count values, each representation's kernel statistics computed once (for many
  /// layers against a few regions, or for every bootstrap sample of them). NaN where a
  /// representation's HSIC with itself is not positive (CKA undefined). Entries agree with
  /// `compare` to rounding.
  /// - Complexity: (|xs| + |ys|) preparations (a centring, O(n²) or O(n·p)) and |xs|·|ys| inner
  ///   products, instead of 2·|xs|·|ys| preparations pair by pair.
  public func crossMatrix(_ xs: [Matrix], _ ys: [Matrix]) throws -> [[Double]] {
    guard let first = xs.first ?? ys.first else { return [] }
    try validate((xs + ys).enumerated().map { ($1, $0 < xs.count ? "X[\($0)]" : "Y[\($0 - xs.count)]") })
    let n = first.rows
    let widest = (xs + ys).map(\.columns).sorted().suffix(2).reduce(0, +)
    let featureForm = kernel == .linear && (form ?? (n > widest ? .feature : .gram)) == .feature
    let all = xs + ys
    let prepared = try all.map { try prepare($0, name: "X", featureForm: featureForm) }
    return (0..<xs.count).map { i in
      (0..<ys.count).map { j in
        let (a, b) = (prepared[i], prepared[xs.count + j])
        guard a.selfStatistic > a.floor && b.selfStatistic > b.floor else { return .nan }
        return cross(a, b, observations: n) / (a.selfStatistic * b.selfStatistic).squareRoot()
      }
    }
  }

  /// One representation's reusable statistics.
  struct Prepared: Sendable {
    /// Feature form: centred data and squared row norms; Gram form: the centred kernel.
    let centered: Matrix?
    let rowNorms: [Double]
    let kernelMatrix: Matrix?
    /// Unnormalised self-statistic and the level below which it is rounding noise.
    let selfStatistic: Double
    let floor: Double
  }

  func prepare(_ x: Matrix, name: String, featureForm: Bool) throws -> Prepared {
    switch kernel {
    case .linear:
      let centered = KernelMatrices.centered([x])
      let xc = centered.matrix
      let constant = centered.isConstant(columns: 0..<x.columns)
      let norms = centered.rowSquaredNorms(split: x.columns).0
      let total = norms.reduce(0, +)
      let floor = constant ? Double.infinity : (estimator == .debiased ? 1e-12 * total * total : 0)
      if featureForm {
        let g = gram(xc, side: .columns)
        let s = debias(dot(g.elements, g.elements), norms, norms, total, total, n: x.rows)
        return Prepared(centered: xc, rowNorms: norms, kernelMatrix: nil, selfStatistic: s, floor: floor)
      }
      var kk = gram(xc, side: .rows)
      if estimator == .debiased { KernelMatrices.center(&kk, estimator: .debiased) }
      return Prepared(
        centered: nil, rowNorms: [], kernelMatrix: kk, selfStatistic: dot(kk.elements, kk.elements), floor: floor)
    case .rbf, .precomputed:
      var kk = kernel == .rbf ? try KernelMatrices.rbf(x, fraction: bandwidth, median: median, name: name).kernel : x
      let floor = 1e-24 * dot(kk.elements, kk.elements)
      KernelMatrices.center(&kk, estimator: estimator)
      return Prepared(
        centered: nil, rowNorms: [], kernelMatrix: kk, selfStatistic: dot(kk.elements, kk.elements), floor: floor)
    }
  }

  /// Unnormalised HSIC statistic of a pair.
  func cross(_ a: Prepared, _ b: Prepared, observations n: Int) -> Double {
    if let ka = a.kernelMatrix, let kb = b.kernelMatrix { return dot(ka.elements, kb.elements) }
    guard let xa = a.centered, let xb = b.centered else { return .nan }
    let m = gemm(xa, xb, transposeA: true)
    return debias(
      dot(m.elements, m.elements), a.rowNorms, b.rowNorms, a.rowNorms.reduce(0, +), b.rowNorms.reduce(0, +), n: n)
  }

  /// Kornblith et al.'s feature-space debiasing of ‖XcᵀYc‖² (identity for the biased estimator).
  func debias(_ value: Double, _ r1: [Double], _ r2: [Double], _ s1: Double, _ s2: Double, n: Int) -> Double {
    guard estimator == .debiased else { return value }
    let d = Double(n)
    return value - d / (d - 2) * dot(r1, r2) + s1 * s2 / ((d - 1) * (d - 2))
  }
}
