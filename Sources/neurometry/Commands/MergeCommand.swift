import ArgumentParser
import Foundation
import Neurometry

/// `neurometry merge PARTIAL...`: the outputs of one run from the partial results of its shards.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Combine the partial results of a run split with --shard K/N into that run's outputs.",
    discussion: """
      Each shard of `searchlight`, `evaluate`, `encode`, `identify` or `report` run with --shard K/N --partial \
      FILE writes a partial result. merge checks that the partials are all N shards of one run \
      (same command, arguments and unchanged input files; none missing, none twice) and writes the \
      outputs that run names, equal bit for bit to running it unsplit with the same seed, then \
      prints its report. Relative paths in the run's arguments are read from the current folder.
      """)

  @Argument(help: "The partial results (.json), one per shard, in any order.")
  var partials: [String]

  @Flag(name: .long, help: "Replace existing output files.")
  var force = false

  @OptionGroup var outputOptions: OutputOptions

  /// The commands whose runs split into shards, by name.
  static let shardable: [String: any ShardableCommand.Type] = [
    "searchlight": SearchlightCommand.self, "evaluate": EvaluateCommand.self, "report": ReportCommand.self,
    "encode": EncodeCommand.self, "identify": IdentifyCommand.self,
  ]

  func validate() throws {
    if partials.isEmpty { throw ValidationError("give the partial results of every shard") }
  }

  func run() throws {
    try reportingDataErrors(inputs: partials) {
      let header = try PartialResultHeader.read(partials[0])
      guard let command = Self.shardable[header.command] else {
        throw NeurometryError.unsupported(
          path: partials[0], field: "command",
          message:
            "is '\(header.command)'; merge combines \(Self.shardable.keys.sorted().joined(separator: ", "))")
      }
      try command.mergePartials(
        partials, flags: (outputOptions.json ? ["--json"] : []) + (force ? ["--force"] : []))
    }
  }
}
