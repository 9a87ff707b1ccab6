import Foundation
import NeurometryLinearAlgebra

/// Ridge regression with one penalty per target chosen by K-fold cross-validation — himalaya's
/// `RidgeCV` (Dupré la Tour et al. 2022), numerically: for every target j,
///
///   β_j = argmin_β ‖X·β − y_j‖² + α_j‖β‖²,   α_j = argmax_α mean_folds score(y_j,test, ŷ_j,test(α)) + 1e-10·log α
///
/// then refit on all samples with α_j.
///
/// - Per fold, one factorisation of the training features (SVD, or the kernel's eigendecomposition
///   when there are fewer samples than features: `solver`, reported in the fit); the predictions of
///   all α and all targets follow from it by matrix products (see `RidgeFactorization`).
/// - Targets are processed in batches of `targetBatchSize` (default: as many as keep the stacked
///   predictions under `memoryBudgetBytes`), so memory stays bounded for 100,000 voxels; results do
///   not depend on the batch size.
/// - `fitIntercept` (default true): X and Y are centred with the training means of each fold (and
///   with the means of all samples for the refit); the intercept is ȳ − x̄·β. With `false`, X and Y
///   must already be centred (himalaya's default, `fit_intercept=False`).
/// - `score` (default `.negativeMeanSquaredError`, himalaya's `l2_neg_loss`) is the selection
///   criterion; `conservative` applies himalaya's one-standard-deviation rule.
/// - Constant targets get NaN scores and α (a warning says which); NaN targets throw unless
///   `nanTargets` is `.drop`.
///
/// Matches himalaya 0.4.11 (numpy backend, float64) to 1e-10 relative on chosen α, coefficients,
/// predictions and CV scores (Tests/Fixtures/encoding). Cost per fold: one SVD of n_train × p (or
/// eigendecomposition of n_train × n_train) plus 2·n_train·k·t + 2·n_alphas·n_test·k·t flops.
public struct RidgeCV: Sendable {
  /// Candidate penalties (> 0, finite); order does not matter.
  public var alphas: [Double]
  /// The splitter whose folds score every α (default 5 contiguous folds, himalaya's `cv=5`).
  public var crossValidation: CrossValidation
  /// The selection criterion per target (default `.negativeMeanSquaredError`, himalaya's `l2_neg_loss`).
  public var score: EncodingScore
  /// Centre X and Y with the training means and fit an intercept (default true); with false they
  /// must already be centred.
  public var fitIntercept: Bool
  /// The factorisation: SVD (`.primal`), kernel eigendecomposition (`.dual`) or chosen by shape
  /// (`.auto`, default).
  public var solver: RidgeSolver
  /// Apply himalaya's one-standard-deviation rule when choosing α (default false).
  public var conservative: Bool
  /// What to do with targets that contain NaN (default: throw).
  public var nanTargets: NaNTargetPolicy
  /// Store the p × t coefficients (needed for `predict`). Without them the fit keeps only α and
  /// scores: no n_features × n_targets matrix is ever formed.
  public var storeCoefficients: Bool
  /// Targets per batch; nil chooses from `memoryBudgetBytes`.
  public var targetBatchSize: Int?
  /// Memory for the stacked predictions of one batch (default 256 MiB).
  public var memoryBudgetBytes: Int

  /// Defaults: 5 contiguous folds (himalaya's `cv=5`), negative MSE, intercept fitted, automatic
  /// primal/dual form, himalaya's plain (non-conservative) rule, coefficients stored.
  public init(
    alphas: [Double], crossValidation: CrossValidation = .kFold(folds: 5),
    score: EncodingScore = .negativeMeanSquaredError, fitIntercept: Bool = true, solver: RidgeSolver = .auto,
    conservative: Bool = false, nanTargets: NaNTargetPolicy = .error, storeCoefficients: Bool = true,
    targetBatchSize: Int? = nil, memoryBudgetBytes: Int = 256 << 20
  ) {
    self.alphas = alphas
    self.crossValidation = crossValidation
    self.score = score
    self.fitIntercept = fitIntercept
    self.solver = solver
    self.conservative = conservative
    self.nanTargets = nanTargets
    self.storeCoefficients = storeCoefficients
    self.targetBatchSize = targetBatchSize
    self.memoryBudgetBytes = memoryBudgetBytes
  }

  /// Fits X (n × p) → Y (n × t). Neither input is modified.
  ///
  /// - Complexity: as `fit(_:_:names:predicting:)` without new rows.
  public func fit(_ x: Matrix, _ y: Matrix, names: EncodingInputNames = EncodingInputNames()) throws -> RidgeCVFit {
    try fit(x, y, names: names, predicting: nil).fit
  }

  /// Fits and predicts targets for `xNew` (m × p) at each target's chosen α, without forming the
  /// p × t coefficients when `storeCoefficients` is false (cheaper when m < p).
  ///
  /// - Complexity: per split, one factorisation of the n_train × p training features, O(n_train·p·k)
  ///   with k = min(n_train, p) (primal) or O(n_train²·p + n_train³) with k = n_train (dual), then
  ///   O(n_train·k·t + n_alphas·n_test·k·t) for every α and target; the refit adds one factorisation
  ///   of all n samples, O(n·k·t), O(p·k·t) for stored coefficients and O(m·p·k + m·k·t) for m new
  ///   rows. Memory beyond the inputs and outputs: one target batch of stacked predictions (about
  ///   `memoryBudgetBytes`).
  public func fit(
    _ x: Matrix, _ y: Matrix, names: EncodingInputNames = EncodingInputNames(), predicting xNew: Matrix?
  ) throws -> (fit: RidgeCVFit, predictions: Matrix?) {
    let context = "ridge"
    try Self.validate(alphas: alphas, context: context)
    var problem = try EncodingProblem(x: x, y: y, names: names, nanTargets: nanTargets, context: context)
    if let xNew, xNew.columns != x.columns {
      throw NeurometryError.shapeMismatch(
        context: context, message: "new features have \(xNew.columns) columns but \(names.x) has \(x.columns)")
    }
    if let xNew { try xNew.requireFinite("ridge (features to predict from)") }
    let n = x.rows
    let t = problem.y.columns
    let splits = try crossValidation.splits(sampleCount: n)
    let form = solver.resolved(samples: n, features: x.columns)
    let batch =
      targetBatchSize
      ?? Self.automaticBatch(
        budget: memoryBudgetBytes, rowsPerTarget: alphas.count * (splits.map(\.test.count).max() ?? 1))

    // Cross-validation: one factorisation per fold, all α and targets by products.
    var foldScores: [Matrix] = []
    for split in splits {
      foldScores.append(
        try Self.foldScores(
          x: x, y: problem.y, split: split, alphas: alphas, form: form, score: score, fitIntercept: fitIntercept,
          batch: batch))
    }
    let selection = AlphaSelection.select(foldScores: foldScores, alphas: alphas, conservative: conservative)
    var chosenAlpha = selection.chosen.map { alphas[$0] }
    var cvScores = (0..<t).map { selection.meanScores[selection.chosen[$0], $0] }
    var perFold = Matrix(rows: splits.count, columns: t)
    for f in 0..<splits.count {
      for j in 0..<t { perFold[f, j] = foldScores[f][selection.chosen[j], j] }
    }
    problem.notes.nanFoldScores = selection.nanFoldScores
    let isConstant = Set(problem.constant)
    problem.notes.undefined = selection.undefined.filter { !isConstant.contains($0) }.map { problem.kept[$0] }
    problem.notes.selection = .alpha
    for j in problem.constant {
      chosenAlpha[j] = .nan
      cvScores[j] = .nan
      for f in 0..<splits.count { perFold[f, j] = .nan }
    }

    // Refit on all samples.
    let refit = try Self.refit(
      x: x, y: problem.y, alphas: chosenAlpha, smallestPenalty: alphas.min(), form: form, fitIntercept: fitIntercept,
      batch: batch,
      storeCoefficients: storeCoefficients, xNew: xNew, constant: problem.constant)

    var fit = RidgeCVFit(
      alphas: problem.expand(chosenAlpha), cvScores: problem.expand(cvScores),
      foldScores: problem.expandColumns(perFold), meanScores: problem.expandColumns(selection.meanScores),
      coefficients: refit.coefficients.map(problem.expandColumns), intercepts: problem.expand(refit.intercepts),
      solver: form, alphaGrid: alphas, crossValidation: crossValidation.summary, splits: splits, score: score,
      fitIntercept: fitIntercept, conservative: conservative, droppedTargets: problem.dropped,
      constantTargets: problem.constant.map { problem.kept[$0] }, warnings: problem.warnings)
    fit.notes = problem.notes
    return (fit, refit.predictions.map(problem.expandColumns))
  }

  static func validate(alphas: [Double], context: String) throws {
    guard !alphas.isEmpty else {
      throw NeurometryError.invalidInput(context: context, message: "no penalties (alphas) given")
    }
    if let bad = alphas.first(where: { !($0 > 0) || !$0.isFinite }) {
      throw NeurometryError.invalidInput(
        context: context, message: "penalty α = \(bad) is not allowed; every α must be positive and finite")
    }
  }

  /// Targets per batch: the stacked predictions of a batch (rowsPerTarget doubles per target) fit
  /// the memory budget and, where that leaves at least 256 targets (wide enough for full-speed
  /// GEMM), also 24 MiB. Blocks under glibc's 32 MiB mmap threshold are reused from the heap;
  /// bigger ones are mapped afresh per batch and cost a page fault per 4 KiB (measured: a sixth
  /// of ridge-cv-sklearn's time with 268 MB batches).
  static func automaticBatch(budget: Int, rowsPerTarget: Int) -> Int {
    let bytesPerTarget = 8 * Swift.max(rowsPerTarget, 1)
    let byBudget = Swift.max(1, budget / bytesPerTarget)
    let heapSized = Swift.max(1024, (24 << 20) / bytesPerTarget)
    return Swift.min(byBudget, heapSized)
  }

  /// Scores (α × targets) of one fold.
  static func foldScores(
    x: Matrix, y: Matrix, split: CrossValidationSplit, alphas: [Double], form: RidgeSolver, score: EncodingScore,
    fitIntercept: Bool, batch: Int
  ) throws -> Matrix {
    let p = x.columns
    let t = y.columns
    let xMean = fitIntercept ? x.columnMeans(ofRows: split.train, columns: 0..<p) : nil
    let xTrain = x.gathering(rows: split.train, columns: 0..<p, subtracting: xMean)
    let xTest = x.gathering(rows: split.test, columns: 0..<p, subtracting: xMean)
    let factorization = try RidgeFactorization(xTrain, form: form, smallestPenalty: alphas.min())
    let stacked = stackedProjections(factorization.projection(of: xTest), weights: alphas.map(factorization.gains))
    var out = Matrix(rows: alphas.count, columns: t)
    for range in targetBatches(count: t, size: batch) {
      let yMean = fitIntercept ? y.columnMeans(ofRows: split.train, columns: range) : nil
      let yTrain = y.gathering(rows: split.train, columns: range, subtracting: yMean)
      let yTest = y.gathering(rows: split.test, columns: range, subtracting: yMean)
      let predictions = gemm(stacked, factorization.project(targets: yTrain))
      if range.count == t {
        out.withUnsafeMutableBufferPointer {
          score.stackedScores(truth: yTest, stacked: predictions, blocks: alphas.count, into: $0)
        }
        continue
      }
      let s = score.stackedScores(truth: yTest, stacked: predictions, blocks: alphas.count)
      out.withUnsafeMutableBufferPointer { o in
        for a in alphas.indices {
          s[a].withUnsafeBufferPointer { v in
            for (k, j) in range.enumerated() { o[a * t + j] = v[k] }
          }
        }
      }
    }
    return out
  }

  /// [P·diag(w₁); P·diag(w₂); …] — one (n_alphas·m) × k matrix, so a single product gives the
  /// predictions of every α.
  /// Written straight into the result, rows in parallel (no per-α copies to concatenate).
  static func stackedProjections(_ projection: Matrix, weights: [[Double]]) -> Matrix {
    let (m, k) = (projection.rows, projection.columns)
    precondition(weights.allSatisfy { $0.count == k }, "stackedProjections: weights must have \(k) values")
    return Matrix(
      rows: weights.count * m, columns: k,
      parallelRows: { i, out in
        let (a, r) = (i / m, i % m)
        projection.elements.withUnsafeBufferPointer { p in
          weights[a].withUnsafeBufferPointer { w in
            for j in 0..<k { out[j] = p[r * k + j] * w[j] }
          }
        }
      })
  }

  struct Refit {
    var coefficients: Matrix?
    var intercepts: [Double]
    var predictions: Matrix?
  }

  /// Refit on all samples with one α per target (NaN α: a constant target, coefficient 0).
  /// `smallestPenalty` (the grid's, not the chosen α's, so that the factorisation and hence every
  /// target's bits do not depend on which other targets share the fit) picks the factorisation.
  static func refit(
    x: Matrix, y: Matrix, alphas: [Double], smallestPenalty: Double?, form: RidgeSolver, fitIntercept: Bool,
    batch: Int, storeCoefficients: Bool, xNew: Matrix?, constant: [Int]
  ) throws -> Refit {
    let xMean = fitIntercept ? x.columnMeans : [Double](repeating: 0, count: x.columns)
    let xc = fitIntercept ? x.subtractingFromColumns(xMean) : x
    let factorization = try RidgeFactorization(xc, form: form, smallestPenalty: smallestPenalty)
    return refit(
      factorization: factorization, xMean: xMean, y: y, alphas: alphas, fitIntercept: fitIntercept, batch: batch,
      storeCoefficients: storeCoefficients, xNew: xNew, constant: constant)
  }

  /// The refit from a factorisation of the (centred) features of all samples (`RidgeRefit`).
  static func refit(
    factorization: RidgeFactorization, xMean: [Double], y: Matrix, alphas: [Double], fitIntercept: Bool, batch: Int,
    storeCoefficients: Bool, xNew: Matrix?, constant: [Int]
  ) -> Refit {
    let all = Array(0..<y.rows)
    var refit = RidgeRefit(
      factorization: factorization, xMean: xMean, targets: y.columns, fitIntercept: fitIntercept,
      storeCoefficients: storeCoefficients, xNew: xNew, constant: constant)
    for range in targetBatches(count: y.columns, size: batch) {
      let yMean = fitIntercept ? y.columnMeans(ofRows: all, columns: range) : nil
      let z = factorization.project(targets: y.gathering(rows: all, columns: range, subtracting: yMean))
      refit.add(z: z, range: range, alphas: alphas, yMean: yMean)
    }
    return refit.result
  }

  static func copyColumns(_ block: Matrix, into target: inout Matrix?, at range: Range<Int>) {
    guard var m = target else { return }
    target = nil
    let c = m.columns
    let b = block.columns
    m.withUnsafeMutableBufferPointer { o in
      block.withUnsafeBufferPointer { e in
        for i in 0..<block.rows {
          for k in 0..<b { o[i * c + range.lowerBound + k] = e[i * b + k] }
        }
      }
    }
    target = m
  }
}
