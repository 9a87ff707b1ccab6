import Foundation

/// A heatmap of one measure over two categorical axes, e.g. network layers (rows) × brain regions
/// (columns).
///
/// What is drawn, in a viewBox 720 px wide (wider only when the columns need it):
/// - the title; row labels on the left (right-aligned) and column labels below the grid (horizontal when
///   they fit their column, else rotated by −45°), each cut in the middle with "…" to about 170 / 150 px
///   with the full text as a tooltip; when rows or columns are too dense for every label, every k-th label
///   is shown;
/// - one cell per value, coloured with `ColourScale.viridis` over `colourRange` (values outside it get the
///   end colours). Each cell is `<rect class="nm-cell" data-row="…" data-column="…" data-value="…">`
///   with a `<title>` "row × column: value" (the hover text); `data-value` is the exact value
///   (`SVGText.exact`, `NaN` for NaN). Cells are 4–90 px wide and 4–30 px high (about 560 px of rows in all;
///   at least 16 px per row up to 40 rows);
/// - the value printed in each cell, in black or white for contrast, when every value fits its cell;
/// - NaN cells in grey with hatching and "n/a" (class `nm-cell nm-missing`);
/// - a vertical colour bar on the right with 3–5 ticks, `valueLabel` above it and an "n/a" key when any
///   value is NaN.
///
/// Rows missing from `values`, or shorter than the widest row, are filled with NaN; rows or columns without
/// a label are called "row k" / "column k" (1-based). No input traps.
public struct HeatmapFigure: SVGFigure {
  /// The values, `values[row][column]`.
  public var values: [[Double]]
  /// One label per row (e.g. layer names).
  public var rowLabels: [String]
  /// One label per column (e.g. region names).
  public var columnLabels: [String]
  /// The figure's title (also its accessible name).
  public var title: String
  /// What the values are (e.g. "RSA (Spearman ρ)"), shown above the colour bar.
  public var valueLabel: String
  /// The values mapped to the ends of the colour scale; nil for min…max of the finite values.
  public var range: ClosedRange<Double>?

  /// A heatmap of `values` (rows × columns) with the given labels; `range` fixes the colour range (for
  /// comparable heatmaps), nil uses min…max of the finite values.
  public init(
    values: [[Double]], rowLabels: [String], columnLabels: [String], title: String, valueLabel: String,
    range: ClosedRange<Double>? = nil
  ) {
    self.values = values
    self.rowLabels = rowLabels
    self.columnLabels = columnLabels
    self.title = title
    self.valueLabel = valueLabel
    self.range = range
  }

  /// The number of rows drawn: the larger of the row labels and the rows of `values`.
  public var rowCount: Int { max(rowLabels.count, values.count) }
  /// The number of columns drawn: the larger of the column labels and the longest row of `values`.
  public var columnCount: Int { max(columnLabels.count, values.map(\.count).max() ?? 0) }

  /// The colour range used: `range` when its bounds are finite; else min…max of the finite values (a
  /// single value, or all equal, gives an empty range, drawn in the middle colour); 0…1 when no value is
  /// finite.
  public var colourRange: ClosedRange<Double> {
    if let range, range.lowerBound.isFinite, range.upperBound.isFinite { return range }
    var low = Double.infinity
    var high = -Double.infinity
    for row in values {
      for value in row where value.isFinite {
        low = min(low, value)
        high = max(high, value)
      }
    }
    return low <= high ? low...high : 0...1
  }

  /// The value at (row, column), NaN where `values` has none.
  func value(_ row: Int, _ column: Int) -> Double {
    row < values.count && column < values[row].count ? values[row][column] : .nan
  }

  func rowLabel(_ row: Int) -> String { row < rowLabels.count ? rowLabels[row] : "row \(row + 1)" }
  func columnLabel(_ column: Int) -> String {
    column < columnLabels.count ? columnLabels[column] : "column \(column + 1)"
  }

  /// The heatmap as one `<svg>` element (see `SVGFigure.svg(id:)` for the id and the conventions).
  public func svg(id: String?) -> String {
    let rows = rowCount
    let columns = columnCount
    guard rows > 0 && columns > 0 else {
      return SVGDocument.placeholder(kind: "heatmap", id: id, title: title, message: "No values to show.")
    }
    let c = SVGText.coordinate
    let scale = ColourScale.viridis
    let colourRange = self.colourRange
    let (low, high) = (colourRange.lowerBound, colourRange.upperBound)
    let labelFont = FigureStyle.smallFontSize
    let rowNames = (0..<rows).map(rowLabel)
    let columnNames = (0..<columns).map(columnLabel)
    // Cell text: one number of decimals for the whole grid (3 significant digits of the largest value).
    var missing = 0
    var largest = 0.0
    for row in 0..<rows {
      for column in 0..<columns {
        let v = value(row, column)
        if v.isNaN { missing += 1 }
        if v.isFinite { largest = max(largest, abs(v)) }
      }
    }
    let decimals = SVGText.decimals(forMagnitude: largest)
    let cellText = { (v: Double) in decimals.map { SVGText.formatted(v, decimals: $0) } ?? SVGText.formatted(v) }
    var widestValue = 0.0
    for row in 0..<rows {
      for column in 0..<columns {
        widestValue = max(widestValue, SVGText.estimatedWidth(cellText(value(row, column)), fontSize: 10))
      }
    }

    // Layout, left to right: row labels, grid, colour bar.
    let rowLabelMaxWidth = 170.0
    let rowLabelWidth =
      rowNames.map {
        SVGText.estimatedWidth(
          SVGText.fitted($0, width: rowLabelMaxWidth, fontSize: labelFont, middle: true), fontSize: labelFont)
      }
      .max() ?? 0
    let barWidth = 14.0
    let legendTitleWidth = min(170, max(60, SVGText.estimatedWidth(valueLabel, fontSize: labelFont)))
    let legendWidth = max(Legend.colourBarWidth(lower: low, upper: high, barWidth: barWidth), legendTitleWidth) + 8
    let legendGap = 24.0
    let available =
      FigureStyle.figureWidth - 2 * FigureStyle.margin - rowLabelWidth - 8 - legendGap - legendWidth
    let cellWidth = min(90, max(4, available / Double(columns)))
    let cellHeight =
      rows <= 40 ? max(16, min(30, 560 / Double(rows))) : max(4, 560 / Double(rows))
    let showValues = cellHeight >= 15 && cellWidth >= widestValue + 6
    let valueFont = cellHeight >= 24 && cellWidth >= widestValue * 1.1 + 6 ? 11.0 : 10.0
    let columnLabelLayout = CategoryLabels(labels: columnNames, spacing: cellWidth, maxWidth: 150, fontSize: labelFont)
    let rowStride = Axes.labelStride(spacing: cellHeight, fontSize: labelFont)

    let gridX = FigureStyle.margin + max(rowLabelWidth + 8, columnLabelLayout.leftOverhang - cellWidth / 2)
    let gridY = FigureStyle.titleBlockHeight + 12
    let gridWidth = cellWidth * Double(columns)
    let gridHeight = cellHeight * Double(rows)
    let barX = gridX + gridWidth + legendGap
    let barY = gridY + 18
    let barHeight = min(240, max(120, gridHeight - 18))
    let width = max(
      FigureStyle.figureWidth,
      barX + legendWidth + FigureStyle.margin,
      gridX + gridWidth + columnLabelLayout.rightOverhang + FigureStyle.margin)
    let height =
      max(gridY + gridHeight + columnLabelLayout.depth, barY + barHeight + (missing > 0 ? 30 : 0) + 6)
      + FigureStyle.margin

    var writer = SVGWriter()
    SVGDocument.drawTitle(&writer, title, width: width)

    writer.start("g", [("class", "nm-cells")])
    let drawBorders = cellWidth >= 8 && cellHeight >= 8
    for row in 0..<rows {
      for column in 0..<columns {
        let v = value(row, column)
        let rect = PlotRect(
          x: gridX + Double(column) * cellWidth, y: gridY + Double(row) * cellHeight, width: cellWidth,
          height: cellHeight)
        let t = high > low ? (v - low) / (high - low) : 0.5
        let fill = v.isNaN ? FigureStyle.missingFill : scale.colour(t)
        let shown = cellText(v)
        writer.element(
          "rect",
          [
            ("class", v.isNaN ? "nm-cell nm-missing" : "nm-cell"), ("x", c(rect.x)), ("y", c(rect.y)),
            ("width", c(rect.width)), ("height", c(rect.height)), ("fill", fill),
            ("stroke", drawBorders ? "#ffffff" : nil), ("stroke-width", drawBorders ? "1" : nil),
            ("data-row", rowNames[row]), ("data-column", columnNames[column]), ("data-value", SVGText.exact(v)),
          ], tooltip: "\(rowNames[row]) × \(columnNames[column]): \(SVGText.formatted(v))")
        if v.isNaN {
          writer.element(
            "path",
            [
              ("class", "nm-hatch"), ("d", Shapes.hatch(rect, spacing: 5)), ("stroke", FigureStyle.hatchColour),
              ("stroke-width", "0.8"), ("fill", "none"), ("pointer-events", "none"),
            ])
        }
        if showValues {
          writer.text(
            shown,
            [
              ("class", "nm-cell-value"), ("x", c(rect.midX)), ("y", c(rect.midY + valueFont * 0.35)),
              ("text-anchor", "middle"), ("font-size", c(valueFont)),
              ("fill", v.isNaN ? FigureStyle.textColour : ColourScale.textColour(onBackground: fill)),
              ("pointer-events", "none"),
            ])
        }
      }
    }
    writer.end("g")

    Axes.drawRowLabels(
      &writer, labels: rowNames, centres: (0..<rows).map { gridY + (Double($0) + 0.5) * cellHeight },
      rightX: gridX - 6, maxWidth: rowLabelMaxWidth, fontSize: labelFont, every: rowStride, cssClass: "nm-row-labels")
    columnLabelLayout.draw(
      &writer, centres: (0..<columns).map { gridX + (Double($0) + 0.5) * cellWidth }, axisY: gridY + gridHeight,
      cssClass: "nm-column-labels")
    Legend.drawColourBar(
      &writer, scale: scale, lower: low, upper: high, x: barX, y: barY, width: barWidth, height: barHeight,
      title: valueLabel, titleWidth: width - barX - FigureStyle.margin, showMissing: missing > 0)

    var description =
      "Heatmap of \(valueLabel) for \(rows) rows × \(columns) columns"
      + " (rows \(rowNames[0]) to \(rowNames[rows - 1]); columns \(columnNames[0]) to \(columnNames[columns - 1]))."
      + " Colour from dark purple (\(SVGText.formatted(low))) to yellow (\(SVGText.formatted(high)))."
    if missing > 0 { description += " \(missing) cells are n/a (grey, hatched)." }
    return SVGDocument.render(
      kind: "heatmap", id: id, width: width, height: height, title: title, description: description,
      body: writer.markup)
  }
}
