import NeurometryLinearAlgebra

/// Spike counts per trial, unit and time bin: the result of `SpikeBinning.fit`.
///
/// `counts` is flattened in C order over (trials, units, bins). Rates are counts divided by the
/// bin width (`window.binWidth`).
public struct SpikeCounts: Sendable, Equatable {
  /// The number of trials (first axis of `counts`).
  public let trialCount: Int
  /// The number of units (second axis of `counts`).
  public let unitCount: Int
  /// The window the spikes were counted in (seconds from the alignment time) and its bins.
  public let window: SpikeWindow
  /// Alignment: "start_time" or the event column used.
  public let alignment: String
  /// trials × units × bins spike counts, flattened in C order (bin fastest); see the subscript.
  public let counts: [Double]

  /// The number of time bins per trial (`window.bins`).
  public var binCount: Int { window.bins }

  /// Count of trial `t`, unit `u`, bin `k`.
  public subscript(trial t: Int, unit u: Int, bin k: Int) -> Double {
    counts[(t * unitCount + u) * window.bins + k]
  }

  /// Trials × units for one bin: counts, or rates (counts / bin width).
  public func matrix(bin: Int = 0, rates: Bool) -> Matrix {
    var m = Matrix(rows: trialCount, columns: unitCount)
    let width = window.binWidth
    for t in 0..<trialCount {
      for u in 0..<unitCount {
        let c = counts[(t * unitCount + u) * window.bins + bin]
        m[t, u] = rates ? c / width : c
      }
    }
    return m
  }
}
