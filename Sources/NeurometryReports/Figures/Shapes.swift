import Foundation

/// Marker shapes for points, in the order groups receive them. Each is drawn as one `<path>` with about
/// the area of a circle of the given radius, so no shape looks more important than another.
enum MarkerShape: String, CaseIterable, Sendable {
  case circle, square, triangle, diamond, invertedTriangle = "inverted-triangle", plus, star, hexagon

  /// Path data of the marker centred at (`x`, `y`) with the area of a circle of radius `r`.
  func path(x: Double, y: Double, r: Double) -> String {
    switch self {
    case .circle:
      let c = SVGText.coordinate
      return "M\(c(x - r)) \(c(y))a\(c(r)) \(c(r)) 0 1 0 \(c(2 * r)) 0a\(c(r)) \(c(r)) 0 1 0 \(c(-2 * r)) 0z"
    case .square:
      let h = r * 0.886
      return Shapes.polygon([(x - h, y - h), (x + h, y - h), (x + h, y + h), (x - h, y + h)])
    case .triangle, .invertedTriangle:
      let side = r * 2.694
      let height = side * 0.866
      let sign = self == .triangle ? 1.0 : -1.0
      return Shapes.polygon([
        (x, y - sign * height * 2 / 3), (x + side / 2, y + sign * height / 3), (x - side / 2, y + sign * height / 3),
      ])
    case .diamond:
      let d = r * 1.2533
      return Shapes.polygon([(x, y - d), (x + d, y), (x, y + d), (x - d, y)])
    case .plus:
      let arm = r * 1.25
      let half = r * 0.42
      return Shapes.polygon([
        (x - half, y - arm), (x + half, y - arm), (x + half, y - half), (x + arm, y - half), (x + arm, y + half),
        (x + half, y + half), (x + half, y + arm), (x - half, y + arm), (x - half, y + half), (x - arm, y + half),
        (x - arm, y - half), (x - half, y - half),
      ])
    case .star:
      let outer = r * 1.55
      let inner = outer * 0.45
      let points = (0..<10).map { k -> (Double, Double) in
        let angle = -Double.pi / 2 + Double(k) * Double.pi / 5
        let radius = k % 2 == 0 ? outer : inner
        return (x + radius * cos(angle), y + radius * sin(angle))
      }
      return Shapes.polygon(points)
    case .hexagon:
      let radius = r * 1.0996
      let points = (0..<6).map { k -> (Double, Double) in
        let angle = Double(k) * Double.pi / 3
        return (x + radius * cos(angle), y + radius * sin(angle))
      }
      return Shapes.polygon(points)
    }
  }
}

/// Path data helpers.
enum Shapes {
  /// A closed polygon through `points`.
  static func polygon(_ points: [(Double, Double)]) -> String {
    var d = ""
    for (index, point) in points.enumerated() {
      d += (index == 0 ? "M" : "L") + SVGText.coordinate(point.0) + " " + SVGText.coordinate(point.1)
    }
    return d + "z"
  }

  /// An open polyline through `points`.
  static func polyline(_ points: [(Double, Double)]) -> String {
    var d = ""
    for (index, point) in points.enumerated() {
      d += (index == 0 ? "M" : "L") + SVGText.coordinate(point.0) + " " + SVGText.coordinate(point.1)
    }
    return d
  }

  /// Diagonal hatching (lines rising to the right, `spacing` apart) clipped to `rect` by construction —
  /// the mark of a missing value, drawn without patterns or clip paths (which would need `url(…)`).
  static func hatch(_ rect: PlotRect, spacing: Double = 4) -> String {
    var d = ""
    var c = spacing / 2
    let total = rect.width + rect.height
    while c < total {
      // The line u + v = c, with u = x − rect.x ∈ [0, width] and v = rect.maxY − y ∈ [0, height].
      let u0 = max(0, c - rect.height)
      let u1 = min(rect.width, c)
      d += "M" + SVGText.coordinate(rect.x + u0) + " " + SVGText.coordinate(rect.maxY - (c - u0))
      d += "L" + SVGText.coordinate(rect.x + u1) + " " + SVGText.coordinate(rect.maxY - (c - u1))
      c += spacing
    }
    return d
  }
}
