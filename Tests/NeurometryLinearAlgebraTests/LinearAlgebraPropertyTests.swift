import NeurometryTestSupport
import Testing

@testable import NeurometryLinearAlgebra

/// Mathematical properties on seeded random inputs whose axes all differ in size.
@Suite struct LinearAlgebraPropertyTests {
  @Test(arguments: Synthetic.oddShapes)
  func svdReconstructsAndIsOrthogonal(shape: (Int, Int)) throws {
    let a = Synthetic.gaussian(rows: shape.0, columns: shape.1, seed: UInt64(shape.0 * 100 + shape.1))
    let original = a
    let f = try a.svd()
    let k = min(shape.0, shape.1)
    assertClose(f.reconstruction, a, rtol: 1e-10, atol: 1e-12, "U·S·Vᵀ")
    #expect(maxAbsDifference(f.u.transposeTimes(f.u), .identity(k)) < 1e-12)
    #expect(maxAbsDifference(f.vt.timesTranspose(f.vt), .identity(k)) < 1e-12)
    #expect(zip(f.singularValues, f.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
    #expect(a == original, "input unchanged")
  }

  @Test func singularValuesAreInvariantToRotations() throws {
    let a = Synthetic.gaussian(rows: 11, columns: 6, seed: 1)
    let q = try Synthetic.gaussian(rows: 6, columns: 6, seed: 2).svd().u  // random orthogonal
    let p = try Synthetic.gaussian(rows: 11, columns: 11, seed: 3).svd().u
    assertClose(try (p * a * q).singularValues(), try a.singularValues(), rtol: 1e-12, "s(P·A·Q) = s(A)")
  }

  @Test(arguments: [1, 2, 5, 17, 40])
  func inverseAndSolvesAreConsistent(n: Int) throws {
    let a = Synthetic.positiveDefinite(n, seed: UInt64(n))
    let b = Synthetic.gaussian(rows: n, columns: 3, seed: UInt64(n + 1))
    let inv = try a.inverse()
    #expect(maxAbsDifference(a * inv, .identity(n)) < 1e-10)
    assertClose(try a.solve(b), inv * b, rtol: 1e-9, atol: 1e-12, "solve = A⁻¹·B")
    assertClose(try a.solvePositiveDefinite(b), try a.solve(b), rtol: 1e-9, atol: 1e-12, "posv = gesv")
    let l = try a.cholesky()
    assertClose(l.timesTranspose(l), a, rtol: 1e-12, atol: 1e-12, "L·Lᵀ")
    for i in 0..<n { for j in (i + 1)..<max(n, i + 1) { #expect(l[i, j] == 0) } }
  }

  @Test func eigendecompositionReconstructsAndIsOrthogonal() throws {
    let a = Synthetic.positiveDefinite(23, seed: 77) - 30.0 * Matrix.identity(23)  // indefinite
    let f = try a.symmetricEigen()
    assertClose(f.applying { $0 }, a, rtol: 1e-10, atol: 1e-11, "V·diag(w)·Vᵀ")
    #expect(maxAbsDifference(f.vectors.transposeTimes(f.vectors), .identity(23)) < 1e-12)
    #expect(zip(f.values, f.values.dropFirst()).allSatisfy { $0 <= $1 })
    assertClose(f.values.reduce(0, +), a.trace, rtol: 1e-12, "Σw = trace")
  }

  @Test func psdSquareRootSquaresBackAndIsSymmetric() throws {
    let g = Synthetic.gaussian(rows: 9, columns: 4, seed: 8)
    let a = gram(g, side: .rows)  // 9×9 of rank 4
    let s = try a.psdSquareRoot()
    #expect(s == s.transposed)
    assertClose(s * s, a, rtol: 1e-9, atol: 1e-10, "S·S = A")
    #expect(try s.symmetricEigenvalues().allSatisfy { $0 > -1e-7 })
  }

  @Test func leastSquaresEqualsSolveForSquareAndNormalEquationsForTall() throws {
    let a = Synthetic.gaussian(rows: 30, columns: 7, seed: 4)
    let b = Synthetic.gaussian(rows: 30, columns: 2, seed: 5)
    let x = try a.leastSquares(b).solution
    let normal = try gram(a, side: .columns).solve(a.transposeTimes(b))
    assertClose(x, normal, rtol: 1e-9, atol: 1e-12, "lstsq = (AᵀA)⁻¹Aᵀb")
  }

  @Test func gemmAgreesWithTheDefinitionAndGramWithGemm() {
    let a = Synthetic.gaussian(rows: 6, columns: 4, seed: 10)
    let b = Synthetic.gaussian(rows: 4, columns: 3, seed: 11)
    let c = a * b
    for i in 0..<6 {
      for j in 0..<3 {
        let direct = (0..<4).reduce(0.0) { $0 + a[i, $1] * b[$1, j] }
        assertClose(c[i, j], direct, rtol: 1e-13, atol: 1e-15, "C[\(i),\(j)]")
      }
    }
    assertClose(gram(a, side: .rows), a.timesTranspose(a), rtol: 1e-13, "gram rows = A·Aᵀ")
    assertClose(gram(a, side: .columns), a.transposeTimes(a), rtol: 1e-13, "gram columns = Aᵀ·A")
    assertClose(a.transposed.transposed, a, rtol: 0, "transpose twice")
  }

  @Test func parsevalHoldsForEvenAndOddLengths() throws {
    for n in [1, 2, 15, 64, 101] {
      var g = RandomStream(seed: UInt64(n))
      let x = g.gaussians(n)
      let spectrum = try FFT.forward(x)
      var energy = 0.0
      for (k, c) in spectrum.enumerated() {
        let w: Double = (k == 0 || (n % 2 == 0 && k == n / 2)) ? 1 : 2
        energy += w * (c.real * c.real + c.imaginary * c.imaginary)
      }
      assertClose(energy / Double(n), x.map { $0 * $0 }.reduce(0, +), rtol: 1e-12, "Parseval n=\(n)")
      assertClose(try FFT.inverse(spectrum, count: n), x, rtol: 1e-12, atol: 1e-14, "round trip n=\(n)")
    }
  }

  @Test func ranksArePermutationInvariantAndSumToTriangularNumber() {
    var g = RandomStream(seed: 3)
    let x = (0..<50).map { _ in Double(g.nextInt(below: 10)) }
    let r = Ranking.averageRanks(x)
    assertClose(r.reduce(0, +), Double(50 * 51 / 2), rtol: 1e-15, "Σ ranks")
    let p = g.permutation(50)
    let rp = Ranking.averageRanks(p.map { x[$0] })
    #expect(rp == p.map { r[$0] })
    #expect(Ranking.averageRanks([1, .nan, 2]).allSatisfy { $0.isNaN })
  }

  @Test func argsortIsStableAndPutsNaNLast() {
    let x: [Double] = [3, .nan, 1, 3, -1, .nan, 1]
    #expect(Ranking.stableArgsort(x) == [4, 2, 6, 0, 3, 1, 5])
  }

  @Test func quantileEndpointsAndMedian() throws {
    let x: [Double] = [5, 1, 4, 2, 3]
    #expect(try Quantile.type7(x, [0, 1]) == [1, 5])
    #expect(try Quantile.median(x) == 3)
    #expect(try Quantile.median([1, 2, 3, 4]) == 2.5)
    #expect(try Quantile.type7([1, .nan], [0.5]).allSatisfy { $0.isNaN })
  }

  @Test func viewsShareStorageAndCopyOutExactly() {
    let a = Matrix(rows: 4, columns: 5) { i, j in Double(10 * i + j) }
    let v = a[rows: 1..<3, columns: 2..<5]
    #expect(v.rows == 2 && v.columns == 3 && v[1, 2] == 24)
    #expect(Matrix(copying: v) == Matrix([[12, 13, 14], [22, 23, 24]]))
    #expect(a.selectingRows([3, 0, 3]).row(2) == a.row(3))
    #expect(a.selectingColumns([4, 0]).column(0) == a.column(4))
    #expect(Matrix.horizontalConcatenation([a, a]).columns == 10)
  }

  @Test func emptyShapesDoNotTrap() throws {
    let e = Matrix(rows: 0, columns: 3)
    #expect((e.transposeTimes(e)) == Matrix(rows: 3, columns: 3))
    #expect(gram(e, side: .rows).rows == 0)
    #expect(try e.svd().singularValues.isEmpty)
  }
}

@Suite struct LargestEigenpairsTests {
  @Test(arguments: [(1, 1), (7, 1), (7, 3), (20, 20), (33, 2)]) func agreeWithTheFullDecomposition(nk: (Int, Int))
    throws
  {
    let (n, k) = nk
    let a = Synthetic.positiveDefinite(n, seed: UInt64(n * 10 + k)) + (-2.0 * Double(n)) * Matrix.identity(n)
    let full = try a.symmetricEigen()
    let top = try a.largestEigenpairs(count: k)
    assertClose(top.values, Array(full.values.suffix(k)), rtol: 1e-12, atol: 1e-12 * abs(full.values[n - 1]))
    #expect(top.vectors.rows == n && top.vectors.columns == k)
    for j in 0..<k {
      // Same eigenvector up to sign: |⟨v, v_full⟩| = 1, and A·v = λ·v.
      let v = top.vectors.column(j)
      let f = full.vectors.column(n - k + j)
      assertClose(abs(dot(v, f)), 1, rtol: 1e-10, "vector \(j)")
      assertClose(a.times(vector: v), v.map { $0 * top.values[j] }, rtol: 1e-9, atol: 1e-10 * abs(top.values[j]))
    }
    #expect(try a.largestEigenpairs(count: 0).values.isEmpty)
  }
}

@Suite struct QRFactorTests {
  @Test(arguments: [(1, 1), (7, 3), (13, 5), (64, 3), (31, 17), (20, 20)]) func rHasTheGramMatrixAndSingularValuesOfA(
    shape: (Int, Int)
  ) throws {
    let a = Synthetic.gaussian(rows: shape.0, columns: shape.1, seed: UInt64(shape.0 * 100 + shape.1))
    let r = try a.qrFactorR()
    #expect(r.rows == shape.1 && r.columns == shape.1)
    for i in 0..<r.rows {
      for j in 0..<i { #expect(r[i, j] == 0, "R is upper triangular") }
    }
    assertClose(r.transposeTimes(r), gram(a, side: .columns), rtol: 1e-12, atol: 1e-12, "RᵀR = AᵀA")
    assertClose(try r.singularValues(), try a.singularValues(), rtol: 1e-12, atol: 1e-13, "singular values")
  }

  @Test func wideMatricesAndNonFiniteValuesAreRefused() {
    #expect(throws: NeurometryError.self) { _ = try Matrix(rows: 2, columns: 3).qrFactorR() }
    #expect(throws: NeurometryError.self) { _ = try Matrix(rows: 3, columns: 2, repeating: .nan).qrFactorR() }
  }
}

@Suite struct StandardizationTests {
  @Test func constantColumnsAreExactlyZeroAndReported() {
    var x = Synthetic.gaussian(rows: 9, columns: 4, seed: 12)
    for i in 0..<9 { x[i, 2] = 0.1 }  // 0.1 is not exactly representable: the mean rounds
    let z = x.standardizingColumns(ddof: 1)
    #expect(z.constantColumns == [2])
    #expect(z.standardized.column(2).allSatisfy { $0 == 0 })
    #expect(z.scales[2] == 1 && z.means[2] == 0.1)
    // Unscaled: centred only, every scale 1, the constant column still exactly 0.
    let c = x.standardizingColumns(ddof: 1, scale: false)
    #expect(c.scales == [1, 1, 1, 1] && c.constantColumns == [2])
    #expect(c.standardized.column(2).allSatisfy { $0 == 0 })
    assertClose(c.standardized.column(0), x.columnCentered.column(0), rtol: 0, atol: 0, "centred")
    let sd = z.standardized.columnStandardDeviations(ddof: 1)
    for j in [0, 1, 3] { assertClose(sd[j], 1, rtol: 1e-12, "column \(j) has unit variance") }
  }
}

/// The radix path of `Ranking.stableArgsort` (64 values and more) against the comparison sort.
@Suite struct RadixArgsortTests {
  func comparisonArgsort(_ x: [Double]) -> [Int] {
    Array(0..<x.count).sorted { a, b in
      let (va, vb) = (x[a], x[b])
      if va.isNaN || vb.isNaN { return va.isNaN && vb.isNaN ? a < b : vb.isNaN }
      return va < vb || (va == vb && a < b)
    }
  }

  @Test func radixSortEqualsTheStableComparisonSortWithTiesSignedZerosInfinitiesAndNaN() {
    var g = RandomStream(seed: 8)
    for n in [64, 65, 200, 1_000, 20_000] {
      var x = (0..<n).map { _ in (g.nextGaussian() * 4).rounded() / 2 }  // many ties
      x[3] = -0.0
      x[5] = 0.0
      x[7] = .infinity
      x[11] = -.infinity
      x[13] = .nan
      x[n - 1] = -.nan
      x[17] = Double.leastNormalMagnitude / 1024  // subnormal
      x[19] = -Double.leastNormalMagnitude / 1024
      #expect(Ranking.stableArgsort(x) == comparisonArgsort(x), "n \(n)")
      let y = (0..<n).map { _ in g.nextGaussian() * 1e6 }
      #expect(Ranking.stableArgsort(y) == comparisonArgsort(y))
    }
  }

  @Test func linearKeyPathEqualsTheComparisonSortWithTiesSignedZerosAndSubnormals() {
    // Finite values only, so the κ-key path runs (22-bit keys up to 32,768 values, 33 above).
    var g = RandomStream(seed: 10)
    for n in [64, 777, 20_000, 40_000] {
      var x = (0..<n).map { _ in (g.nextGaussian() * 4).rounded() / 2 }
      x[3] = -0.0
      x[5] = 0.0
      x[17] = Double.leastNormalMagnitude / 1024
      x[19] = -Double.leastNormalMagnitude / 1024
      #expect(Ranking.linearKeyArgsort(x, indexBits: 31) != nil, "n \(n): finite values take the κ-key path")
      #expect(Ranking.stableArgsort(x) == comparisonArgsort(x), "n \(n)")
      let y = (0..<n).map { _ in g.nextUniform() }
      #expect(Ranking.stableArgsort(y) == comparisonArgsort(y), "n \(n), uniform")
    }
    #expect(Ranking.linearKeyArgsort([1, .nan, 2], indexBits: 2) == nil)
    #expect(Ranking.linearKeyArgsort([1, .infinity, 2], indexBits: 2) == nil)
    #expect(Ranking.linearKeyArgsort([-1e308, 1e308, 0], indexBits: 2) == nil, "the scale overflows")
    #expect(Ranking.linearKeyArgsort([3, 3, 3], indexBits: 2) == nil, "all equal")
  }

  @Test func shiftedRankDotsEqualTheDotsOfTheRanks() {
    var g = RandomStream(seed: 11)
    for n in [5, 63, 64, 1_000] {
      let x = (0..<n).map { _ in Double(g.nextInt(below: n / 3 + 2)) }  // ties
      let w = Matrix(rows: 3, columns: n, elements: g.gaussians(3 * n))
      let shift = Double(n + 1) / 2
      let ranks = Ranking.averageRanks(x).map { $0 - shift }
      let dots = Ranking.shiftedRankDots(x, shift: shift, weights: w)
      for p in 0..<3 {
        let expected = zip(ranks, w.row(p)).reduce(0) { $0 + $1.0 * $1.1 }
        #expect(abs(dots[p] - expected) <= 1e-12 * Double(n) * Double(n), "n \(n), row \(p)")
      }
      var withNaN = x
      withNaN[n / 2] = .nan
      let nanDots = Ranking.shiftedRankDots(withNaN, shift: shift, weights: w)
      #expect(nanDots.allSatisfy { $0.isNaN })
    }
  }

  @Test func valuesThatAgreeInTheirTopBitsAreOrderedByTheirFullKeys() {
    // A tight cluster plus one far outlier: the packed top bits cannot tell the cluster apart,
    // so runs of equal packed bits (short: insertion sort; long: full-key radix) decide.
    var g = RandomStream(seed: 9)
    for (n, clustered) in [(100, 20), (5_000, 5_000), (300, 300), (2_000, 40)] {
      // `clustered` values at 1 + j·1e-13 (distinct keys differing only in low mantissa bits,
      // with ties), the rest spread widely.
      var x = (0..<n).map { _ in g.nextGaussian() * 1e6 }
      for k in 0..<clustered { x[(k * 7) % n] = 1 + Double(g.nextInt(below: 50)) * 1e-13 }
      x[n / 2] = 1e12
      x[n / 3] = -1e12
      #expect(Ranking.stableArgsort(x) == comparisonArgsort(x), "n \(n), clustered \(clustered)")
      let ranks = Ranking.averageRanks(x)
      let order = comparisonArgsort(x)
      for k in 1..<n where x[order[k]] > x[order[k - 1]] {
        #expect(ranks[order[k]] > ranks[order[k - 1]], "n \(n): ranks must increase with the values")
      }
    }
  }
}

/// The one double-centring and the one finite-value check (issue 13: each was written several
/// times with different rules).
@Suite struct SharedMatrixHelpersTests {
  @Test func doubleCentringIsHAH() throws {
    for n in [1, 2, 5, 17] {
      let a = Synthetic.gaussian(rows: n, columns: n, seed: UInt64(n))
      let h = Matrix(rows: n, columns: n) { i, j in (i == j ? 1 : 0) - 1 / Double(n) }
      assertClose(a.doubleCentered(), gemm(gemm(h, a), h), rtol: 1e-12, atol: 1e-13, "n \(n)")
      // Rows and columns of the result sum to zero; a symmetric input stays symmetric.
      let s = (a + a.transposed)
      let c = s.doubleCentered(symmetric: true)
      assertClose(c, gemm(gemm(h, s), h), rtol: 1e-12, atol: 1e-13, "symmetric n \(n)")
      for i in 0..<n { #expect(abs(c.row(i).reduce(0, +)) < 1e-12 * Double(n)) }
      #expect(c == c.transposed || n == 1 || (c - c.transposed).elements.allSatisfy { abs($0) < 1e-14 })
      // Idempotent: H(HAH)H = HAH.
      assertClose(c.doubleCentered(symmetric: true), c, rtol: 1e-12, atol: 1e-13, "idempotent n \(n)")
    }
  }

  @Test func finiteCheckNamesWhatAndWhere() {
    var m = Matrix(rows: 3, columns: 4)
    m[2, 1] = .nan
    #expect(
      errorMessage { try m.requireFinite("op") } == "op: the 3×4 matrix has a non-finite value (nan) at row 2, column 1"
    )
    #expect(
      errorMessage { try m.requireFinite("cka", "X", rowName: "stimulus", columnName: "unit", advice: "drop it") }
        == "cka: X has a non-finite value (nan) at stimulus 2, unit 1; drop it")
    #expect(
      errorMessage { try m.requireFinite("f", "the layer") { i, j in "stimulus 'img\(i)', feature \(j)" } }
        == "f: the layer has a non-finite value (nan) at stimulus 'img2', feature 1")
    m[2, 1] = 0
    #expect(errorMessage { try m.requireFinite("op") } == "no error")
  }
}
