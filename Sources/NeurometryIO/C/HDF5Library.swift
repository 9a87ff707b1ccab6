internal import CNeurometryHDF5
import NeurometryLinearAlgebra

// The HDF5 funnel grows here (issue 4: typed reads, strings, attributes, error stack). For now it
// reports the linked library's version, which `neurometry --version` prints.
enum HDF5Library {
  static var version: String {
    var major: UInt32 = 0
    var minor: UInt32 = 0
    var release: UInt32 = 0
    neurometry_h5_version(&major, &minor, &release)
    return "\(major).\(minor).\(release)"
  }
}
