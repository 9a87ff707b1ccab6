internal import CNeurometryHDF5

/// Owner of one HDF5 identifier: `deinit` closes it (under the HDF5 lock) with the close call of
/// its kind. Every identifier Neurometry opens is wrapped in one of these immediately.
final class HDF5Handle: @unchecked Sendable {
  enum Kind {
    case file, object, attribute, datatype, dataspace, propertyList
  }

  let id: Int64
  let kind: Kind
  private var closed = false

  init(_ id: Int64, _ kind: Kind) {
    self.id = id
    self.kind = kind
  }

  /// Closes now (a file: flushes it to disk); `deinit` then does nothing. Returns HDF5's status.
  @discardableResult
  func close() -> Int32 {
    HDF5Library.locked {
      guard !closed else { return 0 }
      closed = true
      return HDF5Handle.close(id, kind)
    }
  }

  deinit { close() }

  private static func close(_ id: Int64, _ kind: Kind) -> Int32 {
    HDF5Library.locked {
      switch kind {
      case .file: return H5Fclose(id)
      case .object: return H5Oclose(id)
      case .attribute: return H5Aclose(id)
      case .datatype: return H5Tclose(id)
      case .dataspace: return H5Sclose(id)
      case .propertyList: return H5Pclose(id)
      }
    }
  }
}
