import Foundation
import NeurometryLinearAlgebra

/// Canonical haemodynamic response functions, each the difference of two gamma densities, exactly
/// as nilearn defines them (`nilearn.glm.first_level.spm_hrf` / `glover_hrf`, after SPM's
/// `spm_hrf.m`):
///
/// `h(t) = g(t; δ/σ, dt, σ) − r · g(t; u/σᵤ, dt, σᵤ)`, normalised to sum 1, where
/// `g(t; a, loc, scale)` is the gamma density `((t−loc)/scale)^(a−1) e^{−(t−loc)/scale} / (Γ(a)·scale)`
/// (0 for t < loc), sampled at `linspace(0, time_length, rint(time_length/dt)) − onset` with
/// `dt = TR / oversampling`.
///
/// | model | delay δ | undershoot u | dispersion σ | σᵤ | ratio r |
/// | --- | --- | --- | --- | --- | --- |
/// | `spm` | 6 | 16 | 1 | 1 | 0.167 |
/// | `glover` | 6 | 12 | 0.9 | 0.9 | 0.48 |
///
/// The density is evaluated as scipy does, `exp(xlogy(a − 1, x) − x − lgamma(a)) / scale`;
/// results agree with nilearn 0.14.1 to about 1e-15 relative.
public enum HRFModel: String, Sendable, Codable, CaseIterable {
  case spm
  case glover

  var parameters: (delay: Double, undershoot: Double, dispersion: Double, uDispersion: Double, ratio: Double) {
    switch self {
    case .spm: return (6, 16, 1, 1, 0.167)
    case .glover: return (6, 12, 0.9, 0.9, 0.48)
    }
  }

  /// The HRF sampled every `repetitionTime / oversampling` seconds over `timeLength` seconds
  /// (`rint(timeLength · oversampling / TR)` samples), starting `onset` seconds late.
  public func kernel(
    repetitionTime: Double, oversampling: Int = 50, timeLength: Double = 32, onset: Double = 0
  ) throws -> [Double] {
    guard repetitionTime > 0, repetitionTime.isFinite else {
      throw NeurometryError.invalidInput(
        context: "HRF", message: "repetition time is \(repetitionTime), expected > 0 seconds")
    }
    guard oversampling >= 1 else {
      throw NeurometryError.invalidInput(context: "HRF", message: "oversampling is \(oversampling), expected ≥ 1")
    }
    guard timeLength > 0, timeLength.isFinite, onset.isFinite else {
      throw NeurometryError.invalidInput(context: "HRF", message: "time length \(timeLength) s must be > 0")
    }
    let p = parameters
    let dt = repetitionTime / Double(oversampling)
    let count = Int((timeLength / dt).rounded(.toNearestOrEven))
    let times = NumpyCompatible.linspace(0, timeLength, count).map { $0 - onset }
    var h = times.map { t in
      HRFModel.gammaDensity(t, shape: p.delay / p.dispersion, location: dt, scale: p.dispersion)
        - p.ratio * HRFModel.gammaDensity(t, shape: p.undershoot / p.uDispersion, location: dt, scale: p.uDispersion)
    }
    let total = NumpyCompatible.pairwiseSum(h[...])
    guard total != 0, total.isFinite else {
      throw NeurometryError.invalidInput(
        context: "HRF",
        message: "the kernel sums to \(total) (time length \(timeLength) s too short for TR \(repetitionTime) s?)")
    }
    for i in h.indices { h[i] /= total }
    return h
  }

  /// scipy.stats.gamma.pdf(x, a, loc, scale).
  static func gammaDensity(_ x: Double, shape a: Double, location: Double, scale: Double) -> Double {
    let y = (x - location) / scale
    guard y >= 0 else { return 0 }
    let xlogy = (a - 1) == 0 && y == 0 ? 0 : (a - 1) * Foundation.log(y)
    return Foundation.exp(xlogy - y - Foundation.lgamma(a)) / scale
  }
}
