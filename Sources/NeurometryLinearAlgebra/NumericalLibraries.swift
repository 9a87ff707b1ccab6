/// The numerical C libraries Neurometry is linked against, for `neurometry --version` and for the
/// provenance recorded in reports and benchmark results.
public enum NumericalLibraries {
  /// OpenBLAS's build configuration, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64".
  public static var blasConfiguration: String { BLASLibrary.configuration }
  /// The kernel family OpenBLAS selected on this CPU, e.g. "Cooperlake".
  public static var blasCore: String { BLASLibrary.coreName }
  /// How OpenBLAS's kernels were chosen: by OpenBLAS, by the user (`OPENBLAS_CORETYPE`), or by
  /// Neurometry when OpenBLAS fell back to its generic kernels on a CPU it does not recognise.
  public static var blasKernelSelection: String { BLASLibrary.kernelSelection }
  /// FFTW's version string, e.g. "fftw-3.3.10-sse2-avx".
  public static var fftwVersion: String { FFTWLibrary.version }
  /// log₂ of the cycles OpenBLAS's idle workers busy-wait before sleeping (Neurometry sets 20
  /// unless OPENBLAS_THREAD_TIMEOUT is set; 0 when this OpenBLAS does not allow it).
  public static var blasThreadTimeout: Int {
    BLASLibrary.prepare()
    return BLASLibrary.threadTimeout
  }

  /// The number of threads BLAS uses for one call.
  ///
  /// Set it to 1 inside loops that already run in parallel (resamples, pairs of layers) and leave
  /// it at the core count for single big products (DESIGN.md §3): never oversubscribe. The setting
  /// is process-wide.
  public static var blasThreads: Int {
    get { SingleThreadedBLAS.threads }
    set { SingleThreadedBLAS.threads = newValue }
  }

  /// Keeps freed large arrays in the process instead of returning them to the system at once.
  ///
  /// glibc hands out blocks above 128 KiB (its starting threshold) with mmap and unmaps them on
  /// free, so every big temporary (a 100 × 19,900 rank matrix, a bootstrap's resampled RDMs) costs
  /// one page fault per 4 KiB on first touch — measured at a third of compare-rho-a's time (10,500
  /// faults per run). This raises the mmap threshold to glibc's maximum (32 MiB) and the trim
  /// threshold to 1 GiB, so such blocks are reused from the heap. Process-wide, so the library
  /// never does it on its own: the `neurometry` command and the benchmark runner call it first
  /// thing; a Swift script may call it too. No effect off glibc. Returns whether glibc accepted it.
  @discardableResult
  public static func keepLargeAllocations() -> Bool {
    BLASLibrary.keepLargeAllocations()
  }

  /// Returns the heap's free memory to the system now (glibc `malloc_trim(0)`), undoing what
  /// `keepLargeAllocations` keeps, e.g. before measuring a peak resident set size (the benchmark
  /// runner does, per workload). No effect off glibc. Returns whether any memory was released.
  @discardableResult
  public static func releaseFreeMemory() -> Bool {
    BLASLibrary.releaseFreeMemory()
  }

  /// Runs `body` with BLAS limited to `threads` threads, then restores the previous setting.
  public static func withBLASThreads<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
    let previous = SingleThreadedBLAS.threads
    SingleThreadedBLAS.threads = threads
    defer { SingleThreadedBLAS.threads = previous }
    return try body()
  }
}
