import Foundation
import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra

/// A study's inputs, loaded and matched: every layer and every subject's region patterns over
/// the same stimuli, in one order (`stimuli`: the ids in `ConditionOrder`, numeric ids
/// numerically, others as text).
public struct StudyData: Sendable {
  /// The stimulus ids every matrix's rows follow, in condition order (`ConditionOrder`).
  public let stimuli: [String]
  /// Layers with rows in `stimuli` order.
  public let layers: [Activations.Layer]
  /// The regions, in the specification's order, each with every subject's patterns.
  public let regions: [Region]
  /// Loaders' warnings, each prefixed with its region and subject ("V4 (monkey): …").
  public let warnings: [String]
  /// The activations file, for errors about a layer.
  public var activationsSource: String = "activations"

  /// Data already in memory (a script's own loading): every layer's and every subject's rows in
  /// `stimuli` order, taken as given.
  public init(
    stimuli: [String], layers: [Activations.Layer], regions: [Region], warnings: [String] = [],
    activationsSource: String = "activations"
  ) {
    self.stimuli = stimuli
    self.layers = layers
    self.regions = regions
    self.warnings = warnings
    self.activationsSource = activationsSource
  }

  /// One region: its subjects' responses, rows in `stimuli` order.
  public struct Region: Sendable {
    /// The region's name, as the specification gives it.
    public let name: String
    /// The region's subjects, in the specification's order (the order of `means`).
    public let subjects: [SubjectResponses]
    /// stimuli × channels per subject, rows in the study's order.
    public let means: [Matrix]

    /// A region from its subjects and their means (rows in the study's stimulus order).
    public init(name: String, subjects: [SubjectResponses], means: [Matrix]) {
      self.name = name
      self.subjects = subjects
      self.means = means
    }
  }

  /// Loads the activations and every region of `specification`, and matches them by stimulus id.
  /// Errors: a missing file (named), activations without stimulus ids, ids missing on either side
  /// (listed), a layer with NaN/∞ (layer, stimulus and feature named), a repeated stimulus id.
  public static func load(_ specification: StudySpecification) throws -> StudyData {
    let resolve: @Sendable (String) -> String = { [specification] in specification.resolve($0) }
    let activationsPath = resolve(specification.activations.file)
    let activations = try Activations.read(
      activationsPath, layers: specification.activations.layers, stimulusIDs: specification.activations.stimulusIDs)
    guard let ids = activations.stimulusIDs else {
      throw NeurometryError.invalidInput(
        context: activationsPath,
        message:
          "has no stimulus ids (a string array named stimulus_ids, or name one with 'stimulus_ids'); a study matches layers and regions by stimulus id"
      )
    }
    if let repeated = Dictionary(grouping: ids, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
      throw NeurometryError.invalidInput(context: activationsPath, message: "stimulus id '\(repeated)' occurs twice")
    }
    let stimuli = Labels(text: ids).distinctSorted
    let reordered = try activations.reordered(to: stimuli)
    // HDF5 datasets at the root are shown without their leading "/" ("layer1", not "/layer1").
    let ordered = try Activations(
      layers: reordered.layers.map { l in
        Activations.Layer(
          name: l.name.hasPrefix("/") && l.name.dropFirst().contains("/") == false
            ? String(l.name.dropFirst()) : l.name,
          shape: l.shape, matrix: l.matrix)
      }, stimulusIDs: reordered.stimulusIDs, source: reordered.source)
    for layer in ordered.layers {
      try layer.matrix.requireFinite("\(activationsPath): \(layer.name)", "the layer") { i, j in
        "stimulus '\(stimuli[i])', feature \(j)"
      }
    }
    let loader = RecordingLoader(resolve: resolve)
    var regions: [Region] = []
    var warnings: [String] = []
    for region in specification.regions {
      var subjects: [SubjectResponses] = []
      var means: [Matrix] = []
      for subject in region.subjects {
        let r = try loader.load(subject, region: region.name)
        try match(r, stimuli: stimuli, activations: activationsPath)
        subjects.append(r)
        means.append(try r.means(in: stimuli))
        warnings += r.warnings.map { "\(region.name) (\(r.subject)): \($0)" }
      }
      let labels = subjects.map(\.subject)
      if Set(labels).count < labels.count {
        throw NeurometryError.invalidInput(
          context: "region '\(region.name)'",
          message: "subjects share a label (\(labels.joined(separator: ", "))); give each a 'name'")
      }
      regions.append(Region(name: region.name, subjects: subjects, means: means))
    }
    return StudyData(
      stimuli: stimuli, layers: ordered.layers, regions: regions, warnings: warnings, activationsSource: activationsPath
    )
  }

  /// Throws listing the ids the region lacks and the ids it has that the activations lack.
  static func match(_ r: SubjectResponses, stimuli: [String], activations: String) throws {
    let have = Set(r.stimuli)
    let want = Set(stimuli)
    guard have != want else { return }
    func list(_ ids: Set<String>) -> String {
      let sorted = Labels(text: Array(ids)).distinctSorted
      return sorted.prefix(8).map { "'\($0)'" }.joined(separator: ", ")
        + (sorted.count > 8 ? ", … (\(sorted.count) in all)" : "")
    }
    var parts: [String] = []
    let missing = want.subtracting(have)
    let extra = have.subtracting(want)
    if !missing.isEmpty {
      parts.append(
        "\(missing.count) stimul\(missing.count == 1 ? "us" : "i") of \(activations) missing here: \(list(missing))")
    }
    if !extra.isEmpty { parts.append("\(extra.count) not in \(activations): \(list(extra))") }
    throw NeurometryError.invalidInput(
      context: "region '\(r.region)' (\(r.files.first ?? r.subject))",
      message: "stimulus ids do not match the activations: " + parts.joined(separator: "; "))
  }
}
