import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

@Suite struct ParallelTests {
  @Test func resultsAreInIndexOrderAndIndependentOfScheduling() throws {
    let values = try Parallel.map(257) { i -> UInt64 in
      var g = RandomStream(seed: 11, stream: UInt64(i))
      return g.next()
    }
    let serial = (0..<257).map { i -> UInt64 in
      var g = RandomStream(seed: 11, stream: UInt64(i))
      return g.next()
    }
    #expect(values == serial)
  }

  @Test func blasIsSingleThreadedInside() throws {
    let inside = try Parallel.map(4) { _ in NumericalLibraries.blasThreads }
    if Parallel.workers > 1 { #expect(inside.allSatisfy { $0 == 1 }) }
  }

  @Test func theLowestIndexErrorIsRethrown() {
    #expect(throws: NeurometryError.invalidInput(context: "item 3", message: "bad")) {
      _ = try Parallel.map(10) { i -> Int in
        if i == 3 || i == 7 { throw NeurometryError.invalidInput(context: "item \(i)", message: "bad") }
        return i
      }
    }
  }

  @Test func productsInsideParallelLoopsMatchSerialOnes() throws {
    let a = Synthetic.gaussian(rows: 40, columns: 30, seed: 1)
    let parallel = try Parallel.map(6) { k in gram(a.rowBlock(0..<(10 + 5 * k)), side: .columns) }
    for k in 0..<6 {
      assertClose(parallel[k], gram(a.rowBlock(0..<(10 + 5 * k)), side: .columns), rtol: 1e-13, "block \(k)")
    }
  }
}

@Suite struct OverlappingParallelLoopsTests {
  @Test func nestedAndConcurrentLoopsKeepBLASSingleThreadedUntilTheLastEnds() throws {
    // Outer loop items each run an inner loop; every BLAS call inside must see one thread,
    // even when an inner loop finishes while others still run.
    let seen = try Parallel.map(6) { i -> [Int] in
      let inner = try Parallel.map(3 + i % 2) { _ in NumericalLibraries.blasThreads }
      return inner + [NumericalLibraries.blasThreads]
    }
    if Parallel.workers > 1 { #expect(seen.allSatisfy { $0.allSatisfy { $0 == 1 } }) }
    // The restore after the last loop is not asserted: other suites' loops run concurrently in
    // the test process, so the count is legitimately 1 until the last of them ends.
  }
}
