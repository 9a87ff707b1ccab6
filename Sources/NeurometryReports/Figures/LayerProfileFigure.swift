import Foundation

/// A score per network layer for one brain region: how the match to the region rises and falls through
/// the network, with its uncertainty, the noise ceiling and the best layer.
///
/// What is drawn, in a viewBox 720 px wide and about 400 px high (more when the layer labels are rotated):
/// - the title, then a legend row: "score" (line and point), "95% CI" (band) when any interval is finite,
///   "noise ceiling" (grey band) when a finite ceiling is given, "best layer" (ring) when `best` is valid;
/// - a y axis titled `yLabel` with ticks at 1/2/5 × 10^k steps (`NiceTicks`) covering every finite score,
///   interval bound and ceiling bound (so 0 is a tick whenever the data span it), with grid lines;
/// - the noise ceiling as a grey band from its lower to its upper bound with dashed edges (one dashed
///   line when the bounds are equal);
/// - the confidence interval as a shaded band over runs of consecutive layers with finite bounds, and as an
///   error bar with caps for a layer whose neighbours have none; NaN bounds leave a gap;
/// - the scores as a line (broken at NaN) with one point per layer:
///   `<circle class="nm-point" data-layer="…" data-value="…">` with a `<title>` "layer: score (95% CI a–b)";
///   a layer whose score is not finite gets a hollow grey point on the x axis (`nm-point nm-missing`);
/// - the best layer (`best`, an index into `layers`) ringed (`<circle class="nm-best" data-layer="…">`),
///   labelled "best" and its x label in bold;
/// - the layer labels under the x axis (horizontal when they fit, else rotated by −45°; cut in the middle
///   to about 150 px with the full text as a tooltip; thinned when dense), titled `xLabel`.
///
/// Missing entries (scores, bounds shorter than the layers) count as NaN; extra scores get layers named by
/// their 1-based index. A `best` outside the layers, or a reversed ceiling, do not trap.
public struct LayerProfileFigure: SVGFigure {
  /// The layer names, in network order.
  public var layers: [String]
  /// The score of each layer (NaN when not measured).
  public var scores: [Double]
  /// The lower bound of each layer's 95 % confidence interval (NaN when unknown).
  public var lower: [Double]
  /// The upper bound of each layer's 95 % confidence interval (NaN when unknown).
  public var upper: [Double]
  /// The noise ceiling's lower and upper bound, or nil for none.
  public var ceiling: (lower: Double, upper: Double)?
  /// The index of the best layer, or nil.
  public var best: Int?
  /// The figure's title (also its accessible name).
  public var title: String
  /// The y axis title (the score's name).
  public var yLabel: String
  /// The x axis title.
  public var xLabel: String

  /// A profile of `scores` over `layers` with 95 % confidence bounds `lower`/`upper` (NaN where unknown),
  /// an optional noise ceiling and best layer.
  public init(
    layers: [String], scores: [Double], lower: [Double], upper: [Double], ceiling: (lower: Double, upper: Double)?,
    best: Int?, title: String, yLabel: String, xLabel: String = "layer"
  ) {
    self.layers = layers
    self.scores = scores
    self.lower = lower
    self.upper = upper
    self.ceiling = ceiling
    self.best = best
    self.title = title
    self.yLabel = yLabel
    self.xLabel = xLabel
  }

  private static func entry(_ array: [Double], _ index: Int) -> Double {
    index < array.count ? array[index] : .nan
  }

  /// The layer profile as one `<svg>` element (see `SVGFigure.svg(id:)` for the id and the conventions).
  public func svg(id: String?) -> String {
    let count = max(layers.count, scores.count)
    guard count > 0 else {
      return SVGDocument.placeholder(kind: "layer-profile", id: id, title: title, message: "No layers to show.")
    }
    let c = SVGText.coordinate
    let names = (0..<count).map { $0 < layers.count ? layers[$0] : "\($0 + 1)" }
    let score = (0..<count).map { Self.entry(scores, $0) }
    let low = (0..<count).map { Self.entry(lower, $0) }
    let high = (0..<count).map { Self.entry(upper, $0) }
    let hasInterval = (0..<count).map { low[$0].isFinite && high[$0].isFinite }
    var band: (lower: Double, upper: Double)?
    if let ceiling, ceiling.lower.isFinite, ceiling.upper.isFinite {
      band = (min(ceiling.lower, ceiling.upper), max(ceiling.lower, ceiling.upper))
    }
    let bestIndex = best.flatMap { (0..<count).contains($0) ? $0 : nil }

    // The y domain covers every finite number drawn.
    var shown = score.filter(\.isFinite)
    for i in 0..<count where hasInterval[i] { shown += [low[i], high[i]] }
    if let band { shown += [band.lower, band.upper] }
    let ticks = NiceTicks(lower: shown.min() ?? 0, upper: shown.max() ?? 1, targetCount: 6)

    // Layout.
    let lineColour = ColourScale.viridis.colour(0.3)
    let legendY = FigureStyle.titleBlockHeight + 6
    let plotTop = legendY + 22
    let plotHeight = 260.0
    var plotLeft =
      FigureStyle.margin + FigureStyle.fontSize + 8 + Axes.tickLabelWidth(ticks) + Axes.tickLength
      + Axes.labelGap
    let plotRight = FigureStyle.figureWidth - FigureStyle.margin - 8
    var spacing = (plotRight - plotLeft) / Double(count)
    let labels = CategoryLabels(labels: names, spacing: spacing, maxWidth: 150)
    if labels.leftOverhang > plotLeft - FigureStyle.margin + spacing / 2 {
      plotLeft = FigureStyle.margin + labels.leftOverhang - spacing / 2
      spacing = (plotRight - plotLeft) / Double(count)
    }
    let plot = PlotRect(x: plotLeft, y: plotTop, width: plotRight - plotLeft, height: plotHeight)
    let y = LinearScale(lower: ticks.lower, upper: ticks.upper, start: plot.maxY, end: plot.y)
    let x = { (index: Int) in plot.x + (Double(index) + 0.5) * spacing }
    let xTitleY = plot.maxY + labels.depth + FigureStyle.fontSize + 6
    let height = (xLabel.isEmpty ? plot.maxY + labels.depth : xTitleY) + FigureStyle.margin

    var writer = SVGWriter()
    SVGDocument.drawTitle(&writer, title, width: FigureStyle.figureWidth)
    var legend = [LegendItem(symbol: .line(colour: lineColour, marker: true), label: "score")]
    if hasInterval.contains(true) {
      legend.append(
        LegendItem(symbol: .band(fill: lineColour, opacity: 0.22, edge: nil, dashed: false), label: "95% CI"))
    }
    if band != nil {
      legend.append(
        LegendItem(
          symbol: .band(fill: FigureStyle.ceilingFill, opacity: 0.3, edge: FigureStyle.ceilingStroke, dashed: true),
          label: "noise ceiling"))
    }
    if bestIndex != nil {
      legend.append(LegendItem(symbol: .ring(colour: FigureStyle.highlightColour), label: "best layer"))
    }
    Legend.drawRow(&writer, items: legend, x: plot.x, y: legendY)
    Axes.drawY(
      &writer, scale: y, ticks: ticks, plot: plot, title: yLabel, titleX: FigureStyle.margin + FigureStyle.fontSize)

    if let band {
      writer.start("g", [("class", "nm-ceiling")])
      if band.upper > band.lower {
        writer.element(
          "rect",
          [
            ("x", c(plot.x)), ("y", c(y(band.upper))), ("width", c(plot.width)),
            ("height", c(y(band.lower) - y(band.upper))), ("fill", FigureStyle.ceilingFill), ("fill-opacity", "0.3"),
          ], tooltip: "noise ceiling: \(SVGText.formatted(band.lower))–\(SVGText.formatted(band.upper))")
      }
      for bound in band.upper > band.lower ? [band.lower, band.upper] : [band.lower] {
        writer.element(
          "line",
          [
            ("x1", c(plot.x)), ("x2", c(plot.maxX)), ("y1", c(y(bound))), ("y2", c(y(bound))),
            ("stroke", FigureStyle.ceilingStroke), ("stroke-width", band.upper > band.lower ? "1" : "1.5"),
            ("stroke-dasharray", "5 4"),
          ], tooltip: band.upper > band.lower ? nil : "noise ceiling: \(SVGText.formatted(bound))")
      }
      writer.end("g")
    }

    // Confidence intervals: bands over runs of finite bounds, error bars for isolated layers.
    writer.start("g", [("class", "nm-interval")])
    var start = 0
    while start < count {
      guard hasInterval[start] else {
        start += 1
        continue
      }
      var end = start
      while end + 1 < count && hasInterval[end + 1] { end += 1 }
      if end > start {
        let top = (start...end).map { (x($0), y(high[$0])) }
        let bottom = (start...end).reversed().map { (x($0), y(low[$0])) }
        writer.element("path", [("d", Shapes.polygon(top + bottom)), ("fill", lineColour), ("fill-opacity", "0.22")])
      } else {
        let px = x(start)
        let cap = min(4, spacing / 4)
        let d =
          "M\(c(px)) \(c(y(low[start])))V\(c(y(high[start])))M\(c(px - cap)) \(c(y(low[start])))H\(c(px + cap))"
          + "M\(c(px - cap)) \(c(y(high[start])))H\(c(px + cap))"
        writer.element("path", [("d", d), ("stroke", lineColour), ("stroke-width", "1.5"), ("fill", "none")])
      }
      start = end + 1
    }
    writer.end("g")

    // The score line, broken at non-finite scores.
    var runs: [[(Double, Double)]] = []
    var current: [(Double, Double)] = []
    for i in 0..<count {
      if score[i].isFinite {
        current.append((x(i), y(score[i])))
      } else if !current.isEmpty {
        runs.append(current)
        current = []
      }
    }
    if !current.isEmpty { runs.append(current) }
    let lineData = runs.filter { $0.count > 1 }.map(Shapes.polyline).joined()
    if !lineData.isEmpty {
      writer.element(
        "path",
        [
          ("class", "nm-line"), ("d", lineData), ("stroke", lineColour), ("stroke-width", "2"), ("fill", "none"),
          ("stroke-linejoin", "round"),
        ])
    }

    writer.start("g", [("class", "nm-points")])
    // Dense profiles (under 8 px per layer) get small points without the white outline.
    let dense = spacing < 8
    let pointRadius = dense ? max(1.2, spacing / 2.5) : min(4, spacing / 3)
    for i in 0..<count {
      let finite = score[i].isFinite
      var tooltip = "\(names[i]): \(SVGText.formatted(score[i]))"
      if hasInterval[i] {
        tooltip += " (95% CI \(SVGText.formatted(low[i]))–\(SVGText.formatted(high[i])))"
      }
      if i == bestIndex { tooltip += ", best layer" }
      writer.element(
        "circle",
        [
          ("class", finite ? "nm-point" : "nm-point nm-missing"), ("cx", c(x(i))),
          ("cy", c(finite ? y(score[i]) : plot.maxY)),
          ("r", c(pointRadius)), ("fill", finite ? lineColour : "#ffffff"),
          ("stroke", finite ? (dense ? nil : "#ffffff") : FigureStyle.hatchColour), ("stroke-width", "1"),
          ("data-layer", names[i]), ("data-value", SVGText.exact(score[i])),
        ], tooltip: tooltip)
    }
    writer.end("g")

    if let bestIndex {
      let px = x(bestIndex)
      let py = score[bestIndex].isFinite ? y(score[bestIndex]) : plot.maxY
      writer.element(
        "circle",
        [
          ("class", "nm-best"), ("cx", c(px)), ("cy", c(py)), ("r", c(pointRadius + 4.5)), ("fill", "none"),
          ("stroke", FigureStyle.highlightColour), ("stroke-width", "2"), ("pointer-events", "none"),
          ("data-layer", names[bestIndex]), ("data-value", SVGText.exact(score[bestIndex])),
        ])
      let above = py - pointRadius - 10 >= plot.y + 10
      writer.text(
        "best",
        [
          ("class", "nm-best-label"), ("x", c(px)), ("y", c(above ? py - pointRadius - 10 : py + pointRadius + 20)),
          ("text-anchor", "middle"), ("font-size", c(FigureStyle.smallFontSize)), ("font-weight", "bold"),
          ("fill", FigureStyle.highlightColour), ("pointer-events", "none"),
        ])
    }

    labels.draw(
      &writer, centres: (0..<count).map(x), axisY: plot.maxY, emphasised: bestIndex, cssClass: "nm-layer-labels")
    writer.element(
      "line",
      [
        ("class", "nm-axis"), ("x1", c(plot.x)), ("x2", c(plot.maxX)), ("y1", c(plot.maxY)), ("y2", c(plot.maxY)),
        ("stroke", FigureStyle.axisColour),
      ])
    if !xLabel.isEmpty {
      writer.label(
        xLabel, width: plot.width, fontSize: FigureStyle.fontSize,
        [
          ("class", "nm-axis-title"), ("x", c(plot.midX)), ("y", c(xTitleY)), ("text-anchor", "middle"),
          ("fill", FigureStyle.textColour),
        ])
    }

    var description = "\(yLabel) per layer for \(count) layers (\(names[0]) to \(names[count - 1]))"
    if hasInterval.contains(true) { description += ", with 95% confidence intervals" }
    description += "."
    if let bestIndex {
      description += " Best layer: \(names[bestIndex]) (\(SVGText.formatted(score[bestIndex])))."
    }
    if let band {
      description += " Noise ceiling \(SVGText.formatted(band.lower))–\(SVGText.formatted(band.upper))."
    }
    return SVGDocument.render(
      kind: "layer-profile", id: id, width: FigureStyle.figureWidth, height: height, title: title,
      description: description, body: writer.markup)
  }
}
