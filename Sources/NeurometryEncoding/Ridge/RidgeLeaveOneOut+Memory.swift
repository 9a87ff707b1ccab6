import NeurometryLinearAlgebra

extension RidgeLeaveOneOut {
  /// The peak memory of `fit(_:_:names:predicting:)` for X n×p (`samples` × `features`), Y n×t
  /// (`targets`) and `newRows` rows to predict (0: `fit(_:_:names:)`), inputs included, from the
  /// shapes and this model's options. The process itself is not included (`MemoryEstimate.process`).
  ///
  /// What the peak holds, doubles, with a = α count, b = targets per batch (`targetBatchSize`,
  /// else `RidgeCV.automaticBatch` for a·n rows), k = min(n, p) (primal) or n (dual):
  /// - inputs: X (n×p), Y (n×t), new features (m×p);
  /// - the largest of three phases:
  ///   - the factorisation of X (`RidgeFactorization`: Gram, dsyevd copy and workspace, or QR + SVD),
  ///     beside the centred X (n×p) with an intercept;
  ///   - the leverages: basis B (n×k), Vᵀ (k×p), the stacked hat projections of all α
  ///     (a·n × k) and the squared basis (n×k);
  ///   - the target batches: B, Vᵀ, the stacked hat projections, the outputs — leave-one-out
  ///     scores (a×t), coefficients (p×t) when stored, predictions (m×t) and the new features'
  ///     projection (m×k), the squared errors (a·n × t) when stored — and per batch the centred
  ///     targets (n×b, with an intercept), Z = Bᵀ·Y (k×b), then either the scoring — fitted values
  ///     of one block of `hatBlockRows` samples per thread (`Parallel.workers`) and the partial
  ///     sums of every block (negative MSE), or the targets' copy (n×b, without intercept) and the
  ///     leave-one-out predictions of all α (a·n × b) — or the refit: the gain-weighted Z (k×b)
  ///     and the batch's coefficients (p×b; Q·Z n×b more in the dual form) or predictions (m×b,
  ///     twice);
  /// - OpenBLAS's packing buffers for the largest product (`Matrix.blasBufferBytes`).
  public func memoryEstimate(samples n: Int, features p: Int, targets t: Int, newRows m: Int = 0) -> MemoryEstimate {
    typealias F = RidgeFactorization
    let a = Swift.max(alphas.count, 1)
    let form = solver.resolved(samples: n, features: p)
    let k = form == .dual ? n : Swift.min(n, p)
    let b = Swift.max(
      1, Swift.min(t, targetBatchSize ?? RidgeCV.automaticBatch(budget: memoryBudgetBytes, rowsPerTarget: a * n)))
    var inputs = MemoryEstimate()
    inputs.add("X", rows: n, columns: p)
    inputs.add("Y", rows: n, columns: t)
    if m > 0 { inputs.add("new features", rows: m, columns: p) }

    let f = F.memoryEstimate(rows: n, columns: p, form: form, gramRoute: form != .dual && n * 4 >= p * 5)
    var centred = MemoryEstimate()
    if fitIntercept { centred.add("centred X", rows: n, columns: p) }
    // The primal form frees the centred X once factorised; the dual form keeps it as its X.
    let keptCentred = form == .dual ? centred : MemoryEstimate()
    let stacked = F.block("stacked hat projections, all α", a * n, k)

    var outputs = F.block("leave-one-out scores (α × targets)", a, t)
    if storeCoefficients { outputs.add("coefficients", rows: p, columns: t) }
    if m > 0 {
      outputs.add("predictions", rows: m, columns: t)
      outputs.add("projection of the new features", rows: m, columns: k)
    }
    if storeSquaredErrors { outputs.add("squared leave-one-out errors (α·samples × targets)", rows: a * n, columns: t) }

    var batch = MemoryEstimate()
    if fitIntercept { batch.add("centred targets (batch)", rows: n, columns: b) }
    batch.add("Z = Bᵀ·Y (batch)", rows: k, columns: b)
    var scoring = MemoryEstimate()
    let blocks = (n + Self.hatBlockRows - 1) / Self.hatBlockRows
    let fast = score == .negativeMeanSquaredError && !storeSquaredErrors
    if fast {
      let inFlight = Swift.min(Parallel.workers, a * blocks)
      scoring.add(
        "fitted values, one block per thread (batch)", rows: inFlight * Swift.min(n, Self.hatBlockRows), columns: b)
      scoring.add("partial sums per block (batch)", rows: a * blocks, columns: b)
    } else {
      if !fitIntercept { scoring.add("targets copy (batch)", rows: n, columns: b) }
      scoring.add("leave-one-out predictions, all α (batch)", rows: a * n, columns: b)
    }
    let adding = F.refitOutputs(
      features: p, samples: n, newRows: m, batch: b, form: form, storeCoefficients: storeCoefficients)
    let refit = F.block("gain-weighted Z (batch)", k, b) + adding
    batch = batch + MemoryEstimate.peak([scoring, refit])

    let factorising = centred + f.building
    let leverages = keptCentred + f.result + stacked + F.block("squared basis", n, k)
    let batches = keptCentred + f.result + stacked + outputs + batch
    let products: [(Int, Int, Int)] = [form == .dual ? (n, p, n) : (p, n, p), (n, p, k), (k, n, b), (p, k, b)]
    let blas = F.blasBuffers(
      products + (fast ? [] : [(a * n, k, b)]), singleThreaded: fast ? [(Swift.min(n, Self.hatBlockRows), k, b)] : [])
    return inputs + MemoryEstimate.peak([factorising, leverages, batches]) + blas
  }
}
