import NeurometryLinearAlgebra

/// Counts the spikes of every unit in a window around every trial (DESIGN.md §3).
///
/// For trial i with alignment time s_i (its `start_time`, or the named event column) and unit u
/// with sorted spike times t, the count in bin k is `#{t : s_i + o_k ≤ t < s_i + o_{k+1}}` with
/// the offsets of `SpikeWindow.offsets` — half-open bins, so a spike exactly at `s_i + end`
/// belongs to the next window (unlike `numpy.histogram`, whose last bin is closed). It is computed
/// as differences of `searchsorted(t, edges, side="left")`, by binary search: O(trials · bins ·
/// log spikes) per unit, units in parallel.
public struct SpikeBinning: Sendable {
  /// Where each trial's window is anchored.
  public enum Alignment: Sendable, Equatable {
    /// The trial's `start_time`.
    case trialStart
    /// A numeric trials column of event times (e.g. `stim_on`).
    case column(String)

    public var name: String {
      switch self {
      case .trialStart: return "start_time"
      case .column(let c): return c
      }
    }
  }

  public let window: SpikeWindow
  public let alignment: Alignment

  public init(window: SpikeWindow, alignment: Alignment = .trialStart) {
    self.window = window
    self.alignment = alignment
  }

  /// Counts per (trial, unit, bin).
  public func fit(_ spikes: SpikeTrains, _ trials: Trials) throws -> SpikeCounts {
    let anchors: [Double]
    switch alignment {
    case .trialStart: anchors = trials.startTimes
    case .column(let name): anchors = try trials.times(name)
    }
    let offsets = window.offsets
    let bins = window.bins
    let nTrials = anchors.count
    let perUnit = try Parallel.map(spikes.count) { u -> [Double] in
      let t = spikes.times[u]
      var out = [Double](repeating: 0, count: nTrials * bins)
      for i in 0..<nTrials {
        var previous = SpikeBinning.lowerBound(t, anchors[i] + offsets[0])
        for k in 0..<bins {
          let next = SpikeBinning.lowerBound(t, anchors[i] + offsets[k + 1])
          out[i * bins + k] = Double(next - previous)
          previous = next
        }
      }
      return out
    }
    var counts = [Double](repeating: 0, count: nTrials * spikes.count * bins)
    for u in 0..<spikes.count {
      for i in 0..<nTrials {
        for k in 0..<bins { counts[(i * spikes.count + u) * bins + k] = perUnit[u][i * bins + k] }
      }
    }
    return SpikeCounts(
      trialCount: nTrials, unitCount: spikes.count, window: window, alignment: alignment.name, counts: counts)
  }

  /// The first index i with `t[i] >= x` (`numpy.searchsorted(t, x, side="left")`).
  static func lowerBound(_ t: [Double], _ x: Double) -> Int {
    var lo = 0
    var hi = t.count
    while lo < hi {
      let mid = (lo + hi) >> 1
      if t[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }
}
