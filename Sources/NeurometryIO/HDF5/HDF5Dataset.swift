import NeurometryLinearAlgebra

/// One dataset of an open HDF5 file: its shape, element type, chunking and filters, read whole or
/// by hyperslab.
///
/// Reads convert in libhdf5: every integer width and byte order becomes `Int64` (uint64 values
/// above `Int64.max` are refused by name), every float becomes `Double`, h5py booleans `Bool`,
/// fixed and variable-length strings (ASCII or UTF-8) `String`. Chunked datasets with deflate
/// (gzip) and shuffle filters read like contiguous ones; a filter this libhdf5 lacks (LZF, Blosc)
/// is reported by name before reading.
public final class HDF5Dataset: @unchecked Sendable {
  /// The open file the dataset belongs to (kept open as long as the dataset is).
  public let file: HDF5File
  /// The dataset's absolute object path in the file, e.g. `/units/spike_times`.
  public let path: String
  /// Dimensions (`[]` for a scalar, `[0]` for a null dataspace).
  public let shape: [Int]
  /// The element type as stored in the file (before any conversion on reading).
  public let type: HDF5DataType
  /// Chunk dimensions, nil when the dataset is contiguous or compact.
  public let chunks: [Int]?
  /// The chunk filter pipeline, in the order applied when writing; empty when unfiltered.
  public let filters: [HDF5Filter]
  let handle: HDF5Handle

  init(file: HDF5File, path: String) throws {
    self.file = file
    self.path = path
    let handle = try HDF5Library.openObject(file.handle, path, file.place(path))
    self.handle = handle
    let info = try HDF5Library.info(.init(handle: handle, isAttribute: false, place: file.place(path)))
    shape = info.shape ?? [0]
    type = info.type
    chunks = info.chunks
    filters = info.filters
  }

  var source: HDF5Library.Source { .init(handle: handle, isAttribute: false, place: file.place(path)) }

  /// `file: /path`, as errors name this dataset.
  public var context: String { "\(file.path): \(path)" }

  /// Number of elements: the product of `shape` (1 for a scalar, 0 for a null dataspace),
  /// saturating at `Int.max` for dimensions a damaged file multiplies past it (found by fuzzing).
  public var count: Int { ArraySummary.elementCount(shape) }

  /// The whole dataset as an array in C order.
  public func read() throws -> NDArray { try HDF5Library.readArray(source) }

  /// The hyperslab `[start, start + count)` on every axis (unit stride).
  public func read(start: [Int], count: [Int]) throws -> NDArray {
    try HDF5Library.readArray(source, start: start, count: count)
  }

  /// Rows `range` of the first axis (all of the other axes).
  public func readRows(_ range: Range<Int>) throws -> NDArray {
    guard !shape.isEmpty else {
      throw NeurometryError.invalidInput(context: context, message: "is a scalar; it has no rows")
    }
    return try read(
      start: [range.lowerBound] + shape.dropFirst().map { _ in 0 }, count: [range.count] + shape.dropFirst())
  }

  /// All values as Doubles (integers converted). Throws for strings and references.
  public func readDoubles() throws -> [Double] { try read().doubles(context: context) }

  /// All values as integers. Throws for strings, references and non-integral floats.
  public func readIntegers() throws -> [Int64] { try read().integers(context: context) }

  /// All values as strings: strings as stored; numbers as `NDArray.strings` spells them.
  public func readStrings() throws -> [String] { try read().strings }

  /// The paths of the objects an object-reference dataset points to (nil for null references),
  /// flattened in C order.
  public func readReferences() throws -> [String?] { try HDF5Library.readReferences(source).paths }

  /// The attribute names of this dataset.
  public func attributeNames() throws -> [String] { try HDF5Library.attributeNames(handle, file.place(path)) }

  /// The attribute `name`, or nil when absent.
  public func attribute(_ name: String) throws -> NDArray? {
    try HDF5File.readAttribute(handle, name, place: file.place(path))
  }

  /// A string attribute, or nil when absent.
  public func stringAttribute(_ name: String) throws -> String? {
    guard let a = try attribute(name) else { return nil }
    return try HDF5File.singleString(a, name: name, file: file.path, object: path)
  }
}
