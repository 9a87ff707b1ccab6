import NeurometryLinearAlgebra

extension RidgeCV {
  /// The peak memory of `fit(_:_:names:predicting:)` for X n×p (`samples` × `features`), Y n×t
  /// (`targets`) and `newRows` rows to predict (0: `fit(_:_:names:)`), inputs included, from the
  /// shapes and this model's options (α grid, splitter, solver, intercept, stored coefficients,
  /// target batch). The process itself is not included (`MemoryEstimate.process`).
  ///
  /// What the peak holds, doubles, with n_tr/n_te the largest training/test set of the splitter,
  /// a = α count, b = targets per batch (`targetBatchSize`, else `automaticBatch` for a·n_te rows),
  /// k = min(n_tr, p) (primal) or n_tr (dual):
  /// - inputs: X (n×p), Y (n×t), new features (m×p);
  /// - cross-validation, one fold at a time, the largest of: the fold's copies X_train (n_tr×p) and
  ///   X_test (n_te×p) with the factorisation being built (`RidgeFactorization`: Gram, dsyevd copy
  ///   and workspace, or QR + SVD); its basis and Vᵀ with X_test, its projection (n_te×k) and the
  ///   stacked projections of all α (a·n_te × k); or, per target batch, basis, Vᵀ, stacked
  ///   projections, Y_test (n_te×b), Z = Bᵀ·Y_train (k×b) and the larger of Y_train (n_tr×b) and
  ///   the predictions of all α (a·n_te × b) — X_train and Y_train are freed once used (primal;
  ///   the dual form keeps X_train). Plus the fold scores (folds × a × t);
  /// - the refit on all samples: the centred X (n×p, with an intercept), the factorisation of
  ///   n×p, then its basis and Vᵀ, the projection of the new features (m×k), the outputs —
  ///   coefficients (p×t) when stored, predictions (m×t) —, and per batch the targets (n×b) with
  ///   Z (k×b), or Z, its gain-weighted copy and the batch's coefficients (p×b) or predictions
  ///   (m×b, twice);
  /// - the peak is the larger of the refit and the cross-validation phase plus the outputs of at
  ///   least 32 MiB: glibc keeps the freed blocks of the folds resident (below its raised mmap
  ///   threshold), the refit reuses them, and only outputs that big are mapped on top;
  /// - OpenBLAS's packing buffers for the largest product (`Matrix.blasBufferBytes`).
  public func memoryEstimate(samples n: Int, features p: Int, targets t: Int, newRows m: Int = 0) -> MemoryEstimate {
    var inputs = MemoryEstimate()
    inputs.add("X", rows: n, columns: p)
    inputs.add("Y", rows: n, columns: t)
    if m > 0 { inputs.add("new features", rows: m, columns: p) }
    return inputs + workingMemory(samples: n, features: p, targets: t, newRows: m)
  }

  /// `memoryEstimate(samples:features:targets:newRows:)` without the inputs.
  func workingMemory(samples n: Int, features p: Int, targets t: Int, newRows m: Int) -> MemoryEstimate {
    typealias F = RidgeFactorization
    let a = Swift.max(alphas.count, 1)
    let sizes = crossValidation.splitSizes(sampleCount: n)
    let (ntr, nte) = (sizes.train, sizes.test)
    let form = solver.resolved(samples: n, features: p)
    let b = Swift.max(
      1, Swift.min(t, targetBatchSize ?? Self.automaticBatch(budget: memoryBudgetBytes, rowsPerTarget: a * nte)))

    // Cross-validation: one fold at a time.
    let fold = F.memoryEstimate(rows: ntr, columns: p, form: form, gramRoute: form != .dual && ntr * 4 >= p * 5)
    let k = form == .dual ? ntr : Swift.min(ntr, p)
    let copies = F.block("fold X_train", ntr, p) + F.block("fold X_test", nte, p)
    var kept = fold.result
    if form == .dual { kept.add("fold X_train (kept by the dual form)", rows: ntr, columns: p) }
    let stacked = F.block("stacked test projections, all α", a * nte, k)
    var projecting = F.block("fold X_test", nte, p) + F.block("test projection", nte, k)
    if form == .dual { projecting.add("test–training kernel", rows: nte, columns: ntr) }
    var batch = F.block("fold Y_test (batch)", nte, b) + F.block("Z = Bᵀ·Y_train (batch)", k, b)
    batch =
      batch
      + MemoryEstimate.peak([
        F.block("fold Y_train (batch)", ntr, b), F.block("predictions, all α (batch)", a * nte, b),
      ])
    var scores = MemoryEstimate()
    scores.add("fold scores (folds × α × targets) and their means", rows: (sizes.count + 2) * a, columns: t)
    let cv =
      scores + MemoryEstimate.peak([copies + fold.building, kept + projecting + stacked, kept + stacked + batch])

    // Refit on all samples.
    let whole = F.memoryEstimate(rows: n, columns: p, form: form, gramRoute: form != .dual && n * 4 >= p * 5)
    let kr = form == .dual ? n : Swift.min(n, p)
    var centred = MemoryEstimate()
    if fitIntercept { centred.add("centred X", rows: n, columns: p) }
    var outputs = MemoryEstimate()
    if storeCoefficients { outputs.add("coefficients", rows: p, columns: t) }
    if m > 0 {
      outputs.add("predictions", rows: m, columns: t)
      outputs.add("projection of the new features", rows: m, columns: kr)
    }
    let z = F.block("Z = Bᵀ·Y (batch)", kr, b)
    let adding = F.refitOutputs(
      features: p, samples: n, newRows: m, batch: b, form: form, storeCoefficients: storeCoefficients)
    let refitBatch = MemoryEstimate.peak([
      F.block("targets (batch)", n, b) + z, z + F.block("gain-weighted Z (batch)", kr, b) + adding,
    ])
    let refit = centred + MemoryEstimate.peak([whole.building, whole.result + outputs + refitBatch])

    let blas = F.blasBuffers([
      form == .dual ? (ntr, p, ntr) : (p, ntr, p), (ntr, p, k), (a * nte, k, b), (k, ntr, b), (kr, n, b), (p, kr, b),
    ])
    return MemoryEstimate.peak([cv + F.mapped(outputs), refit]) + blas
  }
}
