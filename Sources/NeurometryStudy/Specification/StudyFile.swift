import Foundation
import NeurometryData
import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometrySimilarity
import Yams

/// Reads a study file (YAML, or JSON) into a `StudySpecification`.
///
/// Every key is checked: an unknown key, a value of the wrong type or an unknown measure name is
/// an error naming the file, the key's path (`regions[1].spikes.window`) and what was expected —
/// a typo never silently falls back to a default.
public enum StudyFile {
  /// Reads and validates `path`. Relative paths inside are resolved against its folder.
  public static func read(_ path: String) throws -> StudySpecification {
    guard FileManager.default.fileExists(atPath: path) else {
      throw NeurometryError.fileNotFound(path: path)
    }
    guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
      throw NeurometryError.invalidInput(context: path, message: "cannot be read as UTF-8 text")
    }
    let base = (path as NSString).deletingLastPathComponent
    return try parse(text, file: path, baseDirectory: base.isEmpty ? "." : base)
  }

  /// Parses the text of a study file.
  public static func parse(_ text: String, file: String = "study", baseDirectory: String = ".") throws
    -> StudySpecification
  {
    let root: Any?
    do {
      root = try Yams.load(yaml: text)
    } catch {
      throw NeurometryError.invalidInput(context: file, message: "is not valid YAML: \(describe(error))")
    }
    let top = try Node(root, path: "", file: file).table(
      keys: [
        "name", "seed", "bootstrap", "confidence", "correction", "activations", "regions", "measures", "identify",
        "null",
      ])
    let activations = try top.required("activations").table(keys: ["file", "layers", "stimulus_ids"])
    let layersNode = activations.optional("layers")
    var layers: [String]? = nil
    if let l = layersNode {
      if let s = l.value as? String, s == "all" {
        layers = nil
      } else {
        layers = try l.strings()
      }
    }
    var spec = StudySpecification(
      name: try top.optional("name")?.string() ?? "Model–brain study",
      seed: try top.optional("seed").map { UInt64(try $0.integer(minimum: 0)) } ?? 0,
      bootstrap: try top.optional("bootstrap")?.integer(minimum: 2) ?? 1000,
      confidence: try top.optional("confidence")?.number() ?? 0.95,
      correction: try top.optional("correction")?.choice(MultipleComparisons.self) ?? .fdr,
      activations: ActivationsSpecification(
        file: try activations.required("file").string(), layers: layers,
        stimulusIDs: try activations.optional("stimulus_ids")?.string()),
      regions: try top.required("regions").list().map(region),
      measures: try measures(top.required("measures")), identify: try top.optional("identify").map(identify),
      null: try top.optional("null").map(null), baseDirectory: baseDirectory, file: file)
    spec.file = file
    try spec.validate()
    return spec
  }

  static func describe(_ error: Error) -> String {
    if let e = error as? YamlError { return "\(e)".replacingOccurrences(of: "\n", with: " ") }
    return "\(error)"
  }

  /// `identify: {repetitions: 100, noise_scales: [1, 4]}` (both optional).
  static func identify(_ node: Node) throws -> IdentifySpecification {
    let t = try node.table(keys: ["repetitions", "noise_scales"])
    var spec = IdentifySpecification()
    if let r = t.optional("repetitions") { spec.repetitions = try r.integer(minimum: 1) }
    if let scales = t.optional("noise_scales") {
      spec.noiseScales = try scales.numbers()
      if spec.noiseScales.isEmpty || spec.noiseScales.contains(where: { $0 < 0 }) {
        throw scales.error("expected one or more noise scales ≥ 0 (1: the data's own noise), found \(spec.noiseScales)")
      }
    }
    return spec
  }

  /// `null: {permutations: 1000, dead_salmon: 20}` (both optional).
  static func null(_ node: Node) throws -> NullSpecification {
    let t = try node.table(keys: ["permutations", "dead_salmon"])
    return NullSpecification(
      permutations: try t.optional("permutations")?.integer(minimum: 1) ?? 1000,
      deadSalmon: try t.optional("dead_salmon")?.integer(minimum: 0) ?? 20)
  }

  static let sourceKeys = ["spikes", "phy", "fmri", "patterns"]

  static func region(_ node: Node) throws -> RegionSpecification {
    let table = try node.table(keys: ["name", "subjects"] + sourceKeys)
    let name = try table.required("name").string()
    if let subjects = table.optional("subjects") {
      if let extra = sourceKeys.first(where: { table.optional($0) != nil }) {
        throw node.error("has both 'subjects' and '\(extra)'; put every recording under 'subjects'")
      }
      return RegionSpecification(name: name, subjects: try subjects.list().map(subject))
    }
    return RegionSpecification(name: name, subjects: [try subject(node, allowing: ["name", "subjects"])])
  }

  static func subject(_ node: Node) throws -> SubjectSpecification {
    try subject(node, allowing: ["name"])
  }

  /// A subject: exactly one of the source keys (plus `name`).
  static func subject(_ node: Node, allowing extra: [String]) throws -> SubjectSpecification {
    let table = try node.table(keys: extra + sourceKeys)
    let present = sourceKeys.filter { table.optional($0) != nil }
    guard present.count == 1 else {
      throw node.error(
        present.isEmpty
          ? "needs one recording: spikes, phy, fmri or patterns"
          : "has several recordings (\(present.joined(separator: ", "))); give one per subject under 'subjects'")
    }
    let label = extra.contains("subjects") ? nil : try table.optional("name")?.string()
    let s = try table.required(present[0])
    switch present[0] {
    case "spikes":
      let t = try s.table(keys: ["nwb", "units", "trials"] + binningKeys)
      let b = try binning(t)
      return SubjectSpecification(
        name: label,
        source: .spikes(
          SpikeSource(
            nwb: try t.required("nwb").string(), units: try t.optional("units")?.selection() ?? [:],
            window: b.window, align: b.align, condition: b.condition,
            trials: try t.optional("trials")?.string() ?? "trials")))
    case "phy":
      let t = try s.table(keys: ["folder", "events", "clusters"] + binningKeys)
      let b = try binning(t)
      return SubjectSpecification(
        name: label,
        source: .phy(
          PhySource(
            folder: try t.required("folder").string(), events: try t.required("events").string(),
            window: b.window, align: b.align, condition: b.condition,
            clusters: try t.optional("clusters")?.string() ?? "good")))
    case "fmri":
      let t = try s.table(keys: ["bold", "events", "atlas", "labels", "roi", "mask", "condition", "tr"])
      let source = FMRISource(
        bold: try t.required("bold").strings(), events: try t.optional("events")?.strings() ?? [],
        atlas: try t.optional("atlas")?.string(), labels: try t.optional("labels")?.string(),
        roi: try t.optional("roi")?.string(), mask: try t.optional("mask")?.string(),
        condition: try t.optional("condition")?.string() ?? "trial_type", repetitionTime: try t.optional("tr")?.number()
      )
      if (source.atlas == nil) == (source.mask == nil) {
        throw s.error("needs either 'atlas' (with 'roi') or 'mask'")
      }
      if source.atlas != nil && source.roi == nil {
        throw s.error("has an atlas but no 'roi' (the atlas label, by name or number, whose voxels are the channels)")
      }
      return SubjectSpecification(name: label, source: .fmri(source))
    default:
      let t = try s.table(keys: ["file", "conditions"])
      return SubjectSpecification(
        name: label,
        source: .patterns(
          PatternsSource(file: try t.required("file").string(), conditions: try t.optional("conditions")?.string())))
    }
  }

  /// The keys every spike source has: how trials are binned and labelled.
  static let binningKeys = ["window", "align", "condition"]

  static func binning(_ t: Table) throws -> (window: SpikeWindow, align: String?, condition: String) {
    (try t.required("window").window(), try t.optional("align")?.string(), try t.required("condition").string())
  }

  static func measures(_ node: Node) throws -> [MeasureSpecification] {
    // A list of names (defaults), or a table name → parameters.
    if let names = node.value as? [Any] {
      return try names.enumerated().map { i, value in
        let n = Node(value, path: "\(node.path)[\(i)]", file: node.file)
        return MeasureSpecification.defaults(try n.choice(MeasureKind.self))
      }
    }
    let table = try node.table(keys: MeasureKind.allCases.map(\.rawValue))
    var out: [MeasureSpecification] = []
    for kind in MeasureKind.allCases {
      guard let m = table.optional(kind.rawValue) else { continue }
      let t = m.value == nil || m.value is NSNull ? nil : m
      switch kind {
      case .rsa:
        let p = try t?.table(keys: ["rdm", "comparator", "topology"])
        var r = RSAMeasure()
        if let v = try p?.optional("rdm")?.choice(RDMMethod.self) { r.rdm = v }
        if let v = try p?.optional("comparator")?.choice(RDMComparator.self) { r.comparator = v }
        if let node = p?.optional("topology") {
          let levels = try node.numbers()
          guard levels.count == 2 else {
            throw node.error("expected [lower, upper] quantile levels in [0, 1], found \(levels.count) numbers")
          }
          r.topology = try node.wrap { try GeoTopologicalTransform(lower: levels[0], upper: levels[1]) }
        }
        if r.rdm.isCrossValidated || r.rdm.usesNoisePrecision {
          throw (p?.optional("rdm") ?? m).error(
            "the report computes RDMs of condition means; '\(r.rdm.rawValue)' needs runs or a noise precision (use euclidean, correlation or poisson)"
          )
        }
        if !r.comparator.isSimilarity {
          throw (p?.optional("comparator") ?? m).error(
            "the report ranks layers by similarity; '\(r.comparator.rawValue)' is a distance")
        }
        out.append(.rsa(r))
      case .cka:
        let p = try t?.table(keys: ["kernel", "estimator", "bandwidth"])
        let kernel = try p?.optional("kernel")?.choice(CKAKernel.self) ?? .linear
        if kernel == .precomputed { throw (p?.optional("kernel") ?? m).error("'precomputed' is not a study kernel") }
        out.append(
          .cka(
            try m.wrap {
              try CKA(
                kernel: kernel, estimator: try p?.optional("estimator")?.choice(CKAEstimator.self) ?? .biased,
                bandwidth: try p?.optional("bandwidth")?.number() ?? 1)
            }))
      case .shape:
        let p = try t?.table(keys: ["alpha", "score", "group"])
        out.append(
          .shape(
            try m.wrap {
              try ShapeMetric(
                alpha: try p?.optional("alpha")?.number() ?? 1,
                score: try p?.optional("score")?.choice(ShapeScore.self) ?? .angular,
                group: try p?.optional("group")?.choice(ShapeGroup.self) ?? .orthogonal)
            }))
      case .encoding:
        let p = try t?.table(keys: ["model", "folds", "inner_folds", "alphas"])
        if let model = try p?.optional("model")?.string(), model != "ridge" {
          throw (p?.optional("model") ?? m).error("unknown encoding model '\(model)' (the report fits: ridge)")
        }
        var e = EncodingMeasure()
        if let v = try p?.optional("folds")?.integer(minimum: 2) { e.folds = v }
        if let v = try p?.optional("inner_folds")?.integer(minimum: 2) { e.innerFolds = v }
        if let a = p?.optional("alphas") {
          if let text = a.value as? String {
            e.alphas = try a.wrap { try PenaltyGrid.parse(text) }
          } else {
            e.alphas = try a.numbers()
          }
          guard !e.alphas.isEmpty, e.alphas.allSatisfy({ $0 > 0 && $0.isFinite }) else {
            throw a.error("needs positive, finite penalties")
          }
        }
        out.append(.encoding(e))
      }
    }
    return out
  }
}

/// A value of the parsed YAML tree with its key path, for typed access and precise errors.
struct Node {
  let value: Any?
  let path: String
  let file: String

  init(_ value: Any?, path: String, file: String) {
    self.value = value
    self.path = path
    self.file = file
  }

  func error(_ message: String) -> NeurometryError {
    .invalidInput(context: path.isEmpty ? file : "\(file): \(path)", message: message)
  }

  /// Runs `body`, re-throwing a library error's message under this key's path.
  func wrap<T>(_ body: () throws -> T) throws -> T {
    do { return try body() } catch let e as NeurometryError { throw error(e.description) }
  }

  var typeName: String {
    switch value {
    case nil, is NSNull: return "nothing"
    case is String: return "text"
    case is Bool: return "true/false"
    case is Int, is Double: return "a number"
    case is [Any]: return "a list"
    case is [String: Any], is [AnyHashable: Any]: return "a table"
    default: return "\(type(of: value))"
    }
  }

  /// A table whose keys must be among `keys`.
  func table(keys: [String]) throws -> Table {
    guard let raw = value as? [AnyHashable: Any] else {
      throw error("expected a table of \(keys.joined(separator: ", ")), found \(typeName)")
    }
    var entries: [String: Any] = [:]
    for (k, v) in raw {
      let key = "\(k)"
      guard keys.contains(key) else {
        throw error("unknown key '\(key)' (expected one of: \(keys.joined(separator: ", ")))")
      }
      entries[key] = v
    }
    return Table(entries: entries, node: self)
  }

  func list() throws -> [Node] {
    guard let items = value as? [Any] else { throw error("expected a list, found \(typeName)") }
    return items.enumerated().map { Node($1, path: "\(path)[\($0)]", file: file) }
  }

  func string() throws -> String {
    switch value {
    case let s as String: return s
    case let i as Int: return String(i)
    case let d as Double: return "\(d)"
    default: throw error("expected text, found \(typeName)")
    }
  }

  /// A list of text, or one text value.
  func strings() throws -> [String] {
    if value is [Any] { return try list().map { try $0.string() } }
    return [try string()]
  }

  func number() throws -> Double {
    switch value {
    case let d as Double where d.isFinite: return d
    case let i as Int: return Double(i)
    case let s as String:
      if let d = Double(s), d.isFinite { return d }
      throw error("expected a number, found '\(s)'")
    default: throw error("expected a number, found \(typeName)")
    }
  }

  func numbers() throws -> [Double] {
    if value is [Any] { return try list().map { try $0.number() } }
    return [try number()]
  }

  func integer(minimum: Int) throws -> Int {
    guard let i = value as? Int else {
      if let d = value as? Double, d == d.rounded(), abs(d) < 1e15 {
        return try Node(Int(d), path: path, file: file).integer(minimum: minimum)
      }
      throw error("expected a whole number, found \(typeName)")
    }
    guard i >= minimum else { throw error("must be at least \(minimum), found \(i)") }
    return i
  }

  func choice<T: RawRepresentable & CaseIterable>(_: T.Type) throws -> T where T.RawValue == String {
    let s = try string()
    guard let v = T(rawValue: s) else {
      throw error("unknown value '\(s)' (expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", ")))")
    }
    return v
  }

  /// [start, end] in seconds.
  func window() throws -> SpikeWindow {
    let v = try numbers()
    guard v.count == 2 else { throw error("expected [start, end] in seconds, found \(v.count) numbers") }
    return try wrap { try SpikeWindow(start: v[0], end: v[1]) }
  }

  /// A unit selection: column → value or list of values.
  func selection() throws -> [String: [String]] {
    guard let raw = value as? [AnyHashable: Any] else {
      throw error("expected a table of unit column → value(s), e.g. {location: V4}, found \(typeName)")
    }
    var out: [String: [String]] = [:]
    for (k, v) in raw { out["\(k)"] = try Node(v, path: "\(path).\(k)", file: file).strings() }
    return out
  }
}

/// The entries of a table node.
struct Table {
  let entries: [String: Any]
  let node: Node

  func optional(_ key: String) -> Node? {
    guard let v = entries[key] else { return nil }
    return Node(v, path: node.path.isEmpty ? key : "\(node.path).\(key)", file: node.file)
  }

  func required(_ key: String) throws -> Node {
    guard let n = optional(key) else { throw node.error("needs '\(key)'") }
    return n
  }
}
