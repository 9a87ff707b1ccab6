import NeurometryLinearAlgebra

/// Partial least squares regression (PLS2, Wold's NIPALS with regression deflation) —
/// scikit-learn's `PLSRegression(n_components, scale)`, fully converged.
///
/// X and Y are centred (and divided by their standard deviations, ddof 1, when `scale`; a zero
/// deviation is left at 1). For each component k, on the deflated X_k, Y_k:
///
///   w_k = leading left singular vector of X_kᵀY_k (sign: its largest |entry| positive)
///   t_k = X_k·w_k,  p_k = X_kᵀt_k / t_kᵀt_k,  c_k = Y_kᵀt_k / t_kᵀt_k
///   X_{k+1} = X_k − t_k·p_kᵀ,  Y_{k+1} = Y_k − t_k·c_kᵀ
///
/// and β = W·(PᵀW)⁻¹·Cᵀ (rescaled by the standard deviations), ŷ = (x − x̄)·β + ȳ. β is kept
/// factored (`PLSFit.coefficientRotation` = (PᵀW)⁻¹·Cᵀ, k × q): predictions are
/// ((x − x̄)·W)·R, n×p·p×k then n×k·k×q, and the p × q β is formed only when
/// `PLSFit.coefficients` is read.
///
/// Memory: besides the deflated n × p and n × q copies of X and Y, X_kᵀY_k (p × q) is kept as
/// workspace while it fits in `memoryBudgetBytes` (default 256 MiB); beyond that only its Gram on
/// the smaller side (min(p, q)²) is kept, updated by rank two per component with products taken
/// through X_k and Y_k (`NIPALSCrossProduct`; agreement with scikit-learn then 1e-10 instead of
/// 2e-12 on the fixtures, as its rounding grows like ε·σ₁²). A matrix-free power iteration on
/// X_kᵀ(Y_k·v), Y_kᵀ(X_k·u) costs 2·n·(p + q) multiply-adds per iteration and, with σ₂/σ₁
/// between 0.95 and 0.996 as on the `pls` benchmark's data, 381 to 4830 iterations per
/// component to reach machine precision: about 30× the multiply-adds of the Gram plus one top
/// eigenpair per component here (Docs/architecture.md, Encoding), so it is not used.
///
/// scikit-learn finds w_k by power iteration and stops when the squared change is below
/// `tol = 1e-6`, which leaves multi-target coefficients off by ~1e-5; Neurometry computes w_k to
/// machine precision (the top eigenvector of the smaller of X_kᵀY_k·Y_kᵀX_k and Y_kᵀX_k·X_kᵀY_k by
/// LAPACK `dsyevr`; X_kᵀY_k is updated by rank one, X_{k+1}ᵀY_{k+1} = X_kᵀY_k − t_kᵀt_k·p_k·c_kᵀ,
/// or, over the memory budget, its Gram by rank two).
/// With one target there is no iteration and the two agree to rounding. Matches scikit-learn 1.9.1
/// run with tol=1e-30 to 1e-9 relative (Tests/Fixtures/encoding, cases pls_*).
///
/// Components are capped at min(n_features, n_samples − 1), with a warning (Brain-Score's
/// PLS(25) failed on layers narrower than 25); fitting stops early, with a warning, when X or Y is
/// fully explained (scikit-learn stops on a constant Y residual too). Cost per component:
/// O(n·(p + q) + p·q·min(p, q) + min(p, q)³) after one X ᵀY product.
public struct PLSRegression: Sendable {
  /// Components to extract (≥ 1; default 2, scikit-learn's); capped at min(p, n − 1) with a warning.
  public var components: Int
  /// Divide X and Y by their standard deviations (ddof 1) after centring (default true, scikit-learn's).
  public var scale: Bool
  /// What to do with targets that contain NaN (default: throw).
  public var nanTargets: NaNTargetPolicy
  /// Largest X_kᵀY_k (p × q doubles) held whole; beyond it only its min(p, q)² Gram is kept.
  public var memoryBudgetBytes: Int

  /// scikit-learn's defaults are 2 components and `scale: true`; Brain-Score uses 25 and false.
  /// X_kᵀY_k is held whole up to 256 MiB.
  public init(
    components: Int = 2, scale: Bool = true, nanTargets: NaNTargetPolicy = .error, memoryBudgetBytes: Int = 256 << 20
  ) {
    self.components = components
    self.scale = scale
    self.nanTargets = nanTargets
    self.memoryBudgetBytes = memoryBudgetBytes
  }

  /// Fits X (n × p) → Y (n × t). Inputs are not modified.
  ///
  /// - Complexity: O(n·p·t) for XᵀY, then per component O(n·(p + t) + p·t·min(p, t) + min(p, t)³);
  ///   for k components O(n·p·t + k·(n·(p + t) + p·t·min(p, t) + min(p, t)³)).
  public func fit(_ x: Matrix, _ y: Matrix, names: EncodingInputNames = EncodingInputNames()) throws -> PLSFit {
    let context = "pls"
    guard components >= 1 else {
      throw NeurometryError.invalidInput(context: context, message: "\(components) components; need at least 1")
    }
    var problem = try EncodingProblem(x: x, y: y, names: names, nanTargets: nanTargets, context: context)
    let (n, p, q) = (x.rows, x.columns, problem.y.columns)
    let cap = Swift.min(p, n - 1)
    var k = components
    if k > cap {
      problem.notes.messages.append(
        "\(components) components requested but \(names.x) has \(p) features and \(n) stimuli; using \(cap) (at most min(features, stimuli − 1))"
      )
      k = cap
    }
    // Centre (and scale); constant columns exactly.
    // (The deflated copies are the only copies: no separate standardised X and Y are kept.)
    var (xk, xMean, xStd, _) = x.standardizingColumns(ddof: 1, scale: scale)
    var (yk, yMean, yStd, _) = problem.y.standardizingColumns(ddof: 1, scale: scale)
    var cross = NIPALSCrossProduct(x: xk, y: yk, budgetBytes: memoryBudgetBytes)  // X_kᵀY_k
    var weights: [[Double]] = []
    var xLoadings: [[Double]] = []
    var yLoadings: [[Double]] = []
    var scores: [[Double]] = []
    let tiny = 10 * Double.ulpOfOne
    for component in 0..<k {
      // scikit-learn zeroes Y columns that are numerically fully explained.
      var live = 0
      for j in 0..<q {
        var allSmall = true
        for i in 0..<n where abs(yk[i, j]) >= tiny {
          allSmall = false
          break
        }
        if allSmall {
          cross.zeroTarget(j, x: xk, y: yk)
          for i in 0..<n { yk[i, j] = 0 }
        } else {
          live += 1
        }
      }
      if live == 0 {
        problem.notes.messages.append("Y is fully explained after \(component) components; stopping there")
        break
      }
      var w = try cross.leadingLeftSingularVector(x: xk, y: yk)
      // Sign convention of scikit-learn's _svd_flip_1d: the largest |entry| is positive.
      var largest = 0
      for i in 1..<p where abs(w[i]) > abs(w[largest]) { largest = i }
      if w[largest] < 0 { w = w.map { -$0 } }
      let t = xk.times(vector: w)
      let tt = dot(t, t)
      guard tt > 0, tt.isFinite else {
        problem.notes.messages.append("X is fully explained after \(component) components; stopping there")
        break
      }
      let pk = xk.times(vector: t, transpose: true).map { $0 / tt }
      let ck = yk.times(vector: t, transpose: true).map { $0 / tt }
      cross.deflate(x: xk, y: yk, tt: tt, p: pk, c: ck)
      Self.subtractOuter(&xk, t, pk)
      Self.subtractOuter(&yk, t, ck)
      weights.append(w)
      xLoadings.append(pk)
      yLoadings.append(ck)
      scores.append(t)
    }
    let used = weights.count
    let wMatrix = Self.columns(weights, rows: p)
    let pMatrix = Self.columns(xLoadings, rows: p)
    let cMatrix = Self.columns(yLoadings, rows: q)
    // β = W·(PᵀW)⁻¹·Cᵀ is kept factored: R = (PᵀW)⁻¹·Cᵀ (k × q; PᵀW is unit upper triangular for
    // NIPALS, so the solve is exact), with the target scaling folded in (column j times y_std_j);
    // the feature scaling 1/x_std_f is applied to W when β or predictions are formed.
    var rotation = Matrix(rows: used, columns: q)
    if used > 0 {
      let ptw = gemm(pMatrix, wMatrix, transposeA: true)
      rotation = try ptw.solve(cMatrix.transposed).scalingColumns(by: yStd)
    }
    for j in problem.constant {
      for r in 0..<used { rotation[r, j] = 0 }
    }
    var fit = PLSFit(
      coefficientRotation: problem.expandColumns(rotation), intercepts: problem.expand(yMean), xMean: xMean,
      xScale: xStd, yScale: problem.expand(yStd), xWeights: wMatrix, xLoadings: pMatrix,
      yLoadings: problem.expandColumns(cMatrix.transposed).transposed,
      xScores: Self.columns(scores, rows: n), components: used, requestedComponents: components, scale: scale,
      droppedTargets: problem.dropped, constantTargets: problem.constant.map { problem.kept[$0] },
      warnings: problem.warnings)
    fit.notes = problem.notes
    return fit
  }

  /// A ← A − u·vᵀ (a rank-one BLAS update).
  static func subtractOuter(_ a: inout Matrix, _ u: [Double], _ v: [Double]) {
    gemm(
      Matrix(rows: u.count, columns: 1, elements: u), Matrix(rows: 1, columns: v.count, elements: v), into: &a,
      alpha: -1, beta: 1)
  }

  /// Vectors as the columns of a rows × count matrix.
  static func columns(_ vectors: [[Double]], rows: Int) -> Matrix {
    Matrix(rows: rows, columns: vectors.count) { i, j in vectors[j][i] }
  }
}
