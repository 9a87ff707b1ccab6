import Foundation

/// The Wilson score interval of a binomial proportion (Wilson 1927): for k successes in n trials,
/// p̂ = k/n and z the standard normal quantile at 1 − (1 − confidence)/2,
///
///     (p̂ + z²/2n ± z·√(p̂(1 − p̂)/n + z²/4n²)) / (1 + z²/n),
///
/// which stays inside [0, 1] and keeps its coverage near p̂ = 0 or 1, where the normal
/// approximation's interval does not. n = 0 gives [0, 1].
public enum WilsonInterval {
  /// The interval (lower, upper) for `successes` of `trials` at `confidence` (0 < confidence < 1).
  public static func bounds(successes: Int, trials: Int, confidence: Double = 0.95) -> (lower: Double, upper: Double) {
    guard trials > 0 else { return (0, 1) }
    let n = Double(trials)
    let p = Double(successes) / n
    let z = StandardNormal.quantile(1 - (1 - confidence) / 2)
    let z2 = z * z
    let centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    let half = z / (1 + z2 / n) * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
    return (Swift.max(0, centre - half), Swift.min(1, centre + half))
  }
}

/// The standard normal distribution's quantile function.
public enum StandardNormal {
  /// Φ(x) = erfc(−x/√2)/2.
  public static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

  /// Φ⁻¹(p) for 0 < p < 1 (±∞ at 0 and 1, NaN outside): Acklam's rational approximation (relative
  /// error below 1.2·10⁻⁹) refined by one Halley step on Φ, which brings it to about 10⁻¹⁵; p > ½
  /// as −Φ⁻¹(1 − p).
  public static func quantile(_ p: Double) -> Double {
    if p.isNaN || p < 0 || p > 1 { return .nan }
    if p == 0 { return -.infinity }
    if p == 1 { return .infinity }
    // Upper half by symmetry: 1 − p is exact for p ≥ 0.5 (Sterbenz), and Φ of a negative x
    // (erfc of a positive argument) keeps its relative accuracy where Φ(x) − p near 1 would not.
    if p > 0.5 { return -quantile(1 - p) }
    let a = [
      -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
      -3.066479806614716e+01, 2.506628277459239e+00,
    ]
    let b = [
      -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
      -1.328068155288572e+01,
    ]
    let c = [
      -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
      4.374664141464968e+00, 2.938163982698783e+00,
    ]
    let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
    let low = 0.02425
    var x: Double
    if p < low {
      let q = (-2 * log(p)).squareRoot()
      x =
        (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    } else if p <= 1 - low {
      let q = p - 0.5
      let r = q * q
      x =
        (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    } else {
      let q = (-2 * log(1 - p)).squareRoot()
      x =
        -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
        / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    }
    // Halley's step on f(x) = Φ(x) − p, f′ = φ(x), f″ = −x·φ(x).
    let e = cdf(x) - p
    let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
    x -= u / (1 + x * u / 2)
    return x
  }
}
