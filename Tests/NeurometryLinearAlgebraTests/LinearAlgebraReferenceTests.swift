import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Every linear-algebra routine against numpy/scipy results (Tests/Fixtures/linalg/make_linalg.py,
/// numpy 2.4.6, scipy 1.17.1). Tolerance 1e-10 relative; decompositions whose factors are unique
/// only up to sign are compared through reconstructions, subspace projectors and invariants.
@Suite struct LinearAlgebraReferenceTests {
  let area = "linalg"

  @Test func gemmMatchesNumpyInAllTransposeForms() throws {
    let a = try Fixtures.matrix(area, "gemm_a")
    let b = try Fixtures.matrix(area, "gemm_b")
    let d = try Fixtures.matrix(area, "gemm_d")
    let e = try Fixtures.matrix(area, "gemm_e")
    assertClose(a * b, try Fixtures.matrix(area, "gemm_ab"), "A·B")
    assertClose(a.transposeTimes(d), try Fixtures.matrix(area, "gemm_atd"), "Aᵀ·D")
    assertClose(a.timesTranspose(e), try Fixtures.matrix(area, "gemm_aet"), "A·Eᵀ")
    // Through the generic entry point with views and an explicit α.
    assertClose(gemm(a.view, b.view, alpha: 2), 2.0 * (try Fixtures.matrix(area, "gemm_ab")), "2·A·B via views")
  }

  @Test func gemmOnSubmatrixViewsEqualsGemmOnCopies() throws {
    let a = try Fixtures.matrix(area, "gemm_a")  // 7×5
    let d = try Fixtures.matrix(area, "gemm_d")  // 7×4
    let va = a[rows: 1..<6, columns: 2..<5]  // 5×3
    let vd = d[rows: 1..<6, columns: 0..<3]  // 5×3
    let viaViews = gemm(va, vd, transposeA: true)
    let viaCopies = gemm(Matrix(copying: va), Matrix(copying: vd), transposeA: true)
    assertClose(viaViews, viaCopies, rtol: 1e-15, "Aᵀ·D on views")
  }

  @Test func syrkGramMatricesMatchNumpyAndAreExactlySymmetric() throws {
    let x = try Fixtures.matrix(area, "syrk_x")
    let xxt = gram(x, side: .rows)
    let xtx = gram(x, side: .columns)
    assertClose(xxt, try Fixtures.matrix(area, "syrk_xxt"), "X·Xᵀ")
    assertClose(xtx, try Fixtures.matrix(area, "syrk_xtx"), "Xᵀ·X")
    #expect(xxt == xxt.transposed)
    #expect(xtx == xtx.transposed)
  }

  @Test(arguments: ["svd_tall", "svd_wide", "svd_rankdef"])
  func svdSingularValuesAndReconstructionMatch(name: String) throws {
    let a = try Fixtures.matrix(area, name)
    let expected = try Fixtures.vector(area, name + "_s")
    let f = try a.svd()
    let k = min(a.rows, a.columns)
    #expect(f.u.rows == a.rows && f.u.columns == k && f.vt.rows == k && f.vt.columns == a.columns)
    // Singular values of a rank-deficient matrix are ~1e-16 where numpy's are ~1e-16 too:
    // compare with an absolute floor relative to the largest.
    assertClose(f.singularValues, expected, rtol: 1e-10, atol: 1e-12 * expected[0], "\(name) singular values")
    assertClose(
      try a.singularValues(), expected, rtol: 1e-10, atol: 1e-12 * expected[0], "\(name) singular values only")
    assertClose(f.reconstruction, a, rtol: 1e-10, atol: 1e-12 * expected[0], "\(name) U·S·Vᵀ")
    #expect(maxAbsDifference(f.u.transposeTimes(f.u), .identity(k)) < 1e-12)
    #expect(maxAbsDifference(f.vt.timesTranspose(f.vt), .identity(k)) < 1e-12)
    #expect(f.rank() == expected.filter { $0 > expected[0] * 1e-10 }.count)
  }

  @Test func symmetricEigenMatchesNumpyEigh() throws {
    let a = try Fixtures.matrix(area, "eigh_a")
    let f = try a.symmetricEigen()
    assertClose(f.values, try Fixtures.vector(area, "eigh_w"), "eigenvalues")
    assertClose(try a.symmetricEigenvalues(), try Fixtures.vector(area, "eigh_w"), "eigenvalues only")
    // Eigenvalues are distinct here, so each eigenvector matches numpy's up to sign.
    let v = try Fixtures.matrix(area, "eigh_v")
    for j in 0..<a.columns {
      let ours = f.vectors.column(j)
      let theirs = v.column(j)
      let sign: Double = dot(ours, theirs) < 0 ? -1 : 1
      assertClose(ours.map { $0 * sign }, theirs, rtol: 1e-9, atol: 1e-12, "eigenvector \(j)")
    }
    assertClose(f.applying { $0 }, a, rtol: 1e-10, atol: 1e-12, "V·diag(w)·Vᵀ")
  }

  @Test func choleskyMatchesNumpy() throws {
    let a = try Fixtures.matrix(area, "chol_a")
    let l = try a.cholesky()
    assertClose(l, try Fixtures.matrix(area, "chol_l"), atol: 1e-14, "L")
    assertClose(l.timesTranspose(l), a, "L·Lᵀ")
  }

  @Test func solvesMatchNumpyAndScipy() throws {
    assertClose(
      try Fixtures.matrix(area, "solve_a").solve(try Fixtures.matrix(area, "solve_b")),
      try Fixtures.matrix(area, "solve_x"), "solve")
    assertClose(
      try Fixtures.matrix(area, "spdsolve_a").solvePositiveDefinite(try Fixtures.matrix(area, "spdsolve_b")),
      try Fixtures.matrix(area, "spdsolve_x"), "solve (positive definite)")
    let a = try Fixtures.matrix(area, "inv_a")
    assertClose(try a.inverse(), try Fixtures.matrix(area, "inv_ainv"), "inverse")
    let spd = try Fixtures.matrix(area, "spdsolve_a")
    assertClose(try spd.inversePositiveDefinite(), try spd.inverse(), rtol: 1e-10, "SPD inverse vs LU inverse")
  }

  @Test func leastSquaresMatchesNumpyIncludingRankDeficient() throws {
    let full = try Fixtures.matrix(area, "lstsq_a").leastSquares(try Fixtures.matrix(area, "lstsq_b"))
    assertClose(full.solution, try Fixtures.matrix(area, "lstsq_x"), "full-rank solution")
    #expect(full.rank == 4)
    let rd = try Fixtures.matrix(area, "lstsq_rd_a").leastSquares(try Fixtures.matrix(area, "lstsq_rd_b"))
    assertClose(rd.solution, try Fixtures.matrix(area, "lstsq_rd_x"), rtol: 1e-9, atol: 1e-13, "minimum-norm solution")
    #expect(rd.rank == Int(try Fixtures.vector(area, "lstsq_rd_rank")[0]))
  }

  @Test func psdSquareRootMatchesScipySqrtmAndClipsNegativeEigenvalues() throws {
    let a = try Fixtures.matrix(area, "sqrtm_a")
    let s = try a.psdSquareRoot()
    assertClose(s, try Fixtures.matrix(area, "sqrtm_s"), rtol: 1e-9, atol: 1e-13, "sqrtm (full rank)")
    assertClose(s * s, a, rtol: 1e-9, atol: 1e-12, "S·S")
    let psd = try Fixtures.matrix(area, "sqrtm_psd")
    let sp = try psd.psdSquareRoot()
    // Rank 3: the zero eigenvalues come out as ±1e-16 and their square roots as ~1e-8 on either
    // side, so elements agree to ~1e-8 only; S·S (below) is the tight check.
    assertClose(sp, try Fixtures.matrix(area, "sqrtm_psd_s"), rtol: 1e-7, atol: 1e-7, "sqrt of rank-3 PSD")
    assertClose(sp * sp, psd, rtol: 1e-9, atol: 1e-12, "S·S (rank 3)")
  }

  @Test func columnStatisticsMatchNumpy() throws {
    let x = try Fixtures.matrix(area, "center_x")
    assertClose(x.columnMeans, try Fixtures.vector(area, "center_means"), "means")
    assertClose(x.columnCentered, try Fixtures.matrix(area, "center_xc"), atol: 1e-13, "centred")
    assertClose(x.columnStandardDeviations(ddof: 0), try Fixtures.vector(area, "center_std0"), "std ddof=0")
    assertClose(x.columnStandardDeviations(ddof: 1), try Fixtures.vector(area, "center_std1"), "std ddof=1")
    let z = x.standardizingColumns(ddof: 1)
    assertClose(z.standardized, try Fixtures.matrix(area, "center_z1"), atol: 1e-13, "z-scores")
    #expect(z.constantColumns.isEmpty)
  }
}
