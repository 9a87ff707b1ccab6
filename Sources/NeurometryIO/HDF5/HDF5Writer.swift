import Foundation
import NeurometryLinearAlgebra

/// Writes a new HDF5 file: groups, numeric and string datasets (optionally chunked with shuffle
/// and deflate), attributes.
///
/// `HDF5Writer.write(to:overwrite:_:)` builds the file under a temporary name in the destination
/// folder and renames it into place only when everything succeeded, so an error never leaves a
/// half-written output; an existing file is replaced only with `overwrite: true`.
/// Numbers are stored little-endian (float64, int64, bools as uint8), strings as variable-length
/// UTF-8, as h5py stores Python `str`.
public final class HDF5Writer {
  /// The final path of the file being written.
  public let path: String
  let handle: HDF5Handle

  private init(path: String, temporary: String) throws {
    self.path = path
    handle = try HDF5Library.createFile(temporary, userBlock: 0)
  }

  func place(_ object: String?) -> HDF5Library.Place { .init(file: path, object: object) }

  /// Creates `path` by running `body` on a writer, atomically.
  public static func write(to path: String, overwrite: Bool = false, _ body: (HDF5Writer) throws -> Void) throws {
    try InputFiles.requireNotAnInput(path)
    if !overwrite && FileManager.default.fileExists(atPath: path) { throw NeurometryError.outputExists(path: path) }
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
      throw NeurometryError.unreadableFile(path: path, reason: "its folder \(folder.path) does not exist")
    }
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
      .path
    do {
      let writer = try HDF5Writer(path: path, temporary: temporary)
      try body(writer)
      if writer.handle.close() < 0 {
        throw HDF5Library.error("H5Fclose", writer.place(nil), .write)
      }
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw error
    }
    if rename(temporary, path) != 0 {
      let reason = String(cString: strerror(errno))
      try? FileManager.default.removeItem(atPath: temporary)
      throw NeurometryError.unreadableFile(path: path, reason: "cannot move the finished output into place: \(reason)")
    }
  }

  /// Creates the group `objectPath` (and missing parents).
  public func createGroup(_ objectPath: String) throws {
    let p = HDF5File.normalise(objectPath)
    try HDF5Library.createGroup(handle, p, place(p))
  }

  /// Writes `array` as the dataset `objectPath` (parents created). With `chunks`, the dataset is
  /// chunked, and `deflate` (gzip level 0–9) and `shuffle` add those filters.
  public func write(
    _ array: NDArray, at objectPath: String, chunks: [Int]? = nil, deflate: Int? = nil, shuffle: Bool = false
  ) throws {
    let p = HDF5File.normalise(objectPath)
    try HDF5Library.writeDataset(handle, p, array, chunks: chunks, deflate: deflate, shuffle: shuffle, place(p))
  }

  /// Writes a matrix as a 2-D float64 dataset.
  public func write(_ matrix: Matrix, at objectPath: String) throws {
    try write(NDArray(matrix), at: objectPath)
  }

  /// Sets the attribute `name` of the object at `objectPath` (numbers or strings; shape `[]`
  /// for a scalar), replacing an existing one.
  public func setAttribute(_ name: String, _ value: NDArray, at objectPath: String = "/") throws {
    let p = HDF5File.normalise(objectPath)
    try HDF5Library.writeAttribute(handle, p, name, value, place(p))
  }

  /// Sets a scalar string attribute (variable-length UTF-8).
  public func setAttribute(_ name: String, _ value: String, at objectPath: String = "/") throws {
    try setAttribute(name, NDArray(shape: [], values: .string([value])), at: objectPath)
  }
}
