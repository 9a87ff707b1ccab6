import Foundation
import Neurometry

extension Workloads {
  /// Loaders and preprocessing (issue 4): real files to condition-by-channel patterns. Their peer
  /// side is Benchmarks/peers/issue4_peers.py (pynwb + numpy, nibabel + nilearn), which writes the
  /// inputs and the peer outputs into the same data folder.
  static var loaders: [Workload] {
    [
      // Peer: pynwb NWBHDF5IO.read, bulk reads of units.spike_times/_index and trials, numpy
      // searchsorted counts in [start, start + 0.5), rates averaged per condition (np.unique order).
      // Ours: the same file through NWBFile → SpikeTrains / Trials → SpikePatterns (what
      // `neurometry patterns --spikes` runs), opening the file inside the timed step as the peer does.
      Workload(
        "nwb-binning", dataset: "nwb-binning",
        doc:
          "NWB units (500, 200k spikes) + trials (1000, 100 conditions) → rates in [start, start+0.5) averaged per condition (100×500)",
        load: { data in try data.file("nwb-binning", "session.nwb") },
        run: { path -> Matrix in
          let nwb = try NWBFile(path: path)
          let spikes = try SpikeTrains(nwb.units())
          let trials = try Trials(nwb.intervals("trials"))
          let fit = try SpikePatterns(window: SpikeWindow(start: 0, end: 0.5), condition: "stimulus").fit(
            spikes, trials)
          return fit.patterns[0].measurements
        },
        check: { output, data in
          // Sums of a few integer counts / 0.5 / n: only the summation order can differ.
          try OutputCheck.againstPeer(output, workload: "nwb-binning", data: data, tolerance: 1e-12)
        },
        memory: { path -> MemoryEstimate in
          // Shapes from the file's metadata (no spike times read) and its small trials table.
          let nwb = try NWBFile(path: path)
          let trials = try Trials(nwb.intervals("trials"))
          return try SpikePatterns(window: SpikeWindow(start: 0, end: 0.5), condition: "stimulus").memoryEstimate(
            units: try nwb.hdf5.dataset("/units/id").count, spikes: try nwb.hdf5.dataset("/units/spike_times").count,
            trials: trials.count, conditions: Set(try trials.column("stimulus").labels).count)
        }),
      // Peer: nilearn FirstLevelModel(noise_model="ols", signal_scaling=False, mask_img=mask,
      // minimize_memory=True).fit + compute_contrast(effect_size) per condition, masked.
      // Ours: NIfTI series + mask + events → FMRIPatternEstimator with the same design (SPM HRF,
      // cosine drift 0.01 Hz, oversampling 50) and OLS betas; residuals not kept (nilearn's
      // minimize_memory does not keep them either).
      Workload(
        "glm-betas", dataset: "glm-betas",
        doc:
          "first-level OLS GLM betas of a 64×64×40×300 float32 NIfTI series in a mask, 20 conditions (events.tsv) → 20×voxels",
        load: { data in
          (
            bold: try data.file("glm-betas", "bold.nii"), events: try data.file("glm-betas", "events.tsv"),
            mask: try data.file("glm-betas", "mask.nii")
          )
        },
        run: { input -> Matrix in
          let run = try FMRIRun.load(bold: input.bold, events: input.events, repetitionTime: 2.0)
          let mask = try VoxelMask.read(input.mask)
          let fit = try FMRIPatternEstimator(glm: GeneralLinearModel(keepResiduals: false))
            .fit(runs: [run], region: .mask(mask))
          return fit.perRun.measurements
        },
        check: { output, data in
          // nilearn's betas equal float64 lstsq to ~1e-13 of the largest beta (float32 voxels
          // are widened exactly on both sides).
          try OutputCheck.againstPeer(output, workload: "glm-betas", data: data, tolerance: 1e-10)
        },
        memory: { input -> MemoryEstimate in
          // Shapes from the series' header, the mask and the design the events make.
          let header = try NIfTIImage.readHeader(input.bold)
          let scans = header.shape[3]
          let design = try FirstLevelDesign().make(
            events: try BIDSEvents.read(input.events), scans: scans, repetitionTime: 2.0)
          return FMRIPatternEstimator(glm: GeneralLinearModel(keepResiduals: false)).memoryEstimate(
            runs: 1, scans: scans, gridVoxels: header.shape.prefix(3).reduce(1, *),
            bytesPerVoxel: header.dataType.itemSize, regressors: design.regressorCount,
            conditions: design.conditionCount, channels: try VoxelMask.read(input.mask).voxels.count)
        }),
    ]
  }
}
