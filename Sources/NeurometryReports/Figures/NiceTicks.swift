import Foundation

/// Axis ticks at round steps: the step is 1, 2 or 5 × 10^k, every tick is an integer multiple of the step,
/// and the ticks cover the requested range (the first tick ≤ its lower bound, the last ≥ its upper bound),
/// so an axis drawn from the first to the last tick shows all the data. When the range spans 0, 0 is a tick.
///
/// Tick values are computed as i·m·10^k (or i·m / 10^−k for small steps) rather than by repeated addition,
/// so 0.1, 0.2, 0.3 come out as the doubles nearest to those decimals.
public struct NiceTicks: Sendable, Equatable {
  /// The tick values, increasing; at least two.
  public let values: [Double]
  /// The distance between neighbouring ticks: m × 10^`exponent` with m ∈ {1, 2, 5}.
  public let step: Double
  /// The mantissa of the step: 1, 2 or 5.
  public let mantissa: Int
  /// The decimal exponent of the step.
  public let exponent: Int

  /// The first tick (≤ the lower bound of the covered range).
  public var lower: Double { values[0] }
  /// The last tick (≥ the upper bound of the covered range).
  public var upper: Double { values[values.count - 1] }

  /// Ticks covering `range`, about `targetCount` of them (the step nearest, on a log scale, to the range
  /// divided into `targetCount − 1` intervals; the outward rounding can add one or two).
  public init(covering range: ClosedRange<Double>, targetCount: Int = 5) {
    self.init(lower: range.lowerBound, upper: range.upperBound, targetCount: targetCount)
  }

  /// Ticks covering `lower…upper`, tolerant of any input: the bounds are swapped when reversed; a
  /// non-finite bound is replaced by the other one (0…1 when both are non-finite); an empty range
  /// (lower = upper) is widened by 10 % of its value on each side (±1 around 0).
  public init(lower: Double, upper: Double, targetCount: Int = 5) {
    var low = lower
    var high = upper
    switch (low.isFinite, high.isFinite) {
    case (true, true): break
    case (true, false): high = low
    case (false, true): low = high
    case (false, false): (low, high) = (0, 1)
    }
    if low > high { swap(&low, &high) }
    if high - low <= max(abs(low), abs(high)) * 1e-12 {
      let pad = low == 0 ? 1 : abs(low) * 0.1
      low -= pad
      high += pad
    }
    let span = high - low
    let target = min(100, max(2, targetCount))
    guard span.isFinite else {
      // Beyond the largest double: two ticks at the bounds.
      (values, step, mantissa, exponent) = ([low, high], .infinity, 1, 308)
      return
    }
    let rough = span / Double(target - 1)
    var power = Int(floor(log10(rough)))
    let fraction = rough / pow(10, Double(power))
    var m: Int
    if fraction < 1.4142 {
      m = 1
    } else if fraction < 3.1623 {
      m = 2
    } else if fraction < 7.0711 {
      m = 5
    } else {
      m = 1
      power += 1
    }
    let stepValue = NiceTicks.value(index: 1, mantissa: m, exponent: power)
    let first = Int((low / stepValue + 1e-9).rounded(.down))
    let last = Int((high / stepValue - 1e-9).rounded(.up))
    values = (first...max(first + 1, last)).map { NiceTicks.value(index: $0, mantissa: m, exponent: power) }
    step = stepValue
    mantissa = m
    exponent = power
  }

  /// i·m·10^k, exact for the decimal the result stands for (10^−k is an exact double for k ≤ 22).
  private static func value(index: Int, mantissa: Int, exponent: Int) -> Double {
    let multiple = Double(index * mantissa)
    return exponent >= 0 ? multiple * pow(10, Double(exponent)) : multiple / pow(10, Double(-exponent))
  }

  /// A tick value as text with the decimals the step needs ("0.25" for steps of 0.05, "200" for steps of
  /// 100); 3 significant digits in scientific notation for steps below 10^−5 or from 10^6 on.
  public func label(_ value: Double) -> String {
    guard exponent > -6 && exponent < 6 else { return SVGText.formatted(value) }
    let text = String(format: "%.\(max(0, -exponent))f", value)
    return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
  }
}
