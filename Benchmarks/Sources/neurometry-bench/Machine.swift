import Foundation
import Neurometry

#if canImport(Glibc)
  import Glibc
#endif

/// Clocks, CPU accounting and machine facts, measured as the peer side's run_peers.py does.
enum Machine {
  /// Seconds on the monotonic clock (`CLOCK_MONOTONIC`): for timing only, never for dates.
  static func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  /// The 1-minute load average.
  static func loadAverage() -> Double {
    var load = [Double](repeating: .nan, count: 3)
    return getloadavg(&load, 3) >= 1 ? load[0] : .nan
  }

  /// run_peers.py `cpu_counters()`: busy seconds of the whole machine and steal seconds (first
  /// line of /proc/stat: user nice system idle iowait irq softirq steal …, in clock ticks; busy =
  /// user + nice + system + irq + softirq), and this process's CPU seconds, user + system, all
  /// threads (getrusage(RUSAGE_SELF), as Python's os.times()). NaN when /proc/stat is unreadable.
  struct CPUCounters {
    let busy: Double
    let steal: Double
    let own: Double

    static func now() -> CPUCounters {
      var busy = Double.nan
      var steal = Double.nan
      if let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
        let line = stat.split(separator: "\n", maxSplits: 1).first
      {
        let f = line.split(separator: " ").dropFirst().compactMap { Int($0) }
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        if f.count >= 7, hz > 0 {
          busy = Double(f[0] + f[1] + f[2] + f[5] + f[6]) / hz
          steal = Double(f.count > 7 ? f[7] : 0) / hz
        }
      }
      var usage = rusage()
      getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
      func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) * 1e-6 }
      return CPUCounters(busy: busy, steal: steal, own: seconds(usage.ru_utime) + seconds(usage.ru_stime))
    }
  }

  /// Peak resident set size, per workload (Linux). `resetPeakResidentSet()` first returns freed
  /// heap memory to the system (`NumericalLibraries.releaseFreeMemory()`, glibc's `malloc_trim(0)`:
  /// the runner raises glibc's trim threshold with `keepLargeAllocations`, so
  /// an earlier workload's freed buffers would otherwise still count), then resets the kernel's
  /// high-water mark VmHWM to the current RSS (writing "5" to /proc/self/clear_refs) and returns
  /// that RSS in bytes; `peakResidentSetBytes()` reads VmHWM. nil where /proc is unavailable or
  /// the reset fails (then a peak would include earlier workloads, so none is reported).
  static func resetPeakResidentSet() -> Int? {
    NumericalLibraries.releaseFreeMemory()
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return nil }
    defer { try? handle.close() }
    do {
      try handle.write(contentsOf: Data("5".utf8))
    } catch {
      return nil
    }
    return statusField("VmRSS")
  }

  /// VmHWM of /proc/self/status in bytes (the peak RSS since the last reset).
  static func peakResidentSetBytes() -> Int? { statusField("VmHWM") }

  /// A "kB" field of /proc/self/status, in bytes.
  static func statusField(_ name: String) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix(name + ":") {
      let fields = line.split { $0 == " " || $0 == "\t" }  // "VmHWM:\t  208684 kB" (no space from 8 digits)
      guard fields.count >= 3, fields[2] == "kB", let kilobytes = Int(fields[1]) else { return nil }
      return kilobytes * 1024
    }
    return nil
  }

  /// The number of online CPUs (Python's os.cpu_count()).
  static var processorCount: Int { sysconf(Int32(_SC_NPROCESSORS_ONLN)) }

  /// From /proc/cpuinfo: "model name", "cpu family", "model", and whether the CPU has AVX-512F.
  static func cpuFacts() -> (model: String, family: Int?, modelNumber: Int?, avx512f: Bool?) {
    guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else {
      return ("unknown", nil, nil, nil)
    }
    var fields: [String: String] = [:]
    for line in info.split(separator: "\n") {
      if line.trimmingCharacters(in: .whitespaces).isEmpty { break }  // first processor only
      let parts = line.split(separator: ":", maxSplits: 1)
      guard parts.count == 2 else { continue }
      let key = parts[0].trimmingCharacters(in: .whitespaces)
      if fields[key] == nil { fields[key] = parts[1].trimmingCharacters(in: .whitespaces) }
    }
    return (
      fields["model name"] ?? "unknown", fields["cpu family"].flatMap { Int($0) }, fields["model"].flatMap { Int($0) },
      fields["flags"].map { $0.split(separator: " ").contains("avx512f") }
    )
  }

  /// `uname -srm`.
  static var platform: String {
    var u = utsname()
    uname(&u)
    func text<T>(_ field: T) -> String {
      withUnsafeBytes(of: field) { raw in String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self) }
    }
    return "\(text(u.sysname)) \(text(u.release)) \(text(u.machine))"
  }

  /// Local date and time: `("2026-11-24", "2026-11-24T23:30:00+0000")`.
  static func now() -> (date: String, dateTime: String) {
    let day = DateFormatter()
    day.locale = Locale(identifier: "en_US_POSIX")
    day.dateFormat = "yyyy-MM-dd"
    let full = DateFormatter()
    full.locale = Locale(identifier: "en_US_POSIX")
    full.dateFormat = "yyyy-MM-dd'T'HH:mm:ssZ"
    let date = Date()
    return (day.string(from: date), full.string(from: date))
  }
}
