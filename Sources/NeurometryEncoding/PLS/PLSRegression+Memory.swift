import NeurometryLinearAlgebra

extension PLSRegression {
  /// glibc's mmap threshold as `NumericalLibraries.keepLargeAllocations` sets it: a freed block
  /// below it stays resident (and is reused by later allocations that fit in it).
  private static let mallocKeepsBelowBytes = 32 << 20

  /// The peak memory of `fit(_:_:names:)` for X n×p (`samples` × `features`) and Y n×q
  /// (`targets`), inputs included, from the shapes and this regression's options (doubles, 8
  /// bytes; BLAS buffers by `Matrix.blasBufferBytes` on `Parallel.workers` threads). The process
  /// itself is not included (`MemoryEstimate.process`).
  ///
  /// What the peak holds: X, Y (and, with `NaNTargetPolicy.drop`, Y without its NaN targets, at
  /// most n×q), then the largest of three phases:
  /// - standardising X: the centred X and its re-centred copy for the deviations (n×p each; the
  ///   scaled X_k takes the second's place); without `scale`, the centred X_k only;
  /// - standardising Y beside X_k: the centred Y and its re-centred copy (n×q each);
  /// - the components beside X_k (n×p) and Y_k (n×q): C = XᵀY (p×q), and per component its Gram
  ///   on the smaller side g = min(p, q) (g×g), dsyevr's copy of it (g×g) and workspace (26g
  ///   doubles, 10g integers), the weights, loadings and scores (k·(2p + q + n), twice: as vectors
  ///   and as the fit's matrices); when p·q·8 exceeds `memoryBudgetBytes`, C is replaced by its
  ///   Gram (g×g) accumulated from blocks of C of at most 32 MiB.
  /// With `scale`, the freed centred X (or Y) stays resident when below glibc's 32 MiB mmap
  /// threshold (`NumericalLibraries.keepLargeAllocations`), and the later phases' arrays are
  /// carved from it: those phases hold the larger of that block and their own working arrays.
  public func memoryEstimate(samples n: Int, features p: Int, targets q: Int) -> MemoryEstimate {
    let threads = Parallel.workers
    let g = Swift.min(p, q)
    let k = Swift.max(0, Swift.min(components, p, n - 1))
    var inputs = MemoryEstimate()
    inputs.add("X", rows: n, columns: p)
    inputs.add("Y", rows: n, columns: q)
    if nanTargets == .drop { inputs.add("Y without its NaN targets (at most)", rows: n, columns: q) }
    var xk = MemoryEstimate()
    xk.add("X_k (standardised, deflated)", rows: n, columns: p)
    var yk = MemoryEstimate()
    yk.add("Y_k (standardised, deflated)", rows: n, columns: q)
    // The freed centred copy malloc keeps (scale only: without it the centred copy is X_k itself).
    var kept = MemoryEstimate()
    let freed = [n * p * 8, n * q * 8].filter { $0 < Self.mallocKeepsBelowBytes }.max() ?? 0
    if scale && freed > 0 { kept.add("freed centred copy, kept by malloc (reused below)", bytes: freed) }

    var standardisingX = MemoryEstimate()
    var standardisingY = xk
    if scale {
      standardisingX.add("centred X", rows: n, columns: p)
      standardisingX.add("re-centred X for the deviations (becomes X_k)", rows: n, columns: p)
      var centredY = MemoryEstimate()
      centredY.add("centred Y", rows: n, columns: q)
      standardisingY = standardisingY + MemoryEstimate.peak([kept, centredY])
      standardisingY.add("re-centred Y for the deviations (becomes Y_k)", rows: n, columns: q)
    } else {
      standardisingX = xk
      standardisingY = standardisingY + yk
    }

    // The components: C (or, over the budget, its Gram and at first a block of C) and, per
    // component, the Gram of C and dsyevr's copy of it and workspace.
    var held = MemoryEstimate()
    var transient = MemoryEstimate()
    var eigen = MemoryEstimate()
    if q > 1 {
      eigen.add("dsyevr copy", rows: g, columns: g)
      eigen.add("dsyevr workspace (26g doubles, 10g integers)", bytes: 26 * g * 8 + 10 * g * 4)
    }
    if p * q * 8 <= memoryBudgetBytes {
      held.add("C = X_kᵀY_k", rows: p, columns: q)
      if q > 1 { eigen.add("Gram of C on the smaller side", rows: g, columns: g) }
    } else {
      held.add("Gram of C on the smaller side", rows: g, columns: g)
      let block = Swift.max(1, Swift.min(Swift.max(p, q), (32 << 20) / (8 * Swift.max(g, 1))))
      transient.add("block of C", rows: block, columns: g)
    }
    held.add("weights, loadings, scores (vectors and matrices)", rows: 2 * k, columns: 2 * p + q + n)
    let working = held + MemoryEstimate.peak([transient, eigen])
    let loop = xk + yk + MemoryEstimate.peak([kept, working])

    var estimate = inputs + MemoryEstimate.peak([standardisingX, standardisingY, loop])
    let products = [(p, n, q), (g, Swift.max(p, q), g)]
    estimate.add(
      "OpenBLAS packing buffers (\(threads) threads)",
      bytes: products.map { Matrix.blasBufferBytes(rows: $0.0, inner: $0.1, columns: $0.2, threads: threads) }
        .max() ?? 0)
    return estimate
  }
}
