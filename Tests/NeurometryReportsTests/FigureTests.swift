import Foundation
import Testing

@testable import NeurometryReports

#if canImport(FoundationXML)
  import FoundationXML  // XMLParser on Linux; part of Foundation on Apple platforms
#endif

// MARK: - Helpers

/// An element of a parsed SVG document.
private final class Element {
  let name: String
  let attributes: [String: String]
  var children: [Element] = []
  /// The character data directly inside this element (not inside its children).
  var text = ""

  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }
}

/// Builds `Element` trees with FoundationXML's `XMLParser` and records parse errors. (`XMLDocument` on
/// Linux recovers from malformed markup without throwing, and does not find attributes of elements in
/// the SVG namespace by name, so it can check neither well-formedness nor data attributes.)
private final class TreeBuilder: NSObject, XMLParserDelegate {
  var stack: [Element] = []
  var root: Element?
  var errors: [String] = []

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
    attributes attributeDict: [String: String] = [:]
  ) {
    let element = Element(name: elementName, attributes: attributeDict)
    if let parent = stack.last { parent.children.append(element) } else { root = element }
    stack.append(element)
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
  ) {
    _ = stack.popLast()
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    stack.last?.text += string
  }

  func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
    errors.append("\(parseError)")
  }
}

private struct MalformedXML: Error, CustomStringConvertible {
  let description: String
}

/// The root element of `svg`, which must be well-formed XML (else this throws).
private func parse(_ svg: String) throws -> Element {
  let parser = XMLParser(data: Data(svg.utf8))
  let builder = TreeBuilder()
  parser.delegate = builder
  let finished = parser.parse()
  // On Linux `parse()` can return true after an error; `parserError` and the delegate still see it.
  guard finished, parser.parserError == nil, builder.errors.isEmpty, let root = builder.root, builder.stack.isEmpty
  else {
    throw MalformedXML(description: "not well-formed: \(parser.parserError.map { "\($0)" } ?? builder.errors.joined())")
  }
  return root
}

/// `element` and all elements below it, in document order.
private func descendants(_ element: Element) -> [Element] {
  [element] + element.children.flatMap(descendants)
}

/// The elements below `root` whose class list contains `name`.
private func elements(_ root: Element, classed name: String) -> [Element] {
  descendants(root).filter { ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(name)) }
}

private func attribute(_ element: Element, _ name: String) -> String? {
  element.attributes[name]
}

/// The text of the `<title>` child of `element` (its tooltip).
private func tooltip(_ element: Element) -> String? {
  element.children.first { $0.name == "title" }?.text
}

/// WCAG relative luminance of components in 0…1.
private func luminance(_ rgb: (red: Double, green: Double, blue: Double)) -> Double {
  func linear(_ c: Double) -> Double { c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
  return 0.2126 * linear(rgb.red) + 0.7152 * linear(rgb.green) + 0.0722 * linear(rgb.blue)
}

/// Condensed (scipy order) dissimilarities of n conditions from f(i, j), i < j.
private func condensed(_ n: Int, _ f: (Int, Int) -> Double) -> [Double] {
  var out: [Double] = []
  for i in 0..<n {
    for j in (i + 1)..<max(i + 1, n) { out.append(f(i, j)) }
  }
  return out
}

/// A small seeded generator (SplitMix64), so the large-RDM sizes do not depend on the run.
private struct SplitMix {
  var state: UInt64
  mutating func next() -> Double {
    state &+= 0x9e37_79b9_7f4a_7c15
    var z = state
    z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
    z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
    z ^= z >> 31
    return Double(z >> 11) / Double(UInt64(1) << 53)
  }
}

private let hostile = "<script>alert(1)</script>"
private let quoted = "\"quotes\" & 'apos'"

// MARK: - Text and numbers

@Suite struct SVGTextTests {
  @Test func escapeReplacesTheFiveMarkupCharactersAndForbiddenControls() {
    #expect(SVGText.escape("a&b<c>d\"e'f") == "a&amp;b&lt;c&gt;d&quot;e&apos;f")
    #expect(SVGText.escape(hostile) == "&lt;script&gt;alert(1)&lt;/script&gt;")
    #expect(SVGText.escape("bell\u{7}\u{FFFE}") == "bell\u{FFFD}\u{FFFD}")
    #expect(SVGText.escape("tab\tline\nρ ×") == "tab\tline\nρ ×")
  }

  @Test func valuesForPeopleHaveThreeSignificantDigits() {
    #expect(SVGText.formatted(0.123456) == "0.123")
    #expect(SVGText.formatted(12.345) == "12.3")
    #expect(SVGText.formatted(9.996) == "10")
    #expect(SVGText.formatted(0.001234) == "0.00123")
    #expect(SVGText.formatted(-0.000511) == "-5.11e-4")
    #expect(SVGText.formatted(1.234e-5) == "1.23e-5")
    #expect(SVGText.formatted(123_456) == "1.23e5")
    #expect(SVGText.formatted(-0.0) == "0")
    #expect(SVGText.formatted(.nan) == "n/a")
    #expect(SVGText.formatted(-0.0004, decimals: 3) == "0.000")
    #expect(SVGText.formatted(0.5, decimals: 3) == "0.500")
    #expect(SVGText.decimals(forMagnitude: 0.598) == 3)
    #expect(SVGText.decimals(forMagnitude: 1234) == 0)
    #expect(SVGText.decimals(forMagnitude: 1e-9) == nil)
  }

  @Test func exactValuesRoundTrip() {
    for value in [
      0.1 + 0.2, 1.0 / 3, -0.0, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -2.5e-8, .infinity,
    ] {
      #expect(Double(SVGText.exact(value))?.bitPattern == value.bitPattern, "\(value)")
    }
    #expect(SVGText.exact(.nan) == "NaN")
    #expect(Double(SVGText.exact(.nan))?.isNaN == true)
  }

  @Test func coordinatesHaveAtMostTwoDecimals() {
    #expect(SVGText.coordinate(12.5) == "12.5")
    #expect(SVGText.coordinate(3.14159) == "3.14")
    #expect(SVGText.coordinate(-0.001) == "0")
    #expect(SVGText.coordinate(-7.006) == "-7.01")
    #expect(SVGText.coordinate(100) == "100")
    #expect(SVGText.coordinate(.nan) == "0")
  }

  @Test func truncationKeepsTheDistinctiveEnds() {
    #expect(SVGText.truncated("posterior inferior temporal", maxCharacters: 10) == "posterior…")
    let layer = "features.denseblock3.denselayer12"
    #expect(SVGText.truncatedMiddle(layer, maxCharacters: 22) == "feature…3.denselayer12")
    #expect(SVGText.truncatedMiddle("V1", maxCharacters: 22) == "V1")
  }
}

// MARK: - Colour scale and ticks

@Suite struct ColourScaleTests {
  @Test func luminanceRisesStrictlyAlongTheScale() throws {
    let scale = ColourScale.viridis
    #expect(scale.stops.count >= 16 && scale.stops.count <= 32)
    // The stops, as written.
    let stopLuminance = try (0..<scale.stops.count).map {
      try #require(ColourScale.relativeLuminance(hex: scale.stopColour($0)))
    }
    for k in 1..<stopLuminance.count { #expect(stopLuminance[k] > stopLuminance[k - 1], "stop \(k)") }
    // The interpolated scale, finely.
    let fine = (0...1000).map { luminance(scale.rgb(Double($0) / 1000)) }
    for k in 1..<fine.count { #expect(fine[k] > fine[k - 1], "t = \(Double(k) / 1000)") }
    // The hex colours the figures write, at 101 positions.
    let written = try (0...100).map { try #require(ColourScale.relativeLuminance(hex: scale.colour(Double($0) / 100))) }
    for k in 1..<written.count { #expect(written[k] > written[k - 1], "t = \(Double(k) / 100)") }
  }

  @Test func endsClampingAndMissing() {
    let scale = ColourScale.viridis
    #expect(scale.colour(0) == "#440154")
    #expect(scale.colour(1) == "#fde725")
    #expect(scale.colour(-3) == "#440154")
    #expect(scale.colour(7) == "#fde725")
    #expect(scale.colour(.nan) == ColourScale.missingColour)
    #expect(ColourScale.relativeLuminance(hex: "#zzzzzz") == nil)
  }

  @Test func cellTextContrastsWithTheCell() {
    #expect(ColourScale.textColour(onBackground: "#440154") == "#ffffff")
    #expect(ColourScale.textColour(onBackground: "#fde725") == "#111111")
  }
}

@Suite struct NiceTicksTests {
  private func check(_ low: Double, _ high: Double, target: Int = 5, sourceLocation: SourceLocation = #_sourceLocation)
  {
    let ticks = NiceTicks(lower: low, upper: high, targetCount: target)
    let values = ticks.values
    #expect(
      values.count >= 2 && values.count <= 2 * max(2, target) + 2, "\(low)…\(high): \(values)",
      sourceLocation: sourceLocation)
    #expect(
      values.first! <= min(low, high) && values.last! >= max(low, high), "\(low)…\(high): \(values)",
      sourceLocation: sourceLocation)
    #expect([1, 2, 5].contains(ticks.mantissa), sourceLocation: sourceLocation)
    let expectedStep = Double(ticks.mantissa) * pow(10, Double(ticks.exponent))
    #expect(abs(ticks.step - expectedStep) <= 1e-12 * expectedStep, sourceLocation: sourceLocation)
    // Equal steps and integer multiples of the step, up to the rounding of values far from 0.
    let rounding = 4 * Double.ulpOfOne * max(abs(values.first!), abs(values.last!))
    for k in 1..<values.count {
      #expect(
        abs(values[k] - values[k - 1] - ticks.step) <= 1e-9 * ticks.step + 2 * rounding, "\(values)",
        sourceLocation: sourceLocation)
    }
    for value in values {
      let multiple = value / ticks.step
      #expect(
        abs(multiple - multiple.rounded()) <= 1e-9 + rounding / ticks.step,
        "\(value) is not a multiple of \(ticks.step)",
        sourceLocation: sourceLocation)
    }
    if low < 0 && high > 0 { #expect(values.contains(0), "\(values)", sourceLocation: sourceLocation) }
  }

  @Test func ticksCoverTheRangeInRoundSteps() {
    check(0, 1)
    check(-0.2, 0.598)
    check(0.31, 0.35)
    check(-1e-6, 3e-6)
    check(1234, 98_765)
    check(-5, -3)
    check(1e-4, 1.1e-4)
    check(0.1, 0.1)
    check(0, 0)
    check(7, 2)  // reversed
    var random = SplitMix(state: 7)
    for _ in 0..<300 {
      let centre = (random.next() - 0.5) * pow(10, Double(Int(random.next() * 12) - 6))
      let width = pow(10, Double(Int(random.next() * 12) - 6)) * random.next()
      check(centre - width, centre + width, target: 2 + Int(random.next() * 8))
    }
  }

  @Test func ticksAreTheDecimalsTheyStandFor() {
    let ticks = NiceTicks(covering: 0...1)
    #expect(ticks.values == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
    #expect(ticks.values.map(ticks.label) == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    let tenths = NiceTicks(covering: 0.1...0.3, targetCount: 3)
    #expect(tenths.values == [0.1, 0.2, 0.3])
  }

  @Test func nonFiniteBoundsDoNotTrap() {
    #expect(NiceTicks(lower: .nan, upper: .nan).values == NiceTicks(covering: 0...1).values)
    #expect(NiceTicks(lower: .nan, upper: 3).values.contains(3))
    #expect(NiceTicks(lower: -.infinity, upper: .infinity).values.count >= 2)
  }
}

// MARK: - Figures

@Suite struct FigureTests {
  private let layers = ["conv1", "conv2", "conv3", "conv4", "fc"]
  private let regions = ["V1", "V4", "IT"]

  @Test func parserRejectsMalformedMarkup() throws {
    // The well-formedness checks below rely on these throwing.
    #expect(throws: MalformedXML.self) { try parse("<svg><rect></svg>") }
    #expect(throws: MalformedXML.self) { try parse("<svg a=\"<b>\"/>") }
    #expect(throws: MalformedXML.self) { try parse("<svg/>junk") }
    #expect(throws: MalformedXML.self) { try parse("<svg>\u{1}</svg>") }
    let root = try parse("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect data-value=\"&lt;&amp;&apos;\"/></svg>")
    #expect(root.children.first?.attributes["data-value"] == "<&'")
  }

  @Test func hostileLabelsAreShownAsTextInEveryFigure() throws {
    let heatmap = HeatmapFigure(
      values: [[0.1, 0.2], [0.3, 0.4]], rowLabels: [hostile, "bell\u{7}"], columnLabels: [quoted, "IT"], title: hostile,
      valueLabel: quoted
    ).svg()
    let profile = LayerProfileFigure(
      layers: [hostile, quoted], scores: [0.1, 0.2], lower: [0, 0.1], upper: [0.2, 0.3], ceiling: (0.3, 0.4), best: 0,
      title: hostile, yLabel: quoted
    ).svg()
    let rdm = RDMFigure(dissimilarities: [1, 2, 3], conditions: 3, title: hostile, labels: [hostile, quoted, "c"]).svg()
    let scatter = ScatterFigure(
      points: [(0, 0), (1, 1)], labels: [hostile, "V1"], groups: [quoted, "region"], title: hostile, xLabel: quoted
    ).svg()
    for svg in [heatmap, profile, rdm, scatter] {
      #expect(!svg.contains("<script"))
      #expect(!svg.contains("\u{7}"))
      let root = try parse(svg)
      #expect(descendants(root).allSatisfy { $0.name != "script" })
      #expect(descendants(root).first { $0.name == "title" }?.text == hostile)
    }
    let heatmapCells = elements(try parse(heatmap), classed: "nm-cell")
    #expect(heatmapCells.contains { attribute($0, "data-row") == hostile && attribute($0, "data-column") == quoted })
    #expect(heatmapCells.contains { tooltip($0)?.hasPrefix("\(hostile) × \(quoted): ") == true })
    #expect(elements(try parse(profile), classed: "nm-point").map { attribute($0, "data-layer") } == [hostile, quoted])
    #expect(elements(try parse(rdm), classed: "nm-cell").contains { attribute($0, "data-row") == hostile })
    let scatterPoints = elements(try parse(scatter), classed: "nm-point")
    #expect(scatterPoints.contains { attribute($0, "data-label") == hostile && attribute($0, "data-group") == quoted })
  }

  @Test func heatmapCellsCarryTheExactInputValues() throws {
    let values: [[Double]] = [
      [0.1 + 0.2, 1.0 / 3, -0.0, 1e-300],
      [.nan, 123_456.789, -2.5e-8, .infinity],
      [0.5, 0.25, -1, 2],
    ]
    let rows = ["r0", "r1", "r2"]
    let columns = ["c0", "c1", "c2", "c3"]
    let root = try parse(
      HeatmapFigure(values: values, rowLabels: rows, columnLabels: columns, title: "t", valueLabel: "score").svg())
    let cells = elements(root, classed: "nm-cell")
    #expect(cells.count == 12)
    var seen = Set<String>()
    for cell in cells {
      let row = try #require(rows.firstIndex(of: attribute(cell, "data-row") ?? ""))
      let column = try #require(columns.firstIndex(of: attribute(cell, "data-column") ?? ""))
      seen.insert("\(row),\(column)")
      let text = try #require(attribute(cell, "data-value"))
      let parsed = try #require(Double(text))
      let expected = values[row][column]
      if expected.isNaN {
        #expect(text == "NaN")
        #expect(parsed.isNaN)
        #expect(attribute(cell, "class")?.contains("nm-missing") == true)
        #expect(attribute(cell, "fill") == ColourScale.missingColour)
        #expect(tooltip(cell) == "r1 × c0: n/a")
      } else {
        #expect(parsed.bitPattern == expected.bitPattern, "cell \(row),\(column): \(text)")
        #expect(tooltip(cell) == "\(rows[row]) × \(columns[column]): \(SVGText.formatted(expected))")
      }
    }
    #expect(seen.count == 12)
  }

  @Test func heatmapColoursSpanTheFiniteRange() throws {
    let values: [[Double]] = [[-1, 0, .nan], [3, 1, -.infinity]]
    let figure = HeatmapFigure(
      values: values, rowLabels: ["a", "b"], columnLabels: ["x", "y", "z"], title: "", valueLabel: "v")
    #expect(figure.colourRange == -1...3)
    let cells = elements(try parse(figure.svg()), classed: "nm-cell")
    let fill = { (value: String) in
      cells.first { attribute($0, "data-value") == value }.flatMap { attribute($0, "fill") }
    }
    #expect(fill("-1.0") == ColourScale.viridis.colour(0))
    #expect(fill("3.0") == ColourScale.viridis.colour(1))
    #expect(fill("0.0") == ColourScale.viridis.colour(0.25))
    #expect(fill("-inf") == ColourScale.viridis.colour(0))
    // A fixed range wins.
    let fixed = HeatmapFigure(
      values: values, rowLabels: ["a", "b"], columnLabels: ["x", "y", "z"], title: "", valueLabel: "v", range: 0...2)
    #expect(fixed.colourRange == 0...2)
  }

  @Test func rdmOfFiveConditionsHasSymmetricCells() throws {
    var dissimilarities = condensed(5) { i, j in Double(j * j + i) }  // distinct, not in condensed order
    dissimilarities[3] = .nan  // the pair (0, 4)
    let root = try parse(RDMFigure(dissimilarities: dissimilarities, conditions: 5, title: "IT").svg())
    let cells = elements(root, classed: "nm-cell")
    #expect(cells.count == 25)
    var fill = [[String]](repeating: [String](repeating: "", count: 5), count: 5)
    var value = [[Double]](repeating: [Double](repeating: .nan, count: 5), count: 5)
    for cell in cells {
      let i = try #require(Int(attribute(cell, "data-row") ?? ""))
      let j = try #require(Int(attribute(cell, "data-column") ?? ""))
      fill[i][j] = attribute(cell, "fill") ?? ""
      value[i][j] = try #require(Double(attribute(cell, "data-value") ?? ""))
    }
    let positions = RDMFigure(dissimilarities: dissimilarities, conditions: 5, title: "").rankPositions
    var index = 0
    for i in 0..<5 {
      #expect(fill[i][i] == ColourScale.viridis.colour(0))
      #expect(value[i][i] == 0)
      for j in (i + 1)..<5 {
        #expect(fill[i][j] == fill[j][i], "(\(i), \(j))")
        #expect(fill[i][j] == ColourScale.viridis.colour(positions[index]))
        #expect(value[i][j].bitPattern == dissimilarities[index].bitPattern || dissimilarities[index].isNaN)
        index += 1
      }
    }
    #expect(fill[0][4] == ColourScale.missingColour)
    #expect(value[4][0].isNaN)
    // The most dissimilar pair is at the top of the scale.
    let largest = try #require(
      dissimilarities.indices.filter { dissimilarities[$0].isFinite }.max { dissimilarities[$0] < dissimilarities[$1] })
    #expect(positions[largest] == 1)
  }

  @Test func rdmRanksAreAveragedOverTies() {
    let figure = RDMFigure(dissimilarities: [1, 2, 2, .nan, 5, 0.5], conditions: 4, title: "")
    let positions = figure.rankPositions
    let expected = [2.0 / 5, 3.5 / 5, 3.5 / 5, .nan, 1, 1.0 / 5]
    #expect(positions.count == 6)
    for (p, e) in zip(positions, expected) {
      #expect(p == e || (p.isNaN && e.isNaN), "\(positions)")
    }
  }

  @Test func largeRDMsAreColourRunsOfBoundedSize() throws {
    var random = SplitMix(state: 11)
    for (n, limit, block) in [(64, 120_000, "1"), (500, 300_000, "4"), (1000, 300_000, "8")] {
      let svg = RDMFigure(dissimilarities: condensed(n) { _, _ in random.next() }, conditions: n, title: "n = \(n)")
        .svg()
      #expect(svg.utf8.count < limit, "n = \(n): \(svg.utf8.count) bytes")
      let root = try parse(svg)
      #expect(elements(root, classed: "nm-cell").isEmpty)  // no per-cell elements
      let group = try #require(elements(root, classed: "nm-cells").first)
      #expect(attribute(group, "data-block") == block)
      let paths = descendants(group).filter { $0.name == "path" }
      #expect(paths.count >= 2 && paths.count <= ColourScale.viridis.stops.count + 1)
    }
    // Fewer blocks, smaller thumbnails.
    let dissimilarities = condensed(500) { _, _ in random.next() }
    var coarse = RDMFigure(dissimilarities: dissimilarities, conditions: 500, title: "")
    let fine = coarse.svg()
    coarse.maxBlocks = 64
    let small = coarse.svg()
    #expect(small.utf8.count * 2 < fine.utf8.count)
    #expect(elements(try parse(small), classed: "nm-cells").first.flatMap { attribute($0, "data-block") } == "8")
  }

  @Test func missingPairsAreHatchedInBothDrawings() throws {
    for n in [6, 60, 300] {
      let complete = condensed(n) { i, j in Double(i * n + j) }
      // Conditions 0–2 missing: a whole block when blocks are 3 × 3 (n = 300).
      let holed = condensed(n) { i, j in i < 3 ? .nan : Double(i * n + j) }
      #expect(
        elements(try parse(RDMFigure(dissimilarities: complete, conditions: n, title: "").svg()), classed: "nm-hatch")
          .isEmpty)
      let hatch = elements(
        try parse(RDMFigure(dissimilarities: holed, conditions: n, title: "").svg()), classed: "nm-hatch")
      #expect(hatch.count == 1, "n = \(n)")
      #expect((hatch.first.flatMap { attribute($0, "d") } ?? "").count > 20)
    }
  }

  @Test func profileMarksTheBestLayer() throws {
    let scores = [0.1, 0.25, 0.4, 0.35, 0.2]
    for best in [2, 4] {
      let svg = LayerProfileFigure(
        layers: layers, scores: scores, lower: scores.map { $0 - 0.05 }, upper: scores.map { $0 + 0.05 },
        ceiling: (0.45, 0.5), best: best, title: "IT", yLabel: "ρ"
      ).svg()
      let root = try parse(svg)
      let marks = elements(root, classed: "nm-best")
      #expect(marks.count == 1)
      #expect(marks.first.flatMap { attribute($0, "data-layer") } == layers[best])
      let bold = descendants(root).filter { attribute($0, "font-weight") == "bold" && $0.name == "text" }
      #expect(bold.contains { $0.text == layers[best] })
      let points = elements(root, classed: "nm-point")
      #expect(points.map { attribute($0, "data-layer") } == layers)
      #expect(points.map { attribute($0, "data-value").flatMap(Double.init) } == scores.map(Optional.some))
    }
    for best in [nil, 7, -1] as [Int?] {
      let root = try parse(
        LayerProfileFigure(
          layers: layers, scores: scores, lower: scores, upper: scores, ceiling: nil, best: best, title: "", yLabel: ""
        ).svg())
      #expect(elements(root, classed: "nm-best").isEmpty)
    }
  }

  @Test func profileAxisCoversTheCeilingAndIncludesZero() throws {
    let root = try parse(
      LayerProfileFigure(
        layers: ["a", "b", "c"], scores: [-0.05, 0.2, 0.3], lower: [.nan, .nan, .nan], upper: [.nan, .nan, .nan],
        ceiling: (0.6, 0.7), best: 2, title: "", yLabel: "r"
      ).svg())
    let tickLabels = descendants(root).filter { attribute($0, "class") == "nm-tick-label" }.compactMap {
      Double($0.text)
    }
    #expect(tickLabels.contains(0))
    #expect((tickLabels.min() ?? 0) <= -0.05 && (tickLabels.max() ?? 0) >= 0.7)
  }

  @Test func scatterGivesEachGroupAShapeAndAColourWithEqualScales() throws {
    let points: [(x: Double, y: Double)] = [(0, 0), (1, 0), (0, 1), (3, -2), (.nan, 1)]
    let svg = ScatterFigure(
      points: points, labels: ["a", "b", "c", "d", "e"], groups: ["layer", "layer", "layer", "region", "layer"],
      title: "MDS"
    ).svg()
    let root = try parse(svg)
    let drawn = elements(root, classed: "nm-point")
    #expect(drawn.map { attribute($0, "data-label") } == ["a", "b", "c", "d"])
    let layerPoints = drawn.filter { attribute($0, "data-group") == "layer" }
    let regionPoint = try #require(drawn.first { attribute($0, "data-group") == "region" })
    #expect(Set(layerPoints.map { attribute($0, "data-shape") }).count == 1)
    #expect(attribute(layerPoints[0], "data-shape") != attribute(regionPoint, "data-shape"))
    #expect(attribute(layerPoints[0], "fill") != attribute(regionPoint, "fill"))
    // Circles start "M<cx − r> <cy>a<r> …": one unit along x and along y are equally long on the page.
    func centre(_ element: Element) throws -> (Double, Double) {
      let d = try #require(attribute(element, "d"))
      let numbers = d.dropFirst().split(whereSeparator: { $0 == " " || $0 == "a" }).prefix(3).compactMap { Double($0) }
      try #require(numbers.count == 3)
      return (numbers[0] + numbers[2], numbers[1])
    }
    let (o, ex, ey) = (try centre(layerPoints[0]), try centre(layerPoints[1]), try centre(layerPoints[2]))
    #expect(abs(abs(ex.0 - o.0) - abs(ey.1 - o.1)) < 0.05)
    #expect(abs(ex.1 - o.1) < 0.05 && abs(ey.0 - o.0) < 0.05)
    #expect(svg.contains("1 point not shown"))
  }

  @Test func rootCarriesAccessibleNameAndDescription() throws {
    let svg = HeatmapFigure(values: [[1]], rowLabels: ["a"], columnLabels: ["b"], title: "Title", valueLabel: "v")
      .svg(id: "fig 1<x>")
    let root = try parse(svg)
    #expect(root.name == "svg")
    #expect(attribute(root, "id") == "fig-1-x-")
    #expect(attribute(root, "role") == "img")
    #expect(attribute(root, "aria-labelledby") == "fig-1-x--title fig-1-x--desc")
    let children = root.children
    #expect(children.first?.name == "title" && attribute(children[0], "id") == "fig-1-x--title")
    #expect(children.count > 1 && children[1].name == "desc" && attribute(children[1], "id") == "fig-1-x--desc")
    let viewBox = (attribute(root, "viewBox") ?? "").split(separator: " ").compactMap { Double($0) }
    #expect(viewBox.count == 4 && viewBox[2] > 0 && viewBox[3] > 0)
    #expect(attribute(root, "width") == nil)
  }

  @Test func figuresAreDeterministicAndSelfContained() throws {
    let scores = [0.1, 0.3, 0.2]
    let figures: [any SVGFigure] = [
      HeatmapFigure(
        values: [[0.1, 0.2], [0.3, .nan]], rowLabels: ["a", "b"], columnLabels: ["c", "d"], title: "h",
        valueLabel: "v"),
      LayerProfileFigure(
        layers: ["a", "b", "c"], scores: scores, lower: scores, upper: scores, ceiling: (0.3, 0.4), best: 1, title: "p",
        yLabel: "y"),
      RDMFigure(dissimilarities: condensed(8) { i, j in Double(j - i) }, conditions: 8, title: "r"),
      RDMFigure(dissimilarities: condensed(200) { i, j in Double(j - i) }, conditions: 200, title: "r"),
      ScatterFigure(points: [(0, 1), (2, 3)], labels: ["a", "b"], groups: ["g", "h"], title: "s"),
    ]
    for figure in figures {
      let svg = figure.svg()
      #expect(svg == figure.svg())
      let outside = svg.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
      for forbidden in ["http", "href", "url(", "<image", "<script", "<foreignObject", "@import", "@font-face"] {
        #expect(!outside.contains(forbidden), "\(type(of: figure)) contains \(forbidden)")
      }
      _ = try parse(svg)
    }
    // Different figures get different default ids.
    let ids = try figures.map { try parse($0.svg()) }.map { attribute($0, "id") }
    #expect(Set(ids).count == ids.count)
  }

  @Test func degenerateInputsGiveValidFigures() throws {
    let nan = Double.nan
    let svgs: [String] = [
      // Heatmaps: empty, 1 × 1, all equal, all NaN, ragged rows and missing labels.
      HeatmapFigure(values: [], rowLabels: [], columnLabels: [], title: "empty", valueLabel: "v").svg(),
      HeatmapFigure(values: [[]], rowLabels: [], columnLabels: [], title: "empty row", valueLabel: "v").svg(),
      HeatmapFigure(values: [[0.4]], rowLabels: ["a"], columnLabels: ["b"], title: "one", valueLabel: "v").svg(),
      HeatmapFigure(
        values: [[2, 2], [2, 2]], rowLabels: ["a", "b"], columnLabels: ["c", "d"], title: "", valueLabel: ""
      ).svg(),
      HeatmapFigure(values: [[nan, nan]], rowLabels: ["a"], columnLabels: ["c", "d"], title: "nan", valueLabel: "v")
        .svg(),
      HeatmapFigure(values: [[1], [1, 2, 3]], rowLabels: ["a"], columnLabels: [], title: "ragged", valueLabel: "v")
        .svg(),
      HeatmapFigure(
        values: [[1, 2]], rowLabels: ["a"], columnLabels: ["c", "d"], title: "inf range", valueLabel: "v",
        range: -.infinity...0
      ).svg(),
      HeatmapFigure(
        values: (0..<300).map { r in [Double(r)] }, rowLabels: (0..<300).map { "l\($0)" }, columnLabels: ["x"],
        title: "tall", valueLabel: "v"
      ).svg(),
      // Profiles: one layer, NaN intervals, no ceiling, all-NaN scores, reversed and equal ceilings, no layers,
      // more scores than layers, infinite values.
      LayerProfileFigure(
        layers: ["fc"], scores: [0.3], lower: [nan], upper: [nan], ceiling: nil, best: 0, title: "one", yLabel: "r"
      ).svg(),
      LayerProfileFigure(
        layers: ["a", "b"], scores: [nan, nan], lower: [], upper: [], ceiling: nil, best: 1, title: "nan", yLabel: "r"
      ).svg(),
      LayerProfileFigure(
        layers: ["a", "b"], scores: [0.2, 0.2], lower: [0.2, 0.2], upper: [0.2, 0.2], ceiling: (0.5, 0.2), best: nil,
        title: "", yLabel: ""
      ).svg(),
      LayerProfileFigure(
        layers: ["a", "b"], scores: [0.2, 0.3], lower: [nan, 0.1], upper: [nan, 0.4], ceiling: (0.4, 0.4), best: 1,
        title: "", yLabel: ""
      ).svg(),
      LayerProfileFigure(layers: [], scores: [], lower: [], upper: [], ceiling: nil, best: 0, title: "none", yLabel: "")
        .svg(),
      LayerProfileFigure(
        layers: ["a"], scores: [1, 2, 3], lower: [], upper: [], ceiling: (nan, 1), best: 2, title: "", yLabel: ""
      ).svg(),
      LayerProfileFigure(
        layers: ["a", "b"], scores: [.infinity, 1], lower: [-.infinity, 0], upper: [.infinity, 2], ceiling: nil,
        best: 0, title: "", yLabel: ""
      ).svg(),
      // RDMs: no conditions, one, two, too few or too many dissimilarities, all NaN, all equal, odd sizes.
      RDMFigure(dissimilarities: [], conditions: 0, title: "none").svg(),
      RDMFigure(dissimilarities: [], conditions: -3, title: "negative").svg(),
      RDMFigure(dissimilarities: [], conditions: 1, title: "one").svg(),
      RDMFigure(dissimilarities: [0.7], conditions: 2, title: "two", labels: ["a"]).svg(),
      RDMFigure(dissimilarities: [1, 2], conditions: 4, title: "short").svg(),
      RDMFigure(dissimilarities: [1, 2, 3, 4, 5], conditions: 2, title: "long").svg(),
      RDMFigure(dissimilarities: [nan, nan, nan], conditions: 3, title: "nan").svg(),
      RDMFigure(dissimilarities: [2, 2, 2], conditions: 3, title: "equal", size: .nan).svg(),
      RDMFigure(dissimilarities: condensed(129) { _, _ in 1 }, conditions: 129, title: "129", labels: []).svg(),
      RDMFigure(dissimilarities: condensed(41) { i, _ in i % 3 == 0 ? nan : 1 }, conditions: 41, title: "41").svg(),
      // Scatters: no points, one point, identical points, only NaN points, missing labels and groups.
      ScatterFigure(points: [], labels: [], groups: [], title: "none").svg(),
      ScatterFigure(points: [(1, 1)], labels: ["a"], groups: ["g"], title: "one").svg(),
      ScatterFigure(
        points: [(2, 2), (2, 2), (2, 2)], labels: ["a", "b", "c"], groups: ["g", "g", "h"], title: "same"
      ).svg(),
      ScatterFigure(points: [(nan, 1), (.infinity, 0)], labels: ["a", "b"], groups: ["g", "g"], title: "nan").svg(),
      ScatterFigure(points: [(0, 0), (1e-12, 1e-12), (5, 0)], labels: [], groups: [], title: "").svg(),
    ]
    for svg in svgs {
      let root = try parse(svg)
      #expect(root.name == "svg")
      #expect(descendants(root).contains { $0.name == "desc" })
      for element in descendants(root) {
        for name in ["x", "y", "width", "height", "cx", "cy", "r", "x1", "x2", "y1", "y2", "d", "transform", "viewBox"]
        {
          let value = (attribute(element, name) ?? "").lowercased()
          #expect(!value.contains("nan") && !value.contains("inf"), "\(element.name) \(name)=\(value)")
        }
      }
    }
  }
}

/// `ScalingFigure`: the fitted exponent of exact power laws, points on decade axes, unusable
/// points counted, and the legend's exponent beside the theory.
@Suite struct ScalingFigureTests {
  @Test func fitsExactPowerLawsAndDrawsEveryPoint() throws {
    let sizes = [100.0, 200, 500, 1000, 2000, 4000]
    let quadratic = ScalingFigure.Series(label: "time (s)", x: sizes, y: sizes.map { 3e-7 * $0 * $0 }, theory: 2)
    let linear = ScalingFigure.Series(label: "memory (MB)", x: sizes, y: sizes.map { 0.5 * $0 + 0 * $0 }, theory: 1)
    let fitQ = try #require(quadratic.fit)
    let fitL = try #require(linear.fit)
    #expect(abs(fitQ.exponent - 2) < 1e-12 && abs(fitQ.intercept - log10(3e-7)) < 1e-12)
    #expect(abs(fitL.exponent - 1) < 1e-12)
    #expect(ScalingFigure.legendText(quadratic) == "time (s): k = 2.00 (theory 2)")
    let figure = ScalingFigure(series: [quadratic, linear], title: "RDM", xLabel: "conditions", yLabel: "cost")
    let svg = figure.svg(id: "f")
    #expect(svg.components(separatedBy: "class=\"nm-point\"").count - 1 == 12)
    #expect(svg.components(separatedBy: "class=\"nm-fit\"").count - 1 == 2)
    #expect(svg.contains(">10³<") && svg.contains("k = 1.00 (theory 1)"))
    #expect(svg == figure.svg(id: "f"))
    let root = try parse(svg)
    let points = elements(root, classed: "nm-point")
    #expect(points.count == 12)
    #expect(points.first.flatMap { attribute($0, "data-x") } == "100.0")
  }

  @Test func unusablePointsAreCountedNotDrawn() {
    let s = ScalingFigure.Series(label: "t", x: [10, 100, 0, 1000], y: [1, -1, 5, .nan])
    #expect(s.fit == nil)
    let svg = ScalingFigure(series: [s], title: "", xLabel: "x", yLabel: "y").svg(id: "g")
    #expect(svg.components(separatedBy: "class=\"nm-point\"").count - 1 == 1)
    #expect(svg.contains("3 points with a non-positive value cannot be drawn on log axes"))
    #expect(ScalingFigure.power(-2) == "10⁻²")
  }
}
