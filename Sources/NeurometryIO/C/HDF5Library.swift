internal import CNeurometryHDF5
internal import CNeurometryHDF5Guard
import Foundation
import NeurometryLinearAlgebra

/// The one place that calls libhdf5 (with `HDF5Library+Read.swift` and `HDF5Library+Write.swift`).
///
/// **Thread safety.** libhdf5 is thread-safe only when built with `--enable-threadsafe`, and then
/// it serialises every call behind its own global lock. Debian 12's package happens to be built
/// that way (`H5_HAVE_THREADSAFE` in `H5pubconf.h`), many other builds are not, and HDF5's own
/// documentation treats the serial library as unsafe for concurrent use. Neurometry therefore
/// never relies on it: every entry point here runs under one process-wide recursive lock
/// (`locked`), handles are closed under the same lock, and the public HDF5 types may be used
/// from any thread — calls are serialised, not parallel. Read the data you need once, then
/// compute in parallel.
///
/// **Errors.** In a thread-safe build HDF5 keeps one error stack (and one auto-print setting)
/// per thread, so automatic printing is turned off on every entry (a cheap call); every failing
/// call goes through `check`, which walks the error stack into a `NeurometryError` naming the
/// file, the object path and the call.
enum HDF5Library {
  static var version: String {
    var major: UInt32 = 0
    var minor: UInt32 = 0
    var release: UInt32 = 0
    neurometry_h5_version(&major, &minor, &release)
    return "\(major).\(minor).\(release)"
  }

  /// Whether the linked libhdf5 was built with `--enable-threadsafe` (`H5is_library_threadsafe`).
  /// Informational: Neurometry serialises its calls either way.
  static var isThreadSafeBuild: Bool {
    locked {
      var flag: hbool_t = false
      return H5is_library_threadsafe(&flag) >= 0 && flag
    }
  }

  private static let lock = NSRecursiveLock()

  /// Runs `body` holding the HDF5 lock (library initialised, error printing off on this thread).
  static func locked<T>(_ body: () throws -> T) rethrows -> T {
    lock.lock()
    defer { lock.unlock() }
    neurometry_h5_silence_errors()
    return try body()
  }

  /// Where an HDF5 call happened, for error messages.
  struct Place {
    let file: String
    let object: String?
  }

  /// What kind of failure a call means for the user.
  enum Failure {
    /// Content that cannot be read: `malformedFile`.
    case read
    /// An output that cannot be written: `invalidInput(context: file: object, cannot write it: …)`.
    case write
  }

  /// The current error stack as one line ("unable to open file; file signature not found"),
  /// innermost reasons last; the stack is cleared.
  static func errorStack() -> String {
    final class Collector {
      var entries: [String] = []
    }
    let collector = Collector()
    withExtendedLifetime(collector) {
      neurometry_h5_walk_errors(
        { _, description, context in
          guard let description, let context else { return }
          let c = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
          let text = String(cString: description).trimmingCharacters(in: .whitespacesAndNewlines)
          if !text.isEmpty && c.entries.last != text { c.entries.append(text) }
        }, Unmanaged.passUnretained(collector).toOpaque())
    }
    var entries = collector.entries
    if entries.count > 5 { entries = Array(entries.prefix(2)) + ["…"] + Array(entries.suffix(2)) }
    return entries.isEmpty ? "no details from HDF5" : entries.joined(separator: "; ")
  }

  static func error(_ call: String, _ place: Place, _ failure: Failure = .read, _ what: String? = nil)
    -> NeurometryError
  {
    let stack = errorStack()
    let lead = what.map { $0 + ": " } ?? ""
    let message =
      if stack.contains("corrupt global heap collection") {
        "\(lead)the file is damaged: its variable-length strings point into a corrupt global heap, refused before libhdf5 read it (HDF5: \(stack))"
      } else if let range = stack.range(of: "external link file name = '"),
        let end = stack[range.upperBound...].firstIndex(of: "'")
      {
        "\(lead)is an external link into '\(stack[range.upperBound..<end])', which could not be opened (it is not beside the file, or not readable)"
      } else if stack.contains("corrupt local heap at address") {
        "\(lead)the file is damaged: a group's heap of link names claims more than the file holds, refused before libhdf5 read it (HDF5: \(stack))"
      } else if stack.contains("corrupt object header at address") {
        "\(lead)the file is damaged: an object header lies about its size or its attributes, refused before libhdf5 read it (HDF5: \(stack))"
      } else {
        "\(lead)\(call) failed (HDF5: \(stack))"
      }
    switch failure {
    case .read: return .malformedFile(path: place.file, field: place.object, message: message)
    case .write:
      return .invalidInput(
        context: place.object.map { "\(place.file): \($0)" } ?? place.file, message: "cannot write it: \(message)")
    }
  }

  /// Throws when an identifier-returning call failed (negative id).
  @discardableResult
  static func check(_ id: hid_t, _ call: String, _ place: Place, _ failure: Failure = .read) throws -> hid_t {
    if id < 0 { throw error(call, place, failure) }
    return id
  }

  /// Throws when a status-returning call failed (negative status).
  static func check(_ status: herr_t, _ call: String, _ place: Place, _ failure: Failure = .read) throws {
    if status < 0 { throw error(call, place, failure) }
  }

  // MARK: Files and objects

  /// Opens an existing file read-only. A file that is not HDF5 (or is truncated) gets a message
  /// that says so.
  static func openFile(_ path: String) throws -> HDF5Handle {
    InputFiles.record(path)
    return try locked {
      guard FileManager.default.fileExists(atPath: path) else { throw NeurometryError.fileNotFound(path: path) }
      guard FileManager.default.isReadableFile(atPath: path) else {
        throw NeurometryError.unreadableFile(path: path, reason: "permission denied")
      }
      // Through the guard driver: a corrupt global heap is a read error, not a crash in libhdf5.
      let fapl = neurometry_guarded_fapl()
      defer { if fapl >= 0 { H5Pclose(fapl) } }
      let id = H5Fopen(path, neurometry_h5f_acc_rdonly(), fapl >= 0 ? fapl : neurometry_h5p_default())
      if id < 0 {
        let stack = errorStack()
        let hint =
          stack.contains("signature")
          ? "not an HDF5 file (no HDF5 signature found)"
          : stack.contains("truncated") || stack.contains("eof")
            ? "the file is shorter than HDF5 says — truncated?"
            : "cannot be opened as HDF5"
        throw NeurometryError.malformedFile(path: path, field: nil, message: "\(hint) (HDF5: \(stack))")
      }
      return HDF5Handle(id, .file)
    }
  }

  /// Creates a new file (fails if it exists), optionally with a user block before the HDF5 data
  /// (MATLAB v7.3 files have 512 bytes).
  static func createFile(_ path: String, userBlock: Int) throws -> HDF5Handle {
    try locked {
      let place = Place(file: path, object: nil)
      let fcpl = HDF5Handle(
        try check(H5Pcreate(neurometry_h5p_file_create()), "H5Pcreate", place, .write), .propertyList)
      if userBlock > 0 {
        try check(H5Pset_userblock(fcpl.id, hsize_t(userBlock)), "H5Pset_userblock", place, .write)
      }
      // Strong close: closing the file closes every object still open in it, so the file (and the
      // lock HDF5 holds on it) is released when the writer finishes, not whenever the last
      // dataset or attribute handle happens to be freed (seen: a reader of the renamed file
      // failing with "unable to lock the file", errno 11, under load).
      let fapl = HDF5Handle(
        try check(H5Pcreate(neurometry_h5p_file_access()), "H5Pcreate", place, .write), .propertyList)
      try check(H5Pset_fclose_degree(fapl.id, H5F_CLOSE_STRONG), "H5Pset_fclose_degree", place, .write)
      let id = try check(
        H5Fcreate(path, neurometry_h5f_acc_excl(), fcpl.id, fapl.id), "H5Fcreate", place, .write)
      return HDF5Handle(id, .file)
    }
  }

  /// Flushes and closes a file now (its other handles must be closed already for the close to
  /// take effect; weak close semantics otherwise keep it open until they are).
  static func flush(_ file: HDF5Handle, _ place: Place) throws {
    try locked { try check(H5Fflush(file.id, H5F_SCOPE_GLOBAL), "H5Fflush", place, .write) }
  }

  /// The kind of object at `path` (absolute or relative to `location`), or nil when nothing
  /// resolvable is there.
  /// True when every link on the way to `path` exists (the object it names may still be
  /// unreadable: a damaged header, a dangling soft link).
  static func linkExists(_ location: HDF5Handle, _ path: String) -> Bool {
    locked {
      // Check each link on the way: H5Lexists on a missing intermediate group errors.
      var prefix = path.hasPrefix("/") ? "" : "."
      for part in path.split(separator: "/") {
        prefix += "/" + part
        if H5Lexists(location.id, prefix, neurometry_h5p_default()) <= 0 {
          H5Eclear2(neurometry_h5e_default())
          return false
        }
      }
      return true
    }
  }

  static func objectKind(_ location: HDF5Handle, _ path: String) -> HDF5ObjectKind? {
    locked {
      if path == "/" || path == "." { return .group }
      guard linkExists(location, path) else { return nil }
      let type = neurometry_h5_object_type(location.id, path)
      if type < 0 {
        H5Eclear2(neurometry_h5e_default())
        return nil
      }
      switch type {
      case neurometry_h5o_type_group(): return .group
      case neurometry_h5o_type_dataset(): return .dataset
      case neurometry_h5o_type_named_datatype(): return .namedType
      default: return nil
      }
    }
  }

  /// The file address of the object at `path` (one per object, however many hard links reach
  /// it), nil when it cannot be resolved.
  static func objectAddress(_ location: HDF5Handle, _ path: String) -> UInt64? {
    locked {
      var address: UInt64 = 0
      guard neurometry_h5_object_address(location.id, path, &address) == 0 else {
        H5Eclear2(neurometry_h5e_default())
        return nil
      }
      return address
    }
  }

  /// The target path of the soft link at `path` (absolute or relative to `location`), or nil
  /// when the link is hard, external or unreadable.
  static func softLinkTarget(_ location: HDF5Handle, _ path: String) -> String? {
    locked {
      var size = 0
      let kind = neurometry_h5_link_kind(location.id, path, &size)
      guard kind == 1, size > 0 else {
        if kind < 0 { H5Eclear2(neurometry_h5e_default()) }
        return nil
      }
      var buffer = [CChar](repeating: 0, count: size + 1)
      guard H5Lget_val(location.id, path, &buffer, buffer.count, neurometry_h5p_default()) >= 0 else {
        H5Eclear2(neurometry_h5e_default())
        return nil
      }
      let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
      return String(decoding: bytes, as: UTF8.self)
    }
  }

  /// Opens the object (group, dataset or named type) at `path`.
  static func openObject(_ location: HDF5Handle, _ path: String, _ place: Place) throws -> HDF5Handle {
    try locked {
      let id = try check(H5Oopen(location.id, path, neurometry_h5p_default()), "H5Oopen", place)
      return HDF5Handle(id, .object)
    }
  }

  /// The names of the links in a group, in name order.
  static func linkNames(_ group: HDF5Handle, _ place: Place) throws -> [String] {
    try locked {
      var info = H5G_info_t()
      try check(H5Gget_info(group.id, &info), "H5Gget_info", place)
      var names: [String] = []
      names.reserveCapacity(Int(info.nlinks))
      for i in 0..<info.nlinks {
        let length = H5Lget_name_by_idx(
          group.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, neurometry_h5p_default())
        if length < 0 { throw error("H5Lget_name_by_idx", place) }
        var buffer = [CChar](repeating: 0, count: Int(length) + 1)
        let got = H5Lget_name_by_idx(
          group.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, buffer.count, neurometry_h5p_default())
        if got < 0 { throw error("H5Lget_name_by_idx", place) }
        let name = String(decoding: buffer.prefix(Int(got)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // HDF5 link names are never empty and never hold '/' (libhdf5 1.10 passes such a name from
        // a damaged file on; joined to its group's path it names the group itself or another).
        if name.isEmpty || name.contains("/") || name == "." {
          throw NeurometryError.malformedFile(
            path: place.file, field: place.object,
            message: "the file is damaged: link \(i + 1) of this group has the invalid name '\(name)'")
        }
        names.append(name)
      }
      return names
    }
  }

  /// The path HDF5 knows an open object by (one of its names).
  static func name(of object: HDF5Handle) -> String? {
    locked {
      let length = H5Iget_name(object.id, nil, 0)
      guard length > 0 else {
        H5Eclear2(neurometry_h5e_default())
        return nil
      }
      var buffer = [CChar](repeating: 0, count: Int(length) + 1)
      _ = H5Iget_name(object.id, &buffer, buffer.count)
      return String(decoding: buffer.prefix(Int(length)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
  }

  // MARK: Types and spaces

  /// Describes an HDF5 datatype (closing nothing: `type` is owned by the caller).
  static func describe(_ type: hid_t, _ place: Place) throws -> HDF5DataType {
    let typeClass = H5Tget_class(type)
    let size = H5Tget_size(type)
    if typeClass.rawValue < 0 || size == 0 { throw error("H5Tget_class", place) }
    let bigEndian = H5Tget_order(type) == H5T_ORDER_BE
    switch typeClass {
    case H5T_INTEGER:
      let signed = H5Tget_sign(type) == H5T_SGN_2
      return HDF5DataType(kind: signed ? .signedInteger : .unsignedInteger, size: size, bigEndian: bigEndian)
    case H5T_FLOAT:
      return HDF5DataType(kind: .float, size: size, bigEndian: bigEndian)
    case H5T_STRING:
      let variable = H5Tis_variable_str(type) > 0
      let utf8 = H5Tget_cset(type) == H5T_CSET_UTF8
      return HDF5DataType(
        kind: .string, size: variable ? 0 : size, bigEndian: false, variableLength: variable, utf8: utf8)
    case H5T_REFERENCE:
      let isObject = H5Tequal(type, neurometry_h5t_std_ref_obj()) > 0
      return HDF5DataType(kind: isObject ? .objectReference : .regionReference, size: size, bigEndian: false)
    case H5T_ENUM:
      let base = H5Tget_super(type)
      defer { if base >= 0 { H5Tclose(base) } }
      guard base >= 0 else { throw error("H5Tget_super", place) }
      let baseType = try describe(base, place)
      var names: [String] = []
      let members = H5Tget_nmembers(type)
      for i in 0..<Swift.max(members, 0) {
        if let p = H5Tget_member_name(type, UInt32(i)) {
          names.append(String(cString: p))
          H5free_memory(p)
        }
      }
      return HDF5DataType(
        kind: .enumeration, size: size, bigEndian: baseType.bigEndian,
        enumBaseSigned: baseType.kind == .signedInteger, enumNames: names)
    case H5T_COMPOUND: return HDF5DataType(kind: .compound, size: size, bigEndian: false)
    case H5T_VLEN: return HDF5DataType(kind: .variableLength, size: size, bigEndian: false)
    case H5T_ARRAY: return HDF5DataType(kind: .array, size: size, bigEndian: false)
    case H5T_OPAQUE: return HDF5DataType(kind: .opaque, size: size, bigEndian: false)
    case H5T_BITFIELD: return HDF5DataType(kind: .bitfield, size: size, bigEndian: bigEndian)
    default: return HDF5DataType(kind: .other, size: size, bigEndian: bigEndian)
    }
  }

  /// The dimensions of a dataspace (empty for a scalar; nil for a null space).
  static func dimensions(_ space: hid_t, _ place: Place) throws -> [Int]? {
    let rank = H5Sget_simple_extent_ndims(space)
    if rank < 0 { throw error("H5Sget_simple_extent_ndims", place) }
    if H5Sget_simple_extent_type(space) == H5S_NULL { return nil }
    var dims = [hsize_t](repeating: 0, count: Int(rank))
    if rank > 0 && H5Sget_simple_extent_dims(space, &dims, nil) < 0 {
      throw error("H5Sget_simple_extent_dims", place)
    }
    return dims.map { Int($0) }
  }
}
