import Foundation
import NeurometryLinearAlgebra

/// Grids of ridge penalties.
public enum PenaltyGrid {
  /// `numpy.logspace(start, stop, count)`: 10^(start + i·(stop − start)/(count − 1)), the last
  /// exponent exactly `stop`. The exponents are numpy's bits; the powers come from the C library's
  /// `pow` and may differ from numpy's vectorised `power` in the last bit (1 ulp).
  public static func logspace(start: Double, stop: Double, count: Int) -> [Double] {
    guard count > 0 else { return [] }
    guard count > 1 else { return [Foundation.pow(10, start)] }
    let step = (stop - start) / Double(count - 1)
    return (0..<count).map { i in Foundation.pow(10, i == count - 1 ? stop : Double(i) * step + start) }
  }

  /// Parses "logspace:START:STOP:COUNT" or a comma-separated list "0.1,1,10".
  public static func parse(_ text: String) throws -> [Double] {
    let context = "alphas '\(text)'"
    if text.hasPrefix("logspace:") {
      let parts = text.dropFirst("logspace:".count).split(separator: ":", omittingEmptySubsequences: false)
      guard parts.count == 3, let a = Double(parts[0]), let b = Double(parts[1]), let c = Int(parts[2]), c > 0,
        a.isFinite, b.isFinite
      else {
        throw NeurometryError.invalidInput(
          context: context, message: "expected logspace:START:STOP:COUNT, e.g. logspace:-2:5:15")
      }
      return logspace(start: a, stop: b, count: c)
    }
    let values = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.allSatisfy({ $0 != nil }) else {
      throw NeurometryError.invalidInput(
        context: context, message: "expected logspace:START:STOP:COUNT or a comma-separated list of numbers")
    }
    return values.compactMap { $0 }
  }
}
