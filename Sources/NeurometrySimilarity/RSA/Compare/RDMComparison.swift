import Foundation
import NeurometryLinearAlgebra

/// Compares every RDM of one set with every RDM of another (rsatoolbox `rdm.compare`); see
/// `RDMComparator` for the formulas.
///
/// Missing pairs: a pair that is NaN in any RDM is left out of every comparison; both sets must
/// miss the same pairs (rsatoolbox's rule), otherwise an error names the pairs by their
/// conditions. Both sets need the same number of conditions (at least 3) and, when both carry
/// named labels, the same labels in the same order.
///
/// Cost: cosine, corr, spearman, rho-a and the whitened comparators are one GEMM between the
/// (transformed) sets; tau-a and tau-b are O(q log q) per pair of RDMs (merge-sort Kendall),
/// run in parallel; Bures needs an eigendecomposition per pair, O(n³), in parallel.
///
/// Whitened comparators (Diedrichsen et al. 2021, NeuroImage 240): with Σ = `patternCovariance`,
/// P = [−1 | I] the (n−1)×n contrasts against condition 0, Γ = P·G·Pᵀ the kernel the distances
/// determine (Γₖₗ = ½(d₀ₖ + d₀ₗ − dₖₗ), conditions k, l ≥ 1) and W = (PΣPᵀ)⁻¹, the whitened inner
/// product xᵀV⁻¹y equals tr(Γₓ W Γ_y W) — computed as the Frobenius product of L⁻¹ΓL⁻ᵀ with
/// LLᵀ = PΣPᵀ, O(n³) per RDM instead of a solve with the q×q matrix V. For Σ = I this is the
/// cosine of the double-centred −½D (rsatoolbox's fast path). With missing pairs, Σ = I uses
/// rsatoolbox's weighted double-centring; a general Σ solves with V restricted to the present
/// pairs (Cholesky; at most 6,000 pairs). rsatoolbox evaluates a full Σ by conjugate gradients to
/// a relative tolerance of 1e-5; Neurometry solves exactly.
public struct RDMComparison: Sendable {
  /// How each pair of RDMs is compared (`RDMComparator`; default `.cosine`).
  public var comparator: RDMComparator
  /// Σ for the whitened comparators (default identity).
  public var patternCovariance: PatternCovariance
  /// Diagonal Σ: exact V⁻¹ whitening (default) or rsatoolbox 0.3.2's approximation.
  public var diagonalWhitening: DiagonalWhitening

  /// A comparison with `comparator` (default cosine); `patternCovariance` and `diagonalWhitening`
  /// matter only for the whitened comparators `.cosineCov` and `.corrCov`.
  public init(
    _ comparator: RDMComparator = .cosine, patternCovariance: PatternCovariance = .identity,
    diagonalWhitening: DiagonalWhitening = .exact
  ) {
    self.comparator = comparator
    self.patternCovariance = patternCovariance
    self.diagonalWhitening = diagonalWhitening
  }

  /// values[k, l] = comparison of `first` RDM k with `second` RDM l.
  ///
  /// Throws `NeurometryError.shapeMismatch` for different numbers of conditions and
  /// `NeurometryError.invalidInput` for fewer than 3 conditions, different condition labels, missing
  /// pairs at different positions, fewer than 2 present pairs, or missing pairs with a Bures
  /// comparator; the whitened comparators also throw for an invalid `patternCovariance`.
  /// - Complexity: with a and b RDMs over q = n(n−1)/2 pairs, O(a·b·q) (one GEMM) for cosine, corr,
  ///   spearman and rho-a, plus O((a + b)·q log q) to rank; O(a·b·q log q) for tau-a and tau-b; the
  ///   whitened comparators add O((a + b)·n³) to whiten (a Cholesky of the q×q V restricted to the
  ///   present pairs, O(q³), when pairs are missing under a general Σ); Bures O(a·b·n³).
  public func compare(_ first: RDMs, _ second: RDMs) throws -> RDMComparisonResult {
    let context = "compare (\(comparator.rawValue))"
    guard first.pairCount == second.pairCount else {
      throw NeurometryError.shapeMismatch(
        context: context,
        message:
          "the RDMs have \(first.conditionCount) and \(second.conditionCount) conditions (\(first.pairCount.grouped) and \(second.pairCount.grouped) pairs)"
      )
    }
    let n = first.conditionCount
    guard n >= 3 else {
      throw NeurometryError.invalidInput(
        context: context, message: "comparing RDMs needs at least 3 conditions, found \(n)")
    }
    if first.conditions != second.conditions && !first.hasIndexLabels && !second.hasIndexLabels {
      let k = zip(first.conditions, second.conditions).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? 0
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "the RDMs are over different conditions: condition \(k) is '\(first.conditions[k])' in the first set and '\(second.conditions[k])' in the second"
      )
    }
    let missingA = first.missingPairs
    let missingB = second.missingPairs
    if missingA != missingB {
      let pairs = CondensedIndex.pairs(n)
      let differing = (0..<first.pairCount).filter { missingA[$0] != missingB[$0] }
      let shown = differing.prefix(5).map { k -> String in
        let (i, j) = pairs[k]
        return
          "('\(first.conditions[i])', '\(first.conditions[j])') \(missingA[k] ? "missing in the first set" : "missing in the second set")"
      }
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "the two sets of RDMs have missing (NaN) pairs at different positions: \(shown.joined(separator: ", "))\(differing.count > 5 ? " and \(differing.count - 5) more" : "")"
      )
    }
    let valid = (0..<first.pairCount).filter { !missingA[$0] }
    guard valid.count >= 2 else {
      throw NeurometryError.invalidInput(
        context: context, message: "only \(valid.count) pair is present in the RDMs; a comparison needs at least 2")
    }
    var warnings: [String] = []
    if valid.count < first.pairCount {
      warnings.append("\(first.pairCount - valid.count) missing pairs left out of the comparison")
    }
    let complete = valid.count == first.pairCount
    let a = complete ? first.dissimilarities : first.dissimilarities.selectingColumns(valid)
    let b = complete ? second.dissimilarities : second.dissimilarities.selectingColumns(valid)
    let values: Matrix
    switch comparator {
    case .cosine:
      values = Self.cosines(a, b)
    case .corr:
      let (ca, cb) = (Self.centeringRows(a), Self.centeringRows(b))
      warnings += Self.constantWarnings(ca, cb)
      values = Self.cosines(ca, cb)
    case .spearman:
      let (ra, rb) = (Self.centredRanks(a), Self.centredRanks(b))
      warnings += Self.constantWarnings(ra, rb)
      values = Self.cosines(ra, rb)
    case .rhoA:
      let q = Double(valid.count)
      values = try Self.rankProducts(a, b).map { $0 * (12 / (q * q * q - q)) }
    case .tauA, .tauB:
      values = try Self.kendall(a, b, tauB: comparator == .tauB)
      if comparator == .tauB { warnings += Self.constantWarnings(a, b, reported: "NaN (null in JSON)") }
    case .cosineCov, .corrCov:
      var (wa, wb) = (a, b)
      if comparator == .corrCov {
        (wa, wb) = (Self.centeringRows(a), Self.centeringRows(b))
        warnings += Self.constantWarnings(wa, wb)
      }
      let whitening = try Whitening(
        covariance: patternCovariance, conditions: n, diagonal: diagonalWhitening, context: context)
      values = Self.cosines(
        try whitening.whiten(wa, valid: valid, complete: complete, context: context),
        try whitening.whiten(wb, valid: valid, complete: complete, context: context))
    case .bures, .buresMetric:
      guard complete else {
        throw NeurometryError.invalidInput(
          context: context,
          message: "the Bures comparators need complete RDMs (\(first.pairCount - valid.count) pairs are missing)")
      }
      values = try Self.bures(first, second, metric: comparator == .buresMetric)
    }
    return RDMComparisonResult(values: values, comparator: comparator, pairsCompared: valid.count, warnings: warnings)
  }

  // MARK: Building blocks

  /// Cosines of all row pairs; a zero row gives 0 (rsatoolbox's `_cosine`).
  static func cosines(_ a: Matrix, _ b: Matrix) -> Matrix {
    let na = a.rowSquaredNorms.map { $0.squareRoot() }
    let nb = b.rowSquaredNorms.map { $0.squareRoot() }
    let dots = gemm(a, b, transposeB: true)
    return Matrix(rows: a.rows, columns: b.rows) { i, j in
      na[i] > 0 && nb[j] > 0 ? dots[i, j] / na[i] / nb[j] : 0
    }
  }

  /// Each row minus its mean; a constant row becomes exactly zero (not rounding noise, whose
  /// direction would be arbitrary), so its correlation is the documented 0.
  static func centeringRows(_ x: Matrix) -> Matrix {
    var out = RDMEstimator.removingRowMeans(x)
    for i in 0..<x.rows {
      let first = x[i, 0]
      if (0..<x.columns).allSatisfy({ x[i, $0] == first }) {
        for j in 0..<x.columns { out[i, j] = 0 }
      }
    }
    return out
  }

  /// Average ranks of each row minus their mean (q + 1)/2, computed in parallel straight into the
  /// result (exact: ranks are multiples of ½; a constant row becomes exactly 0, as `centeringRows`
  /// makes it).
  static func centredRanks(_ x: Matrix) -> Matrix {
    let shift = Double(x.columns + 1) / 2
    return Matrix(
      rows: x.rows, columns: x.columns,
      parallelRows: { i, out in
        Ranking.averageRanks(x.row(i), shift: shift, into: out)
      })
  }

  /// Inner products of the centred ranks of every row of `a` with those of every row of `b`.
  ///
  /// One side with at most 4 rows (models against many data RDMs): that side's centred ranks
  /// are the weights of `Ranking.shiftedRankDots` for each row of the other, in parallel — no
  /// rank matrix of the many rows is written and read back. Otherwise one GEMM of the two rank
  /// matrices. Both are exact: centred ranks are multiples of ½ and the sums stay far below 2⁵¹.
  static func rankProducts(_ a: Matrix, _ b: Matrix) throws -> Matrix {
    guard Swift.min(a.rows, b.rows) <= 4 && Swift.max(a.rows, b.rows) > 4 else {
      return gemm(Self.centredRanks(a), Self.centredRanks(b), transposeB: true)
    }
    let fewFirst = a.rows <= b.rows
    let (few, many) = fewFirst ? (a, b) : (b, a)
    let weights = Self.centredRanks(few)
    let shift = Double(a.columns + 1) / 2
    let dots = try Parallel.map(many.rows) { r in Ranking.shiftedRankDots(many.row(r), shift: shift, weights: weights) }
    return Matrix(rows: a.rows, columns: b.rows) { i, j in fewFirst ? dots[j][i] : dots[i][j] }
  }

  static func constantWarnings(_ a: Matrix, _ b: Matrix, reported: String = "0") -> [String] {
    var out: [String] = []
    for (name, m) in [("first", a), ("second", b)] {
      let constant = (0..<m.rows).filter { i in (0..<m.columns).allSatisfy { m[i, $0] == m[i, 0] } }
      if !constant.isEmpty {
        // At most 10 indices, then how many: a searchlight can have thousands of constant RDMs.
        let shown = constant.prefix(10).map(String.init).joined(separator: ", ")
        let which =
          constant.count == 1
          ? "RDM \(shown) of the \(name) set is"
          : "\(constant.count.grouped) RDMs of the \(name) set (\(shown)\(constant.count > 10 ? ", …" : "")) are"
        out.append(
          "\(which) constant: \(constant.count == 1 ? "its correlation is" : "their correlations are") undefined and reported as \(reported)"
        )
      }
    }
    return out
  }

  /// τ_A or τ_B for all pairs of rows, in parallel. The set with fewer RDMs is prepared (one
  /// argsort per RDM); the other side's rows are used as raw values (`KendallTau.counts(_:values:)`),
  /// so one model against many data RDMs costs one merge sort per data RDM. τ is symmetric, so
  /// which side is prepared does not change the values.
  static func kendall(_ a: Matrix, _ b: Matrix, tauB: Bool) throws -> Matrix {
    let prepareFirst = a.rows <= b.rows
    let (small, large) = prepareFirst ? (a, b) : (b, a)
    let prepared = try Parallel.map(small.rows) { KendallTau.Prepared(small.row($0)) }
    let m = b.rows
    let v = try Parallel.map(a.rows * m) { k -> Double in
      let (i, j) = (k / m, k % m)
      let (p, r) = prepareFirst ? (i, j) : (j, i)
      let c = KendallTau.counts(prepared[p], values: large.row(r))
      return tauB ? c.tauB : c.tauA
    }
    return Matrix(rows: a.rows, columns: m, elements: v)
  }

  /// The double-centred kernel G = −½HDH of every RDM (full n×n, row-major), one row per RDM.
  static func centredKernels(_ rdms: RDMs) -> [Matrix] {
    (0..<rdms.count).map { k in rdms.squareMatrix(k).map { -0.5 * $0 }.doubleCentered() }
  }

  /// Σ √λ over the eigenvalues of a PSD matrix, treating λ ≤ 64·n·ε·λ_max as 0: the kernels are
  /// singular (double-centring removes the constant direction), and the square root would turn
  /// rounding noise of size ε into errors of size √ε ≈ 1e-8 (which rsatoolbox's results carry).
  static func rootSum(_ eigenvalues: [Double]) -> Double {
    let top = eigenvalues.max() ?? 0
    let floor = 64 * Double(eigenvalues.count) * Double.ulpOfOne * top
    return eigenvalues.reduce(0) { $0 + ($1 > floor ? $1.squareRoot() : 0) }
  }

  /// Bures similarity or squared metric of all pairs of centred kernels, in parallel.
  static func bures(_ first: RDMs, _ second: RDMs, metric: Bool) throws -> Matrix {
    let ga = centredKernels(first)
    let gb = centredKernels(second)
    let roots = try Parallel.map(ga.count) { try ga[$0].psdSquareRoot() }
    let m = gb.count
    let v = try Parallel.map(ga.count * m) { k -> Double in
      let (i, j) = (k / m, k % m)
      let inner = gemm(gemm(roots[i], gb[j]), roots[i]).symmetrized
      let fidelity = try rootSum(inner.symmetricEigenvalues())
      let (ta, tb) = (ga[i].trace, gb[j].trace)
      return metric ? ta + tb - 2 * fidelity : fidelity / (ta * tb).squareRoot()
    }
    return Matrix(rows: ga.count, columns: m, elements: v)
  }
}

extension RDMs {

  /// True when the labels are the row indices "0", "1", … (no names given).
  var hasIndexLabels: Bool { conditions.enumerated().allSatisfy { $0.element == String($0.offset) } }

  /// For each pair, true when any RDM has NaN there.
  var missingPairs: [Bool] {
    var out = [Bool](repeating: false, count: pairCount)
    let p = pairCount
    // Most RDMs have no NaN: one branch-free (vectorised) scan settles that, over blocks of rows
    // in parallel when there are many (the scan is bound by memory bandwidth, which one core
    // does not saturate).
    let rows = count
    let blocks = rows * p >= 1 << 20 ? Swift.min(rows, 2 * Parallel.workers) : 1
    let elements = dissimilarities.elements
    let flagged =
      (try? Parallel.map(blocks) { b -> Bool in
        let range = (b * rows / blocks * p)..<((b + 1) * rows / blocks * p)
        return elements.withUnsafeBufferPointer { d in
          !Matrix.allFinite(UnsafeBufferPointer(rebasing: d[range]))
        }
      }) ?? [true]
    let anyNaN = flagged.contains(true) && elements.contains { $0.isNaN }
    guard anyNaN else { return out }
    dissimilarities.withUnsafeBufferPointer { d in
      out.withUnsafeMutableBufferPointer { o in
        for r in 0..<count {
          for k in 0..<p { o[k] = o[k] || d[r * p + k].isNaN }
        }
      }
    }
    return out
  }
}
