import NeurometryData
import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometrySimilarity

/// The measure families a study can ask for.
public enum MeasureKind: String, Sendable, Codable, CaseIterable {
  /// RSA: an RDM per layer and per region, compared (higher = more similar).
  case rsa
  /// CKA between a layer's and a region's stimulus × channel patterns (higher = more similar).
  case cka
  /// Shape metric (netrep): a distance between the two representations (lower = more similar).
  case shape
  /// Cross-validated ridge encoding: mean over channels of the Pearson r between held-out
  /// predictions and the responses (higher = better).
  case encoding
}

/// One measure of a study and its parameters.
public enum MeasureSpecification: Sendable, Equatable {
  case rsa(RSAMeasure)
  case cka(CKA)
  case shape(ShapeMetric)
  case encoding(EncodingMeasure)

  /// The measure's family.
  public var kind: MeasureKind {
    switch self {
    case .rsa: return .rsa
    case .cka: return .cka
    case .shape: return .shape
    case .encoding: return .encoding
    }
  }

  /// The measure with its default parameters.
  public static func defaults(_ kind: MeasureKind) -> MeasureSpecification {
    switch kind {
    case .rsa: return .rsa(RSAMeasure())
    case .cka: return .cka(CKA.linearBiased)
    case .shape: return .shape(ShapeMetric.rotationInvariant)
    case .encoding: return .encoding(EncodingMeasure())
    }
  }

  /// Whether a larger value means "more alike".
  public var higherIsBetter: Bool { kind != .shape }

  /// The fewest stimuli the measure can work with (CKA debiased: 4; encoding: 2 per fold and ≥ 3
  /// to correlate; RSA: 3 conditions).
  public var minimumStimuli: Int {
    switch self {
    case .rsa: return 3
    case .cka(let c): return Swift.max(c.estimator.minimumObservations, 3)
    case .shape: return 3
    case .encoding(let e): return Swift.max(3 * e.folds, 6)
    }
  }

  /// A short human label, e.g. "RSA (correlation RDM, corr)".
  public var label: String {
    switch self {
    case .rsa(let r):
      let topology = r.topology.map { ", tRSA \(RSAMeasure.level($0.lower))–\(RSAMeasure.level($0.upper))" } ?? ""
      return "RSA (\(r.rdm.rawValue) RDM, \(r.comparator.rawValue)\(topology))"
    case .cka(let c): return "CKA (\(c.kernel.rawValue), \(c.estimator.rawValue))"
    case .shape(let s): return "Shape distance (α = \(s.alpha), \(s.score.rawValue))"
    case .encoding(let e): return "Encoding (ridge, \(e.folds)-fold, Pearson r)"
    }
  }

  /// What the score is, for the report's axis labels.
  public var scoreLabel: String {
    switch self {
    case .rsa(let r): return "RDM \(r.comparator.rawValue)"
    case .cka: return "CKA"
    case .shape(let s): return "\(s.score.rawValue) distance"
    case .encoding: return "mean held-out r"
    }
  }

  /// The parameters as text, for provenance.
  public var parameters: [String: String] {
    switch self {
    case .rsa(let r):
      var p = ["rdm": r.rdm.rawValue, "comparator": r.comparator.rawValue]
      if let t = r.topology {
        p["topology"] = "\(RSAMeasure.level(t.lower)),\(RSAMeasure.level(t.upper)) (\(t.scale.rawValue))"
      }
      return p
    case .cka(let c):
      var p = ["kernel": c.kernel.rawValue, "estimator": c.estimator.rawValue]
      if c.kernel == .rbf { p["bandwidth"] = "\(c.bandwidth)" }
      return p
    case .shape(let s):
      return ["alpha": "\(s.alpha)", "score": s.score.rawValue, "group": s.group.rawValue]
    case .encoding(let e):
      return [
        "model": "ridge", "folds": "\(e.folds)", "alphas": e.alphas.map { "\($0)" }.joined(separator: ","),
        "score": "pearson", "inner_folds": "\(e.innerFolds)",
      ]
    }
  }
}

/// RSA parameters of a study: the RDM method of both sides and the comparator.
public struct RSAMeasure: Sendable, Equatable {
  /// RDM method for layers and regions (default correlation distance; the cross-validated
  /// methods need runs and are not offered here).
  public var rdm: RDMMethod
  /// Comparator of layer RDM and region RDM (default `corr`, Pearson r of the condensed RDMs).
  public var comparator: RDMComparator
  /// tRSA (Lin & Kriegeskorte 2024): the geo-topological transform applied to every layer's and
  /// region's RDM before they are compared (YAML `topology: [lower, upper]`, quantile levels on the
  /// ranks of the dissimilarities; nil, the default: plain RSA). Bootstrap samples resample the
  /// transformed RDMs (the transform is a step of building the RDM, as in rsatoolbox).
  public var topology: GeoTopologicalTransform?

  /// RSA with the given RDM method (default correlation distance), comparator (default `corr`) and
  /// optional geo-topological transform (tRSA).
  public init(
    rdm: RDMMethod = .correlation, comparator: RDMComparator = .corr, topology: GeoTopologicalTransform? = nil
  ) {
    self.rdm = rdm
    self.comparator = comparator
    self.topology = topology
  }

  /// `rdms` as this measure compares them: geo-topologically transformed when `topology` is set.
  public func transformed(_ rdms: RDMs) throws -> RDMs {
    guard let topology else { return rdms }
    return try RDMTransform.geoTopological(topology).apply(rdms)
  }

  /// A threshold level as text ("0.2", "0.075").
  static func level(_ x: Double) -> String {
    x == x.rounded() ? String(Int(x)) : "\(x)"
  }
}

/// Encoding parameters of a study: ridge with a per-channel α chosen by an inner K-fold inside
/// each outer training set, scored by Pearson r on the outer held-out folds.
public struct EncodingMeasure: Sendable, Equatable {
  /// Outer folds (contiguous blocks of the shuffled stimuli; the shuffle is seeded by the study).
  public var folds: Int
  /// Inner folds for α.
  public var innerFolds: Int
  /// The α grid (default 10⁻² … 10⁶, 9 values).
  public var alphas: [Double]

  /// Encoding with `folds` outer folds (default 5), `innerFolds` inner folds for α (default 5) and the
  /// α grid `alphas` (default 10⁻² … 10⁶, 9 values).
  public init(
    folds: Int = 5, innerFolds: Int = 5, alphas: [Double] = PenaltyGrid.logspace(start: -2, stop: 6, count: 9)
  ) {
    self.folds = folds
    self.innerFolds = innerFolds
    self.alphas = alphas
  }
}

extension CKA {
  /// Linear kernel, biased HSIC (Kornblith et al. 2019's CKA).
  static let linearBiased: CKA = {
    do { return try CKA() } catch { preconditionFailure("the default CKA is valid") }
  }()
}

extension ShapeMetric {
  /// α = 1 (no whitening), angular score, orthogonal group: Williams et al.'s rotation-invariant metric.
  static let rotationInvariant: ShapeMetric = {
    do { return try ShapeMetric() } catch { preconditionFailure("the default shape metric is valid") }
  }()
}
