import Foundation

/// A labelled scatter plot with equal aspect ratio, for an MDS embedding of RDMs (layers and regions in one
/// plane): distances on the page are proportional to distances in the data.
///
/// What is drawn, in a viewBox 720 × 340–540 px:
/// - the title; a plot area 240–440 px high (following the data's aspect ratio) with x and y axes
///   (`xLabel`, `yLabel`), ticks at 1/2/5 × 10^k steps and grid lines; one data unit is the same length on
///   both axes;
/// - one marker per point with a finite position: `<path class="nm-point" data-label="…" data-group="…"
///   data-x="…" data-y="…" data-shape="…">` with a `<title>` "label (group): x, y". Each group (in order of
///   first appearance) has its own shape (circle, square, triangle, diamond, inverted triangle, plus, star,
///   hexagon, then repeating) AND its own colour from `ColourScale.viridis` (t spread over 0…0.85, avoiding the
///   palest yellow), so the groups stay apart in greyscale;
/// - each point's label (10 px, cut to about 90 px) beside it, at the first of eight positions around the
///   marker that overlaps no other label or marker and stays inside the plot; a label with no free position is
///   left out (it stays in the tooltip);
/// - a legend of the groups on the right.
///
/// Points with a non-finite coordinate are not drawn; a note under the plot counts them. Missing labels
/// are the 1-based point index, missing groups "" (shown as "(no group)"). No input traps.
public struct ScatterFigure: SVGFigure {
  /// The points' positions.
  public var points: [(x: Double, y: Double)]
  /// One label per point (e.g. "conv3", "V4").
  public var labels: [String]
  /// One group name per point (e.g. "layer", "region"); each group gets a marker shape and a colour.
  public var groups: [String]
  /// The figure's title (also its accessible name).
  public var title: String
  /// The x axis title.
  public var xLabel: String
  /// The y axis title.
  public var yLabel: String

  /// A scatter of `points` with the given labels and groups.
  public init(
    points: [(x: Double, y: Double)], labels: [String], groups: [String], title: String, xLabel: String = "MDS 1",
    yLabel: String = "MDS 2"
  ) {
    self.points = points
    self.labels = labels
    self.groups = groups
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
  }

  /// The group names in order of first appearance: group k gets `MarkerShape.allCases[k % 8]`.
  public var groupOrder: [String] {
    var seen = Set<String>()
    var order: [String] = []
    for index in points.indices {
      let group = index < groups.count ? groups[index] : ""
      if seen.insert(group).inserted { order.append(group) }
    }
    return order
  }

  private struct Box {
    var x0: Double
    var y0: Double
    var x1: Double
    var y1: Double
    func overlaps(_ other: Box) -> Bool { x0 < other.x1 && other.x0 < x1 && y0 < other.y1 && other.y0 < y1 }
  }

  /// The scatter plot as one `<svg>` element (see `SVGFigure.svg(id:)` for the id and the conventions).
  public func svg(id: String?) -> String {
    let c = SVGText.coordinate
    let count = points.count
    let names = (0..<count).map { $0 < labels.count ? labels[$0] : "\($0 + 1)" }
    let groupNames = (0..<count).map { $0 < groups.count ? groups[$0] : "" }
    let order = groupOrder
    let groupIndex = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($0.element, $0.offset) })
    let colour = { (g: Int) -> String in
      ColourScale.viridis.colour(order.count > 1 ? 0.85 * Double(g) / Double(order.count - 1) : 0.3)
    }
    let shape = { (g: Int) in MarkerShape.allCases[g % MarkerShape.allCases.count] }
    let drawable = (0..<count).filter { points[$0].x.isFinite && points[$0].y.isFinite }

    // Data extent, padded, then widened on one axis for equal aspect.
    var xs = drawable.map { points[$0].x }
    var ys = drawable.map { points[$0].y }
    if xs.isEmpty { (xs, ys) = ([-1, 1], [-1, 1]) }
    let (xMin, xMax) = (xs.min() ?? -1, xs.max() ?? 1)
    let (yMin, yMax) = (ys.min() ?? -1, ys.max() ?? 1)
    var span = max(xMax - xMin, yMax - yMin)
    if !(span > 0) || !span.isFinite { span = max(1, abs(xMin), abs(yMin)) }

    // Layout: y axis, square-ish plot, legend column.
    let legendLabelWidth = min(
      150,
      max(
        50,
        order.map { SVGText.estimatedWidth($0.isEmpty ? "(no group)" : $0, fontSize: FigureStyle.smallFontSize) }.max()
          ?? 0))
    let legendWidth = Legend.symbolWidth + Legend.symbolGap + legendLabelWidth
    let plotTop = FigureStyle.titleBlockHeight + 10
    let pad = 0.08
    // Tick labels are estimated from a provisional domain; 7 digits of room is enough for MDS coordinates.
    let provisional = NiceTicks(lower: (yMin + yMax) / 2 - span, upper: (yMin + yMax) / 2 + span, targetCount: 6)
    let plotLeft =
      FigureStyle.margin + FigureStyle.fontSize + 8 + Axes.tickLabelWidth(provisional) + Axes.tickLength
      + Axes.labelGap
    let plotRight = FigureStyle.figureWidth - FigureStyle.margin - legendWidth - 24
    // The plot's height follows the data's aspect ratio, within 240…440 px.
    let aspect = (yMax - yMin + 2 * pad * span) / (xMax - xMin + 2 * pad * span)
    let plotHeight = min(440, max(240, (plotRight - plotLeft) * (aspect.isFinite ? aspect : 1)))
    let plot = PlotRect(x: plotLeft, y: plotTop, width: plotRight - plotLeft, height: plotHeight)
    let unitsPerPixel = max(
      (xMax - xMin + 2 * pad * span) / plot.width, (yMax - yMin + 2 * pad * span) / plot.height, span * 1e-9)
    let (xMid, yMid) = ((xMin + xMax) / 2, (yMin + yMax) / 2)
    let xScale = LinearScale(
      lower: xMid - unitsPerPixel * plot.width / 2, upper: xMid + unitsPerPixel * plot.width / 2, start: plot.x,
      end: plot.maxX)
    let yScale = LinearScale(
      lower: yMid - unitsPerPixel * plot.height / 2, upper: yMid + unitsPerPixel * plot.height / 2, start: plot.maxY,
      end: plot.y)
    let xTicks = NiceTicks(lower: xScale.lower, upper: xScale.upper, targetCount: 7)
    let yTicks = NiceTicks(lower: yScale.lower, upper: yScale.upper, targetCount: 7)
    let xTitleY = plot.maxY + Axes.tickLength + Axes.labelGap + FigureStyle.smallFontSize + FigureStyle.fontSize + 8
    let noteY = xTitleY + 18
    let hidden = count - drawable.count
    let height = (hidden > 0 ? noteY : xTitleY) + FigureStyle.margin

    var writer = SVGWriter()
    SVGDocument.drawTitle(&writer, title, width: FigureStyle.figureWidth)
    Axes.drawY(
      &writer, scale: yScale, ticks: yTicks, plot: plot, title: yLabel,
      titleX: FigureStyle.margin + FigureStyle.fontSize)
    Axes.drawX(&writer, scale: xScale, ticks: xTicks, plot: plot, title: xLabel, titleY: xTitleY)
    writer.element(
      "rect",
      [
        ("x", c(plot.x)), ("y", c(plot.y)), ("width", c(plot.width)), ("height", c(plot.height)), ("fill", "none"),
        ("stroke", FigureStyle.axisColour), ("stroke-width", "0.8"),
      ])

    let radius = drawable.count > 150 ? 3.5 : 5.0
    let labelFont = 10.0
    let positions = drawable.map { (index: $0, x: xScale(points[$0].x), y: yScale(points[$0].y)) }
    var occupied = positions.map { Box(x0: $0.x - radius, y0: $0.y - radius, x1: $0.x + radius, y1: $0.y + radius) }

    writer.start("g", [("class", "nm-points")])
    for position in positions {
      let index = position.index
      let g = groupIndex[groupNames[index]] ?? 0
      writer.element(
        "path",
        [
          ("class", "nm-point"), ("d", shape(g).path(x: position.x, y: position.y, r: radius)), ("fill", colour(g)),
          ("stroke", "#222222"), ("stroke-width", "0.7"), ("data-label", names[index]),
          ("data-group", groupNames[index]), ("data-x", SVGText.exact(points[index].x)),
          ("data-y", SVGText.exact(points[index].y)), ("data-shape", shape(g).rawValue),
        ],
        tooltip:
          "\(names[index]) (\(groupNames[index].isEmpty ? "no group" : groupNames[index])): "
          + "\(SVGText.formatted(points[index].x)), \(SVGText.formatted(points[index].y))")
    }
    writer.end("g")

    // Labels: the first free position among eight around each marker.
    writer.start("g", [("class", "nm-point-labels")])
    let gap = radius + 3
    let candidates: [(dx: Double, dy: Double, anchor: String)] = [
      (gap, -2, "start"), (gap, labelFont * 0.35, "start"), (gap, labelFont + 1, "start"),
      (-gap, -2, "end"), (-gap, labelFont * 0.35, "end"), (-gap, labelFont + 1, "end"),
      (0, -gap - 1, "middle"), (0, gap + labelFont * 0.8, "middle"),
    ]
    for position in positions {
      let text = SVGText.fitted(names[position.index], width: 90, fontSize: labelFont, middle: true)
      guard !text.isEmpty else { continue }
      let textWidth = SVGText.estimatedWidth(text, fontSize: labelFont)
      for candidate in candidates {
        let baselineX = position.x + candidate.dx
        let baselineY = position.y + candidate.dy
        let x0 =
          candidate.anchor == "start"
          ? baselineX : candidate.anchor == "end" ? baselineX - textWidth : baselineX - textWidth / 2
        let box = Box(x0: x0, y0: baselineY - labelFont * 0.8, x1: x0 + textWidth, y1: baselineY + labelFont * 0.2)
        guard box.x0 >= plot.x + 1, box.x1 <= plot.maxX - 1, box.y0 >= plot.y + 1, box.y1 <= plot.maxY - 1 else {
          continue
        }
        guard !occupied.contains(where: { $0.overlaps(box) }) else { continue }
        occupied.append(box)
        writer.text(
          text,
          [
            ("x", c(baselineX)), ("y", c(baselineY)), ("text-anchor", candidate.anchor), ("font-size", c(labelFont)),
            ("fill", FigureStyle.textColour), ("pointer-events", "none"),
          ])
        break
      }
    }
    writer.end("g")

    Legend.drawColumn(
      &writer,
      items: order.enumerated().map {
        LegendItem(
          symbol: .marker(shape($0.offset), fill: colour($0.offset)),
          label: $0.element.isEmpty ? "(no group)" : $0.element)
      }, x: plot.maxX + 24, top: plot.y, rowHeight: 20, labelWidth: legendLabelWidth)

    if hidden > 0 {
      writer.text(
        "\(hidden) point\(hidden == 1 ? "" : "s") not shown (non-finite coordinates).",
        [
          ("class", "nm-note"), ("x", c(plot.x)), ("y", c(noteY)), ("font-size", c(FigureStyle.smallFontSize)),
          ("fill", FigureStyle.mutedTextColour),
        ])
    }
    if drawable.isEmpty {
      writer.text(
        "No points to show.",
        [
          ("class", "nm-empty"), ("x", c(plot.midX)), ("y", c(plot.midY)), ("text-anchor", "middle"),
          ("fill", FigureStyle.mutedTextColour),
        ])
    }

    var description = "Scatter plot of \(drawable.count) points (\(xLabel) against \(yLabel), equal scales)"
    if !order.isEmpty {
      description +=
        " in \(order.count) group\(order.count == 1 ? "" : "s"): "
        + order.enumerated().map { "\($0.element.isEmpty ? "no group" : $0.element) (\(shape($0.offset).rawValue))" }
        .joined(separator: ", ")
    }
    description += "."
    if hidden > 0 { description += " \(hidden) points with non-finite coordinates are not shown." }
    return SVGDocument.render(
      kind: "scatter", id: id, width: FigureStyle.figureWidth, height: height, title: title, description: description,
      body: writer.markup)
  }
}
