import NeurometryLinearAlgebra

/// Memory of one `RidgeFactorization`, and the pieces every encoding estimator shares
/// (`RidgeCV.memoryEstimate`, `RidgeLeaveOneOut.memoryEstimate`, `BandedRidgeCV.memoryEstimate`,
/// `CrossValidatedEncoding.memoryEstimate`). Doubles throughout (8 bytes).
extension RidgeFactorization {
  /// glibc's mmap threshold as `NumericalLibraries.keepLargeAllocations` sets it: a block of at
  /// least this size is mapped on its own and given back when freed; a smaller freed block stays
  /// resident in the heap, where later allocations that fit in it reuse it.
  static let mappedBlockBytes = 32 << 20

  /// The items of `estimate` of at least `mappedBlockBytes`: what allocating them adds on top of
  /// a heap an earlier phase left resident (smaller blocks are carved from that heap).
  static func mapped(_ estimate: MemoryEstimate) -> MemoryEstimate {
    MemoryEstimate(estimate.items.filter { $0.bytes >= mappedBlockBytes })
  }

  /// The items of `estimate` below `mappedBlockBytes`: what stays resident after they are freed.
  static func heapResident(_ estimate: MemoryEstimate) -> MemoryEstimate {
    MemoryEstimate(estimate.items.filter { $0.bytes < mappedBlockBytes })
  }

  /// One `rows × columns` matrix of doubles named `name`, as an estimate.
  /// What a batch of b targets adds when the refit keeps coefficients (p × b, and Q·Z in the dual
  /// form) or predicts m new rows (the predictions and their shifted copy): the larger of the two.
  static func refitOutputs(
    features p: Int, samples n: Int, newRows m: Int, batch b: Int, form: RidgeSolver, storeCoefficients: Bool
  ) -> MemoryEstimate {
    var adding: [MemoryEstimate] = []
    if storeCoefficients {
      var c = block("coefficients (batch)", p, b)
      if form == .dual { c.add("Q·Z (batch)", rows: n, columns: b) }
      adding.append(c)
    }
    if m > 0 { adding.append(block("predictions (batch, and shifted copy)", 2 * m, b)) }
    return MemoryEstimate.peak(adding)
  }

  static func block(_ name: String, _ rows: Int, _ columns: Int) -> MemoryEstimate {
    var e = MemoryEstimate()
    e.add(name, rows: rows, columns: columns)
    return e
  }

  /// Every item of `estimate` `count` times (one per fold, say), named "… × count what".
  static func times(_ estimate: MemoryEstimate, _ count: Int, _ what: String) -> MemoryEstimate {
    var e = MemoryEstimate()
    for item in estimate.items { e.add("\(item.name) × \(count) \(what)", bytes: item.bytes * count) }
    return e
  }

  /// Bytes of LAPACK `dsyevd`'s workspace for the eigenvectors of an n×n matrix (LAPACKE
  /// allocates the optimal size): 1 + 6n + 2n² doubles and 3 + 5n integers.
  static func syevdWorkspaceBytes(_ n: Int) -> Int { (1 + 6 * n + 2 * n * n) * 8 + (3 + 5 * n) * 4 }

  /// Bytes of LAPACK `dgesdd`'s workspace for the thin SVD (jobz "S") of an m×n matrix, with
  /// k = min(m, n): 3k² + 7k doubles (bidiagonal divide and conquer), plus k² for the QR step
  /// when max(m, n) ≥ 11k/6, and 8k integers.
  static func gesddWorkspaceBytes(rows m: Int, columns n: Int) -> Int {
    let (k, longer) = (Swift.min(m, n), Swift.max(m, n))
    let square = longer * 6 >= k * 11 ? 4 * k * k : 3 * k * k
    return (square + 7 * k) * 8 + 8 * k * 4
  }

  /// OpenBLAS's packing buffers for the largest of `products` (m, inner k, n) on `threads`
  /// threads (`Matrix.blasBufferBytes`), or of `singleThreaded` products run one BLAS thread each
  /// on the `Parallel.workers` threads of a parallel loop.
  static func blasBuffers(_ products: [(Int, Int, Int)], singleThreaded: [(Int, Int, Int)] = []) -> MemoryEstimate {
    let threads = Parallel.workers
    let shared = products.map { Matrix.blasBufferBytes(rows: $0.0, inner: $0.1, columns: $0.2, threads: threads) }
    let own = singleThreaded.map {
      threads * Matrix.blasBufferBytes(rows: $0.0, inner: $0.1, columns: $0.2, threads: 1)
    }
    var e = MemoryEstimate()
    e.add("OpenBLAS packing buffers (\(threads) threads)", bytes: (shared + own).max() ?? 0)
    return e
  }

  /// The memory of factorising an n×p (centred) training matrix X, X itself not included:
  /// `building`, the peak while the factorisation is computed, and `result`, what it keeps (B and,
  /// in the primal form, Vᵀ; the dual form keeps X itself, which the caller counts).
  ///
  /// - dual: the kernel X·Xᵀ (n×n), dsyevd's copy of it (n×n) and workspace (2n² + 6n doubles);
  ///   it keeps the eigenvectors Q (n×n).
  /// - primal, X tall (n ≥ 1.25p), with `gramRoute` (a smallest penalty is known): XᵀX (p×p),
  ///   dsyevd's copy and workspace, then the eigenvectors V (p×p) beside B = X·V (n×p) and Vᵀ (p×p).
  ///   When the regularised Gram matrix is too ill-conditioned (which depends on the data) it
  ///   falls back to the QR route, so the larger of both routes is taken.
  /// - primal, X tall, QR route: dgelqf's copy of X (n×p) and R (p×p); the SVD of R: R, its copy,
  ///   U and Vᵀ (p×p each) and dgesdd's workspace; then B = X·V·S⁻¹ (n×p, twice: the product and
  ///   its scaled copy) beside U and Vᵀ. It keeps B (n×p) and Vᵀ (p×p).
  /// - primal otherwise: the SVD of X: dgesdd's copy of X (n×p), U (n×k), Vᵀ (k×p), workspace,
  ///   k = min(n, p). It keeps U = B and Vᵀ.
  static func memoryEstimate(rows n: Int, columns p: Int, form: RidgeSolver, gramRoute: Bool)
    -> (building: MemoryEstimate, result: MemoryEstimate)
  {
    if form == .dual {
      var building = block("kernel X·Xᵀ", n, n)
      building.add("dsyevd copy of the kernel", rows: n, columns: n)
      building.add("dsyevd workspace", bytes: syevdWorkspaceBytes(n))
      return (building, block("eigenvectors Q (basis)", n, n))
    }
    let k = Swift.min(n, p)
    guard n * 4 >= p * 5 else {
      var building = block("dgesdd copy of X", n, p)
      building.add("U (basis)", rows: n, columns: k)
      building.add("Vᵀ", rows: k, columns: p)
      building.add("dgesdd workspace", bytes: gesddWorkspaceBytes(rows: n, columns: p))
      return (building, block("U (basis)", n, k) + block("Vᵀ", k, p))
    }
    var routes: [MemoryEstimate] = []
    if gramRoute {
      var eigen = block("Gram XᵀX", p, p)
      eigen.add("dsyevd copy of XᵀX", rows: p, columns: p)
      eigen.add("dsyevd workspace", bytes: syevdWorkspaceBytes(p))
      var after = block("eigenvectors V", p, p)
      after.add("B = X·V", rows: n, columns: p)
      after.add("Vᵀ", rows: p, columns: p)
      routes += [eigen, after]
    }
    var qr = block("dgelqf copy of X", n, p)
    qr.add("R", rows: p, columns: p)
    var svd = block("R", p, p)
    svd.add("dgesdd copy of R", rows: p, columns: p)
    svd.add("U of R", rows: p, columns: p)
    svd.add("Vᵀ", rows: p, columns: p)
    svd.add("dgesdd workspace", bytes: gesddWorkspaceBytes(rows: p, columns: p))
    var basis = block("U of R", p, p)
    basis.add("Vᵀ", rows: p, columns: p)
    basis.add("X·V and B = X·V·S⁻¹", rows: 2 * n, columns: p)
    routes += [qr, svd, basis]
    return (MemoryEstimate.peak(routes), block("B (basis)", n, p) + block("Vᵀ", p, p))
  }
}
