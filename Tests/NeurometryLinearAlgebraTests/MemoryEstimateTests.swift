import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// `MemoryEstimate` and `MemoryLimit`: sizes from shapes, sums and phases, the size syntax of
/// --max-memory, and the refusal that names the estimate and the limit.
@Suite struct MemoryEstimateTests {
  @Test func itemsAddUpAndPhasesTakeTheLarger() {
    var a = MemoryEstimate()
    a.add("patterns", rows: 1000, columns: 10_000)
    a.add("Gram", rows: 1000, columns: 1000)
    a.add("float32 layer", rows: 10, columns: 10, bytesPerValue: 4)
    #expect(a.bytes == 80_000_000 + 8_000_000 + 400)
    #expect(a.items.first?.name == "patterns (1,000 × 10,000)")
    var b = MemoryEstimate()
    b.add("other", bytes: 5)
    #expect((a + b).bytes == a.bytes + 5)
    #expect(MemoryEstimate.peak([b, a]).bytes == a.bytes)
    #expect(MemoryEstimate.peak([]).bytes == 0)
    #expect(a.description.hasPrefix("88 MB (patterns (1,000 × 10,000) 80 MB, Gram (1,000 × 1,000) 8 MB"))
    #expect(MemoryEstimate.format(2_500_000_000) == "2.5 GB" && MemoryEstimate.format(1500) == "2 kB")
  }

  @Test func limitsParseSizesAndRefuseWhatDoesNotFit() throws {
    for (text, bytes) in [
      ("4G", 4_000_000_000), ("4gb", 4_000_000_000), ("512M", 512_000_000), ("2.5GB", 2_500_000_000), ("1000", 1000),
      ("1T", 1_000_000_000_000), ("64 kB", 64_000),
    ] {
      #expect(try MemoryLimit(parsing: text).bytes == bytes, "\(text)")
    }
    for bad in ["", "lots", "-1G", "0", "G", "nanG"] {
      #expect(throws: NeurometryError.self, "\(bad)") { try MemoryLimit(parsing: bad) }
    }
    var e = MemoryEstimate()
    e.add("Gram", rows: 1000, columns: 1000)
    try MemoryLimit(bytes: 8_000_000).require(e, for: "task", advice: "do less")
    do {
      try MemoryLimit(bytes: 7_999_999).require(e, for: "rdm x.npy", advice: "do less")
      Issue.record("an estimate above the limit was accepted")
    } catch let error as NeurometryError {
      #expect(
        error.description
          == "rdm x.npy: needs about 8 MB (Gram (1,000 × 1,000) 8 MB), more than the 8 MB (--max-memory) allowed; do less"
      )
    }
    // /proc/meminfo exists on the Linux machines the tests run on.
    let available = try #require(MemoryLimit.available())
    #expect(available.bytes > 0 && available.source == "available memory")
  }
}

/// `tallGram` and `tallTransposeProduct`: the products of tall matrices by tiles equal
/// BLAS's SYRK and GEMM to rounding for every block layout (sizes below, at and above a block,
/// empty), are symmetric, and give the same bits on one thread as on several and run together
/// (`tallProducts`) as apart.
@Suite struct TallProductTests {
  @Test func blockedProductsEqualBLASAndDoNotDependOnThreads() throws {
    // Gram tiles are 512 wide with 128-row strips on the diagonal: p 512, 513 and 1,100 (three
    // diagonal tiles, the last 76 wide, and three off-diagonal ones) cut it at and across both.
    let shapes = [
      (50, 1, 1), (300, 127, 3), (300, 128, 513), (700, 300, 1030), (60, 512, 2), (60, 513, 2), (200, 1100, 7),
      (0, 5, 4), (20, 0, 3),
    ]
    for (n, p, q) in shapes {
      var g = RandomStream(seed: UInt64(n + p + q))
      let x = Matrix(rows: n, columns: p, elements: g.gaussians(n * p))
      let y = Matrix(rows: n, columns: q, elements: g.gaussians(n * q))
      let xx = tallGram(x)
      let xy = tallTransposeProduct(x, y)
      #expect(xx.rows == p && xx.columns == p && xy.rows == p && xy.columns == q)
      #expect(maxAbsDifference(xx, gram(x, side: .columns)) <= 1e-12 * Double(max(n, 1)))
      #expect(maxAbsDifference(xy, gemm(x, y, transposeA: true)) <= 1e-12 * Double(max(n, 1)))
      #expect(xx == xx.transposed)
      // One loop over all three products' tiles gives each product's bits.
      let all = tallProducts(x, y)
      #expect(
        all.xx.elements == xx.elements && all.yy.elements == tallGram(y).elements && all.xy.elements == xy.elements)
      #expect(all.yy.rows == q && all.yy.columns == q)
      // Inside a parallel loop every product runs on one thread, block after block.
      let nested = try Parallel.map(2) { _ in (tallGram(x), tallTransposeProduct(x, y)) }
      #expect(nested[0].0.elements == xx.elements && nested[1].1.elements == xy.elements)
    }
  }
}
