import NeurometryLinearAlgebra

/// Counts the spikes of every unit in a window around every trial (DESIGN.md §3).
///
/// For trial i with alignment time s_i (its `start_time`, or the named event column) and unit u
/// with sorted spike times t, the count in bin k is `#{t : s_i + o_k ≤ t < s_i + o_{k+1}}` with
/// the offsets of `SpikeWindow.offsets` — half-open bins, so a spike exactly at `s_i + end`
/// belongs to the next window (unlike `numpy.histogram`, whose last bin is closed). It is computed
/// as differences of `searchsorted(t, edges, side="left")`. The bin edges of all trials are
/// sorted once (one radix argsort, shared by every unit); each unit then sweeps its spike times
/// and the sorted edges together, galloping from one edge's position to the next: O(E·log(1 +
/// S/E)) per unit for E edges and S spikes — linear when they are alike, logarithmic per edge when
/// spikes far outnumber edges — instead of a full binary search per edge. Units run in parallel
/// and write straight into the (trial, unit, bin) array. (Trials validate their times, so no NaN
/// edge reaches here; one would count 0 spikes.)
public struct SpikeBinning: Sendable {
  /// Where each trial's window is anchored.
  public enum Alignment: Sendable, Equatable {
    /// The trial's `start_time`.
    case trialStart
    /// A numeric trials column of event times (e.g. `stim_on`).
    case column(String)

    /// The alignment's name: "start_time", or the event column's name.
    public var name: String {
      switch self {
      case .trialStart: return "start_time"
      case .column(let c): return c
      }
    }
  }

  /// The counting window and its bins, in seconds relative to each trial's alignment time.
  public let window: SpikeWindow
  /// Where each trial's window is anchored (default: the trial's start).
  public let alignment: Alignment

  /// A binning of `window` around each trial's `alignment` time (default `.trialStart`).
  public init(window: SpikeWindow, alignment: Alignment = .trialStart) {
    self.window = window
    self.alignment = alignment
  }

  /// Counts per (trial, unit, bin).
  ///
  /// - Complexity: for T trials, U units with S spikes each and B bins, E = T·(B + 1) edges: O(E) to
  ///   sort the edges once, then O(E·log(1 + S/E)) per unit (units in parallel); the result holds
  ///   T·U·B counts.
  public func fit(_ spikes: SpikeTrains, _ trials: Trials) throws -> SpikeCounts {
    let anchors: [Double]
    switch alignment {
    case .trialStart: anchors = trials.startTimes
    case .column(let name): anchors = try trials.times(name)
    }
    let offsets = window.offsets
    let bins = window.bins
    let nTrials = anchors.count
    let units = spikes.count
    let stride = bins + 1
    var allEdges = [Double](repeating: 0, count: nTrials * stride)
    for i in 0..<nTrials {
      for k in 0...bins { allEdges[i * stride + k] = anchors[i] + offsets[k] }
    }
    let edges = allEdges
    let order = Ranking.radixArgsort(edges)
    let sortedCount = order.firstIndex { edges[Int($0)].isNaN } ?? order.count
    let counts = [Double](unsafeUninitializedCapacity: nTrials * units * bins) { out, initialized in
      let target = SendablePointer(out.baseAddress)
      _ = try? Parallel.map(units) { u in
        guard let c = target.pointer else { return }
        spikes.times[u].withUnsafeBufferPointer { t in
          var position = [Int](repeating: 0, count: edges.count)
          var index = 0
          for r in 0..<sortedCount {
            let e = Int(order[r])
            index = SpikeBinning.gallop(t, from: index, to: edges[e])
            position[e] = index
          }
          for i in 0..<nTrials {
            for k in 0..<bins {
              c[(i * units + u) * bins + k] = Double(position[i * stride + k + 1] - position[i * stride + k])
            }
          }
        }
      }
      initialized = nTrials * units * bins
    }
    return SpikeCounts(
      trialCount: nTrials, unitCount: spikes.count, window: window, alignment: alignment.name, counts: counts)
  }

  /// The first index i ≥ `start` with `t[i] >= x`, given that every t before `start` is below x:
  /// doubling steps from `start`, then a binary search in the last step.
  static func gallop(_ t: UnsafeBufferPointer<Double>, from start: Int, to x: Double) -> Int {
    let n = t.count
    guard start < n, t[start] < x else { return start }
    var below = start  // t[below] < x
    var step = 1
    var above = start + 1
    while above < n && t[above] < x {
      below = above
      step <<= 1
      above = start + step
    }
    var lo = below + 1
    var hi = Swift.min(above, n)
    while lo < hi {
      let mid = (lo + hi) >> 1
      if t[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }
}
