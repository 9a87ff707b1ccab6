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

extension Matrix {
  /// A rows × columns matrix whose rows are filled in parallel by `fill(i, row)` (each row's
  /// buffer written by one task, straight into the matrix: no per-row arrays to gather).
  public init(rows: Int, columns: Int, parallelRows fill: @Sendable (Int, UnsafeMutableBufferPointer<Double>) -> Void) {
    let count = rows * columns
    let elements = [Double](unsafeUninitializedCapacity: count) { out, initialized in
      let base = SendablePointer(out.baseAddress)
      // One row (or one worker) runs inline in Parallel.map.
      _ = try? Parallel.map(rows) { i in
        fill(i, UnsafeMutableBufferPointer(start: base.pointer.map { $0 + i * columns }, count: columns))
      }
      initialized = count
    }
    self.init(rows: rows, columns: columns, elements: elements)
  }
}

/// A raw pointer handed to parallel tasks that write disjoint parts of one buffer (the caller
/// guarantees the parts do not overlap and the buffer outlives the loop).
public struct SendablePointer: @unchecked Sendable {
  /// The start of the shared buffer (`nil` for an empty buffer).
  public let pointer: UnsafeMutablePointer<Double>?
  /// Wraps `pointer`; nothing is copied or retained, so the buffer must outlive every task using it.
  public init(_ pointer: UnsafeMutablePointer<Double>?) { self.pointer = pointer }
}

/// OpenBLAS's thread count is process-wide. Parallel loops may overlap (nested, or on several
/// threads at once), so the setting is reference-counted: the first loop to start saves the
/// current count and sets 1; when the last one finishes the saved count becomes *pending* and is
/// restored lazily, by the next BLAS or LAPACK call big enough to use threads (or by reading or
/// setting `NumericalLibraries.blasThreads`). A save/restore per loop would race (one loop
/// restoring 2 threads while another still runs), and threaded BLAS reductions can round
/// differently, which would make results depend on scheduling.
///
/// Why lazily: raising OpenBLAS 0.3.21's thread count wakes its worker threads, which then
/// busy-wait (sched_yield) for about 2²⁸ cycles. A program that alternates parallel loops with
/// small products (bootstraps, rank comparators) would restore and lower the count every
/// iteration and keep a worker spinning on one of the cores its own loop needs — measured at a
/// quarter of compare-rho-a's CPU time on 2 cores. Restored lazily, the count changes only when a
/// big product follows a loop.
enum SingleThreadedBLAS {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var depth = 0
  nonisolated(unsafe) private static var saved = 1
  nonisolated(unsafe) private static var pending: Int? = nil

  static func enter() {
    lock.lock()
    defer { lock.unlock() }
    if depth == 0 {
      if let p = pending {
        saved = p  // still single-threaded from the previous loop
        pending = nil
      } else {
        saved = BLASLibrary.threads
        BLASLibrary.threads = 1
      }
    }
    depth += 1
  }

  static func leave() {
    lock.lock()
    defer { lock.unlock() }
    depth -= 1
    if depth == 0 { pending = saved }
  }

  /// Restores a pending thread count (outside every loop); called before calls that can use threads.
  static func restorePending() {
    lock.lock()
    defer { lock.unlock() }
    if depth == 0, let p = pending {
      BLASLibrary.threads = p
      pending = nil
    }
  }

  /// The thread count BLAS calls outside loops use (the pending one, if any).
  static var threads: Int {
    get {
      lock.lock()
      defer { lock.unlock() }
      return depth == 0 ? (pending ?? BLASLibrary.threads) : BLASLibrary.threads
    }
    set {
      lock.lock()
      defer { lock.unlock() }
      pending = nil
      BLASLibrary.threads = newValue
    }
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
