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
    NumericalLibraries.withBLASThreads(1) {
      DispatchQueue.concurrentPerform(iterations: count) { i in
        results.set(i, Result { try body(i) })
      }
    }
    return try results.collect()
  }

  /// `body(i)` for i in 0..<count, in parallel.
  public static func forEach(_ count: Int, _ body: @Sendable (Int) throws -> Void) throws {
    _ = try map(count, body)
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
