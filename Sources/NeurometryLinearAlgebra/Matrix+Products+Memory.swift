/// Memory of the BLAS products (`gemm`, `gram`) for `MemoryEstimate`s.
extension Matrix {
  /// OpenBLAS's level-3 blocking for double precision on the Haswell and Zen kernels (GEMM_P ×
  /// GEMM_Q): a thread packs blocks of op(A) of at most 512 × 256 doubles.
  static let blasPackedBlock = (rows: 512, depth: 256)

  /// Bytes OpenBLAS touches in its per-thread packing buffers for one level-3 product C = op(A)·op(B)
  /// (`gemm`, or `gram` as the product of its n×k input with its transpose), C m×n with inner
  /// dimension k, run on `threads` BLAS threads.
  ///
  /// Per thread: the packed block of op(A), min(m, 512) × min(k, 256) doubles, and the thread's
  /// share of the packed panel of op(B), min(k, 256) × ⌈n / threads⌉ doubles (OpenBLAS's
  /// GEMM_P = 512, GEMM_Q = 256 of its Haswell/Zen kernels). The buffers are allocated once per
  /// thread and stay resident, so an analysis holds those of its largest product. Inside
  /// `Parallel` loops BLAS runs one thread per call, on each of the `Parallel.workers` threads.
  /// Measured: 10.4 MB for gemm-limit's 4000 × 4000 × 4000 product on 2 threads (this gives 10.3 MB).
  public static func blasBufferBytes(rows m: Int, inner k: Int, columns n: Int, threads: Int) -> Int {
    guard m > 0, k > 0, n > 0 else { return 0 }
    let t = Swift.max(1, threads)
    let depth = Swift.min(k, blasPackedBlock.depth)
    let perThread = Swift.min(m, blasPackedBlock.rows) * depth + depth * ((n + t - 1) / t)
    return t * perThread * 8
  }

  /// The peak memory of `gemm(a, b)` with op(A) m×k and op(B) k×n (doubles), inputs included:
  ///
  ///     A (m×k) + B (k×n) + C (m×n, written by BLAS) + OpenBLAS packing buffers
  ///
  /// the buffers for `Parallel.workers` BLAS threads (`blasBufferBytes`). This is what the peak
  /// holds: the result is allocated once and written in place, with no other temporary.
  public static func productMemoryEstimate(rows m: Int, inner k: Int, columns n: Int) -> MemoryEstimate {
    var estimate = MemoryEstimate()
    estimate.add("A", rows: m, columns: k)
    estimate.add("B", rows: k, columns: n)
    estimate.add("A·B", rows: m, columns: n)
    estimate.add(
      "OpenBLAS packing buffers (\(Parallel.workers) threads)",
      bytes: blasBufferBytes(rows: m, inner: k, columns: n, threads: Parallel.workers))
    return estimate
  }
}
