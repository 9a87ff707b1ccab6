import Foundation

/// A rectangle in viewBox pixels.
struct PlotRect {
  var x: Double
  var y: Double
  var width: Double
  var height: Double

  var maxX: Double { x + width }
  var maxY: Double { y + height }
  var midX: Double { x + width / 2 }
  var midY: Double { y + height / 2 }
}

/// A linear map from data values (`lower…upper`) to viewBox pixels (`start…end`, either direction).
/// An empty domain maps everything to the middle of the range.
struct LinearScale {
  var lower: Double
  var upper: Double
  var start: Double
  var end: Double

  func callAsFunction(_ value: Double) -> Double {
    guard upper != lower else { return (start + end) / 2 }
    return start + (value - lower) / (upper - lower) * (end - start)
  }

  func contains(_ value: Double) -> Bool {
    let tolerance = abs(upper - lower) * 1e-9
    return value >= min(lower, upper) - tolerance && value <= max(lower, upper) + tolerance
  }
}

/// Axis drawing shared by the figures: numeric axes with grid lines, and categorical labels (horizontal,
/// or rotated by 45° and thinned when they do not fit).
enum Axes {
  static let tickLength = 4.0
  static let labelGap = 3.0

  /// The widest tick label of `ticks` (estimated), for laying out the space left of a y axis.
  static func tickLabelWidth(_ ticks: NiceTicks, fontSize: Double = FigureStyle.smallFontSize) -> Double {
    ticks.values.map { SVGText.estimatedWidth(ticks.label($0), fontSize: fontSize) }.max() ?? 0
  }

  /// A numeric y axis on the left edge of `plot`: grid lines across the plot, tick marks and labels for the
  /// ticks inside the scale's domain, the axis line, and `title` rotated by −90° centred on the plot with
  /// its baseline at x = `titleX`.
  static func drawY(
    _ writer: inout SVGWriter, scale: LinearScale, ticks: NiceTicks, plot: PlotRect, title: String,
    titleX: Double, grid: Bool = true
  ) {
    let fontSize = FigureStyle.smallFontSize
    writer.start("g", [("class", "nm-axis nm-axis-y")])
    for value in ticks.values where scale.contains(value) {
      let y = SVGText.coordinate(scale(value))
      if grid {
        writer.element(
          "line",
          [
            ("class", "nm-grid"), ("x1", SVGText.coordinate(plot.x)), ("x2", SVGText.coordinate(plot.maxX)),
            ("y1", y), ("y2", y), ("stroke", value == 0 ? "#c4c4c4" : FigureStyle.gridColour),
            ("stroke-width", "1"),
          ])
      }
      writer.element(
        "line",
        [
          ("x1", SVGText.coordinate(plot.x - tickLength)), ("x2", SVGText.coordinate(plot.x)), ("y1", y), ("y2", y),
          ("stroke", FigureStyle.axisColour),
        ])
      writer.text(
        ticks.label(value),
        [
          ("class", "nm-tick-label"), ("x", SVGText.coordinate(plot.x - tickLength - labelGap)),
          ("y", SVGText.coordinate(scale(value) + fontSize * 0.35)), ("text-anchor", "end"),
          ("font-size", SVGText.coordinate(fontSize)), ("fill", FigureStyle.mutedTextColour),
        ])
    }
    writer.element(
      "line",
      [
        ("x1", SVGText.coordinate(plot.x)), ("x2", SVGText.coordinate(plot.x)), ("y1", SVGText.coordinate(plot.y)),
        ("y2", SVGText.coordinate(plot.maxY)), ("stroke", FigureStyle.axisColour),
      ])
    if !title.isEmpty {
      writer.label(
        title, width: plot.height, fontSize: FigureStyle.fontSize,
        [
          ("class", "nm-axis-title"), ("x", SVGText.coordinate(titleX)), ("y", SVGText.coordinate(plot.midY)),
          ("transform", "rotate(-90 \(SVGText.coordinate(titleX)) \(SVGText.coordinate(plot.midY)))"),
          ("text-anchor", "middle"), ("fill", FigureStyle.textColour),
        ])
    }
    writer.end("g")
  }

  /// A numeric x axis on the bottom edge of `plot`: grid lines, tick marks and labels for the ticks inside
  /// the scale's domain, the axis line, and `title` centred below with its baseline at y = `titleY`.
  static func drawX(
    _ writer: inout SVGWriter, scale: LinearScale, ticks: NiceTicks, plot: PlotRect, title: String,
    titleY: Double, grid: Bool = true
  ) {
    let fontSize = FigureStyle.smallFontSize
    writer.start("g", [("class", "nm-axis nm-axis-x")])
    for value in ticks.values where scale.contains(value) {
      let x = SVGText.coordinate(scale(value))
      if grid {
        writer.element(
          "line",
          [
            ("class", "nm-grid"), ("x1", x), ("x2", x), ("y1", SVGText.coordinate(plot.y)),
            ("y2", SVGText.coordinate(plot.maxY)), ("stroke", value == 0 ? "#c4c4c4" : FigureStyle.gridColour),
            ("stroke-width", "1"),
          ])
      }
      writer.element(
        "line",
        [
          ("x1", x), ("x2", x), ("y1", SVGText.coordinate(plot.maxY)),
          ("y2", SVGText.coordinate(plot.maxY + tickLength)), ("stroke", FigureStyle.axisColour),
        ])
      writer.text(
        ticks.label(value),
        [
          ("class", "nm-tick-label"), ("x", x),
          ("y", SVGText.coordinate(plot.maxY + tickLength + labelGap + fontSize * 0.8)), ("text-anchor", "middle"),
          ("font-size", SVGText.coordinate(fontSize)), ("fill", FigureStyle.mutedTextColour),
        ])
    }
    writer.element(
      "line",
      [
        ("x1", SVGText.coordinate(plot.x)), ("x2", SVGText.coordinate(plot.maxX)),
        ("y1", SVGText.coordinate(plot.maxY)), ("y2", SVGText.coordinate(plot.maxY)),
        ("stroke", FigureStyle.axisColour),
      ])
    if !title.isEmpty {
      writer.label(
        title, width: plot.width, fontSize: FigureStyle.fontSize,
        [
          ("class", "nm-axis-title"), ("x", SVGText.coordinate(plot.midX)), ("y", SVGText.coordinate(titleY)),
          ("text-anchor", "middle"), ("fill", FigureStyle.textColour),
        ])
    }
    writer.end("g")
  }

  /// Row labels right-aligned at x = `rightX`, vertically centred on `centres`, each cut in the middle to
  /// `maxWidth` (full text as a tooltip), only every `every`-th shown.
  static func drawRowLabels(
    _ writer: inout SVGWriter, labels: [String], centres: [Double], rightX: Double, maxWidth: Double,
    fontSize: Double, every: Int = 1, cssClass: String
  ) {
    writer.start("g", [("class", cssClass)])
    for (index, centre) in centres.enumerated() where index < labels.count && index % max(1, every) == 0 {
      writer.label(
        labels[index], width: maxWidth, fontSize: fontSize, middle: true,
        [
          ("x", SVGText.coordinate(rightX)), ("y", SVGText.coordinate(centre + fontSize * 0.35)),
          ("text-anchor", "end"), ("font-size", SVGText.coordinate(fontSize)), ("fill", FigureStyle.textColour),
        ])
    }
    writer.end("g")
  }

  /// Every how many rows a label fits when rows are `spacing` apart at `fontSize`.
  static func labelStride(spacing: Double, fontSize: Double) -> Int {
    guard spacing > 0 else { return 1 }
    return max(1, Int((fontSize * 1.1 / spacing).rounded(.up)))
  }

  /// The height a numeric x axis needs below the plot (tick marks and labels, then an axis title).
  static func numericXAxisDepth(withTitle: Bool) -> Double {
    tickLength + labelGap + FigureStyle.smallFontSize + (withTitle ? FigureStyle.fontSize + 10 : 4)
  }
}

/// The layout of category labels under a horizontal axis (layers, regions): each label cut in the middle to
/// `maxWidth`;
/// horizontal when every label fits its slot, else rotated by −45° (reading upwards to the tick) and, when
/// the slots are narrower than a line of text, only every `every`-th label shown.
struct CategoryLabels {
  let full: [String]
  let shown: [String]
  let rotated: Bool
  let every: Int
  let fontSize: Double
  /// How far the labels reach below the axis line.
  let depth: Double
  /// How far the first label reaches left of its slot's centre.
  let leftOverhang: Double
  /// How far the last label reaches right of its slot's centre.
  let rightOverhang: Double

  init(labels: [String], spacing: Double, maxWidth: Double, fontSize: Double = FigureStyle.smallFontSize) {
    full = labels
    shown = labels.map { SVGText.fitted($0, width: maxWidth, fontSize: fontSize, middle: true) }
    self.fontSize = fontSize
    let widths = shown.map { SVGText.estimatedWidth($0, fontSize: fontSize) }
    let widest = widths.max() ?? 0
    let diagonal = 0.7071
    if widest <= spacing - 4 {
      rotated = false
      every = 1
      depth = Axes.tickLength + Axes.labelGap + fontSize
      leftOverhang = (widths.first ?? 0) / 2
      rightOverhang = (widths.last ?? 0) / 2
    } else {
      rotated = true
      every = max(1, Int((fontSize * 1.15 / (spacing * diagonal)).rounded(.up)))
      depth = Axes.tickLength + Axes.labelGap + (widest + fontSize) * diagonal
      leftOverhang = (widths.first ?? 0) * diagonal + fontSize * 0.3
      rightOverhang = fontSize
    }
  }

  /// Draws the labels centred on `centres`, the top of the labels `Axes.tickLength + Axes.labelGap` below
  /// y = `axisY`, with tick marks; the label at `emphasised` (if any) is bold and always shown, in place of
  /// the thinned labels nearest to it.
  func draw(_ writer: inout SVGWriter, centres: [Double], axisY: Double, emphasised: Int? = nil, cssClass: String) {
    writer.start("g", [("class", cssClass)])
    for (index, centre) in centres.enumerated() where index < shown.count {
      let isEmphasised = index == emphasised
      // When thinned, the emphasised label replaces its neighbours within one stride.
      let nearEmphasised = emphasised.map { index != $0 && abs(index - $0) < every } ?? false
      guard (index % every == 0 && !nearEmphasised) || isEmphasised else { continue }
      let x = SVGText.coordinate(centre)
      writer.element(
        "line",
        [
          ("x1", x), ("x2", x), ("y1", SVGText.coordinate(axisY)),
          ("y2", SVGText.coordinate(axisY + Axes.tickLength)), ("stroke", FigureStyle.axisColour),
        ])
      let top = axisY + Axes.tickLength + Axes.labelGap
      var attributes: SVGWriter.Attributes = [
        ("font-size", SVGText.coordinate(fontSize)), ("fill", FigureStyle.textColour),
        ("font-weight", isEmphasised ? "bold" : nil),
      ]
      if rotated {
        let anchorX = centre + fontSize * 0.3
        let anchorY = top + fontSize * 0.3
        attributes += [
          ("x", SVGText.coordinate(anchorX)), ("y", SVGText.coordinate(anchorY)), ("text-anchor", "end"),
          ("transform", "rotate(-45 \(SVGText.coordinate(anchorX)) \(SVGText.coordinate(anchorY)))"),
        ]
      } else {
        attributes += [
          ("x", x), ("y", SVGText.coordinate(top + fontSize * 0.8)), ("text-anchor", "middle"),
        ]
      }
      writer.text(shown[index], attributes, tooltip: shown[index] == full[index] ? nil : full[index])
    }
    writer.end("g")
  }
}
