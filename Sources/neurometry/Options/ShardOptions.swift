import ArgumentParser
import Foundation
import Neurometry

/// `--shard K/N --partial FILE`: run one slice of a command's work units and write a partial
/// result that `neurometry merge` combines with the others (DESIGN.md §7).
struct ShardOptions: ParsableArguments {
  @Option(
    name: .customLong("shard"),
    help: ArgumentHelp(
      "Run only shard K of N (K counts from 0: 0/N … N−1/N, e.g. $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT) and write a partial result to --partial; `neurometry merge` combines the N partials into exactly one run's outputs.",
      valueName: "K/N"))
  var shardText: String?

  @Option(name: .long, help: "Where the shard's partial result goes (.json); needs --shard.")
  var partial: String?

  /// The shard asked for (nil: the whole run); `validate` has checked it parses.
  var shard: Shard? { shardText.flatMap { try? Shard(parsing: $0) } }

  func validate() throws {
    if let shardText {
      do {
        _ = try Shard(parsing: shardText)
      } catch let error as NeurometryError {
        throw ValidationError(error.description)
      }
    }
    if shard != nil && partial == nil {
      throw ValidationError("--shard needs --partial FILE (where this shard's partial result goes)")
    }
    if shard == nil && partial != nil { throw ValidationError("--partial needs --shard K/N") }
  }
}

/// A subcommand whose work splits into shards: it writes its `Payload` for one shard, and from
/// all shards' payloads writes the outputs and prints the report of one whole run.
protocol ShardableCommand: ParsableCommand {
  /// What one shard contributes (the library's partial result type).
  associatedtype Payload: Codable & Sendable
  /// `--shard`, `--partial`.
  var shardOptions: ShardOptions { get }
  /// The input files, fingerprinted in every partial (a merge refuses changed inputs).
  var inputFiles: [String] { get }
  /// Writes the outputs and prints the report of the run whose shards gave `payloads` (in shard
  /// order), as the unsharded command would.
  func merge(_ payloads: [Payload]) throws
}

extension ShardableCommand {
  /// The options `merge` leaves out of a run's identity (each shard's own, and how it prints).
  static var shardOnlyOptions: Set<String> { ["--shard", "--partial", "--json", "--force"] }

  /// This process's arguments after the subcommand's name, negative values attached as the
  /// parser read them, without the shard's own options.
  static var runArguments: [String] {
    let all = NeurometryCommand.attachingNegativeValues(Array(CommandLine.arguments.dropFirst()))
    let name = configuration.commandName ?? ""
    let start = (all.firstIndex(of: name) ?? -1) + 1
    var out: [String] = []
    var i = start
    while i < all.count {
      let token = all[i]
      let key = String(token.split(separator: "=", maxSplits: 1).first ?? "")
      if shardOnlyOptions.contains(key) {
        // --json and --force are flags; --shard and --partial take a value unless attached.
        i += (token.contains("=") || key == "--json" || key == "--force") ? 1 : 2
        continue
      }
      out.append(token)
      i += 1
    }
    return out
  }

  /// Writes this shard's `payload` (units `shard.units(of: total)`) to `--partial` atomically and
  /// prints what was written (`command` as the JSON envelope's command).
  func writePartial(
    _ payload: Payload, total: Int, unitName: String, json: Bool, force: Bool, inputs: [String]? = nil
  ) throws {
    guard let shard = shardOptions.shard, let path = shardOptions.partial else { return }
    let name = Self.configuration.commandName ?? ""
    var seen = Set<String>()
    let files = (inputs ?? inputFiles).filter { seen.insert($0).inserted }
    let header = try PartialResultHeader(
      command: name, arguments: Self.runArguments, inputs: files, shard: shard, total: total)
    try PartialResult(header: header, payload: payload).write(to: path, overwrite: force)
    let units = header.units
    try printReport(
      command: name, json: json, inputs: ["partial": path], parameters: { ["shard": shard.description] },
      result: ShardWritten(
        shard: shard.description, total: units.total, start: units.start, end: units.end, partial: path),
      warnings: []
    ) {
      "\(name) shard \(shard): \(unitName) \(units.start.grouped)..<\(units.end.grouped) of \(units.total.grouped)\n  written: \(path)"
    }
  }

  /// Merges the partials in `paths` (checked to be one complete run) into the outputs of one run:
  /// the command is parsed again from the recorded arguments with `flags` (--json, --force).
  static func mergePartials(_ paths: [String], flags: [String]) throws {
    let partials = try paths.map { try PartialResult<Payload>.read($0) }
    try PartialResultHeader.requireOneCompleteRun(partials.map(\.header), paths: paths)
    let command: Self
    do {
      command = try parse(partials[0].header.arguments + flags)
    } catch {
      throw NeurometryError.malformedFile(
        path: paths[0], field: "arguments",
        message: "cannot be read as '\(configuration.commandName ?? "")' arguments: \(fullMessage(for: error))")
    }
    try command.merge(partials.sorted { $0.header.shard.index < $1.header.shard.index }.map(\.payload))
  }
}

/// The result a shard prints: which units it ran and where its partial went.
struct ShardWritten: Encodable {
  let shard: String
  let total: Int
  let start: Int
  let end: Int
  let partial: String
}
