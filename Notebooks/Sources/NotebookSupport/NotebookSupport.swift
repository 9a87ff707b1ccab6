import Foundation
import Neurometry

/// Whether the notebook runs under `render-notebook` (which sets NEUROMETRY_NOTEBOOK_CELLS).
let rendering = ProcessInfo.processInfo.environment["NEUROMETRY_NOTEBOOK_CELLS"] != nil

/// Shows a figure: drawn inline in the rendered page; in a terminal, one line saying so.
public func show(_ figure: some SVGFigure, _ caption: String) {
  if rendering {
    print("\u{1E}svg \(caption)")
    print(figure.svg())
    print("\u{1E}end")
  } else {
    print("[figure: \(caption) — render the notebook to see it]")
  }
}

/// A check that failed: the message says what differed.
public struct NotebookCheckFailure: Error, CustomStringConvertible {
  /// What differed, or what could not be run.
  public let description: String
}

/// The `neurometry` binary of the main package (`swift build` at the repository root makes it;
/// `NEUROMETRY_BINARY` overrides), run from the repository root with `arguments`: its standard
/// output. Throws with its standard error when it exits non-zero.
public func neurometry(_ arguments: [String]) throws -> String {
  let binary = ProcessInfo.processInfo.environment["NEUROMETRY_BINARY"] ?? ".build/debug/neurometry"
  guard FileManager.default.isExecutableFile(atPath: binary) else {
    throw NotebookCheckFailure(
      description:
        "no neurometry binary at \(binary): run `swift build` at the repository root first (or set NEUROMETRY_BINARY)")
  }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: binary)
  process.arguments = arguments
  let out = Pipe()
  let err = Pipe()
  process.standardOutput = out
  process.standardError = err
  try process.run()
  let stdout = out.fileHandleForReading.readDataToEndOfFile()
  let stderr = err.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0 else {
    throw NotebookCheckFailure(
      description:
        "neurometry \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: stderr, as: UTF8.self))"
    )
  }
  return String(decoding: stdout, as: UTF8.self)
}

/// The number at `path` (keys and indices) in a JSON text, e.g. the CLI's `--json` output.
public func number(in json: String, at path: [Any]) throws -> Double {
  var node: Any = try JSONSerialization.jsonObject(with: Data(json.utf8))
  for step in path {
    if let key = step as? String, let object = node as? [String: Any], let next = object[key] {
      node = next
    } else if let index = step as? Int, let array = node as? [Any], index < array.count {
      node = array[index]
    } else {
      throw NotebookCheckFailure(description: "no \(step) in the JSON at \(path)")
    }
  }
  guard let value = (node as? NSNumber)?.doubleValue else {
    throw NotebookCheckFailure(description: "the JSON at \(path) is not a number: \(node)")
  }
  return value
}

/// Prints both numbers and throws unless they agree to `rtol` relative: the notebook and the CLI
/// compute the same thing.
public func expectSame(_ notebook: Double, _ cli: Double, rtol: Double = 1e-10, _ what: String) throws {
  let close = abs(notebook - cli) <= rtol * max(abs(notebook), abs(cli)) || notebook == cli
  print("\(what): notebook \(notebook), CLI \(cli) — \(close ? "the same" : "DIFFERENT")")
  guard close else { throw NotebookCheckFailure(description: "\(what): \(notebook) ≠ \(cli)") }
}

/// A number with 4 significant digits, for tables.
public func f4(_ x: Double) -> String { x.isFinite ? String(format: "%.4f", x) : "nan" }
