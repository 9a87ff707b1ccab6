import Foundation
import NeurometryLinearAlgebra

/// The subset of Python literal syntax that NPY headers and Phy's `params.py` use: dicts, tuples,
/// lists, strings (with `r`/`b`/`u` prefixes), integers, floats (`30000.`, `3e4`, `30_000.5`),
/// True/False/None. Parsed, never evaluated.
enum PythonLiteral {
  case string(String)
  case integer(Int)
  case float(Double)
  case bool(Bool)
  case null
  case tuple([PythonLiteral])
  case list([PythonLiteral])
  case dict(keys: [String], values: [PythonLiteral])

  /// Parses `text` as one literal (surrounding whitespace allowed).
  static func parse(_ text: String) throws -> PythonLiteral {
    var p = PythonLiteralParser(chars: Array(text.unicodeScalars), index: 0)
    let value = try p.value()
    p.skipSpace()
    guard p.index == p.chars.count else {
      throw PythonLiteralParseError(message: "unexpected text after the literal at character \(p.index)")
    }
    return value
  }

}

struct PythonLiteralParseError: Error {
  let message: String
}

private struct PythonLiteralParser {
  let chars: [Unicode.Scalar]
  var index: Int

  mutating func skipSpace() {
    while index < chars.count, chars[index].properties.isWhitespace { index += 1 }
  }

  mutating func expect(_ c: Unicode.Scalar) throws {
    skipSpace()
    guard index < chars.count, chars[index] == c else {
      throw PythonLiteralParseError(message: "expected '\(c)' at character \(index)")
    }
    index += 1
  }

  mutating func peek() -> Unicode.Scalar? {
    skipSpace()
    return index < chars.count ? chars[index] : nil
  }

  mutating func value() throws -> PythonLiteral {
    guard let c = peek() else { throw PythonLiteralParseError(message: "unexpected end of text") }
    switch c {
    case "{":
      index += 1
      var keys: [String] = []
      var values: [PythonLiteral] = []
      while peek() != "}" {
        guard case .string(let key) = try value() else {
          throw PythonLiteralParseError(message: "dict keys must be strings")
        }
        try expect(":")
        keys.append(key)
        values.append(try value())
        if peek() == "," { index += 1 } else { break }
      }
      try expect("}")
      return .dict(keys: keys, values: values)
    case "(", "[":
      let close: Unicode.Scalar = c == "(" ? ")" : "]"
      index += 1
      var items: [PythonLiteral] = []
      while peek() != close {
        items.append(try value())
        if peek() == "," { index += 1 } else { break }
      }
      try expect(close)
      return c == "(" ? .tuple(items) : .list(items)
    case "'", "\"":
      return try quoted(c, raw: false)
    default:
      // String prefixes: r'…' (raw), b'…', u'…'.
      if "rRbBuU".unicodeScalars.contains(c), index + 1 < chars.count,
        chars[index + 1] == "'" || chars[index + 1] == "\""
      {
        index += 1
        return try quoted(chars[index], raw: c == "r" || c == "R")
      }
      var word = ""
      while index < chars.count,
        chars[index].properties.isAlphabetic || ("0"..."9").contains(chars[index]) || chars[index] == "-"
          || chars[index] == "+" || chars[index] == "_" || chars[index] == "."
      {
        word.unicodeScalars.append(chars[index])
        index += 1
      }
      switch word {
      case "True": return .bool(true)
      case "False": return .bool(false)
      case "None": return .null
      default:
        // Python 2 era headers may write longs as "3L".
        let digits = word.hasSuffix("L") ? String(word.dropLast()) : word
        if let n = PythonLiteralParser.integer(digits) { return .integer(n) }
        if let x = PythonLiteralParser.float(word) { return .float(x) }
        throw PythonLiteralParseError(
          message: word.isEmpty ? "unexpected character '\(c)' at \(index)" : "'\(word)' is not a literal")
      }
    }
  }

  /// A Python integer literal: decimal, 0x/0o/0b, `_` between digits, optional sign.
  static func integer(_ word: String) -> Int? {
    var body = Substring(word.replacingOccurrences(of: "_", with: ""))
    guard !word.hasPrefix("_") else { return nil }
    var negative = false
    if body.hasPrefix("-") || body.hasPrefix("+") {
      negative = body.hasPrefix("-")
      body = body.dropFirst()
    }
    var radix = 10
    for (prefix, r) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.lowercased().hasPrefix(prefix) {
      radix = r
      body = body.dropFirst(2)
    }
    guard let n = Int(body, radix: radix), !body.hasPrefix("-"), !body.hasPrefix("+") else { return nil }
    return negative ? -n : n
  }

  /// A Python float literal (decimal digits, optional point and exponent, `_` between digits).
  static func float(_ word: String) -> Double? {
    var body = Substring(word)
    if body.hasPrefix("-") || body.hasPrefix("+") { body = body.dropFirst() }
    guard let first = body.first, first.isNumber || first == "." else { return nil }
    guard body.allSatisfy({ $0.isASCII && ($0.isNumber || "._eE+-".contains($0)) }) else { return nil }
    return Double(word.replacingOccurrences(of: "_", with: ""))
  }

  mutating func quoted(_ c: Unicode.Scalar, raw: Bool) throws -> PythonLiteral {
    index += 1
    var s = String.UnicodeScalarView()
    while index < chars.count, chars[index] != c {
      if !raw, chars[index] == "\\", index + 1 < chars.count {
        index += 1
        switch chars[index] {
        case "n": s.append("\n")
        case "t": s.append("\t")
        default: s.append(chars[index])
        }
      } else {
        s.append(chars[index])
      }
      index += 1
    }
    guard index < chars.count else { throw PythonLiteralParseError(message: "unterminated string") }
    index += 1
    return .string(String(s))
  }
}
