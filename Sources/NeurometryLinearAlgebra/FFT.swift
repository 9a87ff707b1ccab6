import ComplexModule
import RealModule

/// Discrete Fourier transforms of real signals through FFTW, with numpy's conventions:
///
/// - `forward(x)` = `numpy.fft.rfft(x)`: `X_k = Σ_t x_t·e^{−2πi·kt/n}`, k = 0…⌊n/2⌋, unnormalised.
/// - `inverse(X, count: n)` = `numpy.fft.irfft(X, n)`: the real signal of length n whose rfft is X,
///   i.e. normalised by 1/n; the imaginary parts of X₀ (and of X_{n/2} for even n) are ignored.
///
/// Plans are created once per length and cached (thread-safe); transforms of many rows reuse one
/// plan. Parseval: `Σ x_t² = (1/n)·Σ_k w_k·|X_k|²` with w = 1 for k = 0 and k = n/2 (even n), else 2.
public enum FFT {
  /// `numpy.fft.rfft(x)`: ⌊n/2⌋+1 complex coefficients of a real signal of length n ≥ 1.
  public static func forward(_ x: [Double]) throws -> [Complex<Double>] {
    let n = x.count
    guard n > 0 else { throw NeurometryError.invalidInput(context: "FFT.forward", message: "the signal is empty") }
    let plan = try FFTWPlanCache.shared.realToComplex(n)
    var input = x
    var out = [Double](repeating: 0, count: 2 * (n / 2 + 1))
    input.withUnsafeMutableBufferPointer { pi in
      out.withUnsafeMutableBufferPointer { po in
        fftwRealForward(plan, input: pi.baseAddress!, output: po.baseAddress!, n: n)
      }
    }
    return (0..<(n / 2 + 1)).map { Complex(out[2 * $0], out[2 * $0 + 1]) }
  }

  /// `numpy.fft.irfft(spectrum, n)`: the length-n real signal with this half spectrum. The
  /// spectrum must have ⌊n/2⌋+1 entries (shorter spectra are zero-padded, longer ones truncated,
  /// as numpy does).
  public static func inverse(_ spectrum: [Complex<Double>], count n: Int) throws -> [Double] {
    guard n > 0 else {
      throw NeurometryError.invalidInput(context: "FFT.inverse", message: "output length must be positive, got \(n)")
    }
    let plan = try FFTWPlanCache.shared.complexToReal(n)
    let m = n / 2 + 1
    var input = [Double](repeating: 0, count: 2 * m)
    for k in 0..<Swift.min(m, spectrum.count) {
      input[2 * k] = spectrum[k].real
      input[2 * k + 1] = spectrum[k].imaginary
    }
    var out = [Double](repeating: 0, count: n)
    input.withUnsafeMutableBufferPointer { pi in
      out.withUnsafeMutableBufferPointer { po in
        fftwRealBackward(plan, input: pi.baseAddress!, output: po.baseAddress!, n: n)
      }
    }
    let scale = 1 / Double(n)
    return out.map { $0 * scale }
  }

  /// rfft of every row of a matrix (numpy `rfft(x, axis=1)`), returned as real and imaginary
  /// parts, each rows × (⌊n/2⌋+1).
  public static func forwardRows(_ x: Matrix) throws -> (real: Matrix, imaginary: Matrix) {
    let n = x.columns
    guard n > 0 else { throw NeurometryError.invalidInput(context: "FFT.forwardRows", message: "rows are empty") }
    let plan = try FFTWPlanCache.shared.realToComplex(n)
    let m = n / 2 + 1
    var re = Matrix(rows: x.rows, columns: m)
    var im = Matrix(rows: x.rows, columns: m)
    var row = [Double](repeating: 0, count: n)
    var out = [Double](repeating: 0, count: 2 * m)
    for i in 0..<x.rows {
      x.elements.withUnsafeBufferPointer { e in
        for j in 0..<n { row[j] = e[i * n + j] }
      }
      row.withUnsafeMutableBufferPointer { pi in
        out.withUnsafeMutableBufferPointer { po in
          fftwRealForward(plan, input: pi.baseAddress!, output: po.baseAddress!, n: n)
        }
      }
      for k in 0..<m {
        re[i, k] = out[2 * k]
        im[i, k] = out[2 * k + 1]
      }
    }
    return (re, im)
  }
}
