import Foundation

/// What a legend entry shows before its label.
enum LegendSymbol {
  /// A line, with a point on it when `marker` is true.
  case line(colour: String, marker: Bool)
  /// A shaded band, with edges when `edge` is given (dashed when `dashed`).
  case band(fill: String, opacity: Double, edge: String?, dashed: Bool)
  /// A ring, the mark of a highlighted point.
  case ring(colour: String)
  /// A marker shape filled with a colour.
  case marker(MarkerShape, fill: String)
  /// A grey hatched square: missing values.
  case missing
}

/// One legend entry.
struct LegendItem {
  var symbol: LegendSymbol
  var label: String
}

/// Legends shared by the figures: rows or columns of entries, and the colour bar of a colour scale.
enum Legend {
  static let symbolWidth = 22.0
  static let symbolGap = 6.0
  static let itemGap = 18.0
  static let maxLabelWidth = 160.0

  /// The width of a row of `items` drawn by `drawRow`.
  static func rowWidth(_ items: [LegendItem], fontSize: Double = FigureStyle.smallFontSize) -> Double {
    let widths = items.map {
      symbolWidth + symbolGap
        + SVGText.estimatedWidth(SVGText.fitted($0.label, width: maxLabelWidth, fontSize: fontSize), fontSize: fontSize)
    }
    return widths.reduce(0, +) + itemGap * Double(max(0, items.count - 1))
  }

  /// A row of entries starting at x, vertically centred on y.
  static func drawRow(
    _ writer: inout SVGWriter, items: [LegendItem], x: Double, y: Double,
    fontSize: Double = FigureStyle.smallFontSize
  ) {
    writer.start("g", [("class", "nm-legend")])
    var cursor = x
    for item in items {
      drawSymbol(&writer, item.symbol, x: cursor, y: y)
      let label = SVGText.fitted(item.label, width: maxLabelWidth, fontSize: fontSize)
      writer.text(
        label,
        [
          ("x", SVGText.coordinate(cursor + symbolWidth + symbolGap)), ("y", SVGText.coordinate(y + fontSize * 0.35)),
          ("font-size", SVGText.coordinate(fontSize)), ("fill", FigureStyle.textColour),
        ], tooltip: label == item.label ? nil : item.label)
      cursor += symbolWidth + symbolGap + SVGText.estimatedWidth(label, fontSize: fontSize) + itemGap
    }
    writer.end("g")
  }

  /// A column of entries, the first centred on y = `top + rowHeight / 2`, labels cut to `labelWidth`.
  static func drawColumn(
    _ writer: inout SVGWriter, items: [LegendItem], x: Double, top: Double, rowHeight: Double, labelWidth: Double,
    fontSize: Double = FigureStyle.smallFontSize
  ) {
    writer.start("g", [("class", "nm-legend")])
    for (index, item) in items.enumerated() {
      let y = top + rowHeight * (Double(index) + 0.5)
      drawSymbol(&writer, item.symbol, x: x, y: y)
      writer.label(
        item.label, width: labelWidth, fontSize: fontSize,
        [
          ("x", SVGText.coordinate(x + symbolWidth + symbolGap)), ("y", SVGText.coordinate(y + fontSize * 0.35)),
          ("font-size", SVGText.coordinate(fontSize)), ("fill", FigureStyle.textColour),
        ])
    }
    writer.end("g")
  }

  /// The symbol of an entry in a `symbolWidth`-wide box starting at x, centred on y.
  static func drawSymbol(_ writer: inout SVGWriter, _ symbol: LegendSymbol, x: Double, y: Double) {
    let c = SVGText.coordinate
    switch symbol {
    case .line(let colour, let marker):
      writer.element(
        "line",
        [
          ("x1", c(x)), ("x2", c(x + symbolWidth)), ("y1", c(y)), ("y2", c(y)), ("stroke", colour),
          ("stroke-width", "2"),
        ])
      if marker {
        writer.element(
          "circle",
          [
            ("cx", c(x + symbolWidth / 2)), ("cy", c(y)), ("r", "3.5"), ("fill", colour), ("stroke", "#ffffff"),
            ("stroke-width", "1"),
          ])
      }
    case .band(let fill, let opacity, let edge, let dashed):
      writer.element(
        "rect",
        [
          ("x", c(x)), ("y", c(y - 6)), ("width", c(symbolWidth)), ("height", "12"), ("fill", fill),
          ("fill-opacity", c(opacity)),
        ])
      if let edge {
        for edgeY in [y - 6, y + 6] {
          writer.element(
            "line",
            [
              ("x1", c(x)), ("x2", c(x + symbolWidth)), ("y1", c(edgeY)), ("y2", c(edgeY)), ("stroke", edge),
              ("stroke-dasharray", dashed ? "4 3" : nil),
            ])
        }
      }
    case .ring(let colour):
      writer.element(
        "circle",
        [
          ("cx", c(x + symbolWidth / 2)), ("cy", c(y)), ("r", "6.5"), ("fill", "none"), ("stroke", colour),
          ("stroke-width", "2"),
        ])
    case .marker(let shape, let fill):
      writer.element(
        "path",
        [
          ("d", shape.path(x: x + symbolWidth / 2, y: y, r: 5)), ("fill", fill), ("stroke", "#222222"),
          ("stroke-width", "0.7"),
        ])
    case .missing:
      let box = PlotRect(x: x + symbolWidth / 2 - 6, y: y - 6, width: 12, height: 12)
      drawMissing(&writer, box)
    }
  }

  /// A missing-value cell: grey fill and hatching, no pointer events on the hatching.
  static func drawMissing(_ writer: inout SVGWriter, _ rect: PlotRect, spacing: Double = 4) {
    writer.element(
      "rect",
      [
        ("x", SVGText.coordinate(rect.x)), ("y", SVGText.coordinate(rect.y)), ("width", SVGText.coordinate(rect.width)),
        ("height", SVGText.coordinate(rect.height)), ("fill", FigureStyle.missingFill),
      ])
    writer.element(
      "path",
      [
        ("class", "nm-hatch"), ("d", Shapes.hatch(rect, spacing: spacing)), ("stroke", FigureStyle.hatchColour),
        ("stroke-width", "0.8"), ("fill", "none"), ("pointer-events", "none"),
      ])
  }

  /// Tick values and labels for a colour bar over `lower…upper`: the round ticks (`NiceTicks`) inside the
  /// range (or within 2 % of it outside, drawn at the bar's end), thinned to at most 5; the two bounds and
  /// the middle when fewer than 3 round ticks fall inside; the single value when the range is empty.
  static func colourBarTicks(lower: Double, upper: Double) -> [(value: Double, label: String)] {
    guard upper > lower else { return [(lower, SVGText.formatted(lower))] }
    let ticks = NiceTicks(lower: lower, upper: upper, targetCount: 4)
    // A round tick within 2 % of the range outside it stands for the bound ("-0.2" for -0.19998).
    let tolerance = (upper - lower) * 0.02
    var inside = ticks.values.filter { $0 >= lower - tolerance && $0 <= upper + tolerance }
    if inside.count > 5 { inside = inside.enumerated().filter { $0.offset % 2 == 0 }.map(\.element) }
    if inside.count >= 3 { return inside.map { ($0, ticks.label($0)) } }
    let middle = (lower + upper) / 2
    return [lower, middle, upper].map { ($0, SVGText.formatted($0)) }
  }

  /// The width a vertical colour bar needs: bar, tick marks, tick labels.
  static func colourBarWidth(lower: Double, upper: Double, barWidth: Double) -> Double {
    let labels = colourBarTicks(lower: lower, upper: upper).map {
      SVGText.estimatedWidth($0.label, fontSize: FigureStyle.smallFontSize)
    }
    return barWidth + Axes.tickLength + Axes.labelGap + (labels.max() ?? 0)
  }

  /// A vertical colour bar for `lower…upper` at (x, y), low at the bottom: 64 stacked segments drawn with
  /// crisp edges (no gradient, which would need `url(…)`), a frame, ticks on the right, `title` above it (cut to
  /// `titleWidth`), and a hatched "n/a" entry below it when `showMissing`.
  static func drawColourBar(
    _ writer: inout SVGWriter, scale: ColourScale, lower: Double, upper: Double, x: Double, y: Double,
    width: Double, height: Double, title: String, titleWidth: Double, showMissing: Bool
  ) {
    let c = SVGText.coordinate
    writer.start("g", [("class", "nm-legend nm-colour-bar")])
    writer.label(
      title, width: titleWidth, fontSize: FigureStyle.smallFontSize,
      [("class", "nm-legend-title"), ("x", c(x)), ("y", c(y - 12)), ("fill", FigureStyle.textColour)])
    let segments = 64
    let segmentHeight = height / Double(segments)
    writer.start("g", [("shape-rendering", "crispEdges")])
    for k in 0..<segments {
      let t = (Double(k) + 0.5) / Double(segments)
      let top = y + height - Double(k + 1) * segmentHeight
      // Overlap by a quarter pixel so no seams show between segments.
      writer.element(
        "rect",
        [
          ("x", c(x)), ("y", c(top)), ("width", c(width)), ("height", c(segmentHeight + 0.25)),
          ("fill", scale.colour(t)),
        ])
    }
    writer.end("g")
    writer.element(
      "rect",
      [
        ("x", c(x)), ("y", c(y)), ("width", c(width)), ("height", c(height)), ("fill", "none"),
        ("stroke", FigureStyle.axisColour), ("stroke-width", "0.8"),
      ])
    let bar = LinearScale(lower: lower, upper: upper, start: y + height, end: y)
    for tick in colourBarTicks(lower: lower, upper: upper) {
      let tickY = upper > lower ? bar(min(upper, max(lower, tick.value))) : y + height / 2
      writer.element(
        "line",
        [
          ("x1", c(x + width)), ("x2", c(x + width + Axes.tickLength)), ("y1", c(tickY)), ("y2", c(tickY)),
          ("stroke", FigureStyle.axisColour),
        ])
      writer.text(
        tick.label,
        [
          ("x", c(x + width + Axes.tickLength + Axes.labelGap)), ("y", c(tickY + FigureStyle.smallFontSize * 0.35)),
          ("font-size", c(FigureStyle.smallFontSize)), ("fill", FigureStyle.mutedTextColour),
        ])
    }
    if showMissing {
      let box = PlotRect(x: x, y: y + height + 10, width: width, height: width)
      drawMissing(&writer, box)
      writer.text(
        "n/a",
        [
          ("x", c(x + width + Axes.tickLength + Axes.labelGap)),
          ("y", c(box.midY + FigureStyle.smallFontSize * 0.35)), ("font-size", c(FigureStyle.smallFontSize)),
          ("fill", FigureStyle.mutedTextColour),
        ])
    }
    writer.end("g")
  }
}
