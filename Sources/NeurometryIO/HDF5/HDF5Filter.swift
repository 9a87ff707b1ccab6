/// One filter in a chunked dataset's pipeline (deflate = gzip, shuffle, fletcher32, szip, or a
/// plugin such as LZF/Blosc), and whether this libhdf5 can decode it.
public struct HDF5Filter: Sendable, Equatable, Codable {
  /// HDF5's filter id (1 deflate, 2 shuffle, 3 fletcher32, 4 szip, 32000 LZF, 32001 Blosc, …).
  public let id: Int
  public let name: String
  /// The filter's client values (deflate: the compression level).
  public let parameters: [Int]
  public let available: Bool
}
