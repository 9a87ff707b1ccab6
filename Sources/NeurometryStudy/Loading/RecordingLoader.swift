import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra

/// Turns one subject's recording (`RecordingSource`) into `SubjectResponses` through the
/// library's loaders: spikes binned and averaged per stimulus (`SpikePatterns`), fMRI GLM betas
/// per run and averaged (`FMRIPatternEstimator`, voxels of one atlas ROI or a mask as channels),
/// or a ready patterns file. Paths are resolved by `resolve`.
public struct RecordingLoader: Sendable {
  /// Turns a path of the specification into the path to read (e.g. resolved against the study file's
  /// folder; identity by default).
  public let resolve: @Sendable (String) -> String
  /// Files read once per loader: an NWB file's units and trials, and fMRI runs, shared by the
  /// regions that come from the same recording (V4 and IT of one NWB file; two ROIs of one run).
  let cache = LoadCache()

  /// A loader that reads every path through `resolve` (default: as given).
  public init(resolve: @escaping @Sendable (String) -> String = { $0 }) {
    self.resolve = resolve
  }

  /// Loads `subject` of region `region` (subject label defaults to the main file's name).
  public func load(_ subject: SubjectSpecification, region: String) throws -> SubjectResponses {
    switch subject.source {
    case .spikes(let s):
      let path = resolve(s.nwb)
      let (all, trials) = try cache.value("nwb \(path) \(s.trials)") { () -> (SpikeTrains, Trials) in
        let nwb = try NWBFile(path: path)
        return (try SpikeTrains(nwb.units()), try Trials(nwb.intervals(s.trials)))
      }
      var spikes = all
      for (column, values) in s.units.sorted(by: { $0.key < $1.key }) {
        spikes = try spikes.selecting(column, in: Set(values))
      }
      return try spikeResponses(
        spikes, trials, window: s.window, align: s.align, condition: s.condition, region: region,
        subject: subject.name ?? Self.stem(path), kind: "spikes", files: [path])
    case .phy(let s):
      let folder = resolve(s.folder)
      let events = resolve(s.events)
      guard let filter = PhyClusterFilter(rawValue: s.clusters) else {
        throw NeurometryError.invalidInput(
          context: "region '\(region)'",
          message:
            "unknown clusters '\(s.clusters)' (expected one of: \(PhyClusterFilter.allCases.map(\.rawValue).joined(separator: ", ")))"
        )
      }
      let sorting = try KilosortSorting.read(folder, filter: filter)
      let spikes = try SpikeTrains(sorting)
      let trials = try Trials.read(events: events)
      let r = try spikeResponses(
        spikes, trials, window: s.window, align: s.align, condition: s.condition, region: region,
        subject: subject.name ?? Self.stem(folder), kind: "phy", files: [folder, events])
      return r.adding(warnings: sorting.warnings)
    case .fmri(let f):
      return try fmriResponses(f, region: region, subject: subject.name)
    case .patterns(let p):
      return try patternResponses(p, region: region, subject: subject.name)
    }
  }

  static func stem(_ path: String) -> String {
    var name = (path as NSString).lastPathComponent
    for ext in [".nii.gz", ".nwb", ".h5", ".hdf5", ".npy", ".npz", ".nii"] where name.lowercased().hasSuffix(ext) {
      name = String(name.dropLast(ext.count))
      break
    }
    return name
  }

  func spikeResponses(
    _ spikes: SpikeTrains, _ trials: Trials, window: SpikeWindow, align: String?, condition: String, region: String,
    subject: String, kind: String, files: [String]
  ) throws -> SubjectResponses {
    guard spikes.count > 0 else {
      throw NeurometryError.invalidInput(
        context: "region '\(region)' (\(files[0]))", message: "the unit selection leaves no units")
    }
    let alignment: SpikeBinning.Alignment = align.map { .column($0) } ?? .trialStart
    let perTrial = try SpikePatterns(window: window, alignment: alignment, condition: condition, perTrial: true).fit(
      spikes, trials)
    let means = try SpikePatterns(window: window, alignment: alignment, condition: condition).fit(spikes, trials)
    let trialPatterns = perTrial.patterns[0]
    return SubjectResponses(
      region: region, subject: subject, kind: kind, files: files, stimuli: means.conditions,
      means: means.patterns[0].measurements, observations: trialPatterns.measurements,
      observationStimuli: trialPatterns.observationDescriptors["condition"] ?? [], channelKind: "units",
      warnings: means.warnings)
  }

  func fmriResponses(_ f: FMRISource, region: String, subject: String?) throws -> SubjectResponses {
    let bold = f.bold.map(resolve)
    let events = f.events.map(resolve)
    let key = "fmri \(bold) \(events) \(f.repetitionTime.map { "\($0)" } ?? "") \(f.condition)"
    let (runs, loadWarnings) = try cache.value(key) {
      try FMRIRun.loadRuns(
        bold: bold, events: events, repetitionTime: f.repetitionTime, conditionColumn: f.condition)
    }
    let mask: VoxelMask
    var files = bold + runs.map { $0.events.path }
    if let atlasPath = f.atlas.map(resolve) {
      let labelsPath = f.labels.map(resolve)
      let atlas = try LabelAtlas.read(atlasPath, labels: labelsPath)
      let roi = f.roi ?? ""
      guard
        let k = atlas.names.firstIndex(of: roi) ?? Int(roi).flatMap({ atlas.labels.firstIndex(of: $0) })
      else {
        let known = zip(atlas.labels, atlas.names).map { "\($0) \($1)" }.joined(separator: ", ")
        throw NeurometryError.invalidInput(
          context: "region '\(region)' (\(atlasPath))", message: "has no ROI '\(roi)' (labels: \(known))")
      }
      mask = VoxelMask(
        grid: atlas.grid, voxels: atlas.regionVoxels[k],
        source: "\(atlasPath) ROI \(atlas.names[k]) (label \(atlas.labels[k]))")
      files += [atlasPath] + (labelsPath.map { [$0] } ?? [])
    } else if let maskPath = f.mask.map(resolve) {
      mask = try VoxelMask.read(maskPath)
      files.append(maskPath)
    } else {
      throw NeurometryError.invalidInput(context: "region '\(region)'", message: "fMRI needs an atlas ROI or a mask")
    }
    let fit = try FMRIPatternEstimator(glm: GeneralLinearModel(keepResiduals: false)).fit(
      runs: runs, region: .mask(mask))
    return SubjectResponses(
      region: region, subject: subject ?? Self.stem(bold[0]).replacingOccurrences(of: "_bold", with: ""),
      kind: "fmri", files: files, stimuli: fit.averaged.observationDescriptors["condition"] ?? [],
      means: fit.averaged.measurements, observations: fit.perRun.measurements,
      observationStimuli: fit.perRun.observationDescriptors["condition"] ?? [], channelKind: "voxels",
      warnings: loadWarnings + fit.warnings)
  }

  func patternResponses(_ p: PatternsSource, region: String, subject: String?) throws -> SubjectResponses {
    let path = resolve(p.file)
    var files = [path]
    let x: Matrix
    let labels: [String]
    if path.lowercased().hasSuffix(".h5") || path.lowercased().hasSuffix(".hdf5") {
      let sets = try PatternsFile.read(path)
      guard sets.count == 1 else {
        throw NeurometryError.invalidInput(
          context: path, message: "holds \(sets.count) time bins; a study region needs one pattern set")
      }
      x = sets[0].measurements
      guard let l = sets[0].observationDescriptors["condition"] else {
        throw NeurometryError.invalidInput(
          context: path, message: "has no /observations/condition labels (the stimulus id of each row)")
      }
      labels = l
    } else {
      x = try ArrayFile.readMatrix(path)
      let labelsPath = p.conditions.map(resolve) ?? (String(path.dropLast(4)) + "_conditions.npy")
      guard FileManager.default.fileExists(atPath: labelsPath) else {
        throw NeurometryError.invalidInput(
          context: path, message: "has no stimulus labels: give 'conditions' (a .npy of one stimulus id per row)")
      }
      labels = try ArrayFile.readLabels(labelsPath).values
      files.append(labelsPath)
      guard labels.count == x.rows else {
        throw NeurometryError.shapeMismatch(
          context: labelsPath, message: "has \(labels.count.grouped) labels but \(path) has \(x.rows.grouped) rows")
      }
    }
    try x.requireFinite(path)
    let stimuli = Labels(text: labels).distinctSorted
    var sums = Matrix(rows: stimuli.count, columns: x.columns)
    var counts = [Double](repeating: 0, count: stimuli.count)
    var position: [String: Int] = [:]
    for (i, s) in stimuli.enumerated() { position[s] = i }
    for (row, label) in labels.enumerated() {
      let k = position[label] ?? 0
      counts[k] += 1
      for c in 0..<x.columns { sums[k, c] += x[row, c] }
    }
    let means = Matrix(rows: stimuli.count, columns: x.columns) { i, c in sums[i, c] / counts[i] }
    let repeated = stimuli.count < labels.count
    return SubjectResponses(
      region: region, subject: subject ?? Self.stem(path), kind: "patterns", files: files, stimuli: stimuli,
      means: means, observations: repeated ? x : nil, observationStimuli: repeated ? labels : [],
      channelKind: "channels", warnings: [])
  }
}

extension SubjectResponses {
  func adding(warnings more: [String]) -> SubjectResponses {
    SubjectResponses(
      region: region, subject: subject, kind: kind, files: files, stimuli: stimuli, means: means,
      observations: observations, observationStimuli: observationStimuli, channelKind: channelKind,
      warnings: more + warnings)
  }
}

/// Values loaded once and reused, by key (thread-safe).
final class LoadCache: @unchecked Sendable {
  private let lock = NSLock()
  private var values: [String: Any] = [:]

  /// The value stored under `key`, or `load()`'s, stored.
  func value<T>(_ key: String, _ load: () throws -> T) throws -> T {
    if let v = lock.withLock({ values[key] }) as? T { return v }
    let v = try load()
    lock.withLock { values[key] = v }
    return v
  }
}
