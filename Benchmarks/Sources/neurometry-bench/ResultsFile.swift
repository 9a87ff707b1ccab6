import Foundation

/// `neurometry.json`: `{workload: {median_s, min_s, max_s, runs, …}, "_meta": {…}}`, the shape
/// of the peer side's peers.json. An existing file is updated entry by entry (so subsets can be
/// re-run) unless `fresh`; every write goes to a temporary file that is then renamed.
struct ResultsFile {
  let url: URL
  var entries: [String: Any]

  init(path: String, fresh: Bool) throws {
    url = URL(fileURLWithPath: path)
    entries = [:]
    guard !fresh, FileManager.default.fileExists(atPath: url.path) else { return }
    let data: Data
    do {
      data = try Data(contentsOf: url)
    } catch {
      throw BenchError("\(url.path): cannot be read (\(error.localizedDescription)); pass --fresh to replace it")
    }
    guard let object = try? JSONSerialization.jsonObject(with: data), let dictionary = object as? [String: Any] else {
      throw BenchError("\(url.path): is not a JSON object as neurometry-bench writes it; pass --fresh to replace it")
    }
    entries = dictionary
  }

  func write() throws {
    let data = try JSONSerialization.data(
      withJSONObject: entries, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    do {
      try (data + Data("\n".utf8)).write(to: url, options: .atomic)
    } catch {
      throw BenchError("\(url.path): cannot be written (\(error.localizedDescription))")
    }
  }
}

/// A Double for JSON: NaN and infinities (JSON has none) become null.
func jsonNumber(_ x: Double) -> Any { x.isFinite ? x : NSNull() }

/// `x` rounded to `digits` decimals (Python's round(x, digits)), NaN kept.
func rounded(_ x: Double, _ digits: Int = 2) -> Double {
  let scale = pow(10.0, Double(digits))
  return (x * scale).rounded() / scale
}
