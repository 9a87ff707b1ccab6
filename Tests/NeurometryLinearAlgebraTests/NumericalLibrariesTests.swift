import NeurometryLinearAlgebra
import Testing

/// Process-wide memory settings: freed blocks kept in the heap by `keepLargeAllocations` are given
/// back by `releaseFreeMemory`.
@Suite struct NumericalLibrariesTests {
  @Test func freedHeapMemoryIsReleasedOnRequest() {
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
