import Foundation
import NeurometryLinearAlgebra

/// What one shard of a split run writes (`--shard K/N --partial FILE`) and `neurometry merge`
/// reads: the command and its arguments, a fingerprint of its input files, the shard and its
/// units, and the command's partial payload (schema `neurometry-partial/1`, JSON).
///
/// Doubles are written in Swift's shortest round-trip form (NaN and ±∞ as the strings "nan",
/// "inf", "-inf"), so a payload reads back bit for bit and the merge equals a single run.
/// The file is written atomically (`FileAccess.write`).
public struct PartialResult<Payload: Codable & Sendable>: Codable, Sendable {
  /// The schema name of partial-result files.
  public static var schemaName: String { "neurometry-partial/1" }

  /// Everything but the payload: what `merge` checks before it reads any payload.
  public let header: PartialResultHeader
  /// The command's partial result for the shard's units.
  public let payload: Payload

  /// A partial result of `header.command`.
  public init(header: PartialResultHeader, payload: Payload) {
    self.header = header
    self.payload = payload
  }

  private enum CodingKeys: String, CodingKey { case payload }

  /// Decodes the header's fields and `payload` from one JSON object.
  public init(from decoder: Decoder) throws {
    header = try PartialResultHeader(from: decoder)
    payload = try decoder.container(keyedBy: CodingKeys.self).decode(Payload.self, forKey: .payload)
  }

  /// Encodes the header's fields and `payload` in one JSON object.
  public func encode(to encoder: Encoder) throws {
    try header.encode(to: encoder)
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(payload, forKey: .payload)
  }

  /// Writes the partial result to `path` atomically (refusing an existing file unless `overwrite`).
  public func write(to path: String, overwrite: Bool) throws {
    try FileAccess.write(try PartialResultHeader.encoder.encode(self), to: path, overwrite: overwrite)
  }

  /// Reads a partial result of `Payload` (errors name the file and what is wrong with it).
  public static func read(_ path: String) throws -> PartialResult {
    let header = try PartialResultHeader.read(path)
    do {
      return try PartialResultHeader.decoder.decode(PartialResult.self, from: try FileAccess.read(path))
    } catch {
      throw NeurometryError.malformedFile(
        path: path, field: "payload",
        message: "is not the partial result of '\(header.command)' this version writes (\(error))")
    }
  }
}

/// The fields of a partial result that identify its run and its shard.
public struct PartialResultHeader: Codable, Sendable, Equatable {
  /// `neurometry-partial/1`.
  public let schema: String
  /// The subcommand that wrote it (`searchlight`, `evaluate`, …).
  public let command: String
  /// The subcommand's arguments without the shard's own (`--shard`, `--partial`, `--json`,
  /// `--force`): the run every shard must share.
  public let arguments: [String]
  /// The input files as they were when the shard ran.
  public let inputs: [InputFingerprint]
  /// Which shard this is.
  public let shard: Shard
  /// The run's number of units and this shard's range of them.
  public let units: UnitRange
  /// The Neurometry version that wrote it.
  public let version: String

  /// A header for shard `shard` of `total` units of `command` run with `arguments` on `inputs`
  /// (fingerprinted now).
  public init(command: String, arguments: [String], inputs: [String], shard: Shard, total: Int) throws {
    self.schema = PartialResult<Int>.schemaName
    self.command = command
    self.arguments = arguments
    self.inputs = try inputs.map(InputFingerprint.init(path:))
    self.shard = shard
    let range = shard.units(of: total)
    self.units = UnitRange(total: total, start: range.lowerBound, end: range.upperBound)
    self.version = NeurometryVersion.string
  }

  /// A shard's units: [start, end) of total.
  public struct UnitRange: Codable, Sendable, Equatable {
    /// The number of units of the whole run.
    public let total: Int
    /// The first unit of the shard.
    public let start: Int
    /// One past the shard's last unit.
    public let end: Int
    /// start..<end.
    public var range: Range<Int> { start..<Swift.max(start, end) }
  }

  /// An input file's path (as given), size in bytes and modification time (seconds since 1970).
  public struct InputFingerprint: Codable, Sendable, Equatable {
    /// The path as the command was given it.
    public let path: String
    /// Its size in bytes.
    public let bytes: Int64
    /// Its modification time, seconds since 1970.
    public let modified: Double

    /// The fingerprint of `path` now (throws `fileNotFound` when it does not exist).
    public init(path: String) throws {
      let attributes: [FileAttributeKey: Any]
      do {
        attributes = try FileManager.default.attributesOfItem(atPath: path)
      } catch {
        throw NeurometryError.fileNotFound(path: path)
      }
      self.path = path
      self.bytes = (attributes[.size] as? NSNumber)?.int64Value ?? -1
      self.modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    }
  }

  static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return encoder
  }

  static var decoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.nonConformingFloatDecodingStrategy = .convertFromString(
      positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return decoder
  }

  /// The header of the partial result in `path`.
  public static func read(_ path: String) throws -> PartialResultHeader {
    let header: PartialResultHeader
    do {
      header = try decoder.decode(PartialResultHeader.self, from: try FileAccess.read(path))
    } catch let error as NeurometryError {
      throw error
    } catch {
      throw NeurometryError.malformedFile(
        path: path, field: nil,
        message:
          "is not a partial result (\(PartialResult<Int>.schemaName), written by a command run with --shard K/N --partial FILE)"
      )
    }
    guard header.schema == PartialResult<Int>.schemaName else {
      throw NeurometryError.unsupported(
        path: path, field: "schema",
        message: "is '\(header.schema)'; this version reads \(PartialResult<Int>.schemaName)")
    }
    return header
  }

  /// Throws unless `headers` (read from `paths`) are the complete shards of one run: the same
  /// command, arguments and inputs, shards 0/N … (N−1)/N each once, ranges tiling the units; and
  /// unless the inputs are unchanged now (same size and modification time).
  public static func requireOneCompleteRun(_ headers: [PartialResultHeader], paths: [String]) throws {
    try Shard.requireComplete(headers.map(\.shard), sources: paths)
    let first = headers[0]
    for (header, path) in zip(headers, paths).dropFirst() {
      if header.command != first.command {
        throw NeurometryError.invalidInput(
          context: "merge", message: "\(paths[0]) is from '\(first.command)' but \(path) from '\(header.command)'")
      }
      if header.arguments != first.arguments {
        throw NeurometryError.invalidInput(
          context: "merge",
          message:
            "\(paths[0]) and \(path) come from different runs: arguments \(first.arguments.joined(separator: " ")) vs \(header.arguments.joined(separator: " "))"
        )
      }
      if header.inputs != first.inputs {
        throw NeurometryError.invalidInput(
          context: "merge",
          message: "\(paths[0]) and \(path) read different input files (an input changed between the shards' runs)")
      }
      if header.units.total != first.units.total {
        throw NeurometryError.invalidInput(
          context: "merge",
          message: "\(paths[0]) splits \(first.units.total) units but \(path) \(header.units.total)")
      }
    }
    for (header, path) in zip(headers, paths) where header.units.range != header.shard.units(of: header.units.total) {
      throw NeurometryError.malformedFile(
        path: path, field: "units",
        message: "holds units \(header.units.start)..<\(header.units.end), not shard \(header.shard)'s")
    }
    for input in first.inputs where (try? InputFingerprint(path: input.path)) != input {
      throw NeurometryError.invalidInput(
        context: "merge",
        message:
          "\(input.path) has changed (or is gone) since the shards ran: its size or modification time differ; run the shards again"
      )
    }
  }
}
