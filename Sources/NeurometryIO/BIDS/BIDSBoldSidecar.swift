import Foundation
import NeurometryLinearAlgebra

/// The fields of a BOLD run's JSON sidecar (`*_bold.json`) that the GLM needs.
///
/// `RepetitionTime` (seconds, > 0) is required; `SliceTiming` (seconds per slice),
/// `TaskName` and `StartTime` are read when present. Numbers are parsed correctly rounded.
public struct BIDSBoldSidecar: Sendable, Equatable {
  /// The sidecar file read, used in error messages.
  public let path: String
  /// `RepetitionTime`: the time between the starts of consecutive volumes (TR), in seconds (> 0, at most 100).
  public let repetitionTime: Double
  /// `SliceTiming`: the acquisition time of each slice in seconds from the start of its volume (nil when absent).
  public let sliceTiming: [Double]?
  /// `TaskName`: the task's name as written (nil when absent or not a string).
  public let taskName: String?
  /// `StartTime` in seconds, relative to the start of acquisition of the first data sample as BIDS
  /// defines it (may be negative); nil when absent.
  public let startTime: Double?

  /// Reads a sidecar; errors name the file and the field.
  public static func read(_ path: String) throws -> BIDSBoldSidecar {
    let json = try JSONValue.read(path)
    guard case .object = json else {
      throw NeurometryError.malformedFile(path: path, field: nil, message: "is not a JSON object")
    }
    guard let tr = json["RepetitionTime"] else {
      throw NeurometryError.malformedFile(
        path: path, field: "RepetitionTime", message: "is missing; a BOLD sidecar must give the TR in seconds")
    }
    guard let trValue = tr.doubleValue, trValue > 0, trValue.isFinite else {
      throw NeurometryError.malformedFile(
        path: path, field: "RepetitionTime", message: "is \(tr), expected a positive number of seconds")
    }
    if trValue > 100 {
      throw NeurometryError.malformedFile(
        path: path, field: "RepetitionTime",
        message: "is \(trValue); BIDS gives it in seconds, and this looks like milliseconds")
    }
    var slices: [Double]? = nil
    if let st = json["SliceTiming"] {
      let v = st.arrayValue?.compactMap { $0.doubleValue }
      guard let v, v.count == st.arrayValue?.count else {
        throw NeurometryError.malformedFile(path: path, field: "SliceTiming", message: "must be an array of numbers")
      }
      slices = v
    }
    var start: Double? = nil
    if let s = json["StartTime"] {
      guard let v = s.doubleValue else {
        throw NeurometryError.malformedFile(path: path, field: "StartTime", message: "must be a number of seconds")
      }
      start = v
    }
    return BIDSBoldSidecar(
      path: path, repetitionTime: trValue, sliceTiming: slices, taskName: json["TaskName"]?.stringValue,
      startTime: start)
  }

  /// The sidecar of a BOLD image: the `.json` with the image's name, else (BIDS inheritance, the
  /// common case) `task-<label>_bold.json` in the image's folder or up to three folders above.
  /// nil when none exists.
  public static func locate(forImage imagePath: String) -> String? {
    // Path strings, not URLs, so that a relative image path gives a relative sidecar path.
    let folder = (imagePath as NSString).deletingLastPathComponent
    guard let name = BIDSFileName(path: imagePath) else { return nil }
    func join(_ dir: String, _ file: String) -> String {
      dir.isEmpty ? file : (dir as NSString).appendingPathComponent(file)
    }
    let own = join(folder, name.replacing(suffix: name.suffix, extension: ".json"))
    if FileManager.default.fileExists(atPath: own) { return own }
    guard let task = name.task else { return nil }
    var dir = folder
    for _ in 0..<4 {
      let candidate = join(dir, "task-\(task)_\(name.suffix).json")
      if FileManager.default.fileExists(atPath: candidate) { return candidate }
      let parent: String
      if dir.isEmpty || dir == "." {
        parent = ".."
      } else if (dir as NSString).lastPathComponent == ".." {
        parent = dir + "/.."
      } else {
        parent = (dir as NSString).deletingLastPathComponent
      }
      if parent == dir { break }  // the root
      dir = parent
    }
    return nil
  }
}
