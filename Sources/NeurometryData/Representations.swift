import NeurometryIO
import NeurometryLinearAlgebra

/// Representations (stimuli × features matrices) for CKA and shape metrics, read through the same
/// reader as every other activation file (`Activations.read`: `.npy`, `.npz`, HDF5, MATLAB v7.3;
/// trailing axes of conv activations flattened in C order).
///
/// - One representation per file: the layer `member`, or the file's only numeric layer (a
///   `stimulus_ids` array beside it is not a layer).
/// - `stacked`: the first axis of each file enumerates representations (layers × stimuli ×
///   units…), named `file[k]`.
///
/// A 1-D array is read as n stimuli × 1 feature, with a warning: it is more often a mistake (a
/// vector of labels or of scores) than a one-unit representation.
public struct Representations: Sendable {
  /// The representations, in file order.
  public let layers: [Activations.Layer]
  /// What the reader noticed (1-D inputs).
  public let warnings: [String]

  /// Reads every file in `paths`.
  public static func read(_ paths: [String], member: String? = nil, stacked: Bool = false) throws -> Representations {
    var layers: [Activations.Layer] = []
    var warnings: [String] = []
    for path in paths {
      if stacked {
        layers += try stack(path, member: member)
      } else {
        let layer = try one(path, member: member)
        if layer.shape.count == 1 {
          warnings.append(
            "\(layer.name) is a 1-D array of \(layer.shape[0].grouped) values, read as \(layer.shape[0].grouped) stimuli × 1 feature; is it a representation?"
          )
        }
        layers.append(layer)
      }
    }
    return Representations(layers: layers, warnings: warnings)
  }

  /// The stimuli × features of each representation `read` would give, from the files' headers
  /// alone (no data read): for planning memory before loading. nil when a header cannot say
  /// (`ArrayFile.shape`).
  public static func shapes(_ paths: [String], member: String? = nil, stacked: Bool = false) throws -> [(
    observations: Int, features: Int
  )]? {
    var out: [(observations: Int, features: Int)] = []
    for path in paths {
      guard let shape = try ArrayFile.shape(path, member: member), !shape.isEmpty else { return nil }
      if stacked {
        guard shape.count >= 3 else { return nil }
        out += Array(repeating: (shape[1], shape.dropFirst(2).reduce(1, *)), count: shape[0])
      } else {
        out.append((shape[0], shape.dropFirst().reduce(1, *)))
      }
    }
    return out
  }

  /// The matrices, in order.
  public var matrices: [Matrix] { layers.map(\.matrix) }
  /// The names, in order (the file, or `file[k]` when stacked).
  public var names: [String] { layers.map(\.name) }

  /// One representation: the layer `member` of `path`, or its only layer.
  static func one(_ path: String, member: String?) throws -> Activations.Layer {
    let activations = try Activations.read(path, layers: member.map { [$0] })
    guard activations.layers.count == 1, let layer = activations.layers.first else {
      let names = activations.layers.map { "'\($0.name)'" }
      throw NeurometryError.invalidInput(
        context: path,
        message:
          "holds \(names.count) numeric arrays (\(names.prefix(10).joined(separator: ", "))\(names.count > 10 ? ", …" : "")); choose one with --dataset NAME"
      )
    }
    guard !layer.shape.isEmpty else {
      throw NeurometryError.shapeMismatch(
        context: member.map { "\(path):\($0)" } ?? path,
        message: "expected stimuli × units, found a single number (shape ())")
    }
    return Activations.Layer(name: path, shape: layer.shape, matrix: layer.matrix)
  }

  /// The representations of a stacked file: shape (K, stimuli, units…).
  static func stack(_ path: String, member: String?) throws -> [Activations.Layer] {
    let context = member.map { "\(path):\($0)" } ?? path
    let array = try ArrayFile.read(path, member: member)
    guard array.dimensions >= 3 else {
      throw NeurometryError.shapeMismatch(
        context: context,
        message:
          "--stacked expects representations × stimuli × units (3-D or more), found shape \(array.shapeDescription)")
    }
    let shape = Array(array.shape.dropFirst())
    return try array.matrixStack(context: context).enumerated().map { k, m in
      Activations.Layer(name: "\(path)[\(k)]", shape: shape, matrix: m)
    }
  }
}
