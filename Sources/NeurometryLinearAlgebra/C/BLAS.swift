internal import CNeurometryBLAS
import Foundation

// The one place that calls CBLAS. Every wrapper checks that sizes fit BLAS's 32-bit integers
// (Debian's OpenBLAS is LP64): a larger matrix is a programmer error here, because callers
// process big inputs in blocks.

@inline(__always)
private func blasInt(_ n: Int, _ what: StaticString) -> Int32 {
  precondition(n >= 0 && n <= Int(Int32.max), "BLAS: \(what) = \(n) does not fit a 32-bit BLAS integer")
  return Int32(n)
}

/// C ← α·op(A)·op(B) + β·C, all row-major. `c` has `ldc` ≥ n.
func blasGemm(
  transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
  a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
  beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
  guard m > 0 && n > 0 else { return }
  BLASLibrary.prepare()
  let small = BLASLibrary.threadsFor(multiplyAdds: m * n * k)
  defer { if small { SingleThreadedBLAS.leave() } }
  cblas_dgemm(
    CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
    blasInt(m, "m"), blasInt(n, "n"), blasInt(k, "k"), alpha, a, blasInt(lda, "lda"), b, blasInt(ldb, "ldb"),
    beta, c, blasInt(ldc, "ldc"))
}

/// Upper triangle of C ← α·A·Aᵀ + β·C (or α·Aᵀ·A when `transpose`), row-major; C is n×n.
func blasSyrk(
  transpose: Bool, n: Int, k: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
  beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int
) {
  guard n > 0 else { return }
  BLASLibrary.prepare()
  let small = BLASLibrary.threadsFor(multiplyAdds: n * n * k / 2)
  defer { if small { SingleThreadedBLAS.leave() } }
  cblas_dsyrk(
    CblasRowMajor, CblasUpper, transpose ? CblasTrans : CblasNoTrans, blasInt(n, "n"), blasInt(k, "k"),
    alpha, a, blasInt(lda, "lda"), beta, c, blasInt(ldc, "ldc"))
}

/// y ← α·op(A)·x + β·y, A row-major m×n.
func blasGemv(
  transpose: Bool, m: Int, n: Int, alpha: Double, a: UnsafePointer<Double>, lda: Int,
  x: UnsafePointer<Double>, beta: Double, y: UnsafeMutablePointer<Double>
) {
  guard m > 0 && n > 0 else { return }
  BLASLibrary.prepare()
  let small = BLASLibrary.threadsFor(multiplyAdds: m * n)  // memory-bound: threads gain little below 64 MB
  defer { if small { SingleThreadedBLAS.leave() } }
  cblas_dgemv(
    CblasRowMajor, transpose ? CblasTrans : CblasNoTrans, blasInt(m, "m"), blasInt(n, "n"), alpha, a,
    blasInt(lda, "lda"), x, 1, beta, y, 1)
}

/// xᵀy over `n` contiguous elements.
func blasDot(_ n: Int, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>) -> Double {
  guard n > 0 else { return 0 }
  BLASLibrary.prepare()
  return cblas_ddot(blasInt(n, "n"), x, 1, y, 1)
}

/// The BLAS library in use, its kernels and its threads.
enum BLASLibrary {
  /// Products below this many multiply-adds (about 0.1 ms on one core) run on the calling thread.
  /// OpenBLAS threads anything above 64³ and its workers then busy-wait (sched_yield) for about
  /// 2²⁸ cycles — on a 2-core machine they compete with the Swift parallel loop that usually
  /// follows a small product (rank comparators, bootstraps): measured 20 % of compare-rho-a's time.
  static let smallProduct = 1 << 23

  /// Sets up the threads for a call of `multiplyAdds`: a small call runs single-threaded (returns
  /// true: the caller must `SingleThreadedBLAS.leave()` after it), a big one first restores a
  /// thread count left pending by a parallel loop.
  @inline(__always)
  static func threadsFor(multiplyAdds: Int) -> Bool {
    if multiplyAdds >= smallProduct {
      SingleThreadedBLAS.restorePending()
      return false
    }
    guard threads > 1 else { return false }
    SingleThreadedBLAS.enter()
    return true
  }

  /// What happened to OpenBLAS's kernel choice, decided once before the first BLAS call.
  static let kernelSelection: String = selectKernels()

  /// Call before any BLAS or LAPACK work (the funnels do).
  @inline(__always)
  static func prepare() {
    _ = kernelSelection
    _ = threadTimeout
  }

  /// log₂ of the cycles OpenBLAS's idle workers busy-wait before sleeping, set once after the
  /// kernel choice: 2²⁰ (~0.3 ms: long enough to bridge the back-to-back calls inside LAPACK,
  /// short enough that a worker does not spin through the Swift parallel loop that follows) instead
  /// of OpenBLAS's 2²⁸ (~0.1 s, measured: the first three compare-rho-a runs of a process took
  /// 0.029–0.032 s instead of 0.016 s while a worker spun). OPENBLAS_THREAD_TIMEOUT, if set,
  /// wins. 0 when this OpenBLAS cannot change it.
  static let threadTimeout: Int = {
    _ = kernelSelection
    return Int(neurometry_openblas_set_thread_timeout(20))
  }()

  private static func selectKernels() -> String {
    let detected = String(cString: neurometry_openblas_corename())
    if let forced = getenv("OPENBLAS_CORETYPE") {
      return "\(detected) (OPENBLAS_CORETYPE=\(String(cString: forced)) set by the user)"
    }
    guard detected == "Prescott" else { return "\(detected) (selected by OpenBLAS)" }
    let level = neurometry_cpu_vector_level()
    guard level > 0 else { return "Prescott (selected by OpenBLAS; the CPU has no AVX2)" }
    let core = level == 2 ? "SkylakeX" : "Haswell"
    guard neurometry_openblas_force_core(core) == 1 else {
      return
        "Prescott (generic kernels: this OpenBLAS does not recognise the CPU and cannot be re-selected; set OPENBLAS_CORETYPE=\(core) for speed)"
    }
    let now = String(cString: neurometry_openblas_corename())
    return
      "\(now) (OpenBLAS chose its generic Prescott kernels for this unrecognised CPU; Neurometry selected \(core) because the CPU has \(level == 2 ? "AVX-512" : "AVX2"))"
  }

  static func keepLargeAllocations() -> Bool { neurometry_keep_large_allocations() == 1 }
  static func releaseFreeMemory() -> Bool { neurometry_release_free_memory() == 1 }

  static var configuration: String {
    prepare()  // the string names the kernels in use, so select them first
    return String(cString: neurometry_openblas_config())
  }
  static var coreName: String {
    prepare()
    return String(cString: neurometry_openblas_corename())
  }
  static var threads: Int {
    get { Int(neurometry_openblas_get_num_threads()) }
    set {
      prepare()
      neurometry_openblas_set_num_threads(Int32(clamping: newValue))
    }
  }
}
