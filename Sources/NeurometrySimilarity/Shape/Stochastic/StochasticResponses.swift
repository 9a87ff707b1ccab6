import NeurometryIO
import NeurometryLinearAlgebra

/// Responses of a stochastic network (or repeated neural recordings): m stimuli × r repeats × p
/// units, stored as an (m·r)×p matrix whose row i·r + a is repeat a of stimulus i (the C order of
/// a 3-D array (stimuli, repeats, units)).
public struct StochasticResponses: Sendable, Equatable {
  /// The (m·r) × p responses; row i·r + a is repeat a of stimulus i.
  public let samples: Matrix
  /// m, the number of stimuli.
  public let stimuli: Int
  /// r, the number of repeats per stimulus.
  public let repeats: Int
  /// p, the number of units.
  public var units: Int { samples.columns }

  /// From the (m·r)×p sample matrix; `name` labels errors.
  public init(samples: Matrix, stimuli: Int, repeats: Int, name: String = "responses") throws {
    guard stimuli >= 1, repeats >= 1, samples.rows == stimuli * repeats, samples.columns >= 1 else {
      throw NeurometryError.shapeMismatch(
        context: name,
        message:
          "expected stimuli × repeats × units with \(stimuli) stimuli and \(repeats) repeats, found \(samples.rows) rows of \(samples.columns) units"
      )
    }
    try samples.requireFinite(name, "the response array") { i, j in
      "stimulus \(i / repeats), repeat \(i % repeats), unit \(j)"
    }
    self.samples = samples
    self.stimuli = stimuli
    self.repeats = repeats
  }

  /// From a flat C-order array of shape (stimuli, repeats, units).
  public init(values: [Double], stimuli: Int, repeats: Int, units: Int, name: String = "responses") throws {
    guard values.count == stimuli * repeats * units else {
      throw NeurometryError.shapeMismatch(
        context: name, message: "\(values.count) values for shape (\(stimuli), \(repeats), \(units))")
    }
    try self.init(
      samples: Matrix(rows: stimuli * repeats, columns: units, elements: values), stimuli: stimuli, repeats: repeats,
      name: name)
  }

  /// The r×p block of stimulus i.
  func block(_ i: Int) -> MatrixView { samples.rowBlock((i * repeats)..<((i + 1) * repeats)) }
}

extension StochasticResponses {
  /// Stochastic responses from array files (`ArrayFile.read`, member `member`): one network per
  /// file, stimuli × repeats × units (trailing axes flattened), or with `stacked` the first axis
  /// of each file (networks × stimuli × repeats × units), named `file[k]`.
  public static func read(_ paths: [String], member: String? = nil, stacked: Bool = false) throws -> [(
    name: String, responses: StochasticResponses
  )] {
    try paths.flatMap { path -> [(name: String, responses: StochasticResponses)] in
      let context = member.map { "\(path):\($0)" } ?? path
      let array = try ArrayFile.read(path, member: member)
      let axes = stacked ? 4 : 3
      guard array.dimensions >= axes else {
        throw NeurometryError.shapeMismatch(
          context: context,
          message: stacked
            ? "--stacked --stochastic expects networks × stimuli × repeats × units (4-D), found shape \(array.shapeDescription)"
            : "--stochastic expects stimuli × repeats × units (3-D), found shape \(array.shapeDescription)")
      }
      let values = try array.doubles(context: context)
      let shape = stacked ? Array(array.shape.dropFirst()) : array.shape
      let (m, r) = (shape[0], shape[1])
      let p = shape.dropFirst(2).reduce(1, *)
      let size = m * r * p
      let networks = stacked ? array.shape[0] : 1
      return try (0..<networks).map { k in
        let name = stacked ? "\(path)[\(k)]" : path
        return (
          name,
          try StochasticResponses(
            values: Array(values[(k * size)..<((k + 1) * size)]), stimuli: m, repeats: r, units: p,
            name: stacked ? name : context)
        )
      }
    }
  }
}
