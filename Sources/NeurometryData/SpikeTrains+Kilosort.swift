import NeurometryIO
import NeurometryLinearAlgebra

extension SpikeTrains {
  /// The clusters of a Kilosort/Phy sorting as spike trains, so that Phy folders go through the
  /// same binning (`SpikeBinning`, `SpikePatterns`) as NWB units.
  ///
  /// - one unit per kept cluster, in increasing cluster id; the unit id is the cluster id;
  /// - spike times in seconds, `sample / sample_rate` (`KilosortCluster.spikeTimes`);
  /// - unit descriptors `label` (good, mua, noise, unsorted, … lower-cased) and `label_source`
  ///   (the file and column the label came from, empty for unsorted clusters);
  /// - `recordingEnd`: the recording's duration when params.py leads to the raw data file
  ///   (`KilosortSorting.recordingDuration`), so that windows outside the recording are reported;
  /// - `source`: the folder.
  public init(_ sorting: KilosortSorting) throws {
    try self.init(
      unitIDs: sorting.clusters.map { String($0.id) }, times: sorting.clusters.map(\.spikeTimes),
      unitDescriptors: [
        "label": sorting.clusters.map(\.label), "label_source": sorting.clusters.map { $0.labelSource ?? "" },
      ], source: sorting.folder, recordingEnd: sorting.recordingDuration)
  }
}
