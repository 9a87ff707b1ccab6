internal import CNeurometryHDF5
internal import CNeurometryHDF5Guard
import Foundation
import NeurometryLinearAlgebra

/// Reading datasets and attributes: numbers (any integer/float width and byte order, converted by
/// HDF5 to native Double/Int64), fixed and variable-length strings, enumerations (h5py's bool),
/// object references, hyperslabs.
extension HDF5Library {
  /// A dataset or an attribute, with its place for error messages.
  struct Source {
    let handle: HDF5Handle
    let isAttribute: Bool
    let place: Place
  }

  /// Shape, element type, chunk shape and filters of a dataset (`chunks`/`filters` empty for
  /// attributes and contiguous datasets).
  struct StorageInfo {
    /// nil for a null dataspace (no elements at all).
    let shape: [Int]?
    let type: HDF5DataType
    let chunks: [Int]?
    let filters: [HDF5Filter]
  }

  static func info(_ s: Source) throws -> StorageInfo {
    try locked {
      let type = try fileType(s)
      let space = try fileSpace(s)
      let shape = try dimensions(space.id, s.place)
      var chunks: [Int]? = nil
      var filters: [HDF5Filter] = []
      if !s.isAttribute {
        let dcpl = HDF5Handle(
          try check(H5Dget_create_plist(s.handle.id), "H5Dget_create_plist", s.place), .propertyList)
        if H5Pget_layout(dcpl.id) == H5D_CHUNKED {
          var dims = [hsize_t](repeating: 0, count: 32)
          let rank = H5Pget_chunk(dcpl.id, 32, &dims)
          if rank >= 0 { chunks = dims.prefix(Int(rank)).map { Int($0) } }
        }
        let n = H5Pget_nfilters(dcpl.id)
        for i in 0..<Swift.max(n, 0) {
          var flags: UInt32 = 0
          var elements = 8
          var values = [UInt32](repeating: 0, count: 8)
          var name = [CChar](repeating: 0, count: 256)
          var config: UInt32 = 0
          let id = H5Pget_filter2(dcpl.id, UInt32(i), &flags, &elements, &values, 256, &name, &config)
          if id < 0 { throw error("H5Pget_filter2", s.place) }
          let available = H5Zfilter_avail(id) > 0
          filters.append(
            HDF5Filter(
              id: Int(id), name: String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
              parameters: values.prefix(Swift.min(elements, 8)).map { Int($0) },
              available: available))
        }
      }
      return StorageInfo(shape: shape, type: try describe(type.id, s.place), chunks: chunks, filters: filters)
    }
  }

  private static func fileType(_ s: Source) throws -> HDF5Handle {
    let id =
      s.isAttribute
      ? try check(H5Aget_type(s.handle.id), "H5Aget_type", s.place)
      : try check(H5Dget_type(s.handle.id), "H5Dget_type", s.place)
    return HDF5Handle(id, .datatype)
  }

  private static func fileSpace(_ s: Source) throws -> HDF5Handle {
    let id =
      s.isAttribute
      ? try check(H5Aget_space(s.handle.id), "H5Aget_space", s.place)
      : try check(H5Dget_space(s.handle.id), "H5Dget_space", s.place)
    return HDF5Handle(id, .dataspace)
  }

  /// The selection of one read: memory space, file space (H5S_ALL when everything) and shape.
  private struct Selection {
    let memory: HDF5Handle?
    let file: HDF5Handle
    let shape: [Int]
    let all: Bool
    var count: Int { shape.reduce(1, *) }
    var memoryID: hid_t { all ? neurometry_h5s_all() : (memory?.id ?? neurometry_h5s_all()) }
    var fileID: hid_t { all ? neurometry_h5s_all() : file.id }
    /// The space describing the memory buffer (for reclaiming variable-length data).
    var bufferSpace: hid_t { all ? file.id : (memory?.id ?? file.id) }
  }

  private static func select(_ s: Source, start: [Int]?, count: [Int]?) throws -> Selection {
    let space = try fileSpace(s)
    guard let dims = try dimensions(space.id, s.place) else {
      return Selection(memory: nil, file: space, shape: [0], all: true)
    }
    guard let start, let count else { return Selection(memory: nil, file: space, shape: dims, all: true) }
    let context = "\(s.place.file): \(s.place.object ?? "/")"
    guard !s.isAttribute else {
      throw NeurometryError.invalidInput(context: context, message: "attributes are read whole, not by hyperslab")
    }
    guard start.count == dims.count, count.count == dims.count else {
      throw NeurometryError.shapeMismatch(
        context: context,
        message:
          "a hyperslab needs \(dims.count) start and count values for shape \(NDArray.describe(shape: dims)), got \(start.count) and \(count.count)"
      )
    }
    for axis in dims.indices where start[axis] < 0 || count[axis] < 0 || start[axis] + count[axis] > dims[axis] {
      throw NeurometryError.invalidInput(
        context: context,
        message:
          "hyperslab [\(start[axis]), \(start[axis] + count[axis])) on axis \(axis) is outside 0..<\(dims[axis]) (shape \(NDArray.describe(shape: dims)))"
      )
    }
    if count.contains(0) { return Selection(memory: nil, file: space, shape: count, all: false) }
    let hStart = start.map { hsize_t($0) }
    let hCount = count.map { hsize_t($0) }
    try check(neurometry_h5_select_hyperslab(space.id, hStart, hCount), "H5Sselect_hyperslab", s.place)
    let memory = HDF5Handle(
      try check(H5Screate_simple(Int32(count.count), hCount, nil), "H5Screate_simple", s.place), .dataspace)
    return Selection(memory: memory, file: space, shape: count, all: false)
  }

  private static func read(_ s: Source, _ memType: hid_t, _ sel: Selection, _ buffer: UnsafeMutableRawPointer) throws {
    if s.isAttribute {
      try check(H5Aread(s.handle.id, memType, buffer), "H5Aread", s.place)
    } else {
      try check(
        H5Dread(s.handle.id, memType, sel.memoryID, sel.fileID, neurometry_h5p_default(), buffer), "H5Dread", s.place)
    }
  }

  /// Reads numbers or strings (whole, or the hyperslab `start`/`count` of a dataset) as an
  /// `NDArray` in C order. Floats become Double, integers Int64 (uint64 above Int64.max is
  /// refused by name), h5py booleans Bool, strings String.
  static func readArray(_ s: Source, start: [Int]? = nil, count: [Int]? = nil) throws -> NDArray {
    try locked {
      let ftype = try fileType(s)
      let type = try describe(ftype.id, s.place)
      if !s.isAttribute { try requireReadableStorage(s) }
      let sel = try select(s, start: start, count: count)
      let context = "\(s.place.file): \(s.place.object ?? "/")"
      // A corrupted dataspace can claim more values than any machine holds (found by fuzzing:
      // 5.8e17); refused before the buffer is allocated.
      var n = 1
      for d in sel.shape {
        let (p, overflow) = n.multipliedReportingOverflow(by: Swift.max(d, 1))
        guard !overflow, p <= Int(ProcessInfo.processInfo.physicalMemory / 8) else {
          throw NeurometryError.malformedFile(
            path: s.place.file, field: s.place.object,
            message:
              "claims shape \(NDArray.describe(shape: sel.shape)), more values than this machine's memory holds (a corrupted header?)"
          )
        }
        n = p
      }
      n = sel.count
      try requirePlausibleElements(type, count: n, s)
      func finish(_ values: NDArray.Values) -> NDArray {
        NDArray(shape: sel.shape, values: values, sourceType: type.descr)
      }
      switch type.kind {
      case .float:
        var v = [Double](repeating: 0, count: n)
        if n > 0 { try v.withUnsafeMutableBytes { try read(s, neurometry_h5t_native_double(), sel, $0.baseAddress!) } }
        return finish(.float64(v))
      case .signedInteger, .unsignedInteger:
        if type.kind == .unsignedInteger && type.size >= 8 {
          var u = [UInt64](repeating: 0, count: n)
          if n > 0 {
            try u.withUnsafeMutableBytes { try read(s, neurometry_h5t_native_uint64(), sel, $0.baseAddress!) }
          }
          if let i = u.firstIndex(where: { $0 > UInt64(Int64.max) }) {
            throw NeurometryError.invalidInput(
              context: context, message: "uint64 element \(i) is \(u[i]), larger than the largest Int64")
          }
          return finish(.int64(u.map { Int64($0) }))
        }
        var v = [Int64](repeating: 0, count: n)
        if n > 0 { try v.withUnsafeMutableBytes { try read(s, neurometry_h5t_native_int64(), sel, $0.baseAddress!) } }
        return finish(.int64(v))
      case .enumeration:
        // Read the stored integers without conversion (HDF5 does not convert enum → int), then
        // widen them here from the native-order base type.
        let native = HDF5Handle(
          try check(H5Tget_native_type(ftype.id, H5T_DIR_ASCEND), "H5Tget_native_type", s.place), .datatype)
        let size = H5Tget_size(native.id)
        var raw = [UInt8](repeating: 0, count: n * size)
        if n > 0 { try raw.withUnsafeMutableBytes { try read(s, native.id, sel, $0.baseAddress!) } }
        let ints = decodeIntegers(raw, size: size, signed: type.enumBaseSigned, count: n)
        if type.isBoolean { return finish(.bool(ints.map { $0 != 0 })) }
        return finish(.int64(ints))
      case .string:
        return finish(.string(try readStrings(s, ftype, type, sel)))
      case .objectReference:
        throw NeurometryError.unsupported(
          path: s.place.file, field: s.place.object,
          message:
            "holds object references (links to other objects in the file), not values: read the objects they point to by their own paths"
        )
      default:
        throw NeurometryError.unsupported(
          path: s.place.file, field: s.place.object,
          message:
            "holds \(type.descr) elements; Neurometry reads numbers (integers, floats, h5py booleans) and strings")
      }
    }
  }

  /// Refuses element types no writer makes and libhdf5 1.10 would act on: a number type wider
  /// than 8 bytes (16 for floats; found by fuzzing: an int16 claiming 4,294,967,294 bytes made
  /// libhdf5 allocate 4 GB for its conversion), fixed-length strings whose values together exceed
  /// half this machine's memory.
  private static func requirePlausibleElements(_ type: HDF5DataType, count n: Int, _ s: Source) throws {
    let widest: Int? =
      switch type.kind {
      case .signedInteger, .unsignedInteger, .enumeration: 8
      case .float: 16
      default: nil
      }
    if let widest, type.size > widest {
      throw NeurometryError.malformedFile(
        path: s.place.file, field: s.place.object,
        message:
          "claims \(type.kind == .float ? "floats" : "integers") of \(type.size.grouped) bytes each (at most \(widest) exist; a corrupted header?)"
      )
    }
    if type.kind == .string && !type.variableLength {
      let (bytes, overflow) = n.multipliedReportingOverflow(by: type.size)
      if overflow || bytes > Int(ProcessInfo.processInfo.physicalMemory / 2) {
        throw NeurometryError.malformedFile(
          path: s.place.file, field: s.place.object,
          message:
            "claims \(n.grouped) strings of \(type.size.grouped) bytes each, more than half this machine's memory (a corrupted header?)"
        )
      }
    }
  }

  private static func decodeIntegers(_ raw: [UInt8], size: Int, signed: Bool, count: Int) -> [Int64] {
    raw.withUnsafeBytes { p in
      (0..<count).map { i -> Int64 in
        let o = i * size
        switch (size, signed) {
        case (1, true): return Int64(p.load(fromByteOffset: o, as: Int8.self))
        case (1, false): return Int64(p.load(fromByteOffset: o, as: UInt8.self))
        case (2, true): return Int64(p.loadUnaligned(fromByteOffset: o, as: Int16.self))
        case (2, false): return Int64(p.loadUnaligned(fromByteOffset: o, as: UInt16.self))
        case (4, true): return Int64(p.loadUnaligned(fromByteOffset: o, as: Int32.self))
        case (4, false): return Int64(p.loadUnaligned(fromByteOffset: o, as: UInt32.self))
        default: return p.loadUnaligned(fromByteOffset: o, as: Int64.self)
        }
      }
    }
  }

  private static func decodeText(_ bytes: some Collection<UInt8>) -> String {
    // ASCII/UTF-8 as stored; bytes that are not valid UTF-8 are taken as Latin-1, never dropped.
    if let s = String(validating: bytes, as: UTF8.self) { return s }
    return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
  }

  private static func readStrings(_ s: Source, _ ftype: HDF5Handle, _ type: HDF5DataType, _ sel: Selection) throws
    -> [String]
  {
    let n = sel.count
    if n == 0 { return [] }
    if type.variableLength {
      try checkVariableLengthStrings(s, sel)
      let memType = HDF5Handle(try check(H5Tcopy(neurometry_h5t_c_s1()), "H5Tcopy", s.place), .datatype)
      try check(H5Tset_size(memType.id, neurometry_h5t_variable()), "H5Tset_size", s.place)
      try check(H5Tset_cset(memType.id, H5Tget_cset(ftype.id)), "H5Tset_cset", s.place)
      var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: n)
      try pointers.withUnsafeMutableBytes { try read(s, memType.id, sel, $0.baseAddress!) }
      let strings = pointers.map { p -> String in
        guard let p else { return "" }
        return decodeText(UnsafeRawBufferPointer(start: p, count: strlen(p)))
      }
      _ = pointers.withUnsafeMutableBytes { neurometry_h5_reclaim(memType.id, sel.bufferSpace, $0.baseAddress!) }
      return strings
    }
    let size = type.size
    let memType = HDF5Handle(try check(H5Tcopy(ftype.id), "H5Tcopy", s.place), .datatype)
    let spacePadded = H5Tget_strpad(ftype.id) == H5T_STR_SPACEPAD
    var raw = [UInt8](repeating: 0, count: n * size)
    try raw.withUnsafeMutableBytes { try read(s, memType.id, sel, $0.baseAddress!) }
    return (0..<n).map { i in
      var item = raw[(i * size)..<((i + 1) * size)]
      if let end = item.firstIndex(of: 0) { item = item[..<end] }
      if spacePadded { while item.last == 0x20 { item = item.dropLast() } }
      return decodeText(item)
    }
  }

  /// Refuses, before libhdf5 reads them, variable-length strings whose descriptors point to no
  /// object of their global heap collection or claim another length (libhdf5 1.10 trusts both:
  /// a wild read; see `neurometry_check_vlen_strings`).
  private static func checkVariableLengthStrings(_ s: Source, _ sel: Selection) throws {
    var message = [CChar](repeating: 0, count: 512)
    let status = neurometry_check_vlen_strings(
      s.handle.id, s.isAttribute ? 1 : 0, sel.memoryID, sel.fileID, sel.count, &message, message.count)
    if status < 0 { throw error("H5Dread", s.place, .read, "its variable-length strings could not be checked") }
    if status > 0 {
      let why = String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      throw NeurometryError.malformedFile(
        path: s.place.file, field: s.place.object,
        message: "the file is damaged: \(why); refused before libhdf5 read it")
    }
  }

  /// Reads a dataset or attribute of object references (whole or a hyperslab): the path of each
  /// referenced object (nil for a null reference).
  static func readReferences(_ s: Source, start: [Int]? = nil, count: [Int]? = nil) throws -> (
    shape: [Int], paths: [String?]
  ) {
    try locked {
      let ftype = try fileType(s)
      let type = try describe(ftype.id, s.place)
      guard type.kind == .objectReference else {
        throw NeurometryError.unsupported(
          path: s.place.file, field: s.place.object,
          message: "holds \(type.descr) elements, expected object references")
      }
      if !s.isAttribute { try requireReadableStorage(s) }
      let sel = try select(s, start: start, count: count)
      var refs = [UInt64](repeating: 0, count: sel.count)
      if sel.count > 0 {
        try refs.withUnsafeMutableBytes { try read(s, neurometry_h5t_std_ref_obj(), sel, $0.baseAddress!) }
      }
      var paths: [String?] = []
      paths.reserveCapacity(refs.count)
      for (i, r) in refs.enumerated() {
        if r == 0 {
          paths.append(nil)
          continue
        }
        var ref = hobj_ref_t(r)
        let id = neurometry_h5_dereference_object(s.handle.id, &ref)
        if id < 0 {
          throw error("H5Rdereference", s.place, .read, "reference \(i) points to no object")
        }
        let object = HDF5Handle(id, .object)
        paths.append(name(of: object))
      }
      return (sel.shape, paths)
    }
  }

  /// Throws `unsupported` naming the filter when a dataset is compressed with a filter this
  /// libhdf5 lacks (e.g. LZF or Blosc written by h5py plugins), and `malformedFile` when a compact
  /// dataset (values kept in its object header) holds fewer bytes than its shape and type need:
  /// libhdf5 1.10 copies the shape's worth past the end of what it holds (found by fuzzing the MAT
  /// reader).
  private static func requireReadableStorage(_ s: Source) throws {
    let storage = try info(s)
    let dcpl = HDF5Handle(try check(H5Dget_create_plist(s.handle.id), "H5Dget_create_plist", s.place), .propertyList)
    // Contiguous values written to the file must lie within it (a damaged dataspace can claim
    // hundreds of millions of values over a few bytes: the buffer would be allocated for the
    // claim before libhdf5's read fails). Unwritten datasets read as their fill value.
    var status = H5D_SPACE_STATUS_ERROR
    let offset = H5Dget_offset(s.handle.id)
    if H5Pget_layout(dcpl.id) == H5D_CONTIGUOUS, H5Dget_space_status(s.handle.id, &status) >= 0,
      status == H5D_SPACE_STATUS_ALLOCATED, offset != UInt64.max, let shape = storage.shape
    {
      let type = try fileType(s)
      let file = HDF5Handle(try check(H5Iget_file_id(s.handle.id), "H5Iget_file_id", s.place), .file)
      var size: hsize_t = 0
      try check(H5Fget_filesize(file.id, &size), "H5Fget_filesize", s.place)
      let values = ArraySummary.elementCount(shape)
      let (bytes, overflow) = values.multipliedReportingOverflow(by: H5Tget_size(type.id))
      if overflow || UInt64(bytes) > size || offset > size - UInt64(bytes) {
        throw NeurometryError.malformedFile(
          path: s.place.file, field: s.place.object,
          message:
            "the file is damaged: its values (shape \(NDArray.describe(shape: shape)), \(overflow ? "more than Int.max" : bytes.grouped) bytes from byte \(Int(clamping: offset).grouped)) run past the end of the file (\(Int(clamping: size).grouped) bytes); refused before they were read"
        )
      }
    }
    // libhdf5 refuses to create a chunk larger than a fixed dimension's maximum; libhdf5 1.10
    // reads one from a damaged file and copies the chunk's claimed size from a smaller buffer
    // (found by fuzzing).
    if let chunks = storage.chunks, let shape = storage.shape, chunks.count == shape.count {
      let space = try fileSpace(s)
      var current = [hsize_t](repeating: 0, count: shape.count)
      var maxima = [hsize_t](repeating: 0, count: shape.count)
      if !shape.isEmpty, H5Sget_simple_extent_dims(space.id, &current, &maxima) >= 0,
        let k = chunks.indices.first(where: { maxima[$0] != hsize_t.max && UInt64(chunks[$0]) > maxima[$0] })
      {
        throw NeurometryError.malformedFile(
          path: s.place.file, field: s.place.object,
          message:
            "the file is damaged: its chunks \(NDArray.describe(shape: chunks)) are larger than its shape \(NDArray.describe(shape: shape)) allows on axis \(k), which is not extendible; refused before libhdf5 read it"
        )
      }
    }
    if H5Pget_layout(dcpl.id) == H5D_COMPACT, let shape = storage.shape {
      let type = try fileType(s)
      let held = Int(clamping: H5Dget_storage_size(s.handle.id))
      let (values, overflow) = shape.reduce((1, false)) { acc, d in
        let (p, o) = acc.0.multipliedReportingOverflow(by: d)
        return (p, acc.1 || o)
      }
      let (need, overflow2) = values.multipliedReportingOverflow(by: H5Tget_size(type.id))
      if overflow || overflow2 || need > held {
        throw NeurometryError.malformedFile(
          path: s.place.file, field: s.place.object,
          message:
            "the file is damaged: a compact dataset of shape \(NDArray.describe(shape: shape)) needs \(overflow || overflow2 ? "more than Int.max" : need.grouped) bytes but holds \(held.grouped); refused before libhdf5 read it"
        )
      }
    }
    if let missing = storage.filters.first(where: { !$0.available }) {
      throw NeurometryError.unsupported(
        path: s.place.file, field: s.place.object,
        message:
          "is compressed with the HDF5 filter '\(missing.name)' (id \(missing.id)), which this libhdf5 does not have; rewrite it with gzip, e.g. `h5repack -f GZIP=4 in.h5 out.h5`"
      )
    }
  }

  // MARK: Attributes

  /// The attribute names of an open object, in name order.
  static func attributeNames(_ object: HDF5Handle, _ place: Place) throws -> [String] {
    try locked {
      let count = neurometry_h5_attribute_count(object.id)
      if count < 0 { throw error("H5Oget_info", place) }
      var names: [String] = []
      for i in 0..<UInt64(count) {
        let length = H5Aget_name_by_idx(
          object.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, nil, 0, neurometry_h5p_default())
        if length < 0 { throw error("H5Aget_name_by_idx", place) }
        var buffer = [CChar](repeating: 0, count: length + 1)
        _ = H5Aget_name_by_idx(
          object.id, ".", H5_INDEX_NAME, H5_ITER_INC, i, &buffer, buffer.count, neurometry_h5p_default())
        names.append(String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self))
      }
      return names
    }
  }

  /// Opens the attribute `name` of an object, or nil when it has none of that name.
  static func openAttribute(_ object: HDF5Handle, _ name: String, _ place: Place) throws -> HDF5Handle? {
    try locked {
      let exists = H5Aexists(object.id, name)
      if exists < 0 { throw error("H5Aexists", place) }
      if exists == 0 { return nil }
      return HDF5Handle(
        try check(H5Aopen(object.id, name, neurometry_h5p_default()), "H5Aopen", place), .attribute)
    }
  }
}
