import NeurometryLinearAlgebra

/// A JSON value (RFC 8259) parsed with correctly rounded numbers: number text is validated by the
/// JSON grammar and converted with Swift's `Double(String)`, which rounds correctly (Foundation's
/// `JSONSerialization` does not promise that). Used for BIDS sidecars (`RepetitionTime`,
/// `SliceTiming`).
public enum JSONValue: Sendable, Equatable {
  /// An object: member name → value (member order is not kept; a repeated name keeps its last value).
  case object([String: JSONValue])
  /// An array, in document order.
  case array([JSONValue])
  /// A string, escapes (including `\u` surrogate pairs) decoded.
  case string(String)
  /// A number, correctly rounded to the nearest `Double`.
  case number(Double)
  /// `true` or `false`.
  case bool(Bool)
  /// `null`.
  case null

  /// Parses one JSON document; `path` names it in errors (with the line and column).
  public static func parse(_ text: String, path: String) throws -> JSONValue {
    var p = JSONParser(scalars: Array(text.unicodeScalars), path: path)
    if p.scalars.first == "\u{FEFF}" { p.index = 1 }
    let v = try p.value(depth: 0)
    p.skipSpace()
    guard p.index == p.scalars.count else { throw p.failure("unexpected text after the JSON value") }
    return v
  }

  /// Reads and parses a JSON file (UTF-8).
  public static func read(_ path: String) throws -> JSONValue {
    let data = try FileAccess.read(path)
    return try parse(String(decoding: data, as: UTF8.self), path: path)
  }

  /// The member `key` of an object (nil for a missing key or a non-object).
  public subscript(key: String) -> JSONValue? {
    if case .object(let o) = self { return o[key] }
    return nil
  }

  /// The number, or nil when the value is not a number (a numeric string is not converted).
  public var doubleValue: Double? {
    if case .number(let x) = self { return x }
    return nil
  }

  /// The string, or nil when the value is not a string.
  public var stringValue: String? {
    if case .string(let s) = self { return s }
    return nil
  }

  /// The elements, or nil when the value is not an array.
  public var arrayValue: [JSONValue]? {
    if case .array(let a) = self { return a }
    return nil
  }
}

private struct JSONParser {
  let scalars: [Unicode.Scalar]
  let path: String
  var index = 0

  init(scalars: [Unicode.Scalar], path: String) {
    self.scalars = scalars
    self.path = path
  }

  func failure(_ message: String) -> NeurometryError {
    var line = 1
    var column = 1
    for s in scalars[0..<Swift.min(index, scalars.count)] {
      if s == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
    }
    return NeurometryError.malformedFile(
      path: path, field: "line \(line), column \(column)", message: "invalid JSON: \(message)")
  }

  mutating func skipSpace() {
    while index < scalars.count, [" ", "\t", "\n", "\r"].contains(scalars[index]) { index += 1 }
  }

  mutating func value(depth: Int) throws -> JSONValue {
    guard depth < 512 else { throw failure("nested more than 512 levels deep") }
    skipSpace()
    guard index < scalars.count else { throw failure("unexpected end of text") }
    switch scalars[index] {
    case "{":
      index += 1
      var members: [String: JSONValue] = [:]
      skipSpace()
      if index < scalars.count, scalars[index] == "}" {
        index += 1
        return .object(members)
      }
      while true {
        skipSpace()
        guard index < scalars.count, scalars[index] == "\"" else { throw failure("expected a member name in quotes") }
        let key = try string()
        skipSpace()
        guard index < scalars.count, scalars[index] == ":" else { throw failure("expected ':' after \"\(key)\"") }
        index += 1
        members[key] = try value(depth: depth + 1)
        skipSpace()
        guard index < scalars.count else { throw failure("unexpected end of text inside an object") }
        if scalars[index] == "," {
          index += 1
          continue
        }
        guard scalars[index] == "}" else { throw failure("expected ',' or '}'") }
        index += 1
        return .object(members)
      }
    case "[":
      index += 1
      var items: [JSONValue] = []
      skipSpace()
      if index < scalars.count, scalars[index] == "]" {
        index += 1
        return .array(items)
      }
      while true {
        items.append(try value(depth: depth + 1))
        skipSpace()
        guard index < scalars.count else { throw failure("unexpected end of text inside an array") }
        if scalars[index] == "," {
          index += 1
          continue
        }
        guard scalars[index] == "]" else { throw failure("expected ',' or ']'") }
        index += 1
        return .array(items)
      }
    case "\"":
      return .string(try string())
    case "t":
      try literal("true")
      return .bool(true)
    case "f":
      try literal("false")
      return .bool(false)
    case "n":
      try literal("null")
      return .null
    default:
      return .number(try number())
    }
  }

  mutating func literal(_ word: String) throws {
    let w = Array(word.unicodeScalars)
    guard index + w.count <= scalars.count, Array(scalars[index..<(index + w.count)]) == w else {
      throw failure("expected '\(word)'")
    }
    index += w.count
  }

  mutating func number() throws -> Double {
    let start = index
    func digits() -> Int {
      let s = index
      while index < scalars.count, ("0"..."9").contains(scalars[index]) { index += 1 }
      return index - s
    }
    if index < scalars.count, scalars[index] == "-" { index += 1 }
    guard index < scalars.count, ("0"..."9").contains(scalars[index]) else { throw failure("expected a value") }
    if scalars[index] == "0" { index += 1 } else { _ = digits() }
    if index < scalars.count, scalars[index] == "." {
      index += 1
      guard digits() > 0 else { throw failure("expected digits after the decimal point") }
    }
    if index < scalars.count, scalars[index] == "e" || scalars[index] == "E" {
      index += 1
      if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" { index += 1 }
      guard digits() > 0 else { throw failure("expected digits in the exponent") }
    }
    let text = String(String.UnicodeScalarView(scalars[start..<index]))
    guard let v = Double(text) else { throw failure("'\(text)' is not a number") }
    return v
  }

  mutating func string() throws -> String {
    index += 1  // opening quote
    var out = String.UnicodeScalarView()
    while index < scalars.count {
      let c = scalars[index]
      index += 1
      switch c {
      case "\"":
        return String(out)
      case "\\":
        guard index < scalars.count else { break }
        let e = scalars[index]
        index += 1
        switch e {
        case "\"": out.append("\"")
        case "\\": out.append("\\")
        case "/": out.append("/")
        case "b": out.append("\u{08}")
        case "f": out.append("\u{0C}")
        case "n": out.append("\n")
        case "r": out.append("\r")
        case "t": out.append("\t")
        case "u":
          var code = try hex4()
          if (0xD800..<0xDC00).contains(code), index + 1 < scalars.count, scalars[index] == "\\",
            scalars[index + 1] == "u"
          {
            index += 2
            let low = try hex4()
            guard (0xDC00..<0xE000).contains(low) else { throw failure("unpaired UTF-16 surrogate") }
            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
          }
          guard let s = Unicode.Scalar(code) else { throw failure("unpaired UTF-16 surrogate") }
          out.append(s)
        default:
          throw failure("unknown escape '\\\(e)'")
        }
      default:
        guard c.value >= 0x20 else { throw failure("control character inside a string") }
        out.append(c)
      }
    }
    throw failure("unterminated string")
  }

  mutating func hex4() throws -> UInt32 {
    guard index + 4 <= scalars.count else { throw failure("expected 4 hex digits after \\u") }
    let text = String(String.UnicodeScalarView(scalars[index..<(index + 4)]))
    guard let v = UInt32(text, radix: 16) else { throw failure("expected 4 hex digits after \\u") }
    index += 4
    return v
  }
}
