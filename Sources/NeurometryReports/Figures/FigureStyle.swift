import Foundation

/// Fonts, colours and sizes shared by the figures (all in viewBox pixels).
enum FigureStyle {
  static let fontFamily = "system-ui, -apple-system, \"Segoe UI\", \"DejaVu Sans\", sans-serif"
  /// The viewBox width of the full-width figures (heatmap, layer profile, scatter), so that figures scaled
  /// to one page width show their text at one size.
  static let figureWidth = 720.0
  static let margin = 12.0

  static let titleFontSize = 15.0
  static let fontSize = 12.0
  static let smallFontSize = 11.0
  static let tinyFontSize = 9.0

  static let textColour = "#222222"
  static let mutedTextColour = "#555555"
  static let axisColour = "#666666"
  static let gridColour = "#e3e3e3"
  static let missingFill = "#d9d9d9"
  static let hatchColour = "#8c8c8c"
  static let ceilingFill = "#9e9e9e"
  static let ceilingStroke = "#6e6e6e"
  static let highlightColour = "#111111"

  /// Height taken by a figure title, including the space below it.
  static let titleBlockHeight = 30.0
  /// Baseline of the figure title.
  static let titleBaseline = 21.0
}
