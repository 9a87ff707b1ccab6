import ArgumentParser
import Foundation
import Neurometry

#if canImport(Glibc)
  import Glibc
#endif

/// The environment variables that change OpenBLAS's kernel choice (as run_peers.py records them).
let blasEnvironmentVariables = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]

@main
struct NeurometryBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "neurometry-bench",
    abstract: "Time Neurometry on the peer benchmark's named workloads and write neurometry.json.",
    discussion: """
      For each workload: load its inputs from the data folder (not timed), run it --warmup times, \
      then time --repeat runs on the monotonic clock. The results go to --out in the shape of the \
      peer side's peers.json (median_s, min_s, max_s, runs, …), for compare.py.

      Data folder: --data, else $NEUROMETRY_BENCH_DATA, else the first existing of \
      Benchmarks/../../shared/bench/.data, Benchmarks/.peer-bench/.data, /work/peer-bench/.data. \
      It holds <dataset>/<array>.npy as run_peers.py --make-data writes them, and the peers' \
      results in outputs/<workload>.npy, against which outputs are checked.

      Workloads of the peer benchmark that Neurometry does not run yet are written as \
      {"skipped": "not implemented yet in Neurometry"} when asked for by name.

      Exit status: 0 on success; 1 on a data error or an output that does not match the peer's \
      (the results are still written); 64 on a usage error.
      """)

  @Option(help: ArgumentHelp("The peer benchmark's data folder (default: see the overview).", valueName: "dir"))
  var data: String?

  @Option(help: ArgumentHelp("JSON file to write or update.", valueName: "file"))
  var out: String = "neurometry.json"

  @Flag(help: "Replace --out instead of updating its entries.")
  var fresh = false

  @Option(name: .customLong("repeat"), help: ArgumentHelp("Timed runs per workload.", valueName: "n"))
  var repeatCount = 3

  @Option(help: ArgumentHelp("Untimed runs first.", valueName: "n"))
  var warmup = 1

  @Option(help: ArgumentHelp("BLAS threads (default: OpenBLAS's default, one per core).", valueName: "n"))
  var threads: Int?

  @Flag(help: "List the workloads (implemented or not) and exit.")
  var list = false

  @Flag(
    help:
      "Measure scaling curves instead (Docs/performance.md): the arguments name families (rdm, kendall, spearman, cka, ridge, bootstrap, searchlight; default all)."
  )
  var scaling = false

  @Option(help: ArgumentHelp("With --scaling: write one log–log SVG per family and cost here.", valueName: "dir"))
  var figures: String?

  @Argument(help: ArgumentHelp("Workload names (default: all implemented ones).", valueName: "workload"))
  var workloads: [String] = []

  func validate() throws {
    guard repeatCount >= 1 else { throw ValidationError("--repeat must be at least 1") }
    guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
    if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    let known = scaling ? ScalingFamily.all.map(\.name) : Workloads.allNames
    let unknown = workloads.filter { !known.contains($0) }
    guard unknown.isEmpty else {
      throw ValidationError("unknown workload(s): \(unknown.joined(separator: ", ")) (see --list)")
    }
  }

  mutating func run() throws {
    // Before any BLAS call: Neurometry's kernel selection may set OPENBLAS_CORETYPE itself.
    let environment = Self.blasEnvironment()
    // Then let Neurometry choose OpenBLAS's kernels now, so that every string read below
    // (configuration, core name) describes the kernels that will run.
    _ = NumericalLibraries.blasKernelSelection

    let implemented = Dictionary(uniqueKeysWithValues: Workloads.implemented.map { ($0.name, $0) })
    if list {
      for name in Workloads.allNames {
        let pad = String(repeating: " ", count: max(1, 22 - name.count))
        if let w = implemented[name] {
          say("\(name)\(pad)[\(w.dataset)] \(w.doc)")
        } else {
          say("\(name)\(pad)(\(Workloads.notImplementedReason))")
        }
      }
      return
    }
    #if DEBUG
      FileHandle.standardError.write(
        Data(
          "neurometry-bench: WARNING: this is a debug build; its timings mean nothing (swift build -c release)\n".utf8))
    #endif

    do {
      if scaling { return try runScaling() }
      try runWorkloads(implemented: implemented, environment: environment)
    } catch let error as ExitCode {
      throw error
    } catch {
      FileHandle.standardError.write(Data("neurometry-bench: \(error)\n".utf8))
      throw ExitCode(1)
    }
  }

  private func runWorkloads(implemented: [String: Workload], environment: [String: Any]) throws {
    NumericalLibraries.keepLargeAllocations()  // as the neurometry command does
    if let threads { NumericalLibraries.blasThreads = threads }
    let names = workloads.isEmpty ? Workloads.allNames.filter { implemented[$0] != nil } : workloads
    let (data, dataSource) = try BenchData.resolve(option: self.data)
    var results = try ResultsFile(path: out, fresh: fresh)

    let cpu = Machine.cpuFacts()
    let now = Machine.now()
    var meta: [String: Any] = [
      "runner": "neurometry-bench", "nproc": Machine.processorCount, "cpu_model": cpu.model,
      "platform": Machine.platform, "blas": Self.blasInfo(), "versions": Self.versions(),
      "env_at_start": environment, "threads_limit": threads.map { $0 as Any } ?? NSNull(),
      "repeat": repeatCount, "warmup": warmup, "date": now.date, "datetime": now.dateTime,
      "data_dir": data.directory.path, "data_dir_source": dataSource, "build": Self.buildKind,
    ]
    if let family = cpu.family { meta["cpu_family"] = family }
    if let model = cpu.modelNumber { meta["cpu_model_number"] = model }
    if let avx512f = cpu.avx512f { meta["cpu_avx512f"] = avx512f }
    results.entries["_meta"] = meta

    say(
      "# \(cpu.model), nproc=\(Machine.processorCount), \(NumericalLibraries.blasConfiguration), "
        + "threads=\(NumericalLibraries.blasThreads)")
    say("# BLAS kernels: \(NumericalLibraries.blasKernelSelection)")
    say("# OPENBLAS env at start: \(Self.describe(environment)); data: \(data.directory.path) (\(dataSource))")
    let header =
      "workload".padding(22) + " " + "median s".leftPadding(10) + " " + "min s".leftPadding(10) + " "
      + "max s".leftPadding(10) + "  note"
    say(header)
    say(String(repeating: "-", count: header.count))

    var failures: [String] = []
    for name in names {
      guard let workload = implemented[name] else {
        results.entries[name] = ["skipped": Workloads.notImplementedReason]
        say(
          name.padding(22) + " " + "SKIP".leftPadding(10) + " " + String(repeating: " ", count: 21) + "  "
            + Workloads.notImplementedReason)
        try results.write()
        continue
      }
      do {
        let (entry, note, check) = try time(workload, data: data, environment: environment)
        results.entries[name] = entry
        let row = [entry["median_s"], entry["min_s"], entry["max_s"]].map {
          String(format: "%10.4f", ($0 as? Double) ?? .nan)
        }
        say(name.padding(22) + " " + row.joined(separator: " ") + "  " + note)
        if let check {
          say("  output check: \(check.message)")
          if !check.ok {
            failures.append("\(name): output check: \(check.message)")
          }
        }
      } catch {
        results.entries[name] = ["error": "\(error)"]
        say(name.padding(22) + " " + "ERROR".leftPadding(10) + "  \(error)")
        failures.append("\(name): \(error)")
      }
      try results.write()  // keep partial results
    }
    try results.write()
    say("# wrote \(results.url.path)")
    if !failures.isEmpty {
      for failure in failures {
        FileHandle.standardError.write(Data("neurometry-bench: \(failure)\n".utf8))
      }
      throw ExitCode(1)
    }
  }

  /// Loads, warms up and times one workload; returns its JSON entry, the table note and the
  /// output check.
  private func time(_ workload: Workload, data: BenchData, environment: [String: Any]) throws
    -> (entry: [String: Any], note: String, check: OutputCheck?)
  {
    let prepared = try workload.prepare(data)  // loading: not timed
    // Peak memory over the warm-up and timed runs, the loaded inputs included.
    let baselineRSS = Machine.resetPeakResidentSet()
    for _ in 0..<warmup { try prepared.run() }
    var runs: [Double] = []
    let loadBefore = Machine.loadAverage()
    let before = Machine.CPUCounters.now()
    for _ in 0..<repeatCount {
      let t0 = Machine.monotonicSeconds()
      try prepared.run()
      runs.append(Machine.monotonicSeconds() - t0)
    }
    let after = Machine.CPUCounters.now()
    let loadAfter = Machine.loadAverage()
    let peakRSS = baselineRSS == nil ? nil : Machine.peakResidentSetBytes()
    let check = try prepared.check()

    let sorted = runs.sorted()
    let median =
      sorted.count % 2 == 1
      ? sorted[sorted.count / 2] : 0.5 * (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2])
    let own = after.own - before.own
    let others = max(after.busy - before.busy - own, 0)
    let steal = after.steal - before.steal
    var entry: [String: Any] = [
      "median_s": median, "min_s": sorted[0], "max_s": sorted[sorted.count - 1], "runs": runs,
      "warmup": warmup, "versions": Self.versions(), "threads": Self.blasInfo(), "implementation": "neurometry",
      "loadavg_1min": [jsonNumber(rounded(loadBefore)), jsonNumber(rounded(loadAfter))],
      // over all timed runs: CPU seconds used by this process, by other processes on this
      // machine, and stolen by the hypervisor
      "cpu_own_s": jsonNumber(rounded(own)), "cpu_others_s": jsonNumber(rounded(others)),
      "cpu_steal_s": jsonNumber(rounded(steal)), "env": environment, "dataset": workload.dataset,
    ]
    var note = ""
    if let gflop = workload.gflop {
      entry["gflop"] = gflop
      entry["gflop_per_s"] = gflop / median
      note = String(format: "%.1f GFLOP/s", gflop / median)
    }
    if let peakRSS, let baselineRSS {
      entry["peak_rss_bytes"] = peakRSS
      entry["rss_baseline_bytes"] = baselineRSS
      note +=
        (note.isEmpty ? "" : "; ")
        + "peak RSS \(Self.megabytes(peakRSS)) (inputs loaded: \(Self.megabytes(baselineRSS)))"
    }
    if let estimate = try prepared.memory() {
      entry["estimated_peak_bytes"] = estimate.bytes
      entry["memory_estimate"] = estimate.description
      let ratio = peakRSS.map { String(format: " = %.2f × measured", Double(estimate.bytes) / Double($0)) } ?? ""
      note += "; estimated \(Self.megabytes(estimate.bytes))\(ratio)"
    }
    if let check { entry["output_check"] = check.message }
    let limit = max(0.05 * runs.reduce(0, +), 0.1)  // /proc/stat counts in 10 ms ticks
    if rounded(others) > limit || rounded(steal) > limit {
      note += " [busy machine: others \(rounded(others)) s, steal \(rounded(steal)) s]"
    }
    return (entry, note, check)
  }

  /// Bytes as "123.4 MB" (10⁶ bytes).
  static func megabytes(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1e6) }

  // MARK: provenance

  static var buildKind: String {
    #if DEBUG
      return "debug"
    #else
      return "release"
    #endif
  }

  /// OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE as the user set them (null when unset).
  static func blasEnvironment() -> [String: Any] {
    var out: [String: Any] = [:]
    for name in blasEnvironmentVariables {
      out[name] = getenv(name).map { String(cString: $0) as Any } ?? NSNull()
    }
    return out
  }

  static func describe(_ environment: [String: Any]) -> String {
    blasEnvironmentVariables.map { "\($0)=\((environment[$0] as? String) ?? "unset")" }.joined(separator: ", ")
  }

  static func versions() -> [String: Any] {
    [
      "neurometry": NeurometryVersion.string, "blas": NumericalLibraries.blasConfiguration,
      "blas_kernels": NumericalLibraries.blasKernelSelection, "fftw": NumericalLibraries.fftwVersion,
    ]
  }

  /// The BLAS pool, in the shape of threadpoolctl's entries in peers.json.
  static func blasInfo() -> [[String: Any]] {
    let configuration = NumericalLibraries.blasConfiguration
    let words = configuration.split(separator: " ")
    let version = words.count > 1 && words[0] == "OpenBLAS" ? String(words[1]) : configuration
    return [
      [
        "internal_api": "openblas", "version": version, "num_threads": NumericalLibraries.blasThreads,
        "architecture": NumericalLibraries.blasCore, "config": configuration,
        "kernel_selection": NumericalLibraries.blasKernelSelection,
      ]
    ]
  }
}

/// Prints a line to stdout at once (unbuffered, so that progress shows when piped).
func say(_ line: String) {
  FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
  func leftPadding(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
