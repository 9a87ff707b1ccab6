import Foundation

/// A thumbnail of a representational dissimilarity matrix (RDM), shown as rsatoolbox shows RDMs: colour is
/// the rank-transformed dissimilarity, so the figure shows the ordering of the pairs whatever the measure's
/// scale.
///
/// Colour: each finite dissimilarity gets t = (its average rank among the finite pairs) / (number of finite
/// pairs), in (0, 1], coloured with `ColourScale.viridis` (ties share a colour; the matrix is symmetric, so
/// are its colours); the diagonal is drawn as 0 (t = 0, the darkest colour); NaN pairs are grey and hatched
/// (one `<path class="nm-hatch">` over all of them).
///
/// What is drawn: the title above (11 px, cut to the width), the `size` × `size` px matrix, condition labels
/// (8 px, left and below, every k-th when dense, cut to about 60 px) only when `labels` are given and
/// n ≤ 40, and a thin colour key "0 … percentile … 100" below. Unlike the full-width figures, the root
/// element carries `width`/`height` (its natural size in px), so it shows as a thumbnail; page CSS may
/// override them.
///
/// How the matrix is drawn depends on the number of conditions n (file sizes measured with random
/// dissimilarities, the worst case for run merging; structured RDMs are smaller):
/// - n ≤ 40 (`detailLimit`): one `<rect class="nm-cell" data-row="…" data-column="…" data-value="…">` per
///   cell with a `<title>` "a × b: value (percentile p)", row/column named by label or 0-based index,
///   `data-value` the exact dissimilarity (0 on the diagonal, `NaN` when missing);
/// - n > 40: no per-cell elements; each row is cut into runs of equal colour, quantised to the scale's 32
///   stops, and all runs of one colour form one `<path>` (at most 33 paths, in condition units under one
///   `transform`, `shape-rendering="crispEdges"`). n = 64: about 57 KB (random dissimilarities: 58 KB);
/// - n > `maxBlocks` (default 128, `blockLimit`): the matrix is first reduced to blocks of k × k conditions,
///   k = ⌈n / maxBlocks⌉, each block showing the mean t of its cells (NaN ignored; grey when all are NaN), so
///   no thumbnail has more than maxBlocks × maxBlocks blocks. n = 500 (k = 4, 125 × 125 blocks): about
///   190 KB (random: 220 KB); n = 1000 (k = 8): under 220 KB whatever the data. The size grows with
///   maxBlocks², so a report with hundreds of large RDMs can lower it (64 gives about a quarter).
///
/// `dissimilarities` is in scipy's condensed order ((0,1), (0,2), …, (0,n−1), (1,2), …); missing entries count as
/// NaN and extra ones are ignored. No input traps.
public struct RDMFigure: SVGFigure {
  /// The dissimilarities, condensed (strict upper triangle, row by row), n(n−1)/2 of them.
  public var dissimilarities: [Double]
  /// The number of conditions n.
  public var conditions: Int
  /// The figure's title (e.g. the region or layer), also its accessible name.
  public var title: String
  /// Condition labels (drawn when n ≤ 40), or nil.
  public var labels: [String]?
  /// The side of the matrix in px.
  public var size: Double

  /// Up to this many conditions, every cell is its own `<rect>` with data attributes and a tooltip.
  public static let detailLimit = 40
  /// The default of `maxBlocks`.
  public static let blockLimit = 128
  /// Above this many conditions, cells are averaged in blocks so that at most this many blocks show per
  /// side (clamped to 16…1024).
  public var maxBlocks: Int = RDMFigure.blockLimit

  /// A thumbnail of the RDM of `conditions` conditions given by its condensed `dissimilarities`;
  /// `labels` name the conditions, `size` is the matrix's side in px.
  public init(dissimilarities: [Double], conditions: Int, title: String, labels: [String]? = nil, size: Double = 160) {
    self.dissimilarities = dissimilarities
    self.conditions = conditions
    self.title = title
    self.labels = labels
    self.size = size
  }

  /// The colour position t of every condensed pair: (average rank among the finite pairs) / (number of
  /// finite pairs); NaN for a missing or non-finite pair.
  public var rankPositions: [Double] {
    let n = max(0, conditions)
    let pairs = n * (n - 1) / 2
    var positions = [Double](repeating: .nan, count: pairs)
    var finite: [(value: Double, index: Int)] = []
    finite.reserveCapacity(min(pairs, dissimilarities.count))
    for index in 0..<min(pairs, dissimilarities.count) where dissimilarities[index].isFinite {
      finite.append((dissimilarities[index], index))
    }
    finite.sort { $0.value < $1.value }
    let m = Double(finite.count)
    var start = 0
    while start < finite.count {
      var end = start
      while end + 1 < finite.count && finite[end + 1].value == finite[start].value { end += 1 }
      // Ranks start + 1 … end + 1 share their average.
      let averageRank = Double(start + end + 2) / 2
      for k in start...end { positions[finite[k].index] = averageRank / m }
      start = end + 1
    }
    return positions
  }

  private var blockSideLimit: Int { min(1024, max(16, maxBlocks)) }

  private func labelText(_ index: Int) -> String {
    if let labels, index < labels.count { return labels[index] }
    return "\(index)"
  }

  /// The RDM thumbnail as one `<svg>` element (see `SVGFigure.svg(id:)` for the id and the conventions).
  public func svg(id: String?) -> String {
    let n = max(0, conditions)
    let side = size.isFinite && size >= 16 ? size : 160
    guard n > 0 else {
      return SVGDocument.placeholder(
        kind: "rdm", id: id, title: title, message: "No conditions.", width: max(side, 120), naturalSize: true)
    }
    let c = SVGText.coordinate
    let scale = ColourScale.viridis
    let positions = rankPositions
    let cell = side / Double(n)
    let pad = 4.0
    let titleHeight = title.isEmpty ? pad : 18.0
    let labelFont = 8.0
    let showLabels = labels != nil && n <= RDMFigure.detailLimit
    let labelWidth =
      showLabels
      ? min(60, (0..<n).map { SVGText.estimatedWidth(labelText($0), fontSize: labelFont) }.max() ?? 0) + 3 : 0
    let matrix = PlotRect(x: pad + labelWidth, y: titleHeight, width: side, height: side)
    let keyTop = matrix.maxY + labelWidth + 6
    let width = matrix.maxX + pad
    let height = keyTop + 6 + labelFont + 6
    let pairIndex = { (i: Int, j: Int) -> Int in
      let (a, b) = i < j ? (i, j) : (j, i)
      return n * a - a * (a + 1) / 2 + (b - a - 1)
    }

    var writer = SVGWriter()
    if !title.isEmpty {
      writer.label(
        title, width: width - 2 * pad, fontSize: FigureStyle.smallFontSize,
        [
          ("class", "nm-title"), ("x", c(pad)), ("y", "13"), ("font-size", c(FigureStyle.smallFontSize)),
          ("font-weight", "bold"), ("fill", FigureStyle.textColour),
        ])
    }

    var missingRects: [PlotRect] = []
    if n <= RDMFigure.detailLimit {
      writer.start("g", [("class", "nm-cells"), ("shape-rendering", "crispEdges")])
      for i in 0..<n {
        for j in 0..<n {
          let value: Double
          let t: Double
          if i == j {
            (value, t) = (0, 0)
          } else {
            let index = pairIndex(i, j)
            value = index < dissimilarities.count ? dissimilarities[index] : .nan
            t = positions[index]
          }
          let percentile = t.isNaN ? "" : " (percentile \(SVGText.formatted(100 * t)))"
          writer.element(
            "rect",
            [
              ("class", t.isNaN ? "nm-cell nm-missing" : "nm-cell"), ("x", c(matrix.x + Double(j) * cell)),
              ("y", c(matrix.y + Double(i) * cell)), ("width", c(cell)), ("height", c(cell)),
              ("fill", scale.colour(t)), ("data-row", labelText(i)), ("data-column", labelText(j)),
              ("data-value", SVGText.exact(value)),
            ], tooltip: "\(labelText(i)) × \(labelText(j)): \(SVGText.formatted(value))\(percentile)")
          if t.isNaN {
            missingRects.append(
              PlotRect(x: matrix.x + Double(j) * cell, y: matrix.y + Double(i) * cell, width: cell, height: cell))
          }
        }
      }
      writer.end("g")
    } else {
      missingRects = drawRuns(&writer, positions: positions, n: n, matrix: matrix, pairIndex: pairIndex)
    }
    if !missingRects.isEmpty {
      // Hatching tells missing pairs from light colours in greyscale too.
      writer.element(
        "path",
        [
          ("class", "nm-hatch"), ("d", missingRects.map { Shapes.hatch($0, spacing: 3) }.joined()),
          ("stroke", FigureStyle.hatchColour), ("stroke-width", "0.6"), ("fill", "none"), ("pointer-events", "none"),
        ])
    }
    writer.element(
      "rect",
      [
        ("x", c(matrix.x)), ("y", c(matrix.y)), ("width", c(side)), ("height", c(side)), ("fill", "none"),
        ("stroke", FigureStyle.axisColour), ("stroke-width", "0.5"), ("pointer-events", "none"),
      ])

    if showLabels {
      let names = (0..<n).map(labelText)
      let every = Axes.labelStride(spacing: cell, fontSize: labelFont)
      let centres = (0..<n).map { matrix.y + (Double($0) + 0.5) * cell }
      Axes.drawRowLabels(
        &writer, labels: names, centres: centres, rightX: matrix.x - 3, maxWidth: labelWidth - 3,
        fontSize: labelFont, every: every, cssClass: "nm-row-labels")
      writer.start("g", [("class", "nm-column-labels")])
      for j in stride(from: 0, to: n, by: every) {
        let x = matrix.x + (Double(j) + 0.5) * cell + labelFont * 0.35
        let y = matrix.maxY + 3
        writer.label(
          names[j], width: labelWidth - 3, fontSize: labelFont, middle: true,
          [
            ("x", c(x)), ("y", c(y)), ("text-anchor", "end"), ("transform", "rotate(-90 \(c(x)) \(c(y)))"),
            ("font-size", c(labelFont)), ("fill", FigureStyle.textColour),
          ])
      }
      writer.end("g")
    }

    // Colour key: a thin bar from t = 0 to 1 under the matrix.
    writer.start("g", [("class", "nm-legend"), ("shape-rendering", "crispEdges")])
    let segments = 32
    for k in 0..<segments {
      writer.element(
        "rect",
        [
          ("x", c(matrix.x + side * Double(k) / Double(segments))), ("y", c(keyTop)),
          ("width", c(side / Double(segments) + 0.25)), ("height", "5"),
          ("fill", scale.stopColour(k * (scale.stops.count - 1) / (segments - 1))),
        ])
    }
    let keyBaseline = keyTop + 5 + labelFont + 2
    for (text, x, anchor) in [
      ("0", matrix.x, "start"), ("percentile", matrix.midX, "middle"), ("100", matrix.maxX, "end"),
    ] {
      writer.text(
        text,
        [
          ("x", c(x)), ("y", c(keyBaseline)), ("text-anchor", anchor), ("font-size", c(labelFont)),
          ("fill", FigureStyle.mutedTextColour),
        ])
    }
    writer.end("g")

    let missing = positions.filter(\.isNaN).count
    var description =
      "Dissimilarity matrix of \(n) conditions, colour = rank percentile of each pair's dissimilarity"
      + " (dark purple: most similar, yellow: most dissimilar); diagonal drawn as 0."
    if missing > 0 { description += " \(missing) pairs are missing (grey)." }
    if n > blockSideLimit {
      let k = (n + blockSideLimit - 1) / blockSideLimit
      description += " Shown as blocks of \(k) × \(k) conditions (mean percentile)."
    }
    return SVGDocument.render(
      kind: "rdm", id: id, width: width, height: height, title: title, description: description, naturalSize: true,
      body: writer.markup)
  }

  /// The matrix as runs of equal quantised colour: blocks of k × k conditions (k = 1 up to `maxBlocks`)
  /// averaged, each block row cut into runs of one stop, one `<path>` per colour, in condition units.
  /// Returns the missing (grey) areas in px, runs of equal extent in consecutive block rows merged, for
  /// hatching.
  private func drawRuns(
    _ writer: inout SVGWriter, positions: [Double], n: Int, matrix: PlotRect, pairIndex: (Int, Int) -> Int
  ) -> [PlotRect] {
    let k = (n + blockSideLimit - 1) / blockSideLimit
    let blocks = (n + k - 1) / k
    var sum = [Double](repeating: 0, count: blocks * blocks)
    var weight = [Double](repeating: 0, count: blocks * blocks)
    for i in 0..<n {
      // The diagonal counts as t = 0.
      weight[(i / k) * blocks + i / k] += 1
      for j in (i + 1)..<max(i + 1, n) {
        let t = positions[pairIndex(i, j)]
        guard !t.isNaN else { continue }
        let (a, b) = (i / k, j / k)
        if a == b {
          sum[a * blocks + b] += 2 * t
          weight[a * blocks + b] += 2
        } else {
          sum[a * blocks + b] += t
          weight[a * blocks + b] += 1
          sum[b * blocks + a] += t
          weight[b * blocks + a] += 1
        }
      }
    }
    let scale = ColourScale.viridis
    let missingStop = scale.stops.count
    var paths = [String](repeating: "", count: scale.stops.count + 1)
    var missingRuns: [(left: Int, width: Int, top: Int, height: Int)] = []
    for a in 0..<blocks {
      let top = a * k
      let rowHeight = min(n, top + k) - top
      var b = 0
      while b < blocks {
        let stop =
          weight[a * blocks + b] > 0 ? scale.stopIndex(sum[a * blocks + b] / weight[a * blocks + b]) : missingStop
        var end = b
        while end + 1 < blocks {
          let next = end + 1
          let nextStop =
            weight[a * blocks + next] > 0
            ? scale.stopIndex(sum[a * blocks + next] / weight[a * blocks + next]) : missingStop
          guard nextStop == stop else { break }
          end = next
        }
        let left = b * k
        let runWidth = min(n, (end + 1) * k) - left
        paths[stop] += "M\(left) \(top)h\(runWidth)v\(rowHeight)h-\(runWidth)z"
        if stop == missingStop { missingRuns.append((left, runWidth, top, rowHeight)) }
        b = end + 1
      }
    }
    let unit = matrix.width / Double(n)
    let origin = "\(SVGText.coordinate(matrix.x)) \(SVGText.coordinate(matrix.y))"
    writer.start(
      "g",
      [
        ("class", "nm-cells"), ("shape-rendering", "crispEdges"),
        ("transform", "translate(\(origin)) scale(\(String(format: "%.6g", unit)))"),
        ("data-conditions", "\(n)"), ("data-block", "\(k)"),
      ])
    writer.node(
      "title",
      content: k > 1
        ? "\(n) conditions, blocks of \(k) × \(k) averaged; colour = rank percentile"
        : "\(n) conditions; colour = rank percentile", [])
    for (stop, d) in paths.enumerated() where !d.isEmpty {
      writer.element(
        "path", [("d", d), ("fill", stop == missingStop ? ColourScale.missingColour : scale.stopColour(stop))])
    }
    writer.end("g")
    // Merge missing runs of the same columns in consecutive rows, then convert to px.
    missingRuns.sort { ($0.left, $0.width, $0.top) < ($1.left, $1.width, $1.top) }
    var merged: [(left: Int, width: Int, top: Int, height: Int)] = []
    for run in missingRuns {
      if let last = merged.last, last.left == run.left, last.width == run.width, last.top + last.height == run.top {
        merged[merged.count - 1].height += run.height
      } else {
        merged.append(run)
      }
    }
    return merged.map {
      PlotRect(
        x: matrix.x + Double($0.left) * unit, y: matrix.y + Double($0.top) * unit, width: Double($0.width) * unit,
        height: Double($0.height) * unit)
    }
  }
}
