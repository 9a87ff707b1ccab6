import Neurometry

extension InspectCommand {
  /// The NWB part of the human summary: units, interval tables, time series.
  static func nwbLines(_ n: NWBSummary) -> [String] {
    var lines = ["NWB \(n.version)\(n.identifier.map { ", identifier '\($0)'" } ?? "")"]
    if let u = n.units {
      var line = "  units \(u.path): \(u.count.grouped) units, \(u.spikeCount.grouped) spikes"
      if let first = u.firstSpike, let last = u.lastSpike {
        line += " from \(formatNumber(first)) s to \(formatNumber(last)) s"
      }
      lines.append(line)
      lines.append("    columns: \(u.columns.joined(separator: ", "))")
    }
    for t in n.intervals {
      lines.append("  intervals \(t.path): \(t.count.grouped) rows; columns: \(t.columns.joined(separator: ", "))")
    }
    for s in n.timeSeries {
      let timing =
        s.rate.map { "\(formatNumber($0)) Hz from \(formatNumber(s.startingTime ?? 0)) s" }
        ?? s.timestampCount.map { "\($0.grouped) timestamps" } ?? "no timing"
      let stored = s.shape.map { "\(NDArray.describe(shape: $0)) \(s.dtype ?? "")" } ?? "no data"
      lines.append("  \(s.neurodataType ?? "series") \(s.path): \(stored), \(timing), unit \(s.unit)")
    }
    for w in n.warnings { lines.append("  warning: \(w)") }
    return lines
  }
}
