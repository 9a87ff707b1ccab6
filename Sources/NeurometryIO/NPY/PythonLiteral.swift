import NeurometryLinearAlgebra

/// The subset of Python literal syntax that NPY headers use: dicts, tuples, lists, strings,
/// integers, True/False/None. Parsed, never evaluated.
enum PythonLiteral {
  case string(String)
  case integer(Int)
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
      index += 1
      var s = String.UnicodeScalarView()
      while index < chars.count, chars[index] != c {
        if chars[index] == "\\", index + 1 < chars.count {
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
    default:
      var word = ""
      while index < chars.count,
        chars[index].properties.isAlphabetic || ("0"..."9").contains(chars[index]) || chars[index] == "-"
          || chars[index] == "+" || chars[index] == "_"
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
        guard let n = Int(digits) else {
          throw PythonLiteralParseError(
            message: word.isEmpty ? "unexpected character '\(c)' at \(index)" : "'\(word)' is not a literal")
        }
        return .integer(n)
      }
    }
  }
}
