internal import CNeurometryHDF5
import Foundation
import NeurometryLinearAlgebra

/// Writing: groups, numeric and string datasets (optionally chunked with shuffle + deflate),
/// attributes. Files are written little-endian, strings as variable-length UTF-8 (as h5py does).
extension HDF5Library {
  /// Creates the group at `path` and any missing groups above it.
  static func createGroup(_ file: HDF5Handle, _ path: String, _ place: Place) throws {
    try locked {
      if objectKind(file, path) == .group { return }
      let lcpl = try intermediateGroups(place)
      let gcpl = HDF5Handle(
        try check(H5Pcreate(neurometry_h5p_group_create()), "H5Pcreate", place, .write), .propertyList)
      try untimed(gcpl, place)
      let id = try check(
        H5Gcreate2(file.id, path, lcpl.id, gcpl.id, neurometry_h5p_default()), "H5Gcreate2", place, .write)
      _ = HDF5Handle(id, .object)
    }
  }

  /// No modification times in the objects' headers (HDF5 records them by default), so the same
  /// data written twice gives the same bytes.
  private static func untimed(_ creation: HDF5Handle, _ place: Place) throws {
    try check(H5Pset_obj_track_times(creation.id, false), "H5Pset_obj_track_times", place, .write)
  }

  private static func intermediateGroups(_ place: Place) throws -> HDF5Handle {
    let lcpl = HDF5Handle(
      try check(H5Pcreate(neurometry_h5p_link_create()), "H5Pcreate", place, .write), .propertyList)
    try check(H5Pset_create_intermediate_group(lcpl.id, 1), "H5Pset_create_intermediate_group", place, .write)
    return lcpl
  }

  private static func space(_ shape: [Int], _ place: Place) throws -> HDF5Handle {
    if shape.isEmpty {
      return HDF5Handle(try check(H5Screate(H5S_SCALAR), "H5Screate", place, .write), .dataspace)
    }
    let dims = shape.map { hsize_t($0) }
    return HDF5Handle(
      try check(H5Screate_simple(Int32(dims.count), dims, nil), "H5Screate_simple", place, .write), .dataspace)
  }

  /// A variable-length UTF-8 string type.
  private static func stringType(_ place: Place) throws -> HDF5Handle {
    let t = HDF5Handle(try check(H5Tcopy(neurometry_h5t_c_s1()), "H5Tcopy", place, .write), .datatype)
    try check(H5Tset_size(t.id, neurometry_h5t_variable()), "H5Tset_size", place, .write)
    try check(H5Tset_cset(t.id, H5T_CSET_UTF8), "H5Tset_cset", place, .write)
    return t
  }

  /// Calls `body` with (file type, memory type, buffer) for the values of `array`.
  private static func withBuffer(
    _ array: NDArray, _ place: Place, _ body: (hid_t, hid_t, UnsafeRawPointer?) throws -> Void
  ) throws {
    switch array.values {
    case .float64(let v):
      try v.withUnsafeBytes { try body(neurometry_h5t_ieee_f64le(), neurometry_h5t_native_double(), $0.baseAddress) }
    case .int64(let v):
      try v.withUnsafeBytes { try body(neurometry_h5t_std_i64le(), neurometry_h5t_native_int64(), $0.baseAddress) }
    case .bool(let v):
      let bytes = v.map { UInt8($0 ? 1 : 0) }
      try bytes.withUnsafeBytes { try body(neurometry_h5t_std_u8le(), neurometry_h5t_native_uint8(), $0.baseAddress) }
    case .string(let v):
      let type = try stringType(place)
      let pointers = v.map { strdup($0) }
      defer { pointers.forEach { free($0) } }
      try pointers.withUnsafeBytes { try body(type.id, type.id, $0.baseAddress) }
    }
  }

  /// Writes `array` as a new dataset at `path` (parents created). `chunks` + `deflate` (0–9)
  /// + `shuffle` make a chunked, filtered dataset.
  static func writeDataset(
    _ file: HDF5Handle, _ path: String, _ array: NDArray, chunks: [Int]?, deflate: Int?, shuffle: Bool,
    _ place: Place
  ) throws {
    try locked {
      let fileSpace = try space(array.shape, place)
      let dcpl = HDF5Handle(
        try check(H5Pcreate(neurometry_h5p_dataset_create()), "H5Pcreate", place, .write), .propertyList)
      try untimed(dcpl, place)
      if let chunks {
        guard chunks.count == array.shape.count, chunks.allSatisfy({ $0 > 0 }) else {
          throw NeurometryError.invalidInput(
            context: "\(place.file): \(path)",
            message: "chunk shape \(chunks) does not fit data of shape \(array.shapeDescription)")
        }
        try check(H5Pset_chunk(dcpl.id, Int32(chunks.count), chunks.map { hsize_t($0) }), "H5Pset_chunk", place, .write)
        if shuffle { try check(H5Pset_shuffle(dcpl.id), "H5Pset_shuffle", place, .write) }
        if let deflate { try check(H5Pset_deflate(dcpl.id, UInt32(deflate)), "H5Pset_deflate", place, .write) }
      }
      let lcpl = try intermediateGroups(place)
      try withBuffer(array, place) { fileType, memType, buffer in
        let dataset = HDF5Handle(
          try check(
            H5Dcreate2(file.id, path, fileType, fileSpace.id, lcpl.id, dcpl.id, neurometry_h5p_default()),
            "H5Dcreate2", place, .write), .object)
        if array.count > 0 {
          try check(
            H5Dwrite(
              dataset.id, memType, neurometry_h5s_all(), neurometry_h5s_all(), neurometry_h5p_default(), buffer),
            "H5Dwrite", place, .write)
        }
      }
    }
  }

  /// Sets (replacing) the attribute `name` of the object at `path` to `value` (numbers or
  /// strings; shape `[]` for a scalar).
  static func writeAttribute(
    _ file: HDF5Handle, _ path: String, _ name: String, _ value: NDArray, _ place: Place
  ) throws {
    try locked {
      let object = HDF5Handle(
        try check(H5Oopen(file.id, path, neurometry_h5p_default()), "H5Oopen", place, .write), .object)
      if H5Aexists(object.id, name) > 0 {
        try check(H5Adelete(object.id, name), "H5Adelete", place, .write)
      }
      let attributeSpace = try space(value.shape, place)
      try withBuffer(value, place) { fileType, memType, buffer in
        let attribute = HDF5Handle(
          try check(
            H5Acreate2(
              object.id, name, fileType, attributeSpace.id, neurometry_h5p_default(), neurometry_h5p_default()),
            "H5Acreate2", place, .write), .attribute)
        if value.count > 0 {
          try check(H5Awrite(attribute.id, memType, buffer), "H5Awrite", place, .write)
        }
      }
    }
  }
}
