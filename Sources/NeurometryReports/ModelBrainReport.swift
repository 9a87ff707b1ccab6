import Foundation
import Mustache
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometrySimilarity
import NeurometryStudy

/// The HTML page of a model–brain study (`StudyResult`): one self-contained file — inline CSS and
/// SVG, no scripts, nothing loaded from elsewhere — readable offline and printable.
///
/// Sections: summary (the best layer per region and measure, one sentence each), a layer × region
/// heatmap per measure (value on hover), per region the layer profile of each measure (score with
/// its bootstrap interval, ceiling band, best layer marked) with a table of the numbers and the
/// corrected tests against the best layer (and, when the study ran its permutation null, each
/// score's null bound, calibrated score and p-value over the best of all layers), RDM thumbnails of
/// each region and its best layer, an MDS plot of all RDMs, "Would we know?" when the study ran its
/// checks (identification accuracy per region, measure and noise scale, with confusion matrices),
/// every warning, and the inputs and their provenance (paths, sizes, SHA-256, software versions,
/// parameters, seed, time taken).
///
/// Rendered by a logic-less template (`Templates/report.mustache`, swift-mustache) that escapes
/// every value; figures are SVG written by this module, whose text is XML-escaped, inserted raw.
public struct ModelBrainReport: Sendable {
  /// The study result the page shows.
  public let result: StudyResult

  /// A report of `result`.
  public init(result: StudyResult) {
    self.result = result
  }

  /// The page.
  public func html() throws -> String {
    let template = try ReportResources.text("report.mustache")
    let css = try ReportResources.text("report.css")
    let parsed: MustacheTemplate
    do {
      parsed = try MustacheTemplate(string: template)
    } catch {
      throw NeurometryError.invalidInput(context: "report template", message: "does not parse: \(error)")
    }
    var context = viewModel()
    context["css"] = css
    return parsed.render(context)
  }

  /// Numbers for people: 3 significant digits (`SVGText.formatted`, as the figures print them;
  /// the JSON twin has them all).
  static func number(_ x: Double) -> String { SVGText.formatted(x) }

  static func percent(_ x: Double) -> String { x.isFinite ? String(format: "%.0f %%", 100 * x) : "n/a" }

  /// The template's values: only strings, booleans, arrays and dictionaries.
  func viewModel() -> [String: Any] {
    let r = result
    let layers = r.layers.map(\.name)
    let regions = r.regions.map(\.name)
    var summary: [[String: Any]] = []
    for region in regions {
      var sentences: [String] = []
      for m in r.measures {
        guard let g = m.regions.first(where: { $0.region == region }) else { continue }
        let b = g.best
        var s =
          "\(m.label): \(g.bestLayer) (\(m.scoreLabel) \(Self.number(g.scores[b])), \(Int(100 * r.study.confidence)) % CI \(Self.number(g.lower[b]))–\(Self.number(g.upper[b])))"
        if let n = g.normalized?[b], n.isFinite { s += ", \(Self.percent(n)) of the noise ceiling" }
        s += "; best in \(Self.percent(g.bestProbability[b])) of \(g.samples) bootstrap samples."
        sentences.append(s)
      }
      summary.append(["region": region, "sentences": sentences.map { ["text": $0] }])
    }
    let heatmaps: [[String: Any]] = r.measures.enumerated().map { k, m in
      let values = layers.indices.map { l in m.regions.map { $0.scores[l] } }
      let figure = HeatmapFigure(
        values: values, rowLabels: layers, columnLabels: m.regions.map(\.region), title: m.label,
        valueLabel: m.scoreLabel)
      return ["label": m.label, "svg": figure.svg(id: "heatmap-\(k)"), "measure": m.measure]
    }
    var regionSections: [[String: Any]] = []
    for (g, region) in regions.enumerated() {
      var profiles: [[String: Any]] = []
      for (k, m) in r.measures.enumerated() {
        guard let s = m.regions.first(where: { $0.region == region }) else { continue }
        let figure = LayerProfileFigure(
          layers: layers, scores: s.scores, lower: s.lower, upper: s.upper,
          ceiling: s.ceiling.map { ($0.lower, $0.upper) }, best: s.best, title: "\(region): \(m.label)",
          yLabel: m.scoreLabel)
        let pairs = CondensedIndex.pairs(layers.count)
        let null = nullCells(measure: m.label, region: region)
        let rows: [[String: Any]] = layers.indices.map { l in
          var versusBest = "—"
          var significant = false
          if l != s.best, let k = pairs.firstIndex(where: { ($0.i == min(l, s.best) && $0.j == max(l, s.best)) }) {
            versusBest = Self.number(s.pairwiseP[k])
            significant = s.pairwiseSignificant[k]
          }
          return [
            "layer": layers[l], "score": Self.number(s.scores[l]),
            "interval": "\(Self.number(s.lower[l]))–\(Self.number(s.upper[l]))",
            "normalized": s.normalized.map { Self.number($0[l]) } ?? "n/a",
            "best_probability": Self.percent(s.bestProbability[l]), "versus_best": versusBest,
            "significant": significant, "is_best": l == s.best, "null": null?[l] ?? [:], "has_null": null != nil,
            "has_salmon": (r.nulls?.deadSalmon ?? 0) > 0,
          ]
        }
        let ceiling =
          s.ceiling.map { c in
            c.lower == c.upper
              ? "\(Self.number(c.upper)) (\(c.method))"
              : "\(Self.number(c.lower))–\(Self.number(c.upper)) (\(c.method))"
          } ?? "none"
        profiles.append([
          "label": m.label, "svg": figure.svg(id: "profile-\(g)-\(k)"), "rows": rows, "ceiling": ceiling,
          "samples": String(s.samples), "resampling": s.resampling, "correction": r.study.correction,
          "has_null": null != nil, "layer_count": String(layers.count),
          "has_salmon": (r.nulls?.deadSalmon ?? 0) > 0,
        ])
      }
      // RDM thumbnails: the region's and its best layer's (by the first measure).
      let n = r.stimuli.count
      var thumbnails: [[String: Any]] = [
        [
          "caption": "\(region) (\(r.rdms.method))",
          "svg": RDMFigure(dissimilarities: r.rdms.regions[g], conditions: n, title: "\(region) RDM").svg(
            id: "rdm-region-\(g)"),
        ]
      ]
      if let best = r.measures.first?.regions.first(where: { $0.region == region })?.best {
        thumbnails.append([
          "caption": "best layer: \(layers[best])",
          "svg": RDMFigure(dissimilarities: r.rdms.layers[best], conditions: n, title: "\(layers[best]) RDM").svg(
            id: "rdm-best-\(g)"),
        ])
      }
      let subjects = r.regions[g].subjects.map { s in
        "\(s.name): \(s.kind), \(s.channels) \(s.channelKind)\(s.repetitions >= 2 ? ", \(s.repetitions) repetitions" : "")"
      }
      regionSections.append([
        "name": region, "profiles": profiles, "thumbnails": thumbnails, "subjects": subjects.map { ["text": $0] },
      ])
    }
    let mds = ScatterFigure(
      points: r.rdms.mds.map { (x: $0[0], y: $0[1]) }, labels: layers + regions,
      groups: layers.map { _ in "layer" } + regions.map { _ in "region" },
      title: "MDS of all RDMs (1 − Pearson r between RDMs)")
    let inputs: [[String: Any]] = r.inputs.map {
      ["path": $0.path, "bytes": $0.bytes.grouped, "sha256": $0.sha256]
    }
    let parameters: [[String: Any]] = r.measures.map { m in
      [
        "label": m.label,
        "text": m.parameters.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }.joined(separator: ", "),
      ]
    }
    let timings: [[String: Any]] = r.timings.sorted { $0.key < $1.key }.map {
      ["step": $0.key, "seconds": String(format: "%.2f", $0.value)]
    }
    let software: [[String: Any]] = r.software.sorted { $0.key < $1.key }.map { ["name": $0.key, "version": $0.value] }
    var model: [String: Any] = [
      "title": r.study.name, "study_file": r.study.file ?? "(flags)", "seed": String(r.study.seed),
      "bootstrap": String(r.study.bootstrap), "confidence": Self.percent(r.study.confidence),
      "correction": r.study.correction, "stimuli": String(r.stimuli.count), "layer_count": String(layers.count),
      "region_count": String(regions.count), "summary": summary, "heatmaps": heatmaps, "regions": regionSections,
      "mds": mds.svg(id: "mds"), "mds_explained": Self.percent(r.rdms.mdsExplained),
      "warnings": r.warnings.map { ["text": $0] },
      "has_warnings": !r.warnings.isEmpty, "inputs": inputs, "parameters": parameters, "timings": timings,
      "software": software, "version": r.software["neurometry"] ?? "",
      "layers": r.layers.map { ["name": $0.name, "shape": $0.shape.map(String.init).joined(separator: " × ")] },
    ]
    if let checks = checksViewModel() { model["checks"] = checks }
    return model
  }
}

/// The report's templates and CSS, shipped as resources beside the binary
/// (`Neurometry_NeurometryReports.resources/Templates`), looked up without `Bundle.module` so that a
/// binary copied elsewhere fails with an error instead of a crash.
enum ReportResources {
  static let bundleName = "Neurometry_NeurometryReports.resources"

  /// The folder holding the templates: `$NEUROMETRY_RESOURCES`, or the resource bundle next to the
  /// executable (symlinks resolved) or one of its parent folders.
  static func folder() throws -> URL {
    let fm = FileManager.default
    if let explicit = ProcessInfo.processInfo.environment["NEUROMETRY_RESOURCES"] {
      return URL(fileURLWithPath: explicit)
    }
    var candidates: [URL] = []
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = executable.deletingLastPathComponent()
    for _ in 0..<4 {
      candidates.append(folder.appendingPathComponent(bundleName).appendingPathComponent("Templates"))
      folder = folder.deletingLastPathComponent()
    }
    candidates.append(Bundle.main.bundleURL.appendingPathComponent(bundleName).appendingPathComponent("Templates"))
    if let found = candidates.first(where: { fm.fileExists(atPath: $0.appendingPathComponent("report.mustache").path) })
    {
      return found
    }
    throw NeurometryError.fileNotFound(
      path:
        "\(bundleName)/Templates/report.mustache (the report's templates, expected beside the neurometry binary: copy the \(bundleName) folder of the build next to it, or set NEUROMETRY_RESOURCES)"
    )
  }

  static func text(_ name: String) throws -> String {
    let url = try folder().appendingPathComponent(name)
    return String(decoding: try FileAccess.read(url.path), as: UTF8.self)
  }
}
