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

  /// The number of threads BLAS uses for one call.
  ///
  /// Set it to 1 inside loops that already run in parallel (resamples, pairs of layers) and leave
  /// it at the core count for single big products (DESIGN.md §3): never oversubscribe. The setting
  /// is process-wide.
  public static var blasThreads: Int {
    get { BLASLibrary.threads }
    set { BLASLibrary.threads = newValue }
  }

  /// Runs `body` with BLAS limited to `threads` threads, then restores the previous setting.
  public static func withBLASThreads<R>(_ threads: Int, _ body: () throws -> R) rethrows -> R {
    let previous = BLASLibrary.threads
    BLASLibrary.threads = threads
    defer { BLASLibrary.threads = previous }
    return try body()
  }
}
