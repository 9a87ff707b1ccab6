import Foundation
import NeurometryLinearAlgebra

/// Banded (group) ridge regression: several feature spaces ("bands", e.g. two layers, or visual and
/// semantic features), each with its own penalty per target, chosen by cross-validation —
/// himalaya's `BandedRidgeCV(solver="random_search")` (Nunez-Elizalde et al. 2019; Dupré la Tour et
/// al. 2022), numerically:
///
///   β = argmin ‖Σ_b X_b·β_b − y‖² + Σ_b (α/γ_b)·‖β_b‖²
///
/// For each candidate weight vector γ of `search` (band b scaled by √γ_b), ridge with every α of
/// `alphas` is cross-validated as in `RidgeCV` (himalaya's selection and 1e-10·log α tie-break);
/// a target keeps the first γ whose best CV score beats its previous best by more than machine
/// epsilon (himalaya's rule). Then each target is refit on all samples with its (γ, α). Reported per
/// target: α, γ, log weights δ_b = log(γ_b/α) (himalaya `deltas_`), per-band penalties α/γ_b.
///
/// Per fold, the Gram matrix of the training features (or each band's kernel when n < p) is
/// formed once and, for each γ, its scaled version is eigendecomposed: one decomposition per fold
/// and γ, every α and target by products (himalaya takes an SVD of the scaled features per fold and
/// γ). Coefficients are returned in the column order of X (features outside every band get 0).
/// Memory: with `storeCoefficients: false` no p × t matrix is formed (intercepts, predictions and
/// per-band parts come from the factorisation, target batch by batch; `fit(_:_:names:predicting:)`),
/// except in the primal form (n ≥ p) X_trainᵀY_train per fold (p × t each, no larger than Y), kept
/// to save n·p·t multiply-adds per fold and γ when folds·p·t doubles fit in 4 ×
/// `memoryBudgetBytes` (a smaller budget drops them).
///
/// Matches himalaya 0.4.11 to 1e-8 relative at fixed band weights and with its seeded random
/// search (Tests/Fixtures/encoding, cases banded_*). Errors: a band with no features, overlapping
/// bands or bands outside X, plus those of `RidgeCV`.
public struct BandedRidgeCV: Sendable {
  /// Column ranges of X, one per band (disjoint, non-empty).
  public var bands: [Range<Int>]
  /// Candidate penalties α (> 0, finite), tried for every band weighting; order does not matter.
  public var alphas: [Double]
  /// Which band weightings γ are tried (default 100 random draws, seed 0).
  public var search: BandWeightSearch
  /// The splitter whose folds score every (γ, α) (default 5 contiguous folds).
  public var crossValidation: CrossValidation
  /// The selection criterion per target (default `.negativeMeanSquaredError`, himalaya's).
  public var score: EncodingScore
  /// Centre X and Y with the training means and fit an intercept (default true); with false they
  /// must already be centred.
  public var fitIntercept: Bool
  /// The factorisation: Gram matrix (`.primal`), per-band kernels (`.dual`) or chosen by shape
  /// (`.auto`, default).
  public var solver: RidgeSolver
  /// Apply himalaya's one-standard-deviation rule when choosing α (default false).
  public var conservative: Bool
  /// What to do with targets that contain NaN (default: throw).
  public var nanTargets: NaNTargetPolicy
  /// Store the p × t coefficients (needed for `BandedRidgeFit.predict`); default true.
  public var storeCoefficients: Bool
  /// Targets per batch; nil chooses from `memoryBudgetBytes`.
  public var targetBatchSize: Int?
  /// Memory for the stacked predictions of one target batch (default 256 MiB); also bounds the kept
  /// X_trainᵀY_train products (4 × this).
  public var memoryBudgetBytes: Int

  /// Defaults: 100 random band weightings (seed 0), 5 contiguous folds, negative MSE (himalaya),
  /// intercept fitted, automatic primal/dual form, 256 MiB per target batch.
  public init(
    bands: [Range<Int>], alphas: [Double], search: BandWeightSearch = .random(iterations: 100),
    crossValidation: CrossValidation = .kFold(folds: 5), score: EncodingScore = .negativeMeanSquaredError,
    fitIntercept: Bool = true, solver: RidgeSolver = .auto, conservative: Bool = false,
    nanTargets: NaNTargetPolicy = .error, storeCoefficients: Bool = true, targetBatchSize: Int? = nil,
    memoryBudgetBytes: Int = 256 << 20
  ) {
    self.bands = bands
    self.alphas = alphas
    self.search = search
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

  /// Consecutive bands of the given sizes, starting at column 0.
  public static func consecutiveBands(sizes: [Int]) -> [Range<Int>] {
    var start = 0
    return sizes.map { s in
      defer { start += Swift.max(s, 0) }
      return start..<(start + Swift.max(s, 0))
    }
  }

  static func validate(bands: [Range<Int>], features p: Int, context: String) throws {
    guard !bands.isEmpty else { throw NeurometryError.invalidInput(context: context, message: "no bands given") }
    for (b, r) in bands.enumerated() {
      guard !r.isEmpty else {
        throw NeurometryError.invalidInput(
          context: context, message: "band \(b) has no features; every band needs at least one column")
      }
      guard r.lowerBound >= 0 && r.upperBound <= p else {
        throw NeurometryError.shapeMismatch(
          context: context, message: "band \(b) spans columns \(r.lowerBound)..<\(r.upperBound) but X has \(p) columns")
      }
      for (c, other) in bands.enumerated() where c < b && r.overlaps(other) {
        throw NeurometryError.invalidInput(context: context, message: "bands \(c) and \(b) share columns")
      }
    }
  }

  /// Fits X (n × p; the bands are column ranges of it) → Y (n × t). Inputs are not modified.
  ///
  /// - Complexity: as `fit(_:_:names:predicting:)` without new rows.
  public func fit(_ x: Matrix, _ y: Matrix, names: EncodingInputNames = EncodingInputNames()) throws -> BandedRidgeFit {
    try fit(x, y, names: names, predicting: nil).fit
  }

  /// Fits and predicts the targets of `xNew` (m × p, X's columns), without forming the p × t
  /// coefficients when `storeCoefficients` is false. Returns the predictions X_new·β + intercept
  /// and each band's part of them on features centred by X's column means, (X_new − x̄)_b·β_b
  /// (himalaya `predict(split=True)` on centred features; what `splitR2` takes): the predictions
  /// are their sum plus ȳ (with an intercept) or plus x̄ᵀβ (without).
  ///
  /// Per band weighting γ the refit's factorisation gives, per band, P_b = (X_new − x̄)_b·(D·V)_b
  /// (primal, m × p) or γ_b·((X_new − x̄)_b·X_bᵀ)·Q (dual, m × n), and each target batch's
  /// gain-weighted Z (k × batch): band parts P_b·Z, never β. Equal to the coefficient route to
  /// rounding (EncodingMemoryPropertyTests).
  ///
  /// - Complexity: for F folds, G band weightings and k = p (primal) or n_train (dual): per fold, one
  ///   Gram matrix, O(n_train·p²) (primal) or O(n_train²·p) (dual); per fold and weighting, one k × k
  ///   eigendecomposition, O(k³), and O(n_alphas·n_test·k·t) for every α's test predictions, plus
  ///   O(p·k·t) for the projected targets (O(n_train·p·t) when the cross-products are not kept); in all
  ///   O(F·G·(k³ + n_alphas·n_test·k·t)). The refit adds one factorisation per distinct chosen
  ///   weighting and O(n·k·t) for the targets, O(p·k·t) for stored coefficients and O(m·p·k + m·k·t)
  ///   for m new rows.
  public func fit(
    _ x: Matrix, _ y: Matrix, names: EncodingInputNames = EncodingInputNames(), predicting xNew: Matrix?
  ) throws -> (fit: BandedRidgeFit, predictions: Matrix?, bandPredictions: [Matrix]?) {
    let context = "banded ridge"
    try RidgeCV.validate(alphas: alphas, context: context)
    try Self.validate(bands: bands, features: x.columns, context: context)
    var problem = try EncodingProblem(x: x, y: y, names: names, nanTargets: nanTargets, context: context)
    if let xNew, xNew.columns != x.columns {
      throw NeurometryError.shapeMismatch(
        context: context, message: "new features have \(xNew.columns) columns but \(names.x) has \(x.columns)")
    }
    if let xNew { try xNew.requireFinite("banded ridge (features to predict from)") }
    let gammas = try search.weights(bands: bands.count)
    let n = x.rows
    let t = problem.y.columns
    let used = bands.flatMap { Array($0) }
    let bandOfColumn = bands.enumerated().flatMap { b, r in Array(repeating: b, count: r.count) }
    let xu = x.selectingColumns(used)
    let p = xu.columns
    let splits = try crossValidation.splits(sampleCount: n)
    let form = solver.resolved(samples: n, features: p)
    let batch =
      targetBatchSize
      ?? RidgeCV.automaticBatch(
        budget: memoryBudgetBytes, rowsPerTarget: alphas.count * (splits.map(\.test.count).max() ?? 1))
    let folds = splits.map {
      BandedFold(
        x: xu, split: $0, bands: bands.count, bandOfColumn: bandOfColumn, form: form, fitIntercept: fitIntercept)
    }
    let slope = alphas.map { Foundation.log($0) * 1e-10 }
    // Primal form: X_trainᵀ·Y_train does not depend on γ; keep it per fold when it fits in memory
    // (4 × the batch budget), so each γ costs one eigendecomposition and products with p × t.
    // Formed batch by batch, the same products `BandedFold.Factor.project` makes, so both routes
    // give every target the same bits whatever the other targets of the fit.
    let batches = targetBatches(count: t, size: batch)
    var crossProducts: [[Matrix]] = []
    if form == .primal && folds.count * p * t * 8 <= 4 * memoryBudgetBytes {
      crossProducts = folds.map { fold in
        batches.map { range in
          let yMean = fitIntercept ? problem.y.columnMeans(ofRows: fold.split.train, columns: range) : nil
          return gemm(
            fold.xTrain, problem.y.gathering(rows: fold.split.train, columns: range, subtracting: yMean),
            transposeA: true)
        }
      }
    }

    var bestGamma = [Int](repeating: -1, count: t)
    var bestAlpha = [Int](repeating: 0, count: t)
    var bestValue = [Double](repeating: -.infinity, count: t)
    var iterationScores = Matrix(rows: gammas.count, columns: t)
    var iterationAlphas = Matrix(rows: gammas.count, columns: t)
    var nanFoldScores = 0
    for (i, gamma) in gammas.enumerated() {
      let scale = bandOfColumn.map { gamma[$0].squareRoot() }
      var foldScores: [Matrix] = []
      for (foldIndex, fold) in folds.enumerated() {
        let f = try fold.factor(gamma: gamma, scale: scale)
        let stacked = RidgeCV.stackedProjections(f.projection, weights: alphas.map(f.gains))
        var out = Matrix(rows: alphas.count, columns: t)
        for (batchIndex, range) in batches.enumerated() {
          let yMean = fitIntercept ? problem.y.columnMeans(ofRows: fold.split.train, columns: range) : nil
          let yTest = problem.y.gathering(rows: fold.split.test, columns: range, subtracting: yMean)
          let z =
            crossProducts.isEmpty
            ? f.project(problem.y.gathering(rows: fold.split.train, columns: range, subtracting: yMean))
            : gemm(f.basis, crossProducts[foldIndex][batchIndex], transposeA: true)
          let predictions = gemm(stacked, z)
          let s = score.stackedScores(truth: yTest, stacked: predictions, blocks: alphas.count)
          for a in alphas.indices {
            for (k, j) in range.enumerated() { out[a, j] = s[a][k] }
          }
        }
        foldScores.append(out)
      }
      let selection = AlphaSelection.select(foldScores: foldScores, alphas: alphas, conservative: conservative)
      nanFoldScores += selection.nanFoldScores
      for j in 0..<t {
        let a = selection.chosen[j]
        let mean = selection.meanScores[a, j]
        iterationScores[i, j] = mean
        iterationAlphas[i, j] = mean.isNaN ? .nan : alphas[a]
        let value = mean + slope[a]
        if value > bestValue[j] + Double.ulpOfOne {
          bestValue[j] = value
          bestGamma[j] = i
          bestAlpha[j] = a
        }
      }
    }
    let isConstant = Set(problem.constant)
    problem.notes.nanFoldScores = nanFoldScores
    problem.notes.undefined = (0..<t).filter { bestGamma[$0] < 0 && !isConstant.contains($0) }.map { problem.kept[$0] }
    problem.notes.selection = .bandWeights

    // Refit each target with its (γ, α), grouped by γ, in the factorisation's basis: the
    // coefficients are formed only when stored; x̄ᵀβ, predictions and band parts come from Z.
    let trainMean = xu.columnMeans
    let xc = fitIntercept ? xu.subtractingFromColumns(trainMean) : xu
    let usedBands = Self.consecutiveBands(sizes: bands.map(\.count))
    let meanRow = Matrix(rows: 1, columns: p, elements: trainMean)
    let newCentred = xNew.map { $0.selectingColumns(used).subtractingFromColumns(trainMean) }
    var coefficients = storeCoefficients ? Matrix(rows: x.columns, columns: t) : nil
    var bandParts = newCentred.map { m in bands.map { _ in Matrix(rows: m.rows, columns: t) } }
    var intercepts = [Double](repeating: .nan, count: t)
    var offsets = [Double](repeating: .nan, count: t)  // predictions = Σ_b parts + offset
    let all = Array(0..<n)
    for g in Set(bestGamma.filter { $0 >= 0 }).sorted() {
      let targets = (0..<t).filter { bestGamma[$0] == g && !isConstant.contains($0) }
      guard !targets.isEmpty else { continue }
      let scale = bandOfColumn.map { gammas[g][$0].squareRoot() }
      let whole = BandedFold(
        x: xc, split: CrossValidationSplit(train: all, test: []), bands: bands.count, bandOfColumn: bandOfColumn,
        form: form,
        fitIntercept: false)
      let f = try whole.factor(gamma: gammas[g], scale: scale)
      // x̄ᵀβ = Σ_b x̄_bᵀβ_b, and the new features' band projections, once per γ.
      let meanProjection = f.bandProjections(meanRow, bands: usedBands).reduce(
        Matrix(rows: 1, columns: f.basis.columns), +)
      let newProjections = newCentred.map { f.bandProjections($0, bands: usedBands) }
      // The γ's targets batch by batch of all targets (not packed across batches), so every
      // product a target takes part in is the same whatever the other targets of the fit.
      let byBatch = Dictionary(grouping: targets) { $0 / Swift.max(batch, 1) }
      for key in byBatch.keys.sorted() {
        let columns = byBatch[key] ?? []
        let ys = problem.y.selectingColumns(columns)
        let yMean = fitIntercept ? ys.columnMeans : nil
        var z = f.project(fitIntercept ? ys.subtractingFromColumns(yMean ?? []) : ys)
        let k = z.rows
        let b = z.columns
        z.withUnsafeMutableBufferPointer { e in
          for (c, j) in columns.enumerated() {
            let gains = f.gains(alphas[bestAlpha[j]])
            for r in 0..<k { e[r * b + c] *= gains[r] }
          }
        }
        let shift = gemm(meanProjection, z)
        for (c, j) in columns.enumerated() {
          intercepts[j] = fitIntercept ? (yMean?[c] ?? 0) - shift[0, c] : 0
          offsets[j] = fitIntercept ? (yMean?[c] ?? 0) : shift[0, c]
        }
        if coefficients != nil {
          let beta = f.coefficients(z)  // p_used × b, original units
          for (c, j) in columns.enumerated() {
            for (f, column) in used.enumerated() { coefficients?[column, j] = beta[f, c] }
          }
        }
        if let newProjections {
          for (band, projection) in newProjections.enumerated() {
            Self.scatterColumns(gemm(projection, z), into: &bandParts, band: band, columns: columns)
          }
        }
      }
    }
    // Constant targets: coefficient 0, intercept = their value (or 0 without intercept).
    for j in problem.constant { intercepts[j] = fitIntercept ? problem.y[0, j] : 0 }

    var chosenAlpha = [Double](repeating: .nan, count: t)
    var weights = Matrix(rows: bands.count, columns: t, repeating: .nan)
    var deltas = Matrix(rows: bands.count, columns: t, repeating: .nan)
    var bandAlphas = Matrix(rows: bands.count, columns: t, repeating: .nan)
    var cvScores = [Double](repeating: .nan, count: t)
    for j in 0..<t where bestGamma[j] >= 0 && !isConstant.contains(j) {
      let alpha = alphas[bestAlpha[j]]
      chosenAlpha[j] = alpha
      cvScores[j] = iterationScores[bestGamma[j], j]
      for b in bands.indices {
        let g = gammas[bestGamma[j]][b]
        weights[b, j] = g
        deltas[b, j] = Foundation.log(g / alpha)
        bandAlphas[b, j] = alpha / g
      }
    }
    for j in problem.constant {
      for i in 0..<gammas.count {
        iterationScores[i, j] = .nan
        iterationAlphas[i, j] = .nan
      }
    }
    var predictions: Matrix? = nil
    if let parts = bandParts {
      // Constant targets predict their value; targets without a CV score NaN (their parts are 0).
      for j in problem.constant { offsets[j] = intercepts[j] }
      var total = parts.dropFirst().reduce(parts[0], +)
      total = total.subtractingFromColumns(offsets.map { -$0 })
      predictions = problem.expandColumns(total)
    }
    var fit = BandedRidgeFit(
      bands: bands, alphas: problem.expand(chosenAlpha), bandWeights: problem.expandColumns(weights),
      deltas: problem.expandColumns(deltas), bandAlphas: problem.expandColumns(bandAlphas),
      cvScores: problem.expand(cvScores), iterationScores: problem.expandColumns(iterationScores),
      iterationAlphas: problem.expandColumns(iterationAlphas), weightsTried: gammas,
      coefficients: coefficients.map(problem.expandColumns), intercepts: problem.expand(intercepts), solver: form,
      alphaGrid: alphas, crossValidation: crossValidation.summary, score: score, fitIntercept: fitIntercept,
      droppedTargets: problem.dropped, constantTargets: problem.constant.map { problem.kept[$0] },
      warnings: problem.warnings)
    fit.notes = problem.notes
    return (fit, predictions, bandParts?.map(problem.expandColumns))
  }

  /// Writes the columns of `block` (one per entry of `columns`) into band `band`'s matrix.
  static func scatterColumns(_ block: Matrix, into parts: inout [Matrix]?, band: Int, columns: [Int]) {
    guard var all = parts else { return }
    parts = nil
    var m = all[band]
    all[band] = Matrix(rows: 0, columns: 0)
    let width = m.columns
    let b = block.columns
    m.withUnsafeMutableBufferPointer { o in
      block.withUnsafeBufferPointer { e in
        for i in 0..<block.rows {
          for (c, j) in columns.enumerated() { o[i * width + j] = e[i * b + c] }
        }
      }
    }
    all[band] = m
    parts = all
  }
}
