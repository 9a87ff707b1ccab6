import NeurometryIO
import NeurometryLinearAlgebra

extension SpikePatterns {
  /// The peak memory of `fit(_:_:)` for `units` units with `spikes` spike times in all, `trials`
  /// trials and `conditions` distinct conditions, from the shapes and this estimator's window,
  /// with the spike trains (read from an NWB file with `fromNWB`, as `neurometry patterns --spikes`
  /// reads them) and the trials included. The process itself is not included
  /// (`MemoryEstimate.process`).
  ///
  /// What the peak holds, doubles, with B = `binning.window.bins` and R = trials (`perTrial`) or
  /// conditions rows per pattern set:
  /// - the spike trains (`SpikeTrains.memoryEstimate(units:spikes:fromNWB:)`) and the trials table
  ///   (start, stop and one column: 3 × trials);
  /// - while counting: the trial edges, their order and one sweep position array per thread
  ///   (trials·(B + 1) each), the counts (trials × units × B), one bin's trials × units matrix
  ///   (averaged per condition; per trial it is the pattern) and the patterns of every bin
  ///   (B · R × units);
  /// - reading an NWB file, its flat `spike_times`, the index and libhdf5's memory stay resident
  ///   while counting when below glibc's 32 MiB mmap threshold (freed heap blocks are kept);
  ///   bigger ones count only while the file is read.
  public func memoryEstimate(units: Int, spikes: Int, trials: Int, conditions: Int, fromNWB: Bool = true)
    -> MemoryEstimate
  {
    let bins = Swift.max(binning.window.bins, 1)
    let rows = perTrial ? trials : conditions
    let spikeParts = SpikeTrains.memoryParts(units: units, spikes: spikes, fromNWB: fromNWB)
    var table = MemoryEstimate()
    table.add("trials table (start, stop, condition)", rows: trials, columns: 3)
    var counting = MemoryEstimate()
    let edges = trials * (bins + 1)
    counting.add("trial edges, their order, sweep positions per thread", bytes: edges * (8 + 4 + 8 * Parallel.workers))
    counting.add("counts (trials × units × bins)", rows: trials * units, columns: bins)
    if !perTrial { counting.add("one bin's trials × units", rows: trials, columns: units) }
    counting.add("patterns of every bin", rows: bins * rows, columns: units)
    let resident = MemoryEstimate(spikeParts.reading.items.filter { $0.bytes < 32 << 20 })
    return spikeParts.kept + table + MemoryEstimate.peak([spikeParts.reading, resident + counting])
  }
}
