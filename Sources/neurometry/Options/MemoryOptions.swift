import ArgumentParser
import Neurometry

/// `--max-memory SIZE`: the memory a run may use. Before it loads its data, a command estimates
/// its peak from the input files' headers (`MemoryEstimate`, the library's estimators) and refuses,
/// with the estimate and the limit, when it would not fit.
struct MemoryOptions: ParsableArguments {
  @Option(
    name: .customLong("max-memory"),
    help: ArgumentHelp(
      "Refuse to start when the estimated peak memory exceeds SIZE (e.g. 4G, 512M, 2.5GB; default: the memory available now).",
      valueName: "SIZE"))
  var maxMemory: String?

  func validate() throws {
    if let maxMemory {
      do {
        _ = try MemoryLimit(parsing: maxMemory)
      } catch let error as NeurometryError {
        throw ValidationError(error.description)
      }
    }
  }

  /// The limit: --max-memory, else the memory available now (nil where it cannot be read).
  var limit: MemoryLimit? {
    if let maxMemory, let limit = try? MemoryLimit(parsing: maxMemory) { return limit }
    return MemoryLimit.available()
  }

  /// Throws when the process plus `estimate` would exceed the limit.
  func require(_ estimate: MemoryEstimate, for task: String, advice: String) throws {
    try limit?.require(MemoryEstimate.process + estimate, for: task, advice: advice)
  }
}
