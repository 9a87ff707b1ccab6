import Foundation

/// Peak memory of an analysis, estimated from its shapes before anything is allocated (issue 15,
/// DESIGN.md §8): the arrays alive at the analysis's peak, each named, plus the process itself.
///
/// Every estimator (`RDMEstimator.memoryEstimate`, `CKA.memoryEstimate`, …) lists the arrays its
/// algorithm holds at its peak — inputs, copies, Grams, factorisations, per-thread scratch — as
/// doubles (8 bytes) or float32 (4) from the shapes alone; Docs/performance.md compares the
/// estimates with the peak resident memory measured on every benchmark workload (within 25 %).
/// `MemoryLimit.require` refuses a run whose estimate exceeds the limit, before it allocates.
public struct MemoryEstimate: Sendable, Codable, Equatable, CustomStringConvertible {
  /// One array (or group of arrays) alive at the peak.
  public struct Item: Sendable, Codable, Equatable {
    /// What it is, e.g. "patterns (1000 × 10000)".
    public let name: String
    /// Its size in bytes.
    public let bytes: Int
  }

  /// The arrays alive at the peak, largest first when described.
  public private(set) var items: [Item]

  /// No arrays.
  public init() { items = [] }

  /// The given arrays.
  public init(_ items: [Item]) { self.items = items }

  /// The resident memory of the process before any data: the Swift runtime, Foundation and the
  /// numerical and file libraries (measured: 38–41 MB for the `neurometry` binary and the
  /// benchmark runner on Linux; 40 MB is used).
  public static let processBytes = 40_000_000

  /// The process itself (`processBytes`) as an estimate.
  public static var process: MemoryEstimate { MemoryEstimate([Item(name: "process", bytes: processBytes)]) }

  /// Adds `name`, a `rows × columns` matrix of doubles (`bytesPerValue` 8) or float32 (4).
  public mutating func add(_ name: String, rows: Int, columns: Int, bytesPerValue: Int = 8) {
    items.append(
      Item(name: "\(name) (\(rows.grouped) × \(columns.grouped))", bytes: rows * columns * bytesPerValue))
  }

  /// Adds `name` of `bytes` bytes.
  public mutating func add(_ name: String, bytes: Int) { items.append(Item(name: name, bytes: bytes)) }

  /// The arrays of both.
  public static func + (a: MemoryEstimate, b: MemoryEstimate) -> MemoryEstimate {
    MemoryEstimate(a.items + b.items)
  }

  /// The larger of two phases that never coexist (e.g. two measures run one after the other).
  public static func peak(_ phases: [MemoryEstimate]) -> MemoryEstimate {
    phases.max { $0.bytes < $1.bytes } ?? MemoryEstimate()
  }

  /// The total in bytes.
  public var bytes: Int { items.reduce(0) { $0 + $1.bytes } }

  /// "1.23 GB (patterns (1,000 × 10,000) 80 MB, Gram (1,000 × 1,000) 8 MB, …)": the total and the
  /// largest items.
  public var description: String {
    let shown = items.sorted { $0.bytes > $1.bytes }.prefix(4).map { "\($0.name) \(Self.format($0.bytes))" }
    return "\(Self.format(bytes)) (\(shown.joined(separator: ", "))\(items.count > 4 ? ", …" : ""))"
  }

  /// Bytes as "812 MB", "3.4 GB" (10⁶, 10⁹).
  public static func format(_ bytes: Int) -> String {
    let b = Double(bytes)
    if b >= 1e9 { return String(format: "%.1f GB", b / 1e9) }
    if b >= 1e6 { return String(format: "%.0f MB", b / 1e6) }
    return String(format: "%.0f kB", b / 1e3)
  }
}

/// How much memory a run may use: `--max-memory` (e.g. `4G`, `512M`, `2.5GB`, bytes), by default
/// the memory available now (`MemAvailable` of /proc/meminfo, or the cgroup's limit when lower).
public struct MemoryLimit: Sendable, Equatable, CustomStringConvertible {
  /// The limit in bytes.
  public let bytes: Int
  /// Where it came from: "--max-memory" or "available memory".
  public let source: String

  /// A limit of `bytes` from `source`.
  public init(bytes: Int, source: String = "--max-memory") {
    self.bytes = bytes
    self.source = source
  }

  /// Parses `4G`, `4GB`, `512M`, `2.5g`, `1T`, `1000000` (bytes); K/M/G/T are powers of 10³ (as
  /// the estimates are printed).
  public init(parsing text: String) throws {
    let t = text.trimmingCharacters(in: .whitespaces).uppercased()
    var number = Substring(t)
    var scale = 1.0
    for (suffix, factor) in [
      ("TB", 1e12), ("GB", 1e9), ("MB", 1e6), ("KB", 1e3), ("T", 1e12), ("G", 1e9), ("M", 1e6), ("K", 1e3), ("B", 1),
    ]
    where t.hasSuffix(suffix) {
      number = t.dropLast(suffix.count)
      scale = factor
      break
    }
    guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value > 0, value.isFinite else {
      throw NeurometryError.invalidInput(
        context: "--max-memory '\(text)'", message: "expected a size such as 4G, 512M or 2.5GB")
    }
    self.init(bytes: Int(value * scale), source: "--max-memory")
  }

  /// The memory available now: `MemAvailable` of /proc/meminfo, or the cgroup's memory limit minus
  /// its usage when that is lower; nil where neither can be read.
  public static func available() -> MemoryLimit? {
    var best: Int? = nil
    if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
      let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
      let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
    {
      best = kb * 1024
    }
    for (limitFile, usageFile) in [
      ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
      ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes"),
    ] {
      guard let limit = Self.number(limitFile), let usage = Self.number(usageFile), limit < 1 << 60 else { continue }
      best = Swift.min(best ?? Int.max, limit - usage)
    }
    return best.map { MemoryLimit(bytes: $0, source: "available memory") }
  }

  static func number(_ path: String) -> Int? {
    (try? String(contentsOfFile: path, encoding: .utf8)).flatMap {
      Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
    }
  }

  /// "4.0 GB (--max-memory)".
  public var description: String { "\(MemoryEstimate.format(bytes)) (\(source))" }

  /// Throws, before anything is allocated, when `estimate` exceeds the limit: the message names
  /// the task, the estimate with its largest arrays, the limit, and `advice` (what would fit).
  public func require(_ estimate: MemoryEstimate, for task: String, advice: String) throws {
    guard estimate.bytes > bytes else { return }
    throw NeurometryError.invalidInput(
      context: task,
      message: "needs about \(estimate), more than the \(self) allowed; \(advice)")
  }
}
