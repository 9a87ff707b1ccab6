import Foundation
import Neurometry

/// The arrays `neurometry encode` reads, with errors that name the files.
struct EncodeInputs {
  var x: Matrix
  var y: Matrix
  var repetitions: [Matrix]?
  var names: EncodingInputNames
  /// Features per layer when several layers were read (they become the bands of banded ridge).
  var layerSizes: [Int]

  /// Features from ACTIVATIONS (member `layer`; conv activations are flattened per stimulus),
  /// responses from RESPONSES (2-D stimuli × targets, or 3-D repetitions × stimuli × targets, which
  /// are averaged for fitting and give the noise ceiling), and optional separate repetitions.
  static func load(
    activations: String, layers: [String], responses: String, dataset: String?, repetitionsFile: String?
  ) throws -> EncodeInputs {
    let xName = layers.isEmpty ? activations : "\(activations):\(layers.joined(separator: "+"))"
    let yName = dataset.map { "\(responses):\($0)" } ?? responses
    let read = try Activations.read(activations, layers: layers.isEmpty ? nil : layers)
    if layers.isEmpty && read.layers.count > 1 {
      throw NeurometryError.invalidInput(
        context: activations,
        message:
          "holds \(read.layers.count) layers (\(read.layers.map { "'\($0.name)'" }.joined(separator: ", "))); choose one with --layer (repeat it for banded ridge)"
      )
    }
    // In the order the user named them (they are the bands of banded ridge).
    let ordered =
      layers.isEmpty
      ? read.layers
      : layers.compactMap { name in read.layers.first { $0.name == name || $0.name == HDF5File.normalise(name) } }
    let blocks = ordered.map(\.matrix)
    let x = blocks.count == 1 ? blocks[0] : Matrix.horizontalConcatenation(blocks)
    let yArray = try ArrayFile.read(responses, member: dataset)
    var y: Matrix
    var repetitions: [Matrix]? = nil
    switch yArray.dimensions {
    case 2: y = try yArray.matrix(context: yName)
    case 3:
      let reps = try slices(yArray, context: yName)
      repetitions = reps
      y = Matrix.mean(of: reps)
    default:
      throw NeurometryError.shapeMismatch(
        context: yName,
        message:
          "expected stimuli × targets (2-D) or repetitions × stimuli × targets (3-D), found shape \(yArray.shapeDescription)"
      )
    }
    if let repetitionsFile {
      let r = try ArrayFile.read(repetitionsFile)
      guard r.dimensions == 3 else {
        throw NeurometryError.shapeMismatch(
          context: repetitionsFile,
          message: "expected repetitions × stimuli × targets (3-D), found shape \(r.shapeDescription)")
      }
      repetitions = try slices(r, context: repetitionsFile)
    }
    return EncodeInputs(
      x: x, y: y, repetitions: repetitions, names: EncodingInputNames(x: xName, y: yName),
      layerSizes: blocks.map(\.columns))
  }

  /// The 2-D slices along the first axis of a 3-D array (at least one).
  static func slices(_ a: NDArray, context: String) throws -> [Matrix] {
    guard a.shape.first ?? 0 > 0 else {
      throw NeurometryError.shapeMismatch(context: context, message: "has no repetitions (shape \(a.shapeDescription))")
    }
    return try a.matrixStack(context: context)
  }

  /// One label per sample or target from a 1-D file: numeric labels sort as numbers, strings by
  /// code points (numpy's order).
  static func labels(_ path: String, expected: Int, what: String) throws -> SampleLabels {
    SampleLabels(try read(path, expected: expected, what: what))
  }

  /// Integer labels (fold ids), one per stimulus.
  static func labels(_ path: String, expected: Int, what: String, numeric: Bool) throws -> [Int] {
    let labels = try read(path, expected: expected, what: what)
    return try labels.values.enumerated().map { i, v in
      guard labels.kind == .numeric, let x = Double(v), x == x.rounded(), abs(x) < 1e15 else {
        throw NeurometryError.invalidInput(context: path, message: "label \(i) is '\(v)'; fold ids are integers")
      }
      return Int(x)
    }
  }

  static func read(_ path: String, expected: Int, what: String) throws -> Labels {
    let (file, member) = ArrayFile.pathAndMember(path)
    let labels = try ArrayFile.readLabels(file, member: member)
    guard labels.count == expected else {
      throw NeurometryError.shapeMismatch(
        context: path, message: "has \(labels.count.grouped) labels but there are \(expected.grouped) \(what)")
    }
    return labels
  }

  /// One label per target (unit id, voxel) from a 1-D file, as text.
  static func targetLabels(_ path: String, expected: Int) throws -> [String] {
    let (file, member) = ArrayFile.pathAndMember(path)
    let labels = try ArrayFile.readLabels(file, member: member)
    guard labels.count == expected else {
      throw NeurometryError.shapeMismatch(
        context: path, message: "has \(labels.count.grouped) labels but there are \(expected.grouped) targets")
    }
    return labels.values
  }
}
