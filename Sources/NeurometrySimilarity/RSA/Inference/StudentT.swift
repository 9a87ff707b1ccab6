import Foundation

/// Student's t distribution with ν degrees of freedom, through the regularised incomplete beta
/// function: P(|T| ≥ t) = I_{ν/(ν+t²)}(ν/2, ½) (Abramowitz & Stegun 26.7.1), the continued
/// fraction evaluated by the modified Lentz method (Numerical Recipes §6.4) to full double
/// precision. Tails are computed directly, not as 1 − cdf, so small p-values keep their digits
/// (scipy's `1 - t.cdf(t)`, which rsatoolbox uses, loses them below ~1e-16).
public enum StudentT {
  /// P(T ≤ t).
  public static func cdf(_ t: Double, degreesOfFreedom nu: Double) -> Double {
    if t.isNaN || !(nu > 0) { return .nan }
    let tail = 0.5 * twoSidedTail(abs(t), nu)
    return t >= 0 ? 1 - tail : tail
  }

  /// P(T ≥ t) (one-sided upper tail).
  public static func upperTail(_ t: Double, degreesOfFreedom nu: Double) -> Double {
    if t.isNaN || !(nu > 0) { return .nan }
    let tail = 0.5 * twoSidedTail(abs(t), nu)
    return t >= 0 ? tail : 1 - tail
  }

  /// P(|T| ≥ |t|) (two-sided).
  public static func twoSided(_ t: Double, degreesOfFreedom nu: Double) -> Double {
    if t.isNaN || !(nu > 0) { return .nan }
    return twoSidedTail(abs(t), nu)
  }

  static func twoSidedTail(_ t: Double, _ nu: Double) -> Double {
    if t.isInfinite { return 0 }
    return regularizedBeta(nu / (nu + t * t), nu / 2, 0.5)
  }

  /// I_x(a, b).
  static func regularizedBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
    if x < (a + 1) / (a + b + 2) {
      return exp(logFront) * continuedFraction(x, a, b) / a
    }
    return 1 - exp(logFront) * continuedFraction(1 - x, b, a) / b
  }

  /// The continued fraction of I_x(a, b) (modified Lentz).
  static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
    let tiny = 1e-300
    let (qab, qap, qam) = (a + b, a + 1, a - 1)
    var c = 1.0
    var d = 1 - qab * x / qap
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    for m in 1...10_000 {
      let m = Double(m)
      let m2 = 2 * m
      var aa = m * (b - m) * x / ((qam + m2) * (a + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      h *= d * c
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
      d = 1 + aa * d
      if abs(d) < tiny { d = tiny }
      c = 1 + aa / c
      if abs(c) < tiny { c = tiny }
      d = 1 / d
      let delta = d * c
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
    }
    return h
  }
}
