import NeurometryLinearAlgebra

/// An RSA model: a predicted RDM, fixed or with parameters (rsatoolbox `ModelFixed`,
/// `ModelSelect`, `ModelWeighted`, `ModelInterpolate`).
///
/// With the model's RDMs r₁…r_k (condensed vectors) and parameters θ:
/// - `fixed`: the prediction is the mean of its RDMs (usually one); no parameters.
/// - `select`: θ = index i, prediction rᵢ.
/// - `weighted`: prediction Σ θᵢ rᵢ (a linear combination; fit by regression or non-negative least
///   squares, `RSAModelFitter`).
/// - `interpolate`: θ has two adjacent non-zero entries w, 1 − w (0 ≤ w ≤ 1): a piecewise linear
///   path through r₁, r₂, …, r_k.
public struct RSAModel: Sendable {
  /// How the model's RDMs and parameters make its prediction (see the type's list).
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case fixed, select, weighted, interpolate
  }

  /// The model's name, used in results and error messages.
  public let name: String
  /// Whether the model is fixed, selects one RDM, weights them or interpolates between them.
  public let kind: Kind
  /// The model's RDMs (all over the same conditions).
  public let rdms: RDMs

  /// A model of `kind` over `rdms`. Throws `NeurometryError.invalidInput` when `rdms` is empty, or
  /// holds fewer than two RDMs for an interpolation model.
  public init(name: String, kind: Kind, rdms: RDMs) throws {
    guard rdms.count >= 1 else {
      throw NeurometryError.invalidInput(context: "model '\(name)'", message: "a model needs at least one RDM")
    }
    if kind == .interpolate && rdms.count < 2 {
      throw NeurometryError.invalidInput(
        context: "model '\(name)'", message: "an interpolation model needs at least two RDMs, found \(rdms.count)")
    }
    self.name = name
    self.kind = kind
    self.rdms = rdms
  }

  /// A fixed model predicting the mean of `rdms`.
  public static func fixed(_ name: String, _ rdms: RDMs) throws -> RSAModel {
    try RSAModel(name: name, kind: .fixed, rdms: rdms)
  }

  /// Number of parameters (0 fixed, 1 select, k weighted/interpolate).
  public var parameterCount: Int {
    switch kind {
    case .fixed: return 0
    case .select: return 1
    case .weighted, .interpolate: return rdms.count
    }
  }

  /// The default parameters: none (fixed), the first RDM (select), all weights 1 (weighted), the
  /// midpoint of the first two RDMs (interpolate) — rsatoolbox's defaults.
  public var defaultParameters: [Double] {
    switch kind {
    case .fixed: return []
    case .select: return [0]
    case .weighted: return [Double](repeating: 1, count: rdms.count)
    case .interpolate:
      var t = [Double](repeating: 0, count: rdms.count)
      t[0] = 0.5
      t[1] = 0.5
      return t
    }
  }

  /// The predicted RDM vector for parameters θ (nil: the defaults).
  public func predict(_ theta: [Double]? = nil) throws -> [Double] {
    let t = theta ?? defaultParameters
    switch kind {
    case .fixed:
      let q = rdms.pairCount
      var mean = [Double](repeating: 0, count: q)
      for r in 0..<rdms.count {
        for k in 0..<q { mean[k] += rdms.dissimilarities[r, k] }
      }
      return mean.map { $0 / Double(rdms.count) }
    case .select:
      guard t.count == 1, let i = Int(exactly: t[0]), i >= 0, i < rdms.count else {
        throw NeurometryError.invalidInput(
          context: "model '\(name)'", message: "select needs one integer parameter in 0..<\(rdms.count), found \(t)")
      }
      return rdms.vector(i)
    case .weighted, .interpolate:
      guard t.count == rdms.count else {
        throw NeurometryError.invalidInput(
          context: "model '\(name)'", message: "\(t.count) parameters for \(rdms.count) RDMs")
      }
      return rdms.dissimilarities.times(vector: t, transpose: true)
    }
  }

  /// The prediction as a one-RDM set over the model's conditions.
  public func predictRDMs(_ theta: [Double]? = nil) throws -> RDMs {
    let v = try predict(theta)
    return try RDMs(
      dissimilarities: Matrix(rows: 1, columns: v.count, elements: v), conditions: rdms.conditions,
      measure: rdms.measure, source: "model '\(name)'")
  }
}
