import Foundation

/// Cost against problem size on log–log axes: one series of measured points per curve (time, peak
/// memory, …), each with its least-squares line log y = a + k·log x, so that the fitted exponent k
/// can be read beside the theoretical one (Docs/performance.md's scaling curves).
///
/// What is drawn, in a viewBox 720 × about 410 px: the title; a legend row ("label: k = 1.98
/// (theory 2)" per series, and the theory's slope); a plot area with decade ticks (10ᵏ, with 2
/// and 5 × 10ᵏ as grid lines) on both axes; per series, its points (`<circle class="nm-point"
/// data-x data-y>` with a `<title>` "label: x → y"), the fitted line over the fitted sizes
/// (dashed, `nm-fit`, `data-exponent`) and, with a theory, a dotted line of the theory's slope
/// ending where the fit ends (`nm-theory`). Points with a non-positive or non-finite coordinate
/// cannot sit on a log axis and are left out (a note counts them); a series with fewer than two
/// usable points has no line.
public struct ScalingFigure: SVGFigure {
  /// One measured curve.
  public struct Series: Sendable {
    /// Its name in the legend, e.g. "time (s)".
    public var label: String
    /// The sizes.
    public var x: [Double]
    /// The measured values at those sizes.
    public var y: [Double]
    /// The exponent theory predicts (shown beside the fitted one), if any.
    public var theory: Double?
    /// Fit only the `fitLargest` largest sizes (the asymptotic regime, where constant costs no
    /// longer dominate); nil: every usable point.
    public var fitLargest: Int?

    /// A series of points `(x[i], y[i])`.
    public init(label: String, x: [Double], y: [Double], theory: Double? = nil, fitLargest: Int? = nil) {
      self.label = label
      self.x = x
      self.y = y
      self.theory = theory
      self.fitLargest = fitLargest
    }

    /// The usable points (both coordinates positive and finite) the fit uses, by increasing x.
    var fitted: [(Double, Double)] {
      let usable = zip(x, y).filter { $0.0 > 0 && $0.1 > 0 && $0.0.isFinite && $0.1.isFinite }.sorted { $0.0 < $1.0 }
      return Array(usable.suffix(fitLargest ?? usable.count))
    }

    /// The least-squares fit of log₁₀ y = a + k·log₁₀ x over the usable points (the `fitLargest`
    /// largest when set): (k, a), nil with fewer than two distinct sizes.
    public var fit: (exponent: Double, intercept: Double)? {
      let points = fitted.map { (log10($0.0), log10($0.1)) }
      guard points.count >= 2 else { return nil }
      let n = Double(points.count)
      let mx = points.map(\.0).reduce(0, +) / n
      let my = points.map(\.1).reduce(0, +) / n
      let sxx = points.map { ($0.0 - mx) * ($0.0 - mx) }.reduce(0, +)
      guard sxx > 0 else { return nil }
      let k = points.map { ($0.0 - mx) * ($0.1 - my) }.reduce(0, +) / sxx
      return (k, my - k * mx)
    }
  }

  /// The curves (all on one pair of axes).
  public var series: [Series]
  /// The figure's title.
  public var title: String
  /// The x axis title, e.g. "conditions".
  public var xLabel: String
  /// The y axis title, e.g. "seconds".
  public var yLabel: String

  /// A log–log figure of `series`.
  public init(series: [Series], title: String, xLabel: String, yLabel: String) {
    self.series = series
    self.title = title
    self.xLabel = xLabel
    self.yLabel = yLabel
  }

  /// The legend text of a series: "label: k = 1.98 (theory 2)".
  public static func legendText(_ s: Series) -> String {
    let fitted = s.fit.map { " k = " + String(format: "%.2f", $0.exponent) } ?? ""
    let theory = s.theory.map { " (theory " + SVGText.formatted($0) + ")" } ?? ""
    return s.label + (fitted.isEmpty && theory.isEmpty ? "" : ":") + fitted + theory
  }

  /// The figure as one `<svg>` element (see `SVGFigure.svg(id:)`).
  public func svg(id: String?) -> String {
    let c = SVGText.coordinate
    let usable = series.map { s in
      zip(s.x, s.y).filter { $0.0 > 0 && $0.1 > 0 && $0.0.isFinite && $0.1.isFinite }
    }
    let all = usable.flatMap { $0 }
    let hidden = series.map { min($0.x.count, $0.y.count) }.reduce(0, +) - all.count
    let xs = all.map { log10($0.0) }
    let ys = all.map { log10($0.1) }
    let xRange = (floor(xs.min() ?? 0), ceil(max(xs.max() ?? 1, (xs.min() ?? 0) + 1e-9)))
    let yRange = (floor(ys.min() ?? 0), ceil(max(ys.max() ?? 1, (ys.min() ?? 0) + 1e-9)))
    let (xLo, xHi) = (xRange.0, Swift.max(xRange.1, xRange.0 + 1))
    let (yLo, yHi) = (yRange.0, Swift.max(yRange.1, yRange.0 + 1))

    // The legend runs in rows under the title; the plot takes the full width below it.
    let colour = { (k: Int) -> String in
      ColourScale.viridis.colour(series.count > 1 ? 0.85 * Double(k) / Double(series.count - 1) : 0.3)
    }
    var items: [LegendItem] = series.enumerated().map { k, s in
      LegendItem(symbol: .line(colour: colour(k), marker: true), label: Self.legendText(s))
    }
    if series.contains(where: { $0.theory != nil && $0.fit != nil }) {
      items.append(
        LegendItem(symbol: .line(colour: FigureStyle.mutedTextColour, marker: false), label: "theory's slope (dotted)"))
    }
    let legendY = FigureStyle.titleBlockHeight + 8
    let left = FigureStyle.margin + FigureStyle.fontSize + 44
    let plot = PlotRect(
      x: left, y: legendY + 22, width: FigureStyle.figureWidth - left - FigureStyle.margin - 8, height: 300)
    let xScale = LinearScale(lower: xLo, upper: xHi, start: plot.x, end: plot.maxX)
    let yScale = LinearScale(lower: yLo, upper: yHi, start: plot.maxY, end: plot.y)
    let xTitleY = plot.maxY + 34
    let height = xTitleY + (hidden > 0 ? 20 : 0) + FigureStyle.margin

    var writer = SVGWriter()
    SVGDocument.drawTitle(&writer, title, width: FigureStyle.figureWidth)
    writer.start("g", [("class", "nm-axis nm-axis-log")])
    for decade in Int(xLo)...Int(xHi) {
      for m in [1.0, 2, 5] where Double(decade) + log10(m) <= xHi + 1e-9 {
        let x = c(xScale(Double(decade) + log10(m)))
        writer.element(
          "line",
          [
            ("x1", x), ("x2", x), ("y1", c(plot.y)), ("y2", c(plot.maxY)), ("stroke", FigureStyle.gridColour),
            ("stroke-width", m == 1 ? "1" : "0.5"),
          ])
        if m == 1 {
          writer.text(
            Self.power(decade),
            [
              ("x", x), ("y", c(plot.maxY + 16)), ("text-anchor", "middle"),
              ("font-size", c(FigureStyle.smallFontSize)), ("fill", FigureStyle.textColour),
            ])
        }
      }
    }
    for decade in Int(yLo)...Int(yHi) {
      for m in [1.0, 2, 5] where Double(decade) + log10(m) <= yHi + 1e-9 {
        let y = c(yScale(Double(decade) + log10(m)))
        writer.element(
          "line",
          [
            ("x1", c(plot.x)), ("x2", c(plot.maxX)), ("y1", y), ("y2", y), ("stroke", FigureStyle.gridColour),
            ("stroke-width", m == 1 ? "1" : "0.5"),
          ])
        if m == 1 {
          writer.text(
            Self.power(decade),
            [
              ("x", c(plot.x - 6)), ("y", c(yScale(Double(decade)) + 4)), ("text-anchor", "end"),
              ("font-size", c(FigureStyle.smallFontSize)), ("fill", FigureStyle.textColour),
            ])
        }
      }
    }
    writer.element(
      "rect",
      [
        ("x", c(plot.x)), ("y", c(plot.y)), ("width", c(plot.width)), ("height", c(plot.height)), ("fill", "none"),
        ("stroke", FigureStyle.axisColour), ("stroke-width", "0.8"),
      ])
    writer.text(
      xLabel,
      [
        ("x", c(plot.midX)), ("y", c(xTitleY)), ("text-anchor", "middle"), ("font-size", c(FigureStyle.fontSize)),
        ("fill", FigureStyle.textColour),
      ])
    let yTitleX = FigureStyle.margin + FigureStyle.fontSize
    writer.text(
      yLabel,
      [
        ("x", c(yTitleX)), ("y", c(plot.midY)), ("text-anchor", "middle"), ("font-size", c(FigureStyle.fontSize)),
        ("fill", FigureStyle.textColour), ("transform", "rotate(-90 \(c(yTitleX)) \(c(plot.midY)))"),
      ])
    writer.end("g")

    for (k, s) in series.enumerated() {
      writer.start("g", [("class", "nm-series"), ("data-label", s.label)])
      if let fit = s.fit, let lo = s.fitted.map(\.0).min(), let hi = s.fitted.map(\.0).max() {
        let (a, b) = (log10(lo), log10(hi))
        if let theory = s.theory {
          // The theory's slope through the fitted line's end at the largest size.
          let end = fit.intercept + fit.exponent * b
          writer.element(
            "line",
            [
              ("class", "nm-theory"), ("x1", c(xScale(a))), ("y1", c(yScale(end - theory * (b - a)))),
              ("x2", c(xScale(b))), ("y2", c(yScale(end))), ("stroke", FigureStyle.mutedTextColour),
              ("stroke-width", "1"), ("stroke-dasharray", "1 3"),
            ])
        }
        writer.element(
          "line",
          [
            ("class", "nm-fit"), ("x1", c(xScale(a))), ("y1", c(yScale(fit.intercept + fit.exponent * a))),
            ("x2", c(xScale(b))), ("y2", c(yScale(fit.intercept + fit.exponent * b))), ("stroke", colour(k)),
            ("stroke-width", "1.5"), ("stroke-dasharray", "5 3"), ("data-exponent", SVGText.exact(fit.exponent)),
          ])
      }
      for (x, y) in usable[k] {
        writer.element(
          "circle",
          [
            ("class", "nm-point"), ("cx", c(xScale(log10(x)))), ("cy", c(yScale(log10(y)))), ("r", "4"),
            ("fill", colour(k)), ("stroke", "#222222"), ("stroke-width", "0.6"), ("data-x", SVGText.exact(x)),
            ("data-y", SVGText.exact(y)),
          ], tooltip: "\(s.label): \(SVGText.formatted(x)) → \(SVGText.formatted(y))")
      }
      writer.end("g")
    }
    Legend.drawRow(&writer, items: items, x: plot.x, y: legendY + 8)
    if hidden > 0 {
      writer.text(
        "\(hidden) point\(hidden == 1 ? "" : "s") with a non-positive value cannot be drawn on log axes",
        [
          ("x", c(plot.x)), ("y", c(xTitleY + 18)), ("font-size", c(FigureStyle.smallFontSize)),
          ("fill", FigureStyle.mutedTextColour),
        ])
    }
    let description =
      "\(yLabel) against \(xLabel) on log–log axes: " + series.map(Self.legendText).joined(separator: "; ")
    return SVGDocument.render(
      kind: "scaling", id: id, width: FigureStyle.figureWidth, height: height, title: title,
      description: description, body: writer.markup)
  }

  /// "10³", "10⁻²": a power of ten with a superscript exponent.
  static func power(_ exponent: Int) -> String {
    let digits: [Character: Character] = [
      "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷", "8": "⁸", "9": "⁹", "-": "⁻",
    ]
    return "10" + String(String(exponent).map { digits[$0] ?? $0 })
  }
}
