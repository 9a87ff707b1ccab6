import Foundation
import NeurometryIO
import NeurometryLinearAlgebra

/// Network activations: one stimuli × features matrix per layer, with optional stimulus ids.
///
/// Read from `.npy` (one layer, named after the file), `.npz` (one member per layer), HDF5
/// (one dataset per layer, at any path: `/model/block1/conv`) or MATLAB v7.3 (one variable per
/// layer, in MATLAB's shape). A 1-D array of strings or numbers
/// named `stimulus_ids`, `stimulus_id`, `stimuli` or `stimulus` (or the one passed as
/// `stimulusIDs`) gives the stimulus order and is not a layer; integer ids read as "12".
///
/// N-d activations are flattened per stimulus in C order, as `x.reshape(len(x), -1)` does: the
/// first axis is the stimulus, the others become features with the last axis varying fastest.
/// For PyTorch's (N, C, H, W) the feature index is (c·H + h)·W + w; for TensorFlow's
/// (N, H, W, C) it is (h·W + w)·C + c. Any order is fine for RSA/CKA (they are invariant to a
/// permutation of features) as long as it is the same for every stimulus.
public struct Activations: Sendable {
  /// One layer's activations: its name in the file, the array's original shape, and the flattened
  /// stimuli × features matrix.
  public struct Layer: Sendable {
    /// Member or dataset path.
    public let name: String
    /// The array's shape in the file (stimuli first).
    public let shape: [Int]
    /// stimuli × features.
    public let matrix: Matrix

    /// A layer from its name, the original array shape and its stimuli × features matrix.
    public init(name: String, shape: [Int], matrix: Matrix) {
      self.name = name
      self.shape = shape
      self.matrix = matrix
    }
  }

  /// The layers in file order, every one with the same number of stimuli (rows).
  public let layers: [Layer]
  /// The stimulus ids in row order, when the file holds them (or they were given); nil otherwise.
  public let stimulusIDs: [String]?
  /// The file the activations came from (for messages).
  public let source: String

  /// Activations from layers already read. Throws `NeurometryError.invalidInput` when there are no
  /// layers, and `shapeMismatch` when the layers differ in their number of stimuli or the stimulus
  /// ids are not one per stimulus.
  public init(layers: [Layer], stimulusIDs: [String]?, source: String) throws {
    guard let first = layers.first else {
      throw NeurometryError.invalidInput(context: source, message: "holds no numeric layers")
    }
    for layer in layers where layer.matrix.rows != first.matrix.rows {
      throw NeurometryError.shapeMismatch(
        context: source,
        message:
          "layer '\(layer.name)' has \(layer.matrix.rows.grouped) stimuli but '\(first.name)' has \(first.matrix.rows.grouped) (the first axis must be the stimulus)"
      )
    }
    if let stimulusIDs, stimulusIDs.count != first.matrix.rows {
      throw NeurometryError.shapeMismatch(
        context: source,
        message: "has \(stimulusIDs.count.grouped) stimulus ids but \(first.matrix.rows.grouped) stimuli per layer")
    }
    self.layers = layers
    self.stimulusIDs = stimulusIDs
    self.source = source
  }

  /// Names that mark the stimulus-id array.
  public static let stimulusNames: Set<String> = ["stimulus_ids", "stimulus_id", "stimuli", "stimulus"]

  /// Reads the layers (`layers`: member names or dataset paths; nil = every numeric array) and
  /// the stimulus ids (`stimulusIDs`: a name or path; nil = look for one of `stimulusNames`).
  public static func read(_ path: String, layers selected: [String]? = nil, stimulusIDs: String? = nil) throws
    -> Activations
  {
    var arrays: [(String, NDArray)] = []
    var ids: [String]? = nil
    func isStimulus(_ name: String) -> Bool {
      if let stimulusIDs { return HDF5File.normalise(name) == HDF5File.normalise(stimulusIDs) || name == stimulusIDs }
      return stimulusNames.contains((name as NSString).lastPathComponent)
    }
    switch try FileFormat.detect(path) {
    case .npy:
      let stem = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
      arrays = [(stem, try NPYFile.read(path))]
    case .npz:
      let npz = try NPZFile(path: path)
      for (name, array) in try npz.arrays() {
        // Stimulus ids: a string array, or a 1-D numeric one (integer ids such as image indices).
        if isStimulus(name) && (!array.isNumeric || array.shape.count == 1) || (stimulusIDs == name) {
          ids = array.strings
        } else if selected == nil || selected?.contains(name) == true {
          if array.isNumeric { arrays.append((name, array)) }
        }
      }
    case .mat:
      // MATLAB v7.3: variables in MATLAB's shape (MATFile undoes the column-major storage, so a
      // stimuli × units variable has stimuli first, as in MATLAB).
      let mat = try MATFile(path: path)
      let names = try selected ?? mat.variableNames()
      for name in names {
        let array = try mat.array(named: name)
        if (stimulusIDs == name)
          || (stimulusIDs == nil && isStimulus(name) && (!array.isNumeric || array.dimensions == 1))
        {
          ids = array.strings
        } else if array.isNumeric {
          arrays.append((name, array))
        } else if selected != nil {
          throw NeurometryError.invalidInput(
            context: "\(path): \(name)",
            message: "is not a numeric array (MATLAB class \(try mat.matlabClass(name) ?? "?"))")
        }
      }
      if let stimulusIDs, ids == nil { ids = try mat.array(named: stimulusIDs).strings }
    case .hdf5, .nwb:
      let file = try HDF5File(path: path)
      if let stimulusIDs { ids = try file.dataset(stimulusIDs).readStrings() }
      let candidates =
        try selected.map { $0.map(HDF5File.normalise) }
        ?? file.datasetPaths()
      for p in candidates {
        let d = try file.dataset(p)
        if ids == nil && stimulusIDs == nil && isStimulus(p) && (d.type.kind == .string || d.shape.count == 1) {
          ids = d.type.kind == .string ? try d.readStrings() : try d.read().strings
          continue
        }
        if stimulusIDs != nil && isStimulus(p) { continue }
        guard d.type.isNumeric, d.shape.count >= 1 else {
          if selected != nil {
            throw NeurometryError.invalidInput(
              context: "\(path): \(p)",
              message:
                "is not a numeric array with a stimulus axis (type \(d.type.descr), shape \(NDArray.describe(shape: d.shape)))"
            )
          }
          continue
        }
        arrays.append((p, try d.read()))
      }
    case let other:
      throw NeurometryError.unsupported(
        path: path, field: nil,
        message: "activations are read from .npy, .npz, HDF5 and MATLAB v7.3 files, not \(other.rawValue) files")
    }
    if let selected, arrays.count < selected.count {
      let found = Set(arrays.map(\.0))
      let missing = selected.filter { !found.contains($0) && !found.contains(HDF5File.normalise($0)) }
      throw NeurometryError.invalidInput(
        context: path, message: "has no numeric layer named \(missing.map { "'\($0)'" }.joined(separator: ", "))")
    }
    let layers = try arrays.map { name, array in
      Layer(name: name, shape: array.shape, matrix: try array.flattenedToMatrix(context: "\(path): \(name)"))
    }
    return try Activations(layers: layers, stimulusIDs: ids, source: path)
  }

  /// The number of stimuli (rows of every layer; 0 without layers).
  public var stimulusCount: Int { layers.first?.matrix.rows ?? 0 }

  /// Checks that the stimuli are the brain data's conditions in the same order; throws naming
  /// the first difference (and whether a reordering would fix it).
  public func checkOrder(against conditions: [String], context: String = "patterns") throws {
    guard conditions.count == stimulusCount else {
      throw NeurometryError.shapeMismatch(
        context: source,
        message: "has \(stimulusCount.grouped) stimuli but \(context) has \(conditions.count.grouped) conditions")
    }
    guard let ids = stimulusIDs else { return }
    if let i = ids.indices.first(where: { ids[$0] != conditions[$0] }) {
      let sameSet = ids.sorted() == conditions.sorted()
      throw NeurometryError.invalidInput(
        context: source,
        message:
          "stimulus order differs from \(context)'s conditions at position \(i) ('\(ids[i])' here, '\(conditions[i])' there)\(sameSet ? "; the same stimuli in another order — reorder with Activations.reordered(to:)" : "")"
      )
    }
  }

  /// The activations with rows permuted into `conditions` order (same stimuli required).
  public func reordered(to conditions: [String]) throws -> Activations {
    guard let ids = stimulusIDs else {
      throw NeurometryError.invalidInput(context: source, message: "has no stimulus ids to reorder by")
    }
    var position: [String: Int] = [:]
    for (i, id) in ids.enumerated() where position[id] == nil { position[id] = i }
    guard Set(ids).count == ids.count else {
      throw NeurometryError.invalidInput(context: source, message: "has repeated stimulus ids; cannot reorder by id")
    }
    let order = try conditions.map { c -> Int in
      guard let p = position[c] else {
        throw NeurometryError.invalidInput(context: source, message: "has no stimulus '\(c)'")
      }
      return p
    }
    guard order.count == ids.count else {
      throw NeurometryError.shapeMismatch(
        context: source, message: "has \(ids.count) stimuli but \(conditions.count) conditions were given")
    }
    let layers = layers.map { layer in
      var m = Matrix(rows: order.count, columns: layer.matrix.columns)
      for (r, src) in order.enumerated() {
        for c in 0..<layer.matrix.columns { m[r, c] = layer.matrix[src, c] }
      }
      return Layer(name: layer.name, shape: layer.shape, matrix: m)
    }
    return try Activations(layers: layers, stimulusIDs: conditions, source: source)
  }

  /// One layer as response patterns (stimuli × features; `stimulus` descriptor when known).
  public func patterns(layer name: String) throws -> ResponsePatterns {
    guard let layer = layers.first(where: { $0.name == name || $0.name == HDF5File.normalise(name) }) else {
      throw NeurometryError.invalidInput(
        context: source, message: "has no layer '\(name)' (layers: \(layers.map(\.name).joined(separator: ", ")))")
    }
    return try ResponsePatterns(
      measurements: layer.matrix, observationDescriptors: stimulusIDs.map { ["stimulus": $0] } ?? [:],
      source: "\(source): \(layer.name)")
  }
}
