import Foundation
import NeurometryLinearAlgebra

/// An HDF5 file opened read-only: walk its groups, open datasets, read attributes.
///
/// Works for any HDF5 file, including NWB files and MATLAB v7.3 `.mat` files (HDF5 after a
/// 512-byte user block, which libhdf5 finds itself). The file is closed when the last
/// `HDF5File`/`HDF5Dataset` referring to it goes away.
///
/// Object paths are absolute (`/units/spike_times`); a path without a leading `/` is taken from
/// the root. Errors name the file and the object path, and carry HDF5's own error stack.
///
/// Thread safety: libhdf5 is not thread-safe unless built so (Debian 12's is, most others are
/// not), so Neurometry serialises every call into it with one process-wide lock. Instances may
/// be shared between threads; reads from several threads run one after another.
public final class HDF5File: @unchecked Sendable {
  /// The file's path, as given to `init(path:)`; errors name it.
  public let path: String
  let handle: HDF5Handle

  /// Opens `path` read-only. Throws `fileNotFound`, or `malformedFile` for a file that is not
  /// HDF5 or is truncated.
  public init(path: String) throws {
    self.path = path
    handle = try HDF5Library.openFile(path)
  }

  /// `/`-rooted form of an object path.
  public static func normalise(_ objectPath: String) -> String {
    let parts = objectPath.split(separator: "/", omittingEmptySubsequences: true)
    return "/" + parts.joined(separator: "/")
  }

  /// `parent/child` joined as an absolute path.
  public static func join(_ parent: String, _ child: String) -> String {
    normalise(parent + "/" + child)
  }

  func place(_ objectPath: String?) -> HDF5Library.Place {
    HDF5Library.Place(file: path, object: objectPath)
  }

  /// What `objectPath` names, or nil when nothing (resolvable) is there.
  public func kind(of objectPath: String) -> HDF5ObjectKind? {
    HDF5Library.objectKind(handle, HDF5File.normalise(objectPath))
  }

  /// True when `objectPath` names a group, dataset or named type (a dangling link counts as absent).
  public func exists(_ objectPath: String) -> Bool { kind(of: objectPath) != nil }

  /// The names of the members of the group at `groupPath`, in name order.
  public func children(of groupPath: String = "/") throws -> [String] {
    let p = HDF5File.normalise(groupPath)
    try require(p, .group)
    let group = try HDF5Library.openObject(handle, p, place(p))
    return try HDF5Library.linkNames(group, place(p))
  }

  /// Every object below `groupPath` (depth first, names in order), with its kind. A soft link
  /// is listed with its target (`HDF5Entry.linkTarget`) and not entered: what it points to is
  /// listed where it lives, so each object appears once when the walk covers its home. A group
  /// reached again through another hard link (a cycle, or a group linked twice) is listed but not
  /// entered again, so a file whose groups link to each other is walked in time linear in its
  /// objects (found by fuzzing: two self-links made the walk take 2⁶⁴ steps).
  public func walk(from groupPath: String = "/") throws -> [HDF5Entry] {
    var out: [HDF5Entry] = []
    var entered = Set<UInt64>()
    if let root = HDF5Library.objectAddress(handle, HDF5File.normalise(groupPath)) { entered.insert(root) }
    func visit(_ group: String, depth: Int) throws {
      for name in try children(of: group) {
        let p = HDF5File.join(group, name)
        let target = HDF5Library.softLinkTarget(handle, p).map { target in
          target.hasPrefix("/") ? HDF5File.normalise(target) : HDF5File.join(group, target)
        }
        guard let kind = kind(of: p) else {
          out.append(HDF5Entry(path: p, kind: nil, linkTarget: target))
          continue
        }
        out.append(HDF5Entry(path: p, kind: kind, linkTarget: target))
        // Each group is entered once, whatever links reach it (cycles, groups linked twice).
        guard kind == .group, target == nil, depth < 64,
          let address = HDF5Library.objectAddress(handle, p), entered.insert(address).inserted
        else { continue }
        try visit(p, depth: depth + 1)
      }
    }
    try visit(HDF5File.normalise(groupPath), depth: 0)
    return out
  }

  /// The file address of the object at `objectPath` (the same for every hard link to it), or nil.
  func objectAddress(_ objectPath: String) -> UInt64? {
    HDF5Library.objectAddress(handle, HDF5File.normalise(objectPath))
  }

  /// The paths of every dataset in the file, each once (soft links to datasets left out: their
  /// targets are listed where they live), depth first, names in order.
  public func datasetPaths() throws -> [String] {
    try walk().filter { $0.kind == .dataset && $0.linkTarget == nil }.map(\.path)
  }

  /// Throws `malformedFile` naming the path (and what the parent group holds) unless an object
  /// of `expected` kind is there.
  func require(_ objectPath: String, _ expected: HDF5ObjectKind) throws {
    let found = kind(of: objectPath)
    if found == expected { return }
    if let found {
      throw NeurometryError.malformedFile(
        path: path, field: objectPath,
        message: "is a \(found.rawValue.replacingOccurrences(of: "_", with: " ")), expected a \(expected.rawValue)")
    }
    try throwIfDamaged(objectPath)
    let parent = (objectPath as NSString).deletingLastPathComponent
    var holds = ""
    if parent != objectPath, kind(of: parent.isEmpty ? "/" : parent) == .group,
      let names = try? children(of: parent.isEmpty ? "/" : parent)
    {
      let shown = names.prefix(12).joined(separator: ", ")
      holds = names.isEmpty ? " (\(parent) is empty)" : " (\(parent) holds: \(shown)\(names.count > 12 ? ", …" : ""))"
    }
    throw NeurometryError.malformedFile(path: path, field: objectPath, message: "no such \(expected.rawValue)\(holds)")
  }

  /// The dataset at `objectPath`.
  public func dataset(_ objectPath: String) throws -> HDF5Dataset {
    let p = HDF5File.normalise(objectPath)
    try require(p, .dataset)
    return try HDF5Dataset(file: self, path: p)
  }

  // MARK: Attributes

  /// The attribute names of the object at `objectPath`, in name order.
  public func attributeNames(of objectPath: String = "/") throws -> [String] {
    let p = HDF5File.normalise(objectPath)
    let object = try openAny(p)
    return try HDF5Library.attributeNames(object, place(p))
  }

  /// The attribute `name` of the object at `objectPath` (shape `[]` for a scalar), or nil when
  /// the object has no such attribute.
  public func attribute(_ name: String, of objectPath: String = "/") throws -> NDArray? {
    let p = HDF5File.normalise(objectPath)
    let object = try openAny(p)
    return try HDF5File.readAttribute(object, name, place: place(p))
  }

  /// A string attribute (scalar, or a one-element array), or nil when absent. Throws when the
  /// attribute holds numbers or several strings.
  public func stringAttribute(_ name: String, of objectPath: String = "/") throws -> String? {
    guard let a = try attribute(name, of: objectPath) else { return nil }
    return try HDF5File.singleString(a, name: name, file: path, object: HDF5File.normalise(objectPath))
  }

  /// The paths an object-reference attribute points to (nil entries for null references), or
  /// nil when there is no such attribute.
  public func referenceAttribute(_ name: String, of objectPath: String = "/") throws -> [String?]? {
    let p = HDF5File.normalise(objectPath)
    let object = try openAny(p)
    let attributePlace = place("\(p) attribute '\(name)'")
    guard let a = try HDF5Library.openAttribute(object, name, attributePlace) else { return nil }
    return try HDF5Library.readReferences(.init(handle: a, isAttribute: true, place: attributePlace)).paths
  }

  /// When `objectPath` is a hard link whose object libhdf5 cannot read (a damaged header),
  /// throws libhdf5's error, which says why; returns when nothing is linked there (or a soft link
  /// dangles), for the caller's "no such …".
  func throwIfDamaged(_ objectPath: String) throws {
    let p = HDF5File.normalise(objectPath)
    guard kind(of: p) == nil, HDF5Library.linkExists(handle, p), HDF5Library.softLinkTarget(handle, p) == nil else {
      return
    }
    _ = try HDF5Library.openObject(handle, p, place(p))
  }

  func openAny(_ p: String) throws -> HDF5Handle {
    guard kind(of: p) != nil else {
      try throwIfDamaged(p)
      throw NeurometryError.malformedFile(path: path, field: p, message: "no such object")
    }
    return try HDF5Library.openObject(handle, p, place(p))
  }

  static func readAttribute(_ object: HDF5Handle, _ name: String, place: HDF5Library.Place) throws -> NDArray? {
    let attributePlace = HDF5Library.Place(file: place.file, object: "\(place.object ?? "/") attribute '\(name)'")
    guard let a = try HDF5Library.openAttribute(object, name, attributePlace) else { return nil }
    return try HDF5Library.readArray(.init(handle: a, isAttribute: true, place: attributePlace))
  }

  static func singleString(_ a: NDArray, name: String, file: String, object: String) throws -> String {
    guard case .string(let s) = a.values, s.count == 1 else {
      throw NeurometryError.malformedFile(
        path: file, field: "\(object) attribute '\(name)'",
        message: "expected one string, found \(a.sourceType) of shape \(a.shapeDescription)")
    }
    return s[0]
  }
}

/// One object found by `HDF5File.walk`: its path and kind (nil for a dangling link).
public struct HDF5Entry: Sendable, Equatable, Codable {
  /// The object's absolute path, e.g. `/acquisition/ElectricalSeries/data`.
  public let path: String
  /// What the path names: group, dataset or named type; nil for a link that cannot be resolved.
  public let kind: HDF5ObjectKind?
  /// The absolute path a soft link points to; nil for an object's own (hard) link.
  public var linkTarget: String? = nil

  enum CodingKeys: String, CodingKey {
    case path, kind, linkTarget = "link_target"
  }
}
