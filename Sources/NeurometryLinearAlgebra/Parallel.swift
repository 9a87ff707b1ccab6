import Dispatch
import Foundation

/// Parallel loops over independent work items (resamples, pairs of layers, searchlight centres).
///
/// Results are returned in index order, so they never depend on scheduling or the number of
/// threads. While the loop runs, BLAS is limited to one thread per call (DESIGN.md §3: parallel
/// loops and multi-threaded BLAS together oversubscribe the cores); the previous setting is
/// restored afterwards. Work that needs randomness derives `RandomStream(seed:stream: index)`.
public enum Parallel {
  /// Number of worker threads used (the active processor count).
  public static var workers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

  /// `body(i)` for i in 0..<count, in parallel; results in index order. The first error thrown
  /// (by lowest index) is rethrown after all items finish.
  public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
    guard count > 0 else { return [] }
    if count == 1 || workers == 1 { return try (0..<count).map(body) }
    let results = ResultBuffer<T>(count)
    SingleThreadedBLAS.enter()
    defer { SingleThreadedBLAS.leave() }
    DispatchQueue.concurrentPerform(iterations: count) { i in
      results.set(i, Result { try body(i) })
    }
    return try results.collect()
  }

  /// `body(i)` for i in 0..<count, in parallel.
  public static func forEach(_ count: Int, _ body: @Sendable (Int) throws -> Void) throws {
    _ = try map(count, body)
  }
}

/// OpenBLAS's thread count is process-wide. Parallel loops may overlap (nested, or on several
/// threads at once), so the setting is reference-counted: the first loop to start saves the
/// current count and sets 1, the last one to finish restores it. A save/restore per loop would
/// race (one loop restoring 2 threads while another still runs), and threaded BLAS reductions
/// can round differently, which would make results depend on scheduling.
enum SingleThreadedBLAS {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var depth = 0
  nonisolated(unsafe) private static var saved = 1

  static func enter() {
    lock.lock()
    defer { lock.unlock() }
    if depth == 0 {
      saved = NumericalLibraries.blasThreads
      NumericalLibraries.blasThreads = 1
    }
    depth += 1
  }

  static func leave() {
    lock.lock()
    defer { lock.unlock() }
    depth -= 1
    if depth == 0 { NumericalLibraries.blasThreads = saved }
  }
}

/// Per-index result slots written by distinct threads (each index exactly once).
private final class ResultBuffer<T: Sendable>: @unchecked Sendable {
  private var slots: [Result<T, Error>?]
  private let lock = NSLock()
  init(_ n: Int) { slots = Array(repeating: nil, count: n) }
  func set(_ i: Int, _ value: Result<T, Error>) {
    lock.lock()
    slots[i] = value
    lock.unlock()
  }
  func collect() throws -> [T] {
    try slots.map { slot in
      guard let slot else { preconditionFailure("Parallel.map: a slot was not filled") }
      return try slot.get()
    }
  }
}
