import Foundation

/// Runs the real `neurometry` executable (built by `swift build`/`swift test`, which the CLI test
/// target depends on) and captures its exit status and output.
public enum CLIRunner {
  /// What a run produced.
  public struct Result: Sendable {
    /// The exit status (0 success, 1 data error, 64 usage error).
    public let status: Int32
    /// Everything written to standard output, as UTF-8.
    public let stdout: String
    /// Everything written to standard error, as UTF-8.
    public let stderr: String
    /// True when the process ended by a signal (a trap, a crash), not by exiting.
    public var signaled = false
    /// True when it ran past the timeout given to `run` and was killed.
    public var timedOut = false
  }

  /// The executable: `$NEUROMETRY_BINARY` if set, else `neurometry` next to the test bundle.
  public static var executable: String {
    if let explicit = ProcessInfo.processInfo.environment["NEUROMETRY_BINARY"] { return explicit }
    return program("neurometry")
  }

  /// A program this package builds (`neurometry`, the README's examples), next to the test bundle.
  public static func program(_ name: String) -> String {
    let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
    var folder = testBinary.deletingLastPathComponent()
    // On Linux the test runner is .build/<config>/<Package>PackageTests.xctest; on macOS it is
    // inside a bundle (.xctest/Contents/MacOS).
    for _ in 0..<4 {
      let candidate = folder.appendingPathComponent(name).path
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
      folder = folder.deletingLastPathComponent()
    }
    return Fixtures.repositoryRoot + "/.build/debug/" + name
  }

  /// Runs `neurometry arguments…` (or another `program`) in `directory` (default: the repository
  /// root). With `timeout`, a run still going after that many seconds is killed (`timedOut`).
  public static func run(
    _ arguments: [String], in directory: String? = nil, program: String? = nil, timeout: Double? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: program.map(Self.program) ?? executable)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory ?? Fixtures.repositoryRoot)
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    _ = FileManager.default.createFile(atPath: dir.file("out"), contents: nil)
    _ = FileManager.default.createFile(atPath: dir.file("err"), contents: nil)
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.file("out")))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: dir.file("err")))
    process.standardOutput = out
    process.standardError = err
    try process.run()
    var timedOut = false
    if let timeout {
      let deadline = Date().addingTimeInterval(timeout)
      while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
      if process.isRunning {
        timedOut = true
        kill(process.processIdentifier, SIGKILL)
      }
    }
    process.waitUntilExit()
    try out.close()
    try err.close()
    var result = Result(
      status: process.terminationStatus,
      stdout: String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir.file("out"))), as: UTF8.self),
      stderr: String(decoding: try Data(contentsOf: URL(fileURLWithPath: dir.file("err"))), as: UTF8.self))
    result.signaled = process.terminationReason == .uncaughtSignal && !timedOut
    result.timedOut = timedOut
    return result
  }

  /// Starts `neurometry arguments…`, sends `signal` after `seconds`, and returns its exit status
  /// and standard error (a run still going 20 s later is killed, and its status says so).
  public static func signalled(_ arguments: [String], signal: Int32, after seconds: Double) throws -> (
    status: Int32, stderr: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let err = Pipe()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = err
    try process.run()
    Thread.sleep(forTimeInterval: seconds)
    kill(process.processIdentifier, signal)
    // Never leave a runaway child: after 20 s it is killed (and the caller's status check fails).
    var waited = 0.0
    while process.isRunning && waited < 20 {
      Thread.sleep(forTimeInterval: 0.1)
      waited += 0.1
    }
    if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, message)
  }
}
