internal import CNeurometryFFTW
import Foundation

// The one place that calls FFTW. Plans are created once per (length, direction) and cached:
// FFTW's planner is not thread-safe, so creation happens under a lock; executing a plan on new
// arrays (`fftw_execute_dft_r2c`/`_c2r`) is thread-safe. Plans are made with FFTW_ESTIMATE (no
// timing runs, inputs untouched while planning) and FFTW_UNALIGNED, so any Swift array works.

/// An owned FFTW plan; destroyed when the cache goes away (never, in practice: plans live for the
/// process, as FFTW intends).
final class FFTWPlan: @unchecked Sendable {
  let plan: fftw_plan
  init(_ plan: fftw_plan) { self.plan = plan }
  deinit { fftw_destroy_plan(plan) }
}

final class FFTWPlanCache: @unchecked Sendable {
  static let shared = FFTWPlanCache()
  private let lock = NSLock()
  private var forward: [Int: FFTWPlan] = [:]
  private var backward: [Int: FFTWPlan] = [:]

  /// Real-to-complex plan of length n (n/2+1 complex outputs).
  func realToComplex(_ n: Int) throws -> FFTWPlan {
    try plan(n, cache: &forward, call: "fftw_plan_dft_r2c_1d") { real, complex in
      fftw_plan_dft_r2c_1d(Int32(n), real, complex, neurometry_fftw_estimate() | neurometry_fftw_unaligned())
    }
  }

  /// Complex-to-real plan of length n (reads n/2+1 complex inputs, destroys them).
  func complexToReal(_ n: Int) throws -> FFTWPlan {
    try plan(n, cache: &backward, call: "fftw_plan_dft_c2r_1d") { real, complex in
      fftw_plan_dft_c2r_1d(Int32(n), complex, real, neurometry_fftw_estimate() | neurometry_fftw_unaligned())
    }
  }

  /// The cached plan for length n, or a new one made by `make` with scratch arrays (FFTW plans
  /// with FFTW_ESTIMATE do not touch them) under the planner lock.
  private func plan(
    _ n: Int, cache: inout [Int: FFTWPlan], call: String,
    make: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<fftw_complex>) -> fftw_plan?
  ) throws -> FFTWPlan {
    lock.lock()
    defer { lock.unlock() }
    if let p = cache[n] { return p }
    let real = fftw_alloc_real(n)
    let complex = fftw_alloc_complex(n / 2 + 1)
    defer {
      fftw_free(real)
      fftw_free(complex)
    }
    guard let real, let complex, let made = make(real, complex) else {
      throw NeurometryError.library(name: "FFTW", call: "\(call)(\(n))", message: "could not create a plan")
    }
    let p = FFTWPlan(made)
    cache[n] = p
    return p
  }
}

/// Unnormalised forward real FFT: `input` has n values, `output` has 2·(n/2+1) doubles
/// (interleaved real, imaginary).
func fftwRealForward(
  _ plan: FFTWPlan, input: UnsafeMutablePointer<Double>, output: UnsafeMutablePointer<Double>, n: Int
) {
  output.withMemoryRebound(to: fftw_complex.self, capacity: n / 2 + 1) { out in
    fftw_execute_dft_r2c(plan.plan, input, out)
  }
}

/// Unnormalised backward real FFT: `input` (interleaved, n/2+1 complex, destroyed) → n reals.
func fftwRealBackward(
  _ plan: FFTWPlan, input: UnsafeMutablePointer<Double>, output: UnsafeMutablePointer<Double>, n: Int
) {
  input.withMemoryRebound(to: fftw_complex.self, capacity: n / 2 + 1) { inp in
    fftw_execute_dft_c2r(plan.plan, inp, output)
  }
}

enum FFTWLibrary {
  static var version: String { String(cString: neurometry_fftw_version()) }
}
