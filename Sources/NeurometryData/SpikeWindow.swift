import Foundation
import NeurometryLinearAlgebra

/// A counting window relative to an alignment time s: spikes t with `s + start ≤ t < s + end`
/// (half-open, DESIGN.md §3: a spike exactly at `s + end` belongs to the next window), split
/// into `bins` equal bins.
///
/// Bin edges are `s + o_k` with offsets `o_k = start + (end − start)·k / bins` for k < bins and
/// `o_bins = end` exactly, so the last edge is the same number as the window's end. Rates are
/// counts divided by the bin width `(end − start) / bins` (for one bin: counts / (end − start)).
public struct SpikeWindow: Sendable, Codable, Equatable {
  /// The window's start, in seconds from the alignment time (may be negative).
  public let start: Double
  /// The window's end, in seconds from the alignment time (exclusive; > `start`).
  public let end: Double
  /// The number of equal time bins the window is split into (≥ 1; default 1).
  public let bins: Int

  /// A window from `start` to `end` seconds around the alignment time, split into `bins` bins.
  /// Throws `NeurometryError.invalidInput` unless both ends are finite with `end > start`, and unless
  /// `bins ≥ 1`.
  public init(start: Double, end: Double, bins: Int = 1) throws {
    guard start.isFinite, end.isFinite, end > start else {
      throw NeurometryError.invalidInput(
        context: "window", message: "\(start):\(end) is not a window; expected START:END with END > START (seconds)")
    }
    guard bins >= 1 else {
      throw NeurometryError.invalidInput(context: "bins", message: "\(bins) bins; expected 1 or more")
    }
    self.start = start
    self.end = end
    self.bins = bins
  }

  /// Parses `"0.05:0.25"` (seconds relative to the alignment time; negative starts allowed).
  public init(parsing text: String, bins: Int = 1) throws {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 2, let a = Double(parts[0].trimmingCharacters(in: .whitespaces)),
      let b = Double(parts[1].trimmingCharacters(in: .whitespaces))
    else {
      throw NeurometryError.invalidInput(
        context: "window", message: "'\(text)' is not START:END in seconds, e.g. 0.05:0.25")
    }
    try self.init(start: a, end: b, bins: bins)
  }

  /// The bins + 1 offsets of the bin edges from the alignment time.
  public var offsets: [Double] {
    (0..<bins).map { start + (end - start) * Double($0) / Double(bins) } + [end]
  }

  /// The width of one bin, (end − start) / bins.
  public var binWidth: Double { (end - start) / Double(bins) }
}
