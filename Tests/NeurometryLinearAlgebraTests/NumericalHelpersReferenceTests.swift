import ComplexModule
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// FFT, ranks, argsort and quantiles against numpy/scipy (Tests/Fixtures/linalg/make_linalg.py).
@Suite struct NumericalHelpersReferenceTests {
  let area = "linalg"

  @Test(arguments: [("fft_x", "fft_re", "fft_im"), ("fft_odd_x", "fft_odd_re", "fft_odd_im")])
  func rfftMatchesNumpy(names: (String, String, String)) throws {
    let x = try Fixtures.matrix(area, names.0)
    let re = try Fixtures.matrix(area, names.1)
    let im = try Fixtures.matrix(area, names.2)
    let rows = try FFT.forwardRows(x)
    let scale = x.elements.map(abs).max() ?? 1
    assertClose(rows.real, re, rtol: 1e-10, atol: 1e-13 * scale, "rfft real (\(names.0))")
    assertClose(rows.imaginary, im, rtol: 1e-10, atol: 1e-13 * scale, "rfft imaginary (\(names.0))")
    for i in 0..<x.rows {
      let one = try FFT.forward(x.row(i))
      assertClose(one.map(\.real), re.row(i), rtol: 1e-10, atol: 1e-13 * scale, "rfft row \(i) real")
      assertClose(one.map(\.imaginary), im.row(i), rtol: 1e-10, atol: 1e-13 * scale, "rfft row \(i) imaginary")
    }
  }

  @Test func irfftRoundTripsAndMatchesNumpy() throws {
    let x = try Fixtures.matrix(area, "fft_irfft_in")
    let expected = try Fixtures.matrix(area, "fft_irfft_n12")
    for i in 0..<x.rows {
      let back = try FFT.inverse(try FFT.forward(x.row(i)), count: 12)
      assertClose(back, expected.row(i), rtol: 1e-10, atol: 1e-14, "irfft(rfft(x)) row \(i)")
    }
  }

  @Test(arguments: [("rank_x", "rank_r"), ("rank_x2", "rank_r2")])
  func averageRanksMatchScipyRankdata(names: (String, String)) throws {
    let x = try Fixtures.vector(area, names.0)
    #expect(Ranking.averageRanks(x) == (try Fixtures.vector(area, names.1)))
  }

  @Test func stableArgsortMatchesNumpy() throws {
    let x = try Fixtures.vector(area, "argsort_x")
    let expected = try Fixtures.array(area, "argsort_i").integers(context: "argsort_i").map(Int.init)
    #expect(Ranking.stableArgsort(x) == expected)
  }

  @Test func type7QuantilesMatchNumpyToTheLastBit() throws {
    let x = try Fixtures.vector(area, "quant_x")
    let q = try Fixtures.vector(area, "quant_q")
    assertClose(try Quantile.type7(x, q), try Fixtures.vector(area, "quant_v"), rtol: 1e-15, "quantiles")
  }
}
