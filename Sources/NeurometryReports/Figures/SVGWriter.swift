import Foundation

/// Builds SVG markup. Every attribute value and every text node is passed through `SVGText.escape`, so no
/// figure can forget to escape a label; element and attribute names are literals of this module.
struct SVGWriter {
  /// Attribute name and value; a `nil` value leaves the attribute out.
  typealias Attributes = [(String, String?)]

  private(set) var markup = ""

  init() {
    markup.reserveCapacity(16_384)
  }

  /// `<name attributes>`.
  mutating func start(_ name: String, _ attributes: Attributes = []) {
    markup += "<" + name
    appendAttributes(attributes)
    markup += ">\n"
  }

  /// `</name>`.
  mutating func end(_ name: String) {
    markup += "</" + name + ">\n"
  }

  /// `<name attributes/>`, or `<name attributes><title>tooltip</title></name>` when a tooltip is given.
  mutating func element(_ name: String, _ attributes: Attributes, tooltip: String? = nil) {
    markup += "<" + name
    appendAttributes(attributes)
    if let tooltip {
      markup += "><title>" + SVGText.escape(tooltip) + "</title></" + name + ">\n"
    } else {
      markup += "/>\n"
    }
  }

  /// `<text attributes>content</text>`, with a `<title>` child when a tooltip is given (used for the full
  /// text of a truncated label).
  mutating func text(_ content: String, _ attributes: Attributes, tooltip: String? = nil) {
    node("text", content: content, attributes, tooltip: tooltip)
  }

  /// `<name attributes>content</name>` for an element holding text (`text`, `title`, `desc`).
  mutating func node(_ name: String, content: String, _ attributes: Attributes, tooltip: String? = nil) {
    markup += "<" + name
    appendAttributes(attributes)
    markup += ">"
    if let tooltip { markup += "<title>" + SVGText.escape(tooltip) + "</title>" }
    markup += SVGText.escape(content) + "</" + name + ">\n"
  }

  /// Markup built by another writer (a figure's body, or path data made of numbers only).
  mutating func append(_ other: SVGWriter) {
    markup += other.markup
  }

  /// A label cut to `width` (estimated at `fontSize`; in the middle when `middle`), its full text as a
  /// tooltip when it was cut.
  mutating func label(
    _ content: String, width: Double, fontSize: Double, middle: Bool = false, _ attributes: Attributes
  ) {
    let shown = SVGText.fitted(content, width: width, fontSize: fontSize, middle: middle)
    text(shown, attributes, tooltip: shown == content ? nil : content)
  }

  private mutating func appendAttributes(_ attributes: Attributes) {
    for (name, value) in attributes {
      guard let value else { continue }
      markup += " " + name + "=\"" + SVGText.escape(value) + "\""
    }
  }
}

/// The root `<svg>` element around a figure's body.
enum SVGDocument {
  /// Wraps `body` in the root element: `xmlns`, id, classes `nm-figure nm-<kind>`, viewBox, role and
  /// aria-labelledby, the font stack, then `<title>`, `<desc>`, the shared `<style>` and the body.
  /// `naturalSize` adds `width`/`height` attributes (page CSS may still override them).
  static func render(
    kind: String, id: String?, width: Double, height: Double, title: String, description: String,
    naturalSize: Bool = false, body: String
  ) -> String {
    let rootID = SVGText.identifier(
      id ?? "nm-\(kind)-\(SVGText.digest(kind + "\u{1}" + title + "\u{1}" + description + "\u{1}" + body))")
    var writer = SVGWriter()
    writer.start(
      "svg",
      [
        ("xmlns", "http://www.w3.org/2000/svg"), ("id", rootID), ("class", "nm-figure nm-\(kind)"),
        ("viewBox", "0 0 \(SVGText.coordinate(width)) \(SVGText.coordinate(height))"),
        ("width", naturalSize ? SVGText.coordinate(width) : nil),
        ("height", naturalSize ? SVGText.coordinate(height) : nil),
        ("role", "img"), ("aria-labelledby", "\(rootID)-title \(rootID)-desc"),
        ("font-family", FigureStyle.fontFamily), ("font-size", SVGText.coordinate(FigureStyle.fontSize)),
      ])
    writer.node("title", content: title, [("id", "\(rootID)-title")])
    writer.node("desc", content: description, [("id", "\(rootID)-desc")])
    writer.node("style", content: ".nm-cell:hover,.nm-point:hover{stroke:#000;stroke-width:1.5px}", [])
    return writer.markup + body + "</svg>\n"
  }

  /// The figure title at the top left (bold, cut to the figure's width, full text as a tooltip).
  static func drawTitle(_ writer: inout SVGWriter, _ title: String, width: Double) {
    guard !title.isEmpty else { return }
    writer.label(
      title, width: width - 2 * FigureStyle.margin, fontSize: FigureStyle.titleFontSize,
      [
        ("class", "nm-title"), ("x", SVGText.coordinate(FigureStyle.margin)),
        ("y", SVGText.coordinate(FigureStyle.titleBaseline)),
        ("font-size", SVGText.coordinate(FigureStyle.titleFontSize)),
        ("font-weight", "bold"), ("fill", FigureStyle.textColour),
      ])
  }

  /// A figure with nothing to plot: its title and a one-line message, `width` × 72 px.
  static func placeholder(
    kind: String, id: String?, title: String, message: String, width: Double = FigureStyle.figureWidth,
    naturalSize: Bool = false
  ) -> String {
    var writer = SVGWriter()
    drawTitle(&writer, title, width: width)
    writer.text(
      message,
      [
        ("class", "nm-empty"), ("x", SVGText.coordinate(FigureStyle.margin)), ("y", "52"),
        ("fill", FigureStyle.mutedTextColour),
      ])
    return render(
      kind: kind, id: id, width: width, height: 72, title: title, description: message, naturalSize: naturalSize,
      body: writer.markup)
  }
}
