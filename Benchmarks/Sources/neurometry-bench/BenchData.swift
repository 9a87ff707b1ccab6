import Foundation
import Neurometry

/// An error of the benchmark runner (missing data, unreadable results file). Printed as is; exit 1.
struct BenchError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// The peer benchmark's data folder (`.data/` next to run_peers.py): inputs in
/// `<dataset>/<array>.npy`, a `<dataset>/SEED` file marking a complete dataset, and the peers'
/// results in `outputs/<workload>.npy`.
struct BenchData {
  let directory: URL

  /// The `Benchmarks/` folder of the checkout this runner was compiled from (this file is
  /// `Benchmarks/Sources/neurometry-bench/BenchData.swift`).
  static let benchmarksFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  /// Where the data folder is looked for when neither `--data` nor `NEUROMETRY_BENCH_DATA` is
  /// given, first existing folder wins:
  /// 1. `Benchmarks/../../shared/bench/.data`: the peer benchmark next to the checkout, if its
  ///    inputs were generated in place;
  /// 2. `Benchmarks/.peer-bench/.data`: the writable copy `run.sh` makes;
  /// 3. `/work/peer-bench/.data`: the writable copy on the project's build machine.
  static var defaultCandidates: [URL] {
    [
      benchmarksFolder.appendingPathComponent("../../shared/bench/.data").standardizedFileURL,
      benchmarksFolder.appendingPathComponent(".peer-bench/.data").standardizedFileURL,
      URL(fileURLWithPath: "/work/peer-bench/.data"),
    ]
  }

  /// Resolves the data folder: `--data`, else `$NEUROMETRY_BENCH_DATA`, else the first existing
  /// of `defaultCandidates`. Returns the folder and how it was chosen (recorded in `_meta`).
  static func resolve(option: String?) throws -> (data: BenchData, source: String) {
    func existingFolder(_ url: URL) -> Bool {
      var isDirectory: ObjCBool = false
      return FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
    if let option {
      let url = URL(fileURLWithPath: option).standardizedFileURL
      guard existingFolder(url) else { throw BenchError("--data \(option): no such folder") }
      return (BenchData(directory: url), "--data")
    }
    if let env = ProcessInfo.processInfo.environment["NEUROMETRY_BENCH_DATA"], !env.isEmpty {
      let url = URL(fileURLWithPath: env).standardizedFileURL
      guard existingFolder(url) else { throw BenchError("NEUROMETRY_BENCH_DATA=\(env): no such folder") }
      return (BenchData(directory: url), "NEUROMETRY_BENCH_DATA")
    }
    for candidate in defaultCandidates where existingFolder(candidate) {
      return (BenchData(directory: candidate), "default")
    }
    throw BenchError(
      """
      no benchmark data folder found; looked in (first existing wins):
        \(defaultCandidates.map(\.path).joined(separator: "\n  "))
      Make the inputs with `python run_peers.py --make-data <workload>` in a writable copy of the \
      peer benchmark (or run Benchmarks/run.sh), then pass --data <copy>/.data or set NEUROMETRY_BENCH_DATA.
      """)
  }

  func url(_ relative: String) -> URL { directory.appendingPathComponent(relative) }

  /// A dataset's X–Y pair: its arrays x and y, each checked against its shape.
  func pair(_ dataset: String, x xShape: (rows: Int, columns: Int), y yShape: (rows: Int, columns: Int)) throws -> (
    x: Matrix, y: Matrix
  ) {
    (x: try matrix(dataset, "x", shape: xShape), y: try matrix(dataset, "y", shape: yShape))
  }

  /// `<dataset>/<array>.npy` as a matrix, checked to have `shape` when given. The dataset must be
  /// complete (its SEED file written by workloads.py after all its arrays).
  func matrix(_ dataset: String, _ array: String, shape: (rows: Int, columns: Int)? = nil) throws -> Matrix {
    let seed = url("\(dataset)/SEED")
    guard FileManager.default.fileExists(atPath: seed.path) else {
      throw BenchError(
        "\(url(dataset).path): dataset '\(dataset)' is missing or incomplete (no SEED file); make it with "
          + "`python run_peers.py --make-data <workload>` in the peer benchmark folder")
    }
    let path = url("\(dataset)/\(array).npy").path
    let m = try NPYFile.read(path).matrix(context: path)
    if let shape, m.rows != shape.rows || m.columns != shape.columns {
      throw BenchError(
        "\(path): shape (\(m.rows), \(m.columns)), expected (\(shape.rows), \(shape.columns)) as workloads.py writes it"
      )
    }
    return m
  }

  /// The path of `<dataset>/<name>` (a file the peer script wrote: an NWB session, a NIfTI
  /// series, an events table), checked to exist in a complete dataset (its SEED file written last).
  func file(_ dataset: String, _ name: String) throws -> String {
    let seed = url("\(dataset)/SEED")
    guard FileManager.default.fileExists(atPath: seed.path) else {
      throw BenchError(
        "\(url(dataset).path): dataset '\(dataset)' is missing or incomplete (no SEED file); make it with "
          + "`python Benchmarks/peers/issue4_peers.py --make-data --data \(directory.path) \(dataset)` (or run Benchmarks/run.sh)"
      )
    }
    let path = url("\(dataset)/\(name)").path
    guard FileManager.default.fileExists(atPath: path) else { throw BenchError("\(path): no such file") }
    return path
  }

  /// The peer's saved result of `workload` (`outputs/<workload>.npy`), or nil when the peer has
  /// not been run on this data folder.
  func peerOutput(_ workload: String) throws -> (array: NDArray, path: String)? {
    let path = url("outputs/\(workload).npy").path
    guard FileManager.default.fileExists(atPath: path) else { return nil }
    return (try NPYFile.read(path), path)
  }
}
