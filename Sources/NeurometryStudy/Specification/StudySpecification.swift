import Foundation
import NeurometryData
import NeurometryLinearAlgebra
import NeurometrySimilarity

/// A model–brain study: which network activations, which brain regions (with their recordings
/// and subjects), which measures, how many bootstrap samples, which seed.
///
/// Written as YAML (or JSON, which is YAML too) — Docs/study.md documents every key:
///
/// ```yaml
/// name: Neurometry sample study
/// seed: 2026
/// bootstrap: 1000
/// activations: {file: activations.h5, layers: all}
/// regions:
///   - name: V4
///     spikes: {nwb: monkey.nwb, units: {location: V4}, window: [0.05, 0.25], align: stim_on, condition: stimulus_id}
///   - name: LOC
///     fmri: {bold: [run-1_bold.nii.gz, run-2_bold.nii.gz], atlas: atlas.nii.gz, labels: atlas.tsv, roi: LOC}
/// measures:
///   rsa: {rdm: correlation, comparator: corr}
///   cka: {kernel: linear}
///   encoding: {folds: 5}
/// ```
///
/// Relative paths are resolved against the folder of the study file (`baseDirectory`). Stimuli
/// are matched by id: every region must hold exactly the activations' stimuli, in any order.
public struct StudySpecification: Sendable, Equatable {
  /// A title for the report.
  public var name: String
  /// The seed of every random draw (bootstrap samples, split halves, folds).
  public var seed: UInt64
  /// Bootstrap samples over stimuli (and subjects, where a region has several); ≥ 2.
  public var bootstrap: Int
  /// Confidence level of the intervals (default 0.95: the 2.5 % and 97.5 % bootstrap quantiles).
  public var confidence: Double
  /// Correction of the pairwise layer tests (default Benjamini–Hochberg FDR).
  public var correction: MultipleComparisons
  /// Where the network activations come from (YAML `activations`).
  public var activations: ActivationsSpecification
  /// The brain regions, each with one recording per subject (YAML `regions`); names must be unique.
  public var regions: [RegionSpecification]
  /// The measures to compute, at most one of each kind (YAML `measures`).
  public var measures: [MeasureSpecification]
  /// Would we know? The identification check run with the measures (YAML `identify`; nil: none).
  public var identify: IdentifySpecification?
  /// The stimulus-permutation null of every score (YAML `null`; nil: none).
  public var null: NullSpecification?
  /// The folder relative paths are resolved against.
  public var baseDirectory: String
  /// The study file, when read from one.
  public var file: String?

  /// A specification from its parts (not validated until `validate` or `ModelBrainStudy.run`):
  /// defaults are seed 0, 1,000 bootstrap samples, 95 % intervals, FDR-corrected tests, paths
  /// relative to the current folder.
  public init(
    name: String = "Model–brain study", seed: UInt64 = 0, bootstrap: Int = 1000, confidence: Double = 0.95,
    correction: MultipleComparisons = .fdr, activations: ActivationsSpecification, regions: [RegionSpecification],
    measures: [MeasureSpecification], identify: IdentifySpecification? = nil, null: NullSpecification? = nil,
    baseDirectory: String = ".", file: String? = nil
  ) {
    self.name = name
    self.seed = seed
    self.bootstrap = bootstrap
    self.confidence = confidence
    self.correction = correction
    self.activations = activations
    self.regions = regions
    self.measures = measures
    self.identify = identify
    self.null = null
    self.baseDirectory = baseDirectory
    self.file = file
  }

  /// `path` resolved against `baseDirectory` (absolute paths unchanged).
  public func resolve(_ path: String) -> String {
    if path.hasPrefix("/") || baseDirectory.isEmpty || baseDirectory == "." { return path }
    return (baseDirectory as NSString).appendingPathComponent(path)
  }

  /// Throws naming the first thing that cannot work before any file is read: no regions, no
  /// measures, repeated region names, too few bootstrap samples, a confidence outside (0, 1), and
  /// the settings of `identify` and `null`.
  public func validate() throws {
    let context = file ?? "study"
    guard !regions.isEmpty else {
      throw NeurometryError.invalidInput(context: context, message: "names no regions (add a 'regions' list)")
    }
    guard !measures.isEmpty else {
      throw NeurometryError.invalidInput(context: context, message: "names no measures (add a 'measures' table)")
    }
    var seen = Set<String>()
    for r in regions {
      guard !r.name.isEmpty else {
        throw NeurometryError.invalidInput(context: context, message: "a region has an empty name")
      }
      guard seen.insert(r.name).inserted else {
        throw NeurometryError.invalidInput(context: context, message: "region '\(r.name)' is named twice")
      }
      guard !r.subjects.isEmpty else {
        throw NeurometryError.invalidInput(context: context, message: "region '\(r.name)' has no recordings")
      }
    }
    var kinds = Set<String>()
    for m in measures where !kinds.insert(m.kind.rawValue).inserted {
      throw NeurometryError.invalidInput(context: context, message: "measure '\(m.kind.rawValue)' is named twice")
    }
    guard bootstrap >= 2 else {
      throw NeurometryError.invalidInput(
        context: context, message: "bootstrap must be at least 2 samples, found \(bootstrap)")
    }
    guard confidence > 0 && confidence < 1 else {
      throw NeurometryError.invalidInput(
        context: context, message: "confidence must lie strictly between 0 and 1, found \(confidence)")
    }
    do {
      try identify?.analysis(measures: measures, seed: seed, confidence: confidence).validate()
      if let null, null.permutations < 1 {
        throw NeurometryError.invalidInput(
          context: "null", message: "permutations must be at least 1, got \(null.permutations)")
      }
      if let null, null.deadSalmon < 0 {
        throw NeurometryError.invalidInput(
          context: "null", message: "dead_salmon must be at least 0 copies, got \(null.deadSalmon)")
      }
    } catch NeurometryError.invalidInput(let part, let message) {
      throw NeurometryError.invalidInput(context: context, message: "\(part): \(message)")
    }
  }
}

/// Where the network activations come from (`Activations.read`).
public struct ActivationsSpecification: Sendable, Equatable {
  /// `.npz`, `.npy` or HDF5 file.
  public var file: String
  /// Layers to compare (member names or dataset paths, in this order); nil = every numeric array.
  public var layers: [String]?
  /// The member or dataset with the stimulus ids; nil = looked up by name (`stimulus_ids`, …).
  public var stimulusIDs: String?

  /// Activations from `file`, with the given layers (nil: every numeric array) and stimulus-id array
  /// (nil: found by name).
  public init(file: String, layers: [String]? = nil, stimulusIDs: String? = nil) {
    self.file = file
    self.layers = layers
    self.stimulusIDs = stimulusIDs
  }
}

/// A brain region: a name and one recording per subject (several subjects allowed).
public struct RegionSpecification: Sendable, Equatable {
  /// The region's name (non-empty, unique in the study), used in the report and in messages.
  public var name: String
  /// One recording per subject (at least one).
  public var subjects: [SubjectSpecification]

  /// A region named `name` recorded in `subjects`.
  public init(name: String, subjects: [SubjectSpecification]) {
    self.name = name
    self.subjects = subjects
  }
}

/// One subject's recording of a region.
public struct SubjectSpecification: Sendable, Equatable {
  /// The subject's label (default: the recording's file name).
  public var name: String?
  /// Where the subject's responses come from.
  public var source: RecordingSource

  /// A subject recorded in `source`, labelled `name` (nil: the recording's file name).
  public init(name: String? = nil, source: RecordingSource) {
    self.name = name
    self.source = source
  }
}

/// The recordings a region's patterns are made from.
public enum RecordingSource: Sendable, Equatable {
  /// Units of an NWB file (optionally those whose unit columns match `units`), binned in
  /// `window` around each trial's `align` column (or start) and averaged per `condition`.
  case spikes(SpikeSource)
  /// A Kilosort/Phy folder with an events table (TSV, NPY or NWB trials).
  case phy(PhySource)
  /// fMRI runs → GLM betas per stimulus: the voxels of one atlas ROI (or of a mask) as channels.
  case fmri(FMRISource)
  /// A ready patterns file (`.npy` + labels, or `.h5` written by `neurometry patterns`); rows
  /// labelled by stimulus id, repeated rows = repetitions.
  case patterns(PatternsSource)

  /// "spikes", "phy", "fmri" or "patterns".
  public var kind: String {
    switch self {
    case .spikes: return "spikes"
    case .phy: return "phy"
    case .fmri: return "fmri"
    case .patterns: return "patterns"
    }
  }
}

/// NWB spikes of one region.
public struct SpikeSource: Sendable, Equatable {
  /// The NWB file with the units and the trials table.
  public var nwb: String
  /// Unit selection: a unit column and the values kept (e.g. `location: [V4]`).
  public var units: [String: [String]]
  /// Window [start, end) in seconds relative to `align`.
  public var window: SpikeWindow
  /// The trials column with each trial's onset (nil: the trial's start time).
  public var align: String?
  /// The trials column with each trial's stimulus id.
  public var condition: String
  /// The NWB intervals table of the trials (default "trials").
  public var trials: String

  /// NWB spikes of `nwb`: all units unless `units` selects some, counted in `window` seconds around
  /// each trial's start (or its `align` column), averaged per `condition`; trials from the intervals
  /// table `trials` (default "trials").
  public init(
    nwb: String, units: [String: [String]] = [:], window: SpikeWindow, align: String? = nil, condition: String,
    trials: String = "trials"
  ) {
    self.nwb = nwb
    self.units = units
    self.window = window
    self.align = align
    self.condition = condition
    self.trials = trials
  }
}

/// Kilosort/Phy spikes of one region.
public struct PhySource: Sendable, Equatable {
  /// The Kilosort/Phy output folder (`spike_times.npy`, `spike_clusters.npy`, `params.py`, …).
  public var folder: String
  /// Events (TSV, NPY or NWB trials) with the stimulus column.
  public var events: String
  /// Window [start, end) in seconds relative to `align`.
  public var window: SpikeWindow
  /// The events column with each trial's onset (nil: the trial's start time).
  public var align: String?
  /// The events column with each trial's stimulus id.
  public var condition: String
  /// Which clusters: "good" (default), "good+mua", "all".
  public var clusters: String

  /// Phy spikes of `folder` with the events of `events`, counted in `window` seconds around each
  /// trial's start (or its `align` column), averaged per `condition`; `clusters` picks the clusters
  /// (default "good").
  public init(
    folder: String, events: String, window: SpikeWindow, align: String? = nil, condition: String,
    clusters: String = "good"
  ) {
    self.folder = folder
    self.events = events
    self.window = window
    self.align = align
    self.condition = condition
    self.clusters = clusters
  }
}

/// fMRI runs of one region.
public struct FMRISource: Sendable, Equatable {
  /// BOLD runs (BIDS-named, events beside them, unless `events` is given).
  public var bold: [String]
  /// One events file per run, in `bold`'s order; empty (the default): the `…_events.tsv` BIDS places
  /// beside each run.
  public var events: [String]
  /// A label atlas and the ROI (name from `labels`, or the integer label) whose voxels are the channels.
  public var atlas: String?
  /// The atlas's label table (TSV or text), naming its labels; nil: the ROI must be an integer label.
  public var labels: String?
  /// The atlas ROI: a name from `labels`, or an integer label.
  public var roi: String?
  /// Or a 0/1 mask whose voxels are the channels.
  public var mask: String?
  /// The events column with the stimulus id (default `trial_type`).
  public var condition: String
  /// TR in seconds (default: the BIDS sidecar or the header).
  public var repetitionTime: Double?

  /// fMRI runs `bold` (with `events`, or the BIDS events beside them) whose channels are the voxels of
  /// the `atlas` ROI `roi` or of `mask`; conditions from the `condition` column (default
  /// `trial_type`), TR `repetitionTime` seconds (nil: sidecar or header).
  public init(
    bold: [String], events: [String] = [], atlas: String? = nil, labels: String? = nil, roi: String? = nil,
    mask: String? = nil, condition: String = "trial_type", repetitionTime: Double? = nil
  ) {
    self.bold = bold
    self.events = events
    self.atlas = atlas
    self.labels = labels
    self.roi = roi
    self.mask = mask
    self.condition = condition
    self.repetitionTime = repetitionTime
  }
}

/// A ready patterns file.
public struct PatternsSource: Sendable, Equatable {
  /// `.npy` (with `conditions`) or `.h5`/`.npz` written by `neurometry patterns`.
  public var file: String
  /// A `.npy` of row labels (stimulus ids) for a `.npy` patterns file; nil for files that carry them.
  public var conditions: String?

  /// A patterns file; for a `.npy` file, `conditions` names the `.npy` of row labels (nil:
  /// `<stem>_conditions.npy` beside it).
  public init(file: String, conditions: String? = nil) {
    self.file = file
    self.conditions = conditions
  }
}
