import ArgumentParser
import Foundation
import Neurometry

/// The JSON envelope every subcommand prints with `--json` (DESIGN.md §5):
/// `{"schema": "neurometry/1", "command", "version", "inputs", "parameters", "result", "warnings"}`.
struct CommandOutput<Inputs: Encodable, Parameters: Encodable, Result: Encodable>: Encodable {
  let schema = "neurometry/1"
  let command: String
  let version = NeurometryVersion.string
  let inputs: Inputs
  let parameters: Parameters
  let result: Result
  let warnings: [String]

  /// The envelope as pretty-printed JSON with sorted keys.
  func jsonText() throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    let data = try encoder.encode(self)
    return String(decoding: data, as: UTF8.self)
  }
}

/// An empty JSON object, for commands without parameters.
struct NoParameters: Encodable {}

/// Runs a subcommand body and turns a `NeurometryError` (or any other error from the library)
/// into one line on stderr and exit status 1. Usage errors never reach here: ArgumentParser
/// reports them with exit status 64.
///
/// `inputs`: the data files the body reads. A library error that names none of them (a measure
/// refusing its matrix: "rdm (correlation): the pattern of condition '0' is constant") is prefixed
/// with them, so every refusal names the file it is about.
func reportingDataErrors(inputs: [String] = [], _ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as NeurometryError {
    let message = error.description
    let named = inputs.isEmpty || error.path != nil || inputs.contains { message.contains($0) }
    printError(named ? message : "\(inputs.joined(separator: ", ")): \(message)")
    throw ExitCode(1)
  } catch let error as ExitCode {
    throw error
  } catch {
    printError(String(describing: error))
    throw ExitCode(1)
  }
}

func printError(_ message: String) {
  FileHandle.standardError.write(Data("neurometry: error: \(message)\n".utf8))
}

/// Formats a number for the human summary: up to 6 significant digits, "nan"/"inf" spelled out.
func formatNumber(_ x: Double?) -> String {
  guard let x else { return "—" }
  if x.isNaN { return "nan" }
  if x.isInfinite { return x > 0 ? "inf" : "-inf" }
  if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
  return String(format: "%.6g", x)
}

/// Prints a subcommand's report on stdout: with `json` the envelope (its parameters and result
/// computed only then), else the human summary, followed with `warningsOnStandardError` by each
/// warning as a `neurometry: warning:` line on stderr (otherwise the summary shows them).
func printReport<Inputs: Encodable, Parameters: Encodable, Result: Encodable>(
  command: String, json: Bool, inputs: @autoclosure () -> Inputs, parameters: () throws -> Parameters,
  result: @autoclosure () throws -> Result, warnings: [String], warningsOnStandardError: Bool = false,
  human: () -> String
) throws {
  if json {
    let envelope = CommandOutput(
      command: command, inputs: inputs(), parameters: try parameters(), result: try result(), warnings: warnings)
    print(try envelope.jsonText())
  } else {
    print(human())
    if warningsOnStandardError {
      for w in warnings { FileHandle.standardError.write(Data("neurometry: warning: \(w)\n".utf8)) }
    }
  }
}

/// The closing lines of a human summary that lists its warnings: the files written, then each
/// warning.
func closingLines(written: [String], warnings: [String]) -> [String] {
  (written.isEmpty ? [] : ["  written: \(written.joined(separator: ", "))"]) + warnings.map { "  warning: \($0)" }
}
