import Foundation

/// A sequential colour scale: `t` in 0…1 maps to a colour by linear interpolation (in sRGB) between
/// tabulated stops. `viridis`, the one scale the figures use, is perceptually uniform and its relative
/// luminance rises strictly from dark purple (t = 0) to yellow (t = 1), so the figures read in greyscale
/// and for colour-blind readers.
public struct ColourScale: Sendable, Equatable {
  /// The stops as (red, green, blue), each 0…255, from t = 0 to t = 1, equally spaced in t.
  public let stops: [(red: UInt8, green: UInt8, blue: UInt8)]

  /// The fill of missing (NaN) data in every figure: a neutral grey outside the scale's hues.
  public static let missingColour = FigureStyle.missingFill

  /// Matplotlib's viridis (van der Walt, Smith and Firing; CC0), 32 of its 256 entries: index
  /// round(i·255/31) for i = 0…31, rounded to 8 bits. Relative luminance 0.0137 (#440154) to 0.7835
  /// (#fde725), strictly increasing along the scale.
  public static let viridis = ColourScale(hex: [
    0x440154, 0x470d60, 0x48186a, 0x482475, 0x472e7c, 0x453882, 0x424186, 0x3e4c8a,
    0x3a548c, 0x365d8d, 0x32658e, 0x2e6d8e, 0x2b758e, 0x287d8e, 0x25848e, 0x228c8d,
    0x1f948c, 0x1e9c89, 0x20a386, 0x25ab82, 0x2eb37c, 0x3aba76, 0x48c16e, 0x58c765,
    0x69cd5b, 0x7fd34e, 0x93d741, 0xa8db34, 0xbddf26, 0xd5e21a, 0xeae51a, 0xfde725,
  ])

  /// A scale from stops written as 0xRRGGBB, equally spaced in t (at least two).
  init(hex: [UInt32]) {
    precondition(hex.count >= 2, "ColourScale needs at least two stops")
    stops = hex.map { (UInt8(($0 >> 16) & 0xff), UInt8(($0 >> 8) & 0xff), UInt8($0 & 0xff)) }
  }

  /// Two scales are equal when their stops are.
  public static func == (a: ColourScale, b: ColourScale) -> Bool {
    a.stops.count == b.stops.count
      && zip(a.stops, b.stops).allSatisfy { $0.red == $1.red && $0.green == $1.green && $0.blue == $1.blue }
  }

  /// The colour at `t` as (red, green, blue) in 0…1, before rounding to 8 bits: linear interpolation
  /// between the two neighbouring stops. `t` is clamped to 0…1; NaN gives the first stop.
  public func rgb(_ t: Double) -> (red: Double, green: Double, blue: Double) {
    let clamped = t.isNaN ? 0 : min(1, max(0, t))
    let position = clamped * Double(stops.count - 1)
    let index = min(stops.count - 2, Int(position))
    let f = position - Double(index)
    let a = stops[index]
    let b = stops[index + 1]
    func mix(_ x: UInt8, _ y: UInt8) -> Double { (Double(x) + (Double(y) - Double(x)) * f) / 255 }
    return (mix(a.red, b.red), mix(a.green, b.green), mix(a.blue, b.blue))
  }

  /// The colour at `t` (clamped to 0…1) as `#rrggbb`; NaN gives `missingColour`.
  public func colour(_ t: Double) -> String {
    if t.isNaN { return ColourScale.missingColour }
    let (r, g, b) = rgb(t)
    return ColourScale.hex(red: r, green: g, blue: b)
  }

  /// The stop nearest to `t` (clamped to 0…1): the index used when colours are quantised to the stops.
  public func stopIndex(_ t: Double) -> Int {
    let clamped = t.isNaN ? 0 : min(1, max(0, t))
    return Int((clamped * Double(stops.count - 1)).rounded())
  }

  /// Stop `index` as `#rrggbb`.
  public func stopColour(_ index: Int) -> String {
    let s = stops[min(stops.count - 1, max(0, index))]
    return ColourScale.hex(red: Double(s.red) / 255, green: Double(s.green) / 255, blue: Double(s.blue) / 255)
  }

  /// `#rrggbb` from components in 0…1 (rounded to 8 bits).
  static func hex(red: Double, green: Double, blue: Double) -> String {
    func byte(_ x: Double) -> String {
      let value = Int((min(1, max(0, x)) * 255).rounded())
      let digits = String(value, radix: 16)
      return value < 16 ? "0" + digits : digits
    }
    return "#" + byte(red) + byte(green) + byte(blue)
  }

  /// WCAG 2 relative luminance (0 black … 1 white) of a `#rrggbb` colour, or nil when `hex` is not of that
  /// form.
  public static func relativeLuminance(hex: String) -> Double? {
    guard hex.count == 7, hex.first == "#", let value = UInt32(hex.dropFirst(), radix: 16) else { return nil }
    func linear(_ byte: UInt32) -> Double {
      let c = Double(byte) / 255
      return c <= 0.04045 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * linear((value >> 16) & 0xff) + 0.7152 * linear((value >> 8) & 0xff) + 0.0722 * linear(value & 0xff)
  }

  /// Near-black or white, whichever contrasts more (WCAG contrast ratio) with the background `hex`:
  /// the colour for text drawn on a cell.
  public static func textColour(onBackground hex: String) -> String {
    let dark = "#111111"
    let light = "#ffffff"
    guard let background = relativeLuminance(hex: hex), let darkL = relativeLuminance(hex: dark) else { return dark }
    let onLight = (background + 0.05) / (darkL + 0.05)
    let onDark = 1.05 / (background + 0.05)
    return onLight >= onDark ? dark : light
  }
}
