import Foundation

/// A figure that renders itself as one self-contained SVG element.
///
/// Conventions shared by every figure:
/// - The result is `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 W H" role="img"
///   aria-labelledby="ID-title ID-desc">` whose first children are `<title id="ID-title">` and
///   `<desc id="ID-desc">` (what the figure shows, in words, for screen readers). Sizes are in CSS pixels of
///   the viewBox; without `width`/`height` attributes the figure scales to the width of its container
///   (the RDM thumbnail is the exception and carries its natural size, see `RDMFigure`).
/// - No external references of any kind: no `href`, no `url(…)`, no `<image>`, no web fonts; the font is a
///   system stack (`system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif`).
/// - Colours and fonts are presentation attributes, which any page CSS overrides; hooks are classes
///   prefixed `nm-` (`nm-figure`, `nm-title`, `nm-cell`, `nm-point`, `nm-axis`, `nm-legend`, …). One small
///   `<style>` element adds a hover outline to `.nm-cell` and `.nm-point`.
/// - Data elements carry their exact value in `data-value` (Swift's shortest round-trip form, `NaN` for
///   NaN) and a `<title>` child with the value formatted for people (3 significant digits).
/// - Every label is XML-escaped; long labels are truncated with "…" and keep their full text in a
///   `<title>`.
/// - The output is deterministic: the same figure gives the same bytes.
public protocol SVGFigure: Sendable {
  /// The figure's SVG markup. `id` becomes the root element's `id` (sanitised to letters, digits, `-`
  /// and `_`) and the prefix of its title and description ids; give distinct ids to figures that share
  /// one HTML page. Without one, the id is `nm-<kind>-<digest of the figure>`.
  func svg(id: String?) -> String
}

extension SVGFigure {
  /// The figure's SVG markup with an id derived from its content (see `svg(id:)`).
  public func svg() -> String { svg(id: nil) }
}
