import NeurometryLinearAlgebra

/// Ridge regression with one penalty per target chosen by efficient leave-one-out
/// cross-validation — scikit-learn's `RidgeCV(alphas, alpha_per_target=True)` with its default
/// `cv=None` (generalised cross-validation in the sense of Rifkin & Lippert 2007), numerically.
///
/// With H(α) = X_c·(X_cᵀX_c + αI)⁻¹·X_cᵀ (+ 1·1ᵀ/n when `fitIntercept`) the leave-one-out
/// residual of sample i is e_i(α) = (y_c − H·y_c)_i / (1 − H_ii), with X_c, y_c centred when
/// `fitIntercept` (scikit-learn's definition). From one factorisation (SVD of X_c, or the kernel's
/// eigendecomposition when n < p), H(α)·Y and diag H(α) are matrix products for every α.
///
/// - `score` `.negativeMeanSquaredError` (default) is scikit-learn's criterion −mean_i e_i²;
///   `.r2` and `.pearson` score the leave-one-out predictions y − e as scikit-learn's `scoring`
///   argument would.
/// - Per target the first α (in grid order) with the highest score wins, as in scikit-learn
///   (no tie-break slope, unlike himalaya).
/// - `fitIntercept` defaults to true (scikit-learn's default).
///
/// Matches scikit-learn 1.9.1 to 1e-9 relative: chosen α, coefficients, intercepts, best scores and
/// the leave-one-out squared errors (`cv_results_`). Cost: one SVD of n × p, then
/// 2·n_alphas·n·k·t flops for the residuals of every α and target.
public struct RidgeLeaveOneOut: Sendable {
  /// Candidate penalties α (> 0, finite); ties go to the first in this order.
  public var alphas: [Double]
  /// The leave-one-out criterion per target (default `.negativeMeanSquaredError`, scikit-learn's).
  public var score: EncodingScore
  /// Centre X and Y and fit an intercept (default true, as scikit-learn).
  public var fitIntercept: Bool
  /// The factorisation: SVD (`.primal`), kernel eigendecomposition (`.dual`) or chosen by shape
  /// (`.auto`, default).
  public var solver: RidgeSolver
  /// What to do with targets that contain NaN (default: throw).
  public var nanTargets: NaNTargetPolicy
  /// Store the p × t coefficients (needed for `RidgeLeaveOneOutFit.predict`); default true.
  public var storeCoefficients: Bool
  /// Keep every leave-one-out squared error (n_alphas × n × t, scikit-learn's `cv_results_`).
  public var storeSquaredErrors: Bool
  /// Targets per batch; nil chooses from `memoryBudgetBytes`.
  public var targetBatchSize: Int?
  /// Memory for the stacked fitted values of one target batch (n_alphas × n per target; default
  /// 256 MiB).
  public var memoryBudgetBytes: Int

  /// scikit-learn's defaults: negative MSE, intercept fitted; automatic form, no stored LOO errors.
  public init(
    alphas: [Double], score: EncodingScore = .negativeMeanSquaredError, fitIntercept: Bool = true,
    solver: RidgeSolver = .auto, nanTargets: NaNTargetPolicy = .error, storeCoefficients: Bool = true,
    storeSquaredErrors: Bool = false, targetBatchSize: Int? = nil, memoryBudgetBytes: Int = 256 << 20
  ) {
    self.storeSquaredErrors = storeSquaredErrors
    self.alphas = alphas
    self.score = score
    self.fitIntercept = fitIntercept
    self.solver = solver
    self.nanTargets = nanTargets
    self.storeCoefficients = storeCoefficients
    self.targetBatchSize = targetBatchSize
    self.memoryBudgetBytes = memoryBudgetBytes
  }

  /// Fits X (n × p) → Y (n × t). Inputs are not modified.
  ///
  /// - Complexity: as `fit(_:_:names:predicting:)` without new rows.
  public func fit(
    _ x: Matrix, _ y: Matrix, names: EncodingInputNames = EncodingInputNames()
  ) throws -> RidgeLeaveOneOutFit {
    try fit(x, y, names: names, predicting: nil).fit
  }

  /// Fits and predicts targets for `xNew` (m × p) at each target's chosen α, without forming the
  /// p × t coefficients when `storeCoefficients` is false (as `RidgeCV.fit(_:_:names:predicting:)`).
  ///
  /// - Complexity: one factorisation of the n × p features, O(n·p·k) with k = min(n, p) (primal) or
  ///   O(n²·p + n³) with k = n (dual); O(n_alphas·n·k) for the leverages; O(n·k·t +
  ///   n_alphas·n·k·t) for every α's leave-one-out residuals; O(p·k·t) for stored coefficients and
  ///   O(m·p·k + m·k·t) for m new rows.
  public func fit(
    _ x: Matrix, _ y: Matrix, names: EncodingInputNames = EncodingInputNames(), predicting xNew: Matrix?
  ) throws -> (fit: RidgeLeaveOneOutFit, predictions: Matrix?) {
    let context = "ridge (leave-one-out)"
    try RidgeCV.validate(alphas: alphas, context: context)
    var problem = try EncodingProblem(
      x: x, y: y, names: names, nanTargets: nanTargets, context: context, minimumSamples: fitIntercept ? 3 : 2)
    if let xNew, xNew.columns != x.columns {
      throw NeurometryError.shapeMismatch(
        context: context, message: "new features have \(xNew.columns) columns but \(names.x) has \(x.columns)")
    }
    if let xNew { try xNew.requireFinite("\(context) (features to predict from)") }
    let n = x.rows
    let t = problem.y.columns
    let form = solver.resolved(samples: n, features: x.columns)
    let xMean = fitIntercept ? x.columnMeans : [Double](repeating: 0, count: x.columns)
    let factorization = try RidgeFactorization(
      fitIntercept ? x.subtractingFromColumns(xMean) : x, form: form, smallestPenalty: alphas.min())
    let basis = factorization.basis
    let hatWeights = alphas.map(factorization.hatWeights)
    // Fitted values H·y_c for every α: [B·diag(f(α₁)); B·diag(f(α₂)); …]·(Bᵀ·y_c).
    let stackedHat = RidgeCV.stackedProjections(basis, weights: hatWeights)
    // 1 − H_ii per α and sample: H_ii = Σ_j B_ij²·f_j(α) (+ 1/n with an intercept), one GEMM of the
    // squared basis with the weights of every α.
    let hatDiagonals = gemm(
      basis.map { $0 * $0 }, Matrix(rows: alphas.count, columns: basis.columns, elements: hatWeights.flatMap { $0 }),
      transposeB: true)
    let interceptLeverage = fitIntercept ? 1 / Double(n) : 0
    let leverage = alphas.indices.map { a in (0..<n).map { i in 1 - (interceptLeverage + hatDiagonals[i, a]) } }
    let batch =
      targetBatchSize ?? RidgeCV.automaticBatch(budget: memoryBudgetBytes, rowsPerTarget: alphas.count * n)
    var scores = Matrix(rows: alphas.count, columns: t)
    var squaredErrors: [Matrix] = storeSquaredErrors ? alphas.map { _ in Matrix(rows: n, columns: t) } : []
    let keepErrors = storeSquaredErrors
    let all = Array(0..<n)
    // α per target is chosen batch by batch (each target's choice is its own), and the refit on
    // all samples reuses the batch's projection Z = Bᵀ·y_c (one projection of the targets, not two).
    var chosen = [Int](repeating: 0, count: t)
    var best = [Double](repeating: .nan, count: t)
    var chosenAlpha = [Double](repeating: .nan, count: t)
    let isConstant = Set(problem.constant)
    var refit = RidgeRefit(
      factorization: factorization, xMean: xMean, targets: t, fitIntercept: fitIntercept,
      storeCoefficients: storeCoefficients, xNew: xNew, constant: problem.constant)
    // First α with the strictly highest score, in grid order (scikit-learn's update rule).
    func select(_ range: Range<Int>) {
      for j in range {
        for a in alphas.indices where !scores[a, j].isNaN && (best[j].isNaN || scores[a, j] > best[j]) {
          best[j] = scores[a, j]
          chosen[j] = a
        }
        chosenAlpha[j] = isConstant.contains(j) ? .nan : alphas[chosen[j]]
        if isConstant.contains(j) { best[j] = .nan }
      }
    }
    for range in targetBatches(count: t, size: batch) {
      let yMean = fitIntercept ? problem.y.columnMeans(ofRows: all, columns: range) : nil
      let b = range.count
      // The batch's targets, centred when there is an intercept (a copy), else read in place (a
      // strided view).
      let centred = yMean.map { problem.y.gathering(rows: all, columns: range, subtracting: $0) }
      let targets = centred.map { $0[rows: 0..<n, columns: 0..<b] } ?? problem.y[rows: 0..<n, columns: range]
      let z = factorization.project(targets: targets)
      if score == .negativeMeanSquaredError && !keepErrors {
        // −mean(e²) of the leave-one-out residuals e = (y − ŷ)/(1 − Hᵢᵢ), the fitted values made
        // and used block by block (no corrected predictions written back).
        let meanSquares = try Self.leaveOneOutMeanSquares(
          targets: targets, stackedHat: stackedHat, projection: z, leverage: leverage, alphas: alphas.count)
        for a in alphas.indices {
          for (c, j) in range.enumerated() { scores[a, j] = meanSquares[a][c] }
        }
      } else {
        // Leave-one-out predictions y − e in place of the fitted values.
        let yc = centred ?? Matrix(copying: targets)
        var predictions = gemm(stackedHat, z)
        predictions.withUnsafeMutableBufferPointer { pr in
          yc.withUnsafeBufferPointer { yv in
            for a in alphas.indices {
              for i in 0..<n {
                let d = leverage[a][i]
                for j in 0..<b {
                  let e = (yv[i * b + j] - pr[(a * n + i) * b + j]) / d
                  pr[(a * n + i) * b + j] = yv[i * b + j] - e
                  if keepErrors { squaredErrors[a][i, range.lowerBound + j] = e * e }
                }
              }
            }
          }
        }
        let s = score.stackedScores(truth: yc, stacked: predictions, blocks: alphas.count)
        for a in alphas.indices {
          for (c, j) in range.enumerated() { scores[a, j] = s[a][c] }
        }
      }
      select(range)
      refit.add(z: z, range: range, alphas: chosenAlpha, yMean: yMean)
    }
    problem.notes.undefined = (0..<t).filter { best[$0].isNaN && !isConstant.contains($0) }.map {
      problem.kept[$0]
    }
    problem.notes.selection = .leaveOneOutAlpha
    let refitted = refit.result
    var fit = RidgeLeaveOneOutFit(
      alphas: problem.expand(chosenAlpha), scores: problem.expand(best), meanScores: problem.expandColumns(scores),
      squaredErrors: keepErrors ? squaredErrors.map(problem.expandColumns) : nil,
      coefficients: refitted.coefficients.map(problem.expandColumns),
      intercepts: problem.expand(refitted.intercepts), solver: form, alphaGrid: alphas, score: score,
      fitIntercept: fitIntercept, droppedTargets: problem.dropped,
      constantTargets: problem.constant.map { problem.kept[$0] },
      warnings: problem.warnings)
    fit.notes = problem.notes
    return (fit, refitted.predictions.map(problem.expandColumns))
  }

  /// Rows of the stacked hat projections per block of `leaveOneOutMeanSquares`.
  static let hatBlockRows = 256

  /// −mean_i e_i² per α and target for the leave-one-out residuals e = (y − ŷ)/(1 − Hᵢᵢ), from the
  /// targets Y (n × b, any stride), the stacked hat projections [B·diag(f(α₁)); …] (n_alphas·n × k),
  /// the batch's projection Z = Bᵀ·Y (k × b) and 1 − Hᵢᵢ per α and sample.
  ///
  /// The fitted values ŷ are never stored whole: blocks of `hatBlockRows` samples of one α are
  /// multiplied (single-threaded GEMMs, blocks in parallel) and their squared residuals summed
  /// while the block is still in cache — no n_alphas·n × b matrix written, zeroed and read back.
  /// Partial sums are added in block order, so the values do not depend on the thread count.
  static func leaveOneOutMeanSquares<Y: StridedMatrix>(
    targets: Y, stackedHat: Matrix, projection z: Matrix, leverage: [[Double]], alphas: Int
  ) throws -> [[Double]] {
    let (n, b) = (targets.rows, targets.columns)
    let perAlpha = (n + hatBlockRows - 1) / hatBlockRows
    let partial = try Parallel.map(alphas * perAlpha) { task -> [Double] in
      let (a, block) = (task / perAlpha, task % perAlpha)
      let rows = (block * hatBlockRows)..<Swift.min(n, (block + 1) * hatBlockRows)
      let fitted = gemm(stackedHat[rows: (a * n + rows.lowerBound)..<(a * n + rows.upperBound), columns: 0..<z.rows], z)
      var acc = [Double](repeating: 0, count: b)
      targets.withStridedPointer { yv, ld in
        fitted.withUnsafeBufferPointer { pr in
          acc.withUnsafeMutableBufferPointer { s in
            for (r, i) in rows.enumerated() {
              let d = leverage[a][i]
              let (yRow, fRow) = (i * ld, r * b)
              for j in 0..<b {
                let e = (yv[yRow + j] - pr[fRow + j]) / d
                s[j] += e * e
              }
            }
          }
        }
      }
      return acc
    }
    return (0..<alphas).map { a in
      var sums = [Double](repeating: 0, count: b)
      for block in 0..<perAlpha {
        for j in 0..<b { sums[j] += partial[a * perAlpha + block][j] }
      }
      return sums.map { -$0 / Double(n) }
    }
  }
}
