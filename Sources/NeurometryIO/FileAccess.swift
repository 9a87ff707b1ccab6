import Foundation
import NeurometryLinearAlgebra

/// Reading whole files and writing outputs safely.
///
/// Outputs are written to a temporary file in the destination folder and renamed into place, so a
/// crash or an error never leaves a half-written file; an existing file is replaced only when
/// `overwrite` is true (the CLI's `--force`).
public enum FileAccess {
  /// The bytes of a file (memory-mapped when possible). Errors name the path.
  public static func read(_ path: String) throws -> Data {
    InputFiles.record(path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw NeurometryError.fileNotFound(path: path)
    }
    if isDirectory.boolValue {
      throw NeurometryError.unreadableFile(path: path, reason: "it is a directory, expected a file")
    }
    do {
      return try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe)
    } catch {
      throw NeurometryError.unreadableFile(path: path, reason: (error as NSError).localizedDescription)
    }
  }

  /// The file mapped into memory (pages are read when touched, so a header or a directory at the
  /// end costs only its pages): for reading a few parts of a possibly large file. Errors name the
  /// path. The caller must not keep the data beyond a short read (a file truncated meanwhile by
  /// another process would fault).
  public static func readMapped(_ path: String) throws -> Data {
    InputFiles.record(path)
    _ = try readPrefix(path, count: 0)  // the same errors as the other reads
    // Foundation's `.alwaysMapped` reads the whole file on Linux; mmap(2) directly.
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else {
      throw NeurometryError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      throw NeurometryError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
    }
    let size = Int(info.st_size)
    guard size > 0 else { return Data() }
    guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
      return try read(path)  // a file that cannot be mapped (a pipe, some network file systems)
    }
    return Data(bytesNoCopy: base, count: size, deallocator: .custom { pointer, count in munmap(pointer, count) })
  }

  /// The first `count` bytes of a file (fewer when it is shorter), read without reading the rest:
  /// headers, when the file may be large. Errors name the path.
  public static func readPrefix(_ path: String, count: Int) throws -> Data {
    InputFiles.record(path)
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw NeurometryError.fileNotFound(path: path)
    }
    if isDirectory.boolValue {
      throw NeurometryError.unreadableFile(path: path, reason: "it is a directory, expected a file")
    }
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw NeurometryError.unreadableFile(path: path, reason: "cannot be opened for reading")
    }
    defer { try? handle.close() }
    do {
      return try handle.read(upToCount: count) ?? Data()
    } catch {
      throw NeurometryError.unreadableFile(path: path, reason: (error as NSError).localizedDescription)
    }
  }

  /// Writes `data` to `path` atomically (temporary file + rename). Throws `outputExists` when the
  /// file exists and `overwrite` is false.
  public static func write(_ data: Data, to path: String, overwrite: Bool) throws {
    try InputFiles.requireNotAnInput(path)
    let url = URL(fileURLWithPath: path)
    if !overwrite && FileManager.default.fileExists(atPath: path) {
      throw NeurometryError.outputExists(path: path)
    }
    let folder = url.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw NeurometryError.unreadableFile(path: path, reason: "its folder \(folder.path) does not exist")
    }
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
    PendingFiles.shared.insert(temporary.path)
    defer { PendingFiles.shared.remove(temporary.path) }
    do {
      try data.write(to: temporary)
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw NeurometryError.unreadableFile(
        path: path, reason: "cannot write: \((error as NSError).localizedDescription)")
    }
    // rename(2) replaces atomically; without overwrite, link(2) would be exclusive, but the check
    // above is what users rely on.
    if rename(temporary.path, path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(at: temporary)
      throw NeurometryError.unreadableFile(path: path, reason: "cannot move the finished output into place: \(reason)")
    }
  }

  /// Removes the temporary files of writes still in progress (for a signal handler: an
  /// interrupted run then leaves neither a partial output nor a temporary file).
  public static func removeTemporaryFiles() {
    for path in PendingFiles.shared.all() { unlink(path) }
  }

  /// Refuses, before anything is allocated, a buffer of `bytes` that this machine's memory cannot
  /// hold (more than half of its physical memory): a header's claim is checked, not trusted.
  public static func requireMemory(_ bytes: Int, for context: String, what: String) throws {
    let memory = Int(clamping: ProcessInfo.processInfo.physicalMemory)
    guard bytes <= memory / 2 else {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "the \(what) would take \(bytes.grouped) bytes, more than half of this machine's \(memory.grouped) bytes of memory"
      )
    }
  }

  /// The last path component, as errors show files.
  public static func displayName(_ path: String) -> String { path }
}

/// The temporary files of writes in progress.
final class PendingFiles: @unchecked Sendable {
  static let shared = PendingFiles()
  private let lock = NSLock()
  private var paths = Set<String>()

  func insert(_ path: String) { lock.withLock { _ = paths.insert(path) } }
  func remove(_ path: String) { lock.withLock { _ = paths.remove(path) } }
  func all() -> [String] { lock.withLock { Array(paths) } }
}

/// The files a run has read (by device and inode, so another spelling of a path or a hard link is
/// the same file), so that no output ever replaces one of them: an output path equal to an input
/// is refused even with `--force` (`FileAccess.write`, `HDF5Writer.write`).
///
/// Off until `startTracking()`: the `neurometry` command turns it on for its one run. A library
/// user who reads a file and then deliberately rewrites it is not second-guessed, and a long-lived
/// process never mistakes a new file for an old one whose inode it reuses.
public enum InputFiles {
  struct Identity: Hashable {
    let device: UInt64
    let inode: UInt64
  }

  private static let lock = NSLock()
  nonisolated(unsafe) private static var seen: [Identity: String] = [:]
  nonisolated(unsafe) private static var tracking = false

  /// Starts noting the files read from now on (once, at the start of a command-line run).
  public static func startTracking() { lock.withLock { tracking = true } }

  static func identity(_ path: String) -> Identity? {
    var s = stat()
    guard stat(path, &s) == 0 else { return nil }
    return Identity(device: UInt64(s.st_dev), inode: UInt64(s.st_ino))
  }

  /// Notes that `path` is read by this process (nothing when it does not exist).
  public static func record(_ path: String) {
    guard lock.withLock({ tracking }), let id = identity(path) else { return }
    lock.withLock { seen[id] = path }
  }

  /// The input (as it was named when read) that `path` is the same file as, if any.
  public static func input(sameAs path: String) -> String? {
    guard lock.withLock({ tracking }), let id = identity(path) else { return nil }
    return lock.withLock { seen[id] }
  }

  /// Throws when writing `path` would replace a file this process has read.
  public static func requireNotAnInput(_ path: String) throws {
    if let input = input(sameAs: path) {
      throw NeurometryError.invalidInput(
        context: path,
        message:
          "is the input \(input) of this run; write the output to another file (an input is never replaced, even with --force)"
      )
    }
  }
}
