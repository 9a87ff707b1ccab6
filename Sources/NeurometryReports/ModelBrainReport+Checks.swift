import NeurometryStudy

/// The report's "Would we know?" section and the null columns of the region tables, from the
/// study's checks (`StudyResult.identification`, `StudyResult.nulls`).
extension ModelBrainReport {
  /// The section's values, or nil when the study ran neither check.
  ///
  /// - an accuracy table: one row per region (its mean channel reliability), one column per noise
  ///   scale and measure, each cell the accuracy with its Wilson interval, marked weak below 0.9;
  /// - one sentence per region saying the same at the data's noise and at the largest scale;
  /// - per region, the confusion matrix of every measure and noise scale as a heatmap of the
  ///   share of each generating layer's surrogates (rows) given to each layer (columns);
  /// - the regions' tRSA identification grid as a heatmap, with the paper's named regimes;
  /// - a note on the permutation null and dead-salmon baseline shown in the region tables.
  func checksViewModel() -> [String: Any]? {
    let r = result
    guard r.identification != nil || r.nulls != nil else { return nil }
    var section: [String: Any] = [:]
    if let id = r.identification {
      section["identification"] = identificationViewModel(id)
    }
    if let topology = r.topology {
      section["topology"] = topologyViewModel(topology)
    }
    if let nulls = r.nulls {
      var null: [String: Any] = [
        "permutations": nulls.permutations.grouped, "layer_count": String(nulls.layers.count),
        "seed": String(nulls.seed),
      ]
      if nulls.deadSalmon > 0 { null["dead_salmon"] = String(nulls.deadSalmon) }
      section["null"] = null
    }
    return section
  }

  func identificationViewModel(_ id: IdentificationResult) -> [String: Any] {
    let confidence = Self.percent(id.confidence)
    var columns: [[String: Any]] = []
    if let first = id.regions.first {
      for level in first.levels {
        for m in level.measures {
          columns.append(["measure": m.label, "scale": Self.scaleText(level.noiseScale)])
        }
      }
    }
    var rows: [[String: Any]] = []
    var sentences: [[String: Any]] = []
    var confusions: [[String: Any]] = []
    for (g, region) in id.regions.enumerated() {
      let cells: [[String: Any]] = region.levels.flatMap { level in
        level.measures.map { m in
          [
            "accuracy": Self.percent(m.accuracy),
            "interval": Self.percentInterval(m.lower, m.upper), "weak": m.accuracy < 0.9,
          ] as [String: Any]
        }
      }
      rows.append([
        "region": region.region, "reliability": Self.number(region.reliability),
        "subjects": region.subjects.joined(separator: ", "), "cells": cells,
      ])
      sentences.append(["text": Self.identificationSentence(region)])
      var figures: [[String: Any]] = []
      for (s, level) in region.levels.enumerated() {
        for (k, m) in level.measures.enumerated() {
          let shares = m.confusion.map { row -> [Double] in
            let total = row.reduce(0, +)
            return row.map { total > 0 ? Double($0) / Double(total) : .nan }
          }
          let figure = HeatmapFigure(
            values: shares, rowLabels: id.layers, columnLabels: id.layers,
            title: "\(region.region): \(m.label), noise \(Self.scaleText(level.noiseScale))",
            valueLabel: "share chosen", range: 0...1)
          figures.append([
            "svg": figure.svg(id: "confusion-\(g)-\(s)-\(k)"),
            "caption":
              "\(m.label) at noise \(Self.scaleText(level.noiseScale)): accuracy \(Self.percent(m.accuracy))",
          ])
        }
      }
      confusions.append(["region": region.region, "figures": figures])
    }
    return [
      "repetitions": id.repetitions.grouped, "layer_count": String(id.layers.count),
      "chance": Self.percent(1 / Double(id.layers.count)), "seed": String(id.seed), "confidence": confidence,
      "columns": columns, "rows": rows, "sentences": sentences, "confusions": confusions,
      "has_warnings": !id.warnings.isEmpty, "warnings": id.warnings.map { ["text": $0] },
    ]
  }

  /// The tRSA grid as a heatmap (rows: lower threshold; columns: upper; below the diagonal n/a)
  /// and the named regimes' accuracies.
  func topologyViewModel(_ t: StudyTopologyIdentification) -> [String: Any] {
    let g = t.grid
    let labels = g.levels.map { Self.number($0) }
    let figure = HeatmapFigure(
      values: g.accuracy.map { $0.map { $0 ?? .nan } }, rowLabels: labels, columnLabels: labels,
      title: "tRSA: held-out identification of \(g.classes.count) regions (rows: lower, columns: upper threshold)",
      valueLabel: "accuracy", range: 0...1)
    let source =
      t.source == "subjects"
      ? "each of the \(g.subjects) subjects left out in turn"
      : "two halves of each region's repetitions (one subject), each left out in turn"
    return [
      "svg": figure.svg(id: "topology-grid"), "source": source, "rdm": t.rdm, "chance": Self.percent(g.chance),
      "classes": g.classes.joined(separator: ", "),
      "regimes": g.regimes.map { r in
        [
          "name": r.name, "thresholds": "\(Self.number(r.lower))–\(Self.number(r.upper))",
          "accuracy": Self.percent(r.accuracy),
        ]
      },
    ]
  }

  /// "× 1 (as measured)", "× 4".
  static func scaleText(_ scale: Double) -> String {
    scale == 1 ? "× 1 (as measured)" : "× \(number(scale))"
  }

  /// "V4 — at the data's noise (reliability 0.89): RSA 100 %, CKA 100 %, encoding 100 %. At 4 × the
  /// noise (reliability 0.36): RSA 100 %, CKA 88 %, encoding 100 %."
  static func identificationSentence(_ region: RegionIdentification) -> String {
    let names = ["rsa": "RSA", "cka": "CKA", "shape": "shape", "encoding": "encoding"]
    let parts = region.levels.map { level in
      let at = level.noiseScale == 1 ? "at the data's noise" : "at \(number(level.noiseScale)) × the noise"
      let accuracies = level.measures.map { "\(names[$0.measure] ?? $0.label) \(percent($0.accuracy))" }
      return "\(at) (reliability \(number(level.reliability))): \(accuracies.joined(separator: ", "))"
    }
    return "\(region.region) — " + parts.joined(separator: "; ") + "."
  }

  /// "99–100 %".
  static func percentInterval(_ lower: Double, _ upper: Double) -> String {
    guard lower.isFinite && upper.isFinite else { return "n/a" }
    return String(format: "%.0f–%.0f %%", 100 * lower, 100 * upper)
  }

  /// The null columns of one region's table for one measure: per layer the null's 95 % bound
  /// in the score's direction (97.5 % quantile, or 2.5 % for distances), the calibrated score,
  /// the p-value against the best of all layers and the dead-salmon mean (when drawn); nil without
  /// a null for this measure and region.
  func nullCells(measure label: String, region: String) -> [[String: Any]]? {
    guard let nulls = result.nulls, let g = nulls.regions.first(where: { $0.region == region }),
      let m = g.measures.first(where: { $0.label == label })
    else { return nil }
    return m.scores.indices.map { l in
      let q = m.nullQuantiles[l]
      let bound = q.count == 3 ? (m.higherIsBetter ? q[2] : q[0]) : .nan
      var cells: [String: Any] = [
        "null_bound": Self.number(bound), "calibrated": Self.number(m.calibrated[l]),
        "p_max": Self.number(m.maxStatisticPValues[l]), "p": Self.number(m.pValues[l]),
      ]
      if let salmon = m.deadSalmonMean { cells["dead_salmon"] = Self.number(salmon[l]) }
      return cells
    }
  }
}
