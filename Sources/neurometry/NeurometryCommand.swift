import ArgumentParser
import Dispatch
import Foundation
import Neurometry

@main
struct NeurometryCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "neurometry",
    abstract: "Measure how similar brains and neural networks are.",
    discussion: """
      Exit status: 0 on success, 1 on a data error (the message names the file and field), \
      64 on a usage error. With --json, every subcommand prints one JSON object \
      {"schema": "neurometry/1", "command", "inputs", "parameters", "result", "warnings"}.
      """,
    version: versionText,
    subcommands: [
      InspectCommand.self, PatternsCommand.self, RDMCommand.self, CompareCommand.self, EvaluateCommand.self,
      CKACommand.self, ShapeCommand.self, EncodeCommand.self, CeilingCommand.self, NoiseCommand.self,
      ConvertCommand.self, SearchlightCommand.self, MeasuresCommand.self, ReportCommand.self, IdentifyCommand.self,
      MergeCommand.self,
    ]
  )

  /// Tunes the process for big arrays (`NumericalLibraries.keepLargeAllocations`), notes every
  /// file read so that no output replaces one (`InputFiles`), then parses and runs the subcommand.
  static func main() {
    NumericalLibraries.keepLargeAllocations()
    InputFiles.startTracking()
    handleInterrupts()
    main(attachingNegativeValues(Array(CommandLine.arguments.dropFirst())))
  }

  /// `--option -1` (a negative number, list or range as the value: `-1`, `-0.5`, `-1,2`,
  /// `-0.2:0.5`, `-1e-3`) becomes `--option=-1`: the argument parser would otherwise read `-1` as
  /// an option and report "Missing value". Tokens after `--` are left alone.
  static func attachingNegativeValues(_ arguments: [String]) -> [String] {
    var out: [String] = []
    var i = 0
    while i < arguments.count {
      let token = arguments[i]
      if token == "--" {
        out += arguments[i...]
        break
      }
      if token.hasPrefix("--"), !token.contains("="), i + 1 < arguments.count, isNegativeValue(arguments[i + 1]) {
        out.append(token + "=" + arguments[i + 1])
        i += 2
        continue
      }
      out.append(token)
      i += 1
    }
    return out
  }

  /// A token that starts like a negative number ("-1", "-.5", "-0.2:0.5", "-1,2").
  static func isNegativeValue(_ token: String) -> Bool {
    let scalars = Array(token.unicodeScalars)
    guard scalars.count >= 2, scalars[0] == "-" else { return false }
    let digit = { (c: Unicode.Scalar) in ("0"..."9").contains(c) }
    return digit(scalars[1]) || (scalars[1] == "." && scalars.count >= 3 && digit(scalars[2]))
  }

  /// Ctrl-C (SIGINT) and SIGTERM: remove the temporary files of outputs being written, say so on
  /// stderr and exit with 130 / 143 — an interrupted command leaves no partial output (outputs are
  /// only ever renamed into place when complete). Installed explicitly, so a signal the parent
  /// process ignored still stops the command cleanly.
  static func handleInterrupts() {
    for (number, name) in [(SIGINT, "interrupted"), (SIGTERM, "terminated")] {
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler {
        FileAccess.removeTemporaryFiles()
        FileHandle.standardError.write(Data("neurometry: \(name); no output was written\n".utf8))
        Foundation.exit(128 + number)
      }
      source.resume()
      signalSources.append(source)
    }
  }

  nonisolated(unsafe) static var signalSources: [DispatchSourceSignal] = []

  static var versionText: String {
    """
    neurometry \(NeurometryVersion.string)
    BLAS: \(NumericalLibraries.blasConfiguration)
    BLAS kernels: \(NumericalLibraries.blasKernelSelection)
    FFTW: \(NumericalLibraries.fftwVersion)
    HDF5: \(IOLibraries.hdf5Version) (\(IOLibraries.hdf5ThreadSafe ? "thread-safe build" : "not thread-safe"); calls serialised by Neurometry)
    zlib: \(IOLibraries.zlibVersion)
    """
  }
}
