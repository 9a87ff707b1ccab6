// OpenBLAS's CBLAS interface (Debian: libopenblas-dev, pkg-config name `openblas`, whose include
// folder holds cblas.h) plus OpenBLAS's thread controls and kernel selection.
#ifndef CNEUROMETRY_BLAS_SHIM_H
#define CNEUROMETRY_BLAS_SHIM_H
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#if defined(__x86_64__)
#include <cpuid.h>
#endif

/// OpenBLAS version and build configuration string, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH ...".
static inline const char *neurometry_openblas_config(void) { return openblas_get_config(); }
/// Name of the kernel family OpenBLAS selected on this CPU, e.g. "Cooperlake".
static inline const char *neurometry_openblas_corename(void) { return openblas_get_corename(); }
static inline int neurometry_openblas_get_num_threads(void) { return openblas_get_num_threads(); }
static inline void neurometry_openblas_set_num_threads(int n) { openblas_set_num_threads(n); }

/// Keeps freed large blocks in the heap (glibc): mmap threshold at its 32 MiB maximum, trim
/// threshold 1 GiB. Returns 1 when glibc accepted both, 0 otherwise (or off glibc). Lives here
/// with the other process-wide numerical settings (see NumericalLibraries.keepLargeAllocations).
static inline int neurometry_keep_large_allocations(void) {
#if defined(__GLIBC__)
  return mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1 && mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;
#else
  return 0;
#endif
}

/// Returns the heap's free memory to the system (glibc `malloc_trim(0)`). Returns 1 when some
/// memory was released, 0 otherwise (or off glibc).
static inline int neurometry_release_free_memory(void) {
#if defined(__GLIBC__)
  return malloc_trim(0);
#else
  return 0;
#endif
}

// DYNAMIC_ARCH builds of OpenBLAS (Debian's) choose their kernels when the library loads. A
// release older than the CPU (Debian 12 ships 0.3.21) does not recognise new Intel models (e.g.
// family 6 model 207) and falls back to its generic "Prescott" kernels, 5x slower. These weak
// references let Neurometry re-run the selection with OPENBLAS_CORETYPE set, before its first
// BLAS call, when the CPU can run better kernels. Absent symbols (non-dynamic builds) are NULL.
extern void gotoblas_dynamic_init(void) __attribute__((weak));
extern void gotoblas_dynamic_quit(void) __attribute__((weak));

/// 2 = AVX-512F usable (CPU and OS), 1 = AVX2 + FMA usable, 0 = neither / not x86-64.
static inline int neurometry_cpu_vector_level(void) {
#if defined(__x86_64__)
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
  int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1, fma = (c >> 12) & 1;
  if (!osxsave || !avx) return 0;
  unsigned xcr0_lo, xcr0_hi;
  __asm__ volatile("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
  if ((xcr0_lo & 0x6) != 0x6) return 0;  // XMM and YMM state
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  int avx2 = (b >> 5) & 1, avx512f = (b >> 16) & 1;
  if (avx512f && (xcr0_lo & 0xE6) == 0xE6) return 2;  // + opmask, ZMM_Hi256, Hi16_ZMM state
  if (avx2 && fma) return 1;
  return 0;
#else
  return 0;
#endif
}

/// Re-selects OpenBLAS's kernels as `core` (e.g. "SkylakeX"). Returns 1 on success, 0 when the
/// library cannot (not a DYNAMIC_ARCH build). Must run before any BLAS call.
static inline int neurometry_openblas_force_core(const char *core) {
  if (!gotoblas_dynamic_init || !gotoblas_dynamic_quit) return 0;
  if (setenv("OPENBLAS_CORETYPE", core, 1) != 0) return 0;
  gotoblas_dynamic_quit();
  gotoblas_dynamic_init();
  return 1;
}

// OpenBLAS's idle worker threads busy-wait (sched_yield) for 2^THREAD_TIMEOUT cycles before they
// sleep: 2^28 by default, about 0.1 s, after every threaded call and after the library loads. On
// two cores that spinning worker takes half the machine from whatever runs next (a Swift parallel
// loop runs at half speed until it stops). OPENBLAS_THREAD_TIMEOUT is read when the library loads,
// before main; these weak references re-read it and restart the thread pool. Absent symbols
// (another BLAS build) are NULL and nothing changes.
extern void openblas_read_env(void) __attribute__((weak));
extern int blas_thread_shutdown_(void) __attribute__((weak));
extern int openblas_thread_timeout(void) __attribute__((weak));

/// Sets OpenBLAS's idle spin to 2^log2Cycles cycles (OpenBLAS clamps to 4…30) unless the user set
/// OPENBLAS_THREAD_TIMEOUT, and restarts its workers so it takes effect (they start again with
/// the next threaded call). Returns the value in force, or 0 when this OpenBLAS cannot. Must run
/// before any BLAS call; the environment is left as it was.
static inline int neurometry_openblas_set_thread_timeout(int log2Cycles) {
  if (!openblas_read_env || !blas_thread_shutdown_ || !openblas_thread_timeout) return 0;
  int ours = getenv("OPENBLAS_THREAD_TIMEOUT") == NULL;
  if (ours) {
    char value[16];
    snprintf(value, sizeof value, "%d", log2Cycles);
    if (setenv("OPENBLAS_THREAD_TIMEOUT", value, 0) != 0) return 0;
  }
  openblas_read_env();
  if (ours) unsetenv("OPENBLAS_THREAD_TIMEOUT");
  blas_thread_shutdown_();
  return openblas_thread_timeout();
}
#endif
