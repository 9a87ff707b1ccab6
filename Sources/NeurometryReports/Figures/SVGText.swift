import Foundation

/// Text and number formatting shared by every figure: XML escaping, coordinates, values for people,
/// exact values for machines, truncation, and the text-width estimate the layouts use.
///
/// Every string a figure writes into SVG text or an attribute goes through `escape` (the figures'
/// internal writer calls it for every attribute value and every text node), so a label such as
/// `<script>alert(1)</script>` is shown as text and never becomes markup.
public enum SVGText {
  /// Escapes `&`, `<`, `>`, `"` and `'` as `&amp;`, `&lt;`, `&gt;`, `&quot;` and `&apos;`, for XML text and
  /// attribute values alike. Characters that XML 1.0 forbids anywhere (C0 controls other than tab, line feed
  /// and carriage return; U+FFFE, U+FFFF) are replaced by U+FFFD, so any label yields well-formed SVG.
  public static func escape(_ text: String) -> String {
    var needsWork = false
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'"),
        0..<0x20, 0xEF:  // 0xEF leads U+FFFE and U+FFFF in UTF-8
        needsWork = true
      default: break
      }
      if needsWork { break }
    }
    guard needsWork else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out.append(contentsOf: "&amp;".unicodeScalars)
      case "<": out.append(contentsOf: "&lt;".unicodeScalars)
      case ">": out.append(contentsOf: "&gt;".unicodeScalars)
      case "\"": out.append(contentsOf: "&quot;".unicodeScalars)
      case "'": out.append(contentsOf: "&apos;".unicodeScalars)
      case "\t", "\n", "\r": out.append(scalar)
      default:
        if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
          out.append("\u{FFFD}")
        } else {
          out.append(scalar)
        }
      }
    }
    return String(out)
  }

  /// A value for people: 3 significant digits ("0.123", "12.3", "1230", "0.00123"), compact scientific
  /// notation ("1.23e-5", "4.56e7") below 0.001 or from 100,000 on, "n/a" for NaN, "∞"/"-∞" for
  /// infinities, and "0" for ±0.
  public static func formatted(_ value: Double) -> String {
    if value.isNaN { return "n/a" }
    if value.isInfinite { return value > 0 ? "∞" : "-∞" }
    if value == 0 { return "0" }
    // Round to 3 significant digits first, so 9.996 becomes 10.0 and is printed as "10".
    let rounded = Double(String(format: "%.2e", value)) ?? value
    let magnitude = abs(rounded)
    guard magnitude >= 1e-3 && magnitude < 1e5 else { return scientific(rounded) }
    let exponent = Int(floor(log10(magnitude)))
    var text = String(format: "%.\(max(0, 2 - exponent))f", rounded)
    if text.contains(".") {
      while text.hasSuffix("0") { text.removeLast() }
      if text.hasSuffix(".") { text.removeLast() }
    }
    return text == "-0" ? "0" : text
  }

  /// `value` with a fixed number of decimals (a column of numbers that line up), "n/a" for NaN, "∞"/"-∞"
  /// for infinities; a value that rounds to zero is written without a minus sign.
  public static func formatted(_ value: Double, decimals: Int) -> String {
    if value.isNaN { return "n/a" }
    if value.isInfinite { return value > 0 ? "∞" : "-∞" }
    let text = String(format: "%.\(min(17, max(0, decimals)))f", value)
    return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
  }

  /// The decimals that give the value of largest magnitude `magnitude` 3 significant digits (0 for
  /// magnitudes from 100 on), or nil when more than 6 would be needed (then use `formatted(_:)`).
  public static func decimals(forMagnitude magnitude: Double) -> Int? {
    guard magnitude.isFinite, magnitude > 0 else { return 0 }
    let decimals = 2 - Int(floor(log10(magnitude)))
    return decimals > 6 ? nil : max(0, decimals)
  }

  /// "1.23e-5": two decimals in the mantissa, no plus sign or leading zeros in the exponent.
  private static func scientific(_ value: Double) -> String {
    let text = String(format: "%.2e", value)
    guard let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) else { return text }
    var mantissa = String(text[..<e])
    while mantissa.hasSuffix("0") { mantissa.removeLast() }
    if mantissa.hasSuffix(".") { mantissa.removeLast() }
    return "\(mantissa)e\(exponent)"
  }

  /// A value for machines, as written in `data-value` attributes: Swift's shortest round-trip form
  /// (`"\(value)"`, so `Double(text)` gives back the same bits), and `"NaN"` for NaN.
  public static func exact(_ value: Double) -> String {
    value.isNaN ? "NaN" : "\(value)"
  }

  /// A geometry number for attributes: at most 2 decimals, trailing zeros dropped, `-0` written as `0`
  /// and non-finite or absurdly large values written as `0` (never reached by the figures' layouts).
  static func coordinate(_ value: Double) -> String {
    let hundredths = (value * 100).rounded()
    guard hundredths.isFinite, abs(hundredths) < 1e15 else { return "0" }
    let scaled = Int64(hundredths)
    if scaled == 0 { return "0" }
    let magnitude = scaled.magnitude
    let whole = magnitude / 100
    let fraction = magnitude % 100
    let sign = scaled < 0 ? "-" : ""
    if fraction == 0 { return "\(sign)\(whole)" }
    if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
    return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
  }

  /// `text` cut to at most `maxCharacters` characters (grapheme clusters), the last one replaced by "…"
  /// when it was cut.
  public static func truncated(_ text: String, maxCharacters: Int) -> String {
    guard text.count > maxCharacters else { return text }
    guard maxCharacters > 1 else { return "…" }
    return String(text.prefix(maxCharacters - 1)) + "…"
  }

  /// An estimate of the rendered width of `text` at `fontSize` in a sans-serif face (DejaVu Sans metrics,
  /// which are wider than most system faces, so layouts err on the roomy side).
  static func estimatedWidth(_ text: String, fontSize: Double) -> Double {
    var em = 0.0
    for character in text {
      switch character {
      case "i", "l", "j", "I", ".", ",", ":", ";", "'", "|", "!", "(", ")", "[", "]", "f", "t", "r":
        em += 0.36
      case " ": em += 0.32
      case "m", "w", "M", "W": em += 0.9
      case "0"..."9": em += 0.64
      default:
        em += character.isUppercase ? 0.7 : 0.6
      }
    }
    return em * fontSize
  }

  /// `text` cut to at most `maxCharacters` characters by replacing its middle with "…", keeping about a third
  /// from the start and two thirds from the end (layer names differ most at their ends:
  /// "features.denseblock3.denselayer12" cut to 22 becomes "feature…3.denselayer12").
  public static func truncatedMiddle(_ text: String, maxCharacters: Int) -> String {
    guard text.count > maxCharacters else { return text }
    guard maxCharacters > 2 else { return truncated(text, maxCharacters: maxCharacters) }
    let kept = maxCharacters - 1
    let head = kept / 3
    return String(text.prefix(head)) + "…" + String(text.suffix(kept - head))
  }

  /// The longest cut of `text` whose estimated width fits `width`, or the whole text: cut at the end
  /// (`truncated`), or in the middle when `middle` (`truncatedMiddle`).
  static func fitted(_ text: String, width: Double, fontSize: Double, middle: Bool = false) -> String {
    if estimatedWidth(text, fontSize: fontSize) <= width { return text }
    var count = text.count - 1
    while count > 1 {
      let candidate =
        middle ? truncatedMiddle(text, maxCharacters: count) : truncated(text, maxCharacters: count)
      if estimatedWidth(candidate, fontSize: fontSize) <= width { return candidate }
      count -= 1
    }
    return "…"
  }

  /// `text` reduced to the characters allowed in an XML id (letters, digits, `-`, `_`), others replaced by
  /// `-`, prefixed with `nm-` when empty or not starting with a letter.
  static func identifier(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      let ok =
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
        || (scalar >= "0" && scalar <= "9") || scalar == "-" || scalar == "_"
      out.unicodeScalars.append(ok ? scalar : "-")
    }
    if let first = out.unicodeScalars.first, (first >= "a" && first <= "z") || (first >= "A" && first <= "Z") {
      return out
    }
    return "nm-" + out
  }

  /// FNV-1a (64 bit) of `text` as 16 hex digits: a deterministic id suffix for figures not given an id.
  static func digest(_ text: String) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
  }
}
