/// One filter in a chunked dataset's pipeline (deflate = gzip, shuffle, fletcher32, szip, or a
/// plugin such as LZF/Blosc), and whether this libhdf5 can decode it.
public struct HDF5Filter: Sendable, Equatable, Codable {
  /// HDF5's filter id (1 deflate, 2 shuffle, 3 fletcher32, 4 szip, 32000 LZF, 32001 Blosc, …).
  public let id: Int
  /// The filter's name as recorded in the file or by its plugin, e.g. "deflate", "shuffle", "lzf" (may be empty).
  public let name: String
  /// The filter's client values (deflate: the compression level).
  public let parameters: [Int]
  /// True when this libhdf5 can decode the filter (`H5Zfilter_avail`); reads of a dataset with an
  /// unavailable filter are refused, naming it.
  public let available: Bool
}
