import Foundation
import NeurometryLinearAlgebra
import Testing

/// Process-wide memory settings: freed blocks kept in the heap by `keepLargeAllocations` are given
/// back by `releaseFreeMemory`.
@Suite struct NumericalLibrariesTests {
  /// OpenBLAS's idle workers spin 2²⁰ cycles, not its default 2²⁸ (unless the user chose), and
  /// threaded products still work after its thread pool was restarted for that.
  @Test func openBLASWorkersSpinBriefly() {
    let chosen = ProcessInfo.processInfo.environment["OPENBLAS_THREAD_TIMEOUT"].flatMap { Int($0) }
    #expect(NumericalLibraries.blasThreadTimeout == (chosen.map { Swift.min(30, Swift.max(4, $0)) } ?? 20))
    let a = Matrix(rows: 300, columns: 300) { i, j in Double((i * 7 + j * 3) % 11) - 5 }
    let product = a * a  // 2.7e7 multiply-adds: threaded
    #expect(product[17, 42] == (0..<300).reduce(0) { $0 + a[17, $1] * a[$1, 42] })
  }

  /// glibc's mallopt and malloc_trim; Address- and ThreadSanitizer replace the allocator and
  /// refuse both, so the sanitizer runs (.ci/sanitizers.sh sets ASAN_OPTIONS or TSAN_OPTIONS)
  /// leave this one out.
  @Test(
    .disabled(
      if: ProcessInfo.processInfo.environment["ASAN_OPTIONS"] != nil
        || ProcessInfo.processInfo.environment["TSAN_OPTIONS"] != nil, "the sanitizers' allocators have no mallopt"))
  func freedHeapMemoryIsReleasedOnRequest() {
    #if os(Linux)
      #expect(NumericalLibraries.keepLargeAllocations())
      do {
        // 4 × 16 MiB, below the 32 MiB mmap threshold: heap blocks, kept after they are freed.
        let blocks = (0..<4).map { k in [Double](repeating: Double(k), count: 2 << 20) }
        #expect(blocks.map { $0[($0.count - 1)] }.reduce(0, +) == 6)
      }
      #expect(NumericalLibraries.releaseFreeMemory())
    #else
      #expect(!NumericalLibraries.releaseFreeMemory())
    #endif
  }
}
