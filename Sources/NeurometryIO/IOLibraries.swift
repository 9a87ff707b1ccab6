import NeurometryLinearAlgebra

/// Versions of the file-format C libraries Neurometry is linked against.
public enum IOLibraries {
  /// libhdf5's version, e.g. "1.10.8".
  public static var hdf5Version: String { HDF5Library.version }
  /// Whether libhdf5 was built thread-safe (Neurometry serialises HDF5 calls either way).
  public static var hdf5ThreadSafe: Bool { HDF5Library.isThreadSafeBuild }
  /// zlib's version, e.g. "1.2.13".
  public static var zlibVersion: String { Zlib.version }
}
