import Foundation
import NeurometryLinearAlgebra

/// The `params.py` of a Kilosort/Phy folder, parsed — never executed.
///
/// Each statement must be `name = literal` (Python literals: numbers, strings with optional
/// `r`/`b`/`u` prefix, True/False/None, lists and tuples of them; a value may continue over lines
/// inside brackets); `#` comments and blank lines are skipped. Anything else (an expression, an
/// import, a function call) is an error naming the line: Neurometry reads the file, it does not run
/// it.
///
/// The fields Phy defines: `sample_rate` (Hz, required, > 0), `n_channels_dat`, `dtype` (numpy
/// name of the raw data type, e.g. 'int16'), `offset` (bytes before the samples in the .dat file),
/// `dat_path` (a path or a list of paths, relative to the folder), `hp_filtered`.
public struct PhyParameters: Sendable, Equatable {
  /// The `params.py` file read (or the name given to `parse`), used in error messages.
  public let path: String
  /// `sample_rate`: the sampling rate of the recording in Hz (required, finite, > 0).
  public let sampleRate: Double
  /// `n_channels_dat`: number of channels interleaved in the raw `.dat` file (nil when absent).
  public let channelCount: Int?
  /// `dtype`: numpy's name of the raw samples' type, e.g. "int16" (nil when absent).
  public let dataType: String?
  /// `offset`: bytes before the first sample in each `.dat` file (0 when absent).
  public let offset: Int
  /// `dat_path`: the raw data file(s), relative to the folder unless absolute (empty when absent or None).
  public let dataPaths: [String]
  /// `hp_filtered`: whether the raw data were already high-pass filtered (nil when absent or not a bool).
  public let highPassFiltered: Bool?
  /// Every assignment, as text of its value (for reports).
  public let assignments: [String: String]

  /// Parses `params.py` text; `path` names it in errors.
  public static func parse(_ text: String, path: String) throws -> PhyParameters {
    var values: [String: PythonLiteral] = [:]
    var raw: [String: String] = [:]
    var statement = ""
    var startLine = 0
    var depth = 0
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
    for (k, line) in lines.enumerated() {
      let code = stripComment(String(line))
      if statement.isEmpty {
        if code.trimmingCharacters(in: .whitespaces).isEmpty { continue }
        startLine = k + 1
      }
      statement += (statement.isEmpty ? "" : "\n") + code
      for ch in code {
        if "([{".contains(ch) { depth += 1 }
        if ")]}".contains(ch) { depth -= 1 }
      }
      if depth > 0 { continue }
      depth = 0
      try assign(statement, line: startLine, path: path, into: &values, raw: &raw)
      statement = ""
    }
    if !statement.isEmpty {
      throw NeurometryError.malformedFile(
        path: path, field: "line \(startLine)", message: "a bracket opened here is never closed")
    }
    guard let rate = values["sample_rate"] else {
      throw NeurometryError.malformedFile(
        path: path, field: "sample_rate", message: "is missing; params.py must give the sampling rate in Hz")
    }
    guard let sampleRate = number(rate), sampleRate > 0, sampleRate.isFinite else {
      throw NeurometryError.malformedFile(
        path: path, field: "sample_rate", message: "is \(raw["sample_rate"] ?? "?"), expected a positive number of Hz")
    }
    var channels: Int? = nil
    if let v = values["n_channels_dat"] {
      guard case .integer(let n) = v, n > 0 else {
        throw NeurometryError.malformedFile(
          path: path, field: "n_channels_dat",
          message: "is \(raw["n_channels_dat"] ?? "?"), expected a positive integer")
      }
      channels = n
    }
    var dtype: String? = nil
    if let v = values["dtype"] {
      guard case .string(let s) = v else {
        throw NeurometryError.malformedFile(
          path: path, field: "dtype", message: "is \(raw["dtype"] ?? "?"), expected a string such as 'int16'")
      }
      dtype = s
    }
    var offset = 0
    if let v = values["offset"] {
      guard case .integer(let n) = v, n >= 0 else {
        throw NeurometryError.malformedFile(
          path: path, field: "offset", message: "is \(raw["offset"] ?? "?"), expected a byte count ≥ 0")
      }
      offset = n
    }
    var paths: [String] = []
    switch values["dat_path"] {
    case .string(let s)?: paths = [s]
    case .list(let items)?, .tuple(let items)?:
      for item in items {
        guard case .string(let s) = item else {
          throw NeurometryError.malformedFile(
            path: path, field: "dat_path", message: "must be a path or a list of paths")
        }
        paths.append(s)
      }
    case nil, .null?: break
    default:
      throw NeurometryError.malformedFile(path: path, field: "dat_path", message: "must be a path or a list of paths")
    }
    var filtered: Bool? = nil
    if case .bool(let b)? = values["hp_filtered"] { filtered = b }
    return PhyParameters(
      path: path, sampleRate: sampleRate, channelCount: channels, dataType: dtype, offset: offset, dataPaths: paths,
      highPassFiltered: filtered, assignments: raw)
  }

  /// Reads `params.py`.
  public static func read(_ path: String) throws -> PhyParameters {
    let data = try FileAccess.read(path)
    return try parse(String(decoding: data, as: UTF8.self), path: path)
  }

  /// Bytes per sample of `dtype` (numpy names: int16, uint16, int32, float32, …), nil if unknown.
  public var bytesPerSample: Int? {
    switch dataType?.lowercased() {
    case "int8", "uint8", "i1", "u1", "<i1", "|i1": return 1
    case "int16", "uint16", "i2", "u2", "<i2", "<u2", ">i2", ">u2": return 2
    case "int32", "uint32", "float32", "i4", "u4", "f4", "<i4", "<u4", "<f4": return 4
    case "int64", "uint64", "float64", "i8", "u8", "f8", "<i8", "<u8", "<f8": return 8
    default: return nil
    }
  }

  private static func number(_ v: PythonLiteral) -> Double? {
    switch v {
    case .integer(let n): return Double(n)
    case .float(let x): return x
    default: return nil
    }
  }

  /// The line without its `#` comment (a `#` inside quotes is kept).
  private static func stripComment(_ line: String) -> String {
    var quote: Character? = nil
    var out = ""
    for ch in line {
      if let q = quote {
        if ch == q { quote = nil }
      } else if ch == "'" || ch == "\"" {
        quote = ch
      } else if ch == "#" {
        break
      }
      out.append(ch)
    }
    return out
  }

  private static func assign(
    _ statement: String, line: Int, path: String, into values: inout [String: PythonLiteral],
    raw: inout [String: String]
  ) throws {
    guard let eq = statement.firstIndex(of: "=") else {
      throw NeurometryError.malformedFile(
        path: path, field: "line \(line)",
        message:
          "'\(statement.trimmingCharacters(in: .whitespaces))' is not 'name = value'; params.py is parsed, never run")
    }
    let name = statement[..<eq].trimmingCharacters(in: .whitespaces)
    let text = statement[statement.index(after: eq)...].trimmingCharacters(in: .whitespacesAndNewlines)
    guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), !(name.first?.isNumber ?? true)
    else {
      throw NeurometryError.malformedFile(
        path: path, field: "line \(line)", message: "'\(name)' is not a variable name; params.py is parsed, never run")
    }
    do {
      values[name] = try PythonLiteral.parse(text)
      raw[name] = text
    } catch let e as PythonLiteralParseError {
      throw NeurometryError.malformedFile(
        path: path, field: "line \(line)",
        message: "\(name) = \(text) is not a Python literal (\(e.message)); params.py is parsed, never run")
    }
  }
}
