import NeurometryLinearAlgebra

extension BandedRidgeCV {
  /// The peak memory of `fit(_:_:names:predicting:)` for X n×p (`samples` × `features`), Y n×t
  /// (`targets`) and `newRows` rows to predict (0: `fit(_:_:names:)`), inputs included, from the
  /// shapes and this model's options (bands, α grid, band weightings, splitter, solver, intercept,
  /// stored coefficients, target batch). The process itself is not included (`MemoryEstimate.process`).
  ///
  /// What the peak holds, doubles, with p_b the columns in bands, n_tr/n_te the largest
  /// training/test set, F folds, G band weightings, a = α count, B bands, b = targets per batch,
  /// k = p_b (primal) or n_tr (dual):
  /// - inputs: X (n×p), Y (n×t), new features (m×p); X restricted to the bands (n×p_b, a copy);
  /// - the search, all folds kept throughout: per fold X_train (n_tr×p_b), X_test (n_te×p_b) and
  ///   the Gram matrix (p_b×p_b; dual: each band's kernel n_tr×n_tr and test kernel n_te×n_tr);
  ///   Xᵀ·Y per fold (F·p_b·t, primal, when it fits in 4 × `memoryBudgetBytes`); scores per
  ///   weighting and fold (2G + F·a) × t. Then the largest of: building those (one fold's Y_train,
  ///   n_tr×t); one factorisation per fold and weighting (the scaled Gram matrix, its dsyevd copy
  ///   and workspace, its eigenvectors, D·V and the test projection; dual: the weighted kernel sums
  ///   and their temporaries, dsyevd's copy and workspace); or, per target batch, D·V (or Q), the
  ///   test projection, the stacked projections of all α (a·n_te × k), Y_test (n_te×b), Z (k×b)
  ///   and the larger of the predictions of all α (a·n_te × b) and what makes Z (Y_train n_tr×b,
  ///   and Xᵀ·Y p_b×b when the cross products are not kept);
  /// - the refit, per chosen weighting: the centred X (n×p_b, with an intercept), the outputs —
  ///   coefficients (p×t) when stored, band parts of the predictions (B·m×t) and the centred new
  ///   features (m×p_b) —, X of all samples (n×p_b) with its Gram matrix (or kernels), their
  ///   factorisation, then D·V (or Q), the band projections of the new features (B·m × k) and per
  ///   batch the targets (n×b, twice with an intercept), Z (k×b) and the larger of Xᵀ·Y (p_b×b),
  ///   the batch's coefficients (p_b×b) and one band part (m×b);
  /// - with new rows, the summed band parts and their shifted copy (m×t each) at the end;
  /// - the peak is the largest of these, the search counted with the outputs of at least 32 MiB
  ///   only (glibc keeps the search's freed blocks resident, below its raised mmap threshold, and
  ///   the refit reuses them); plus OpenBLAS's packing buffers for the largest product.
  public func memoryEstimate(samples n: Int, features p: Int, targets t: Int, newRows m: Int = 0) -> MemoryEstimate {
    typealias F = RidgeFactorization
    let a = Swift.max(alphas.count, 1)
    let bandCount = Swift.max(bands.count, 1)
    let pb = bands.reduce(0) { $0 + $1.count }
    let weightings = Swift.max(1, (try? search.weights(bands: bandCount).count) ?? 1)
    let sizes = crossValidation.splitSizes(sampleCount: n)
    let (folds, ntr, nte) = (sizes.count, sizes.train, sizes.test)
    let form = solver.resolved(samples: n, features: pb)
    let dual = form == .dual
    let b = Swift.max(
      1, Swift.min(t, targetBatchSize ?? RidgeCV.automaticBatch(budget: memoryBudgetBytes, rowsPerTarget: a * nte)))
    let k = dual ? ntr : pb
    let keepCross = !dual && folds * pb * t * 8 <= 4 * memoryBudgetBytes

    var inputs = MemoryEstimate()
    inputs.add("X", rows: n, columns: p)
    inputs.add("Y", rows: n, columns: t)
    if m > 0 { inputs.add("new features", rows: m, columns: p) }
    inputs.add("X restricted to the bands", rows: n, columns: pb)

    // The search: every fold kept, one factorisation per fold and weighting.
    var fold = F.block("fold X_train", ntr, pb) + F.block("fold X_test", nte, pb)
    if dual {
      fold.add("band training kernels", rows: bandCount * ntr, columns: ntr)
      fold.add("band test–training kernels", rows: bandCount * nte, columns: ntr)
    } else {
      fold.add("training Gram XᵀX", rows: pb, columns: pb)
    }
    var held = F.times(fold, folds, "folds")
    if keepCross { held.add("Xᵀ·Y × \(folds) folds", bytes: folds * pb * t * 8) }
    held.add("scores per weighting and fold", rows: 2 * weightings + (folds + 2) * a, columns: t)
    let building = keepCross ? F.block("fold Y_train", ntr, t) : MemoryEstimate()
    let factor = Self.factorMemory(train: ntr, test: nte, features: pb, bands: bandCount, dual: dual)
    var batch = F.block("fold Y_test (batch)", nte, b) + F.block("Z (batch)", k, b)
    var makingZ = MemoryEstimate()
    if dual || !keepCross { makingZ.add("fold Y_train (batch)", rows: ntr, columns: b) }
    if !dual && !keepCross { makingZ.add("Xᵀ·Y (batch)", rows: pb, columns: b) }
    batch = batch + MemoryEstimate.peak([makingZ, F.block("predictions, all α (batch)", a * nte, b)])
    let stacked = F.block("stacked test projections, all α", a * nte, k)
    let searching = held + MemoryEstimate.peak([building, factor.building, factor.result + stacked + batch])

    // The refit, one chosen weighting at a time.
    var outputs = MemoryEstimate()
    if storeCoefficients { outputs.add("coefficients", rows: p, columns: t) }
    if m > 0 {
      outputs.add("band parts of the predictions", rows: bandCount * m, columns: t)
      outputs.add("centred new features", rows: m, columns: pb)
    }
    outputs.add("per-target results and scores per weighting", rows: 3 * bandCount + 4 + 2 * weightings, columns: t)
    var whole = F.block("X of all samples", n, pb)
    if dual {
      whole.add("band kernels, all samples", rows: bandCount * n, columns: n)
    } else {
      whole.add("Gram XᵀX, all samples", rows: pb, columns: pb)
    }
    if fitIntercept { whole.add("centred X", rows: n, columns: pb) }
    let refitFactor = Self.factorMemory(train: n, test: 0, features: pb, bands: bandCount, dual: dual)
    let kr = dual ? n : pb
    var projections = MemoryEstimate()
    if m > 0 { projections.add("band projections of the new features", rows: bandCount * m, columns: kr) }
    var chunk = F.block("targets (batch)", (fitIntercept ? 2 : 1) * n, b) + F.block("Z (batch)", kr, b)
    var chunkExtra: [MemoryEstimate] = []
    if !dual { chunkExtra.append(F.block("Xᵀ·Y (batch)", pb, b)) }
    if storeCoefficients {
      chunkExtra.append(
        dual ? F.block("Q·Z and Xᵀ·Q·Z (batch)", n + 2 * pb, b) : F.block("coefficients (batch)", pb, b))
    }
    if m > 0 { chunkExtra.append(F.block("band part (batch)", m, b)) }
    chunk = chunk + MemoryEstimate.peak(chunkExtra)
    let refitting =
      outputs + whole + MemoryEstimate.peak([refitFactor.building, refitFactor.result + projections + chunk])
    let ending = m > 0 ? outputs + F.block("summed band parts and their shifted copy", 2 * m, t) : MemoryEstimate()

    let blas = F.blasBuffers([
      dual ? (ntr, pb, ntr) : (pb, ntr, pb), (a * nte, k, b), keepCross ? (pb, ntr, t) : (pb, ntr, b),
      dual ? (ntr, ntr, b) : (pb, pb, b), (pb, n, b), dual ? (n, pb, n) : (pb, n, pb),
    ])
    return inputs + MemoryEstimate.peak([searching + F.mapped(outputs), refitting, ending]) + blas
  }

  /// One factorisation of `BandedFold.factor` for a training set of `train` samples and a test set
  /// of `test`, with p_b = `features` columns in `bands` bands: `building` (its peak) and `result`
  /// (what the fold's factor keeps: D·V and the test projection, or Q and the test projection).
  ///
  /// Primal: the γ-scaled Gram matrix (p_b×p_b) and its row-scaled step; then the scaled matrix,
  /// dsyevd's copy and workspace; then the scaled matrix, the eigenvectors V, D·V (p_b×p_b each)
  /// and the test projection (n_te×p_b). Dual: the weighted kernel sums K (n_tr×n_tr) and K_test
  /// (n_te×n_tr) beside the temporaries of one weighted addition (γ·K_b and the new sum, for both),
  /// or beside dsyevd's copy of K and workspace; then Q (n_tr×n_tr) and the projection (n_te×n_tr).
  static func factorMemory(train ntr: Int, test nte: Int, features pb: Int, bands: Int, dual: Bool)
    -> (building: MemoryEstimate, result: MemoryEstimate)
  {
    typealias F = RidgeFactorization
    if dual {
      let sums = F.block("weighted kernel sum", ntr, ntr) + F.block("weighted test kernel sum", nte, ntr)
      let adding = F.block("kernel sum temporaries", 2 * (ntr + nte), ntr)
      var eigen = F.block("dsyevd copy of the kernel sum", ntr, ntr)
      eigen.add("dsyevd workspace", bytes: F.syevdWorkspaceBytes(ntr))
      let result = F.block("eigenvectors Q", ntr, ntr) + F.block("test projection", nte, ntr)
      return (sums + MemoryEstimate.peak([adding, eigen, result]), result)
    }
    let scaled = F.block("γ-scaled Gram", pb, pb)
    var eigen = scaled + F.block("dsyevd copy", pb, pb)
    eigen.add("dsyevd workspace", bytes: F.syevdWorkspaceBytes(pb))
    let result = F.block("D·V", pb, pb) + F.block("test projection", nte, pb)
    let vectors = scaled + F.block("eigenvectors V", pb, pb) + result
    return (
      MemoryEstimate.peak([F.block("γ-scaled Gram and its row-scaled step", 2 * pb, pb), eigen, vectors]), result
    )
  }
}
