import Foundation

/// The parts of a BIDS file name: `sub-01_ses-02_task-faces_run-1_bold.nii.gz` has the entities
/// sub=01, ses=02, task=faces, run=1 (in order), the suffix `bold` and the extension `.nii.gz`
/// (everything from the first dot of the last path component).
///
/// Parsing is lenient about order and unknown entities (every `key-value` part is kept), and
/// strict about form: a part without `-` other than the last (the suffix) makes the name not a
/// BIDS name (nil).
public struct BIDSFileName: Sendable, Equatable, Codable {
  /// `(key, value)` pairs in file-name order.
  public let entities: [Entity]
  /// The last underscore-separated part before the extension, naming the data type: `bold`, `events`, `T1w`, ….
  public let suffix: String
  /// Everything from the first dot of the file name, dot included (`.nii.gz`, `.tsv`); empty when there is no dot.
  public let fileExtension: String

  /// One `key-value` part of a BIDS file name, e.g. `sub-01`.
  public struct Entity: Sendable, Equatable, Codable {
    /// The entity's key, letters and digits only: `sub`, `ses`, `task`, `run`, `acq`, ….
    public let key: String
    /// The entity's label or index as written (leading zeros kept), e.g. `01` for `sub-01`.
    public let value: String
  }

  /// Parses the last path component of `path`; nil when it is not `key-value_…_suffix.ext`.
  public init?(path: String) {
    let name = (path as NSString).lastPathComponent
    let stem: Substring
    if let dot = name.firstIndex(of: ".") {
      stem = name[..<dot]
      fileExtension = String(name[dot...])
    } else {
      stem = Substring(name)
      fileExtension = ""
    }
    let parts = stem.split(separator: "_", omittingEmptySubsequences: false)
    guard let last = parts.last, !last.isEmpty, !last.contains("-") else { return nil }
    var entities: [Entity] = []
    for part in parts.dropLast() {
      guard let dash = part.firstIndex(of: "-") else { return nil }
      let key = String(part[..<dash])
      let value = String(part[part.index(after: dash)...])
      guard !key.isEmpty, !value.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber }) else { return nil }
      entities.append(Entity(key: key, value: value))
    }
    self.entities = entities
    suffix = String(last)
  }

  /// The value of an entity (`"sub"`, `"ses"`, `"task"`, `"run"`, …).
  public subscript(key: String) -> String? { entities.first { $0.key == key }?.value }

  /// The `sub` entity's label (the subject), nil when absent.
  public var subject: String? { self["sub"] }
  /// The `ses` entity's label (the session), nil when absent.
  public var session: String? { self["ses"] }
  /// The `task` entity's label (the task), nil when absent.
  public var task: String? { self["task"] }
  /// The `run` entity's index as written (e.g. "1" or "01"), nil when absent.
  public var run: String? { self["run"] }

  /// The name with another suffix and extension: `…_run-1_bold.nii.gz` → `…_run-1_events.tsv`.
  public func replacing(suffix newSuffix: String, extension newExtension: String, dropping keys: Set<String> = [])
    -> String
  {
    (entities.filter { !keys.contains($0.key) }.map { "\($0.key)-\($0.value)" } + [newSuffix]).joined(separator: "_")
      + newExtension
  }
}
