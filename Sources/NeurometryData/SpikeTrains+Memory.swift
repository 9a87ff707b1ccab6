import NeurometryIO
import NeurometryLinearAlgebra

extension SpikeTrains {
  /// libhdf5's own memory once it reads a file: its library state after `H5open` (2.4 MB) and an
  /// open file's metadata cache and buffers (1.0 MB), measured with Debian's libhdf5 1.10 reading
  /// the benchmark's NWB file (resident set before and after, 3.4 MB).
  static let hdf5LibraryBytes = 3_400_000

  /// The memory of spike trains of `units` units holding `spikes` spike times in all, as
  /// `SpikeTrains` holds them; with `fromNWB`, as `SpikeTrains(_:)` makes them from
  /// `NWBFile.units()`. The process itself is not included (`MemoryEstimate.process`).
  ///
  /// What the peak holds: the spike times, one array per unit (8 bytes a spike; a unit stored
  /// unsorted would get a sorted copy, not counted: NWB and Phy store them sorted); reading an NWB
  /// units table adds the flat
  /// `spike_times` dataset as libhdf5 reads it (8 bytes a spike), alive while it is split per unit
  /// (below glibc's 32 MiB mmap threshold its freed block stays resident), the ids and
  /// `spike_times_index` (8 bytes a unit each), and libhdf5's own memory (`hdf5LibraryBytes`).
  public static func memoryEstimate(units: Int, spikes: Int, fromNWB: Bool = false) -> MemoryEstimate {
    let parts = memoryParts(units: units, spikes: spikes, fromNWB: fromNWB)
    return parts.kept + parts.reading
  }

  /// `memoryEstimate(units:spikes:fromNWB:)` in two parts: `kept`, the trains themselves, and
  /// `reading`, what reading them from an NWB file adds while it runs.
  static func memoryParts(units: Int, spikes: Int, fromNWB: Bool) -> (kept: MemoryEstimate, reading: MemoryEstimate) {
    var kept = MemoryEstimate()
    kept.add("spike times, one array per unit (\(spikes.grouped) spikes)", bytes: spikes * 8)
    var reading = MemoryEstimate()
    if fromNWB {
      reading.add("flat spike_times as read", bytes: spikes * 8)
      reading.add("unit ids and spike_times_index", bytes: 2 * units * 8)
      reading.add("libhdf5 library state and open file", bytes: hdf5LibraryBytes)
    }
    return (kept, reading)
  }
}
