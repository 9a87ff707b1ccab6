import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Files written by h5py 3.16 (Tests/Fixtures/hdf5/make_hdf5.py), read back and compared with the
/// values h5py recorded in manifest.json: every integer/float width in both byte orders, h5py
/// booleans, chunked + shuffle + gzip (+ fletcher32), hyperslabs, fixed and variable-length
/// strings (ASCII, UTF-8, NULLPAD and SPACEPAD), attributes of every kind, object references.
@Suite struct HDF5ReferenceTests {
  static var manifest: [String: Any] { (try? Fixtures.json("hdf5", "manifest.json") as? [String: Any]) ?? [:] }
  static var numericEntries: [[String: Any]] { manifest["numeric"] as? [[String: Any]] ?? [] }
  static var numericPaths: [String] { numericEntries.compactMap { $0["path"] as? String } }

  static func doubles(_ values: Any?) -> [Double] {
    (values as? [Any] ?? []).map { v in
      if let s = v as? String { return Double(s) ?? .nan }
      return (v as? NSNumber)?.doubleValue ?? .nan
    }
  }

  static func file(_ name: String) throws -> HDF5File { try HDF5File(path: Fixtures.path("hdf5", name)) }

  @Test func manifestIsPresent() {
    #expect(Self.numericPaths.count == 21)
  }

  @Test(arguments: HDF5ReferenceTests.numericPaths)
  func readsEveryNumericTypeAndByteOrderExactly(path: String) throws {
    let entry = try #require(Self.numericEntries.first { $0["path"] as? String == path })
    let dataset = try Self.file("numeric.h5").dataset(path)
    let array = try dataset.read()
    #expect(array.shape == [3, 4, 5])
    #expect(dataset.shape == [3, 4, 5])
    #expect(array.sourceType == entry["descr"] as? String, "\(path): descr")
    #expect(dataset.type.descr == entry["descr"] as? String)
    let values = entry["values"] as? [Any] ?? []
    switch array.values {
    case .float64(let v): assertClose(v, Self.doubles(values), rtol: 0, path)
    case .int64(let v): #expect(v == values.map { ($0 as? NSNumber)?.int64Value ?? -999 }, "\(path)")
    case .bool(let v): #expect(v == values.map { ($0 as? Bool) ?? false }, "\(path)")
    case .string: Issue.record("\(path) read as strings")
    }
  }

  @Test func scalarsEmptySpecialValuesAndLargeUnsigned() throws {
    let f = try Self.file("numeric.h5")
    let scalar = try f.dataset("scalar").read()
    #expect(scalar.shape == [] && scalar.values == .float64([2.5]))
    let empty = try f.dataset("/empty").read()
    #expect(empty.shape == [0, 3] && empty.count == 0)
    let special = try f.dataset("special").readDoubles()
    #expect(special[0].isNaN)
    #expect(Array(special[1...]) == [.infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude])
    #expect(special[3].sign == .minus)
  }

  @Test func chunkedShuffleGzipAndFletcherReadExactly() throws {
    let f = try Self.file("numeric.h5")
    let chunked = Self.manifest["chunked"] as? [String: Any] ?? [:]
    let d = try f.dataset("/chunked/gzip_shuffle")
    #expect(d.chunks == [8, 5])
    #expect(d.filters.map(\.name).contains { $0.lowercased().contains("deflate") })
    #expect(d.filters.map(\.id) == [2, 1])
    #expect(d.filters.last?.parameters.first == 6)
    assertClose(try d.readDoubles(), Self.doubles(chunked["gzip_shuffle"]), rtol: 0, "gzip_shuffle")
    let i = try f.dataset("/chunked/gzip_int")
    #expect(i.type.descr == ">i4")
    #expect(i.filters.map(\.id) == [2, 1, 3])
    #expect(try i.readIntegers() == Self.doubles(chunked["gzip_int"]).map { Int64($0) })
  }

  @Test func hyperslabsMatchNumpySlicing() throws {
    let f = try Self.file("numeric.h5")
    let chunked = Self.manifest["chunked"] as? [String: Any] ?? [:]
    let start = chunked["hyperslab_start"] as? [Int] ?? []
    let count = chunked["hyperslab_count"] as? [Int] ?? []
    let part = try f.dataset("/chunked/gzip_shuffle").read(start: start, count: count)
    #expect(part.shape == count)
    assertClose(try part.doubles(context: ""), Self.doubles(chunked["hyperslab"]), rtol: 0, "hyperslab")
    // Rows of a big-endian 3-D dataset equal the same rows of the whole read.
    let d = try f.dataset("/num/bei4")
    let whole = try d.readIntegers()
    let rows = try d.readRows(1..<3)
    #expect(rows.shape == [2, 4, 5])
    #expect(try rows.integers(context: "") == Array(whole[20..<60]))
    let none = try d.readRows(2..<2)
    #expect(none.shape == [0, 4, 5] && none.count == 0)
  }

  @Test func groupsLinksAndWalk() throws {
    let f = try Self.file("numeric.h5")
    #expect(try f.children(of: "/") == ["a", "big_u8", "chunked", "empty", "num", "scalar", "special"])
    #expect(try f.children(of: "a") == ["b", "dangling", "link_to_leaf", "x"])
    #expect(f.kind(of: "/a/b/c") == .group)
    #expect(f.kind(of: "/a/link_to_leaf") == .dataset)
    #expect(f.kind(of: "/a/dangling") == nil)
    #expect(f.kind(of: "/no/such") == nil)
    #expect(try f.dataset("/a/link_to_leaf").readIntegers() == [0, 1, 2, 3, 4, 5, 6])
    let walk = try f.walk(from: "/a")
    #expect(walk.map(\.path) == ["/a/b", "/a/b/c", "/a/b/c/leaf", "/a/dangling", "/a/link_to_leaf", "/a/x"])
    #expect(walk.map(\.kind) == [.group, .group, .dataset, nil, .dataset, .dataset])
    #expect(try f.stringAttribute("title") == "numeric fixtures")
    #expect(try f.stringAttribute("no_such_attribute") == nil)
  }

  @Test func stringsOfEveryKind() throws {
    let f = try Self.file("strings.h5")
    let expected = Self.manifest["strings"] as? [String: [String]] ?? [:]
    for name in ["fixed_ascii", "fixed_spacepad", "vlen_ascii", "vlen_utf8", "vlen_utf8_2d", "fixed_utf8"] {
      let d = try f.dataset(name)
      let a = try d.read()
      #expect(a.strings == expected[name], "\(name)")
      #expect(!a.isNumeric)
    }
    #expect(try f.dataset("vlen_utf8_2d").read().shape == [2, 2])
    #expect(try f.dataset("vlen_utf8").type.descr == "str")
    #expect(try f.dataset("vlen_utf8").type.utf8)
    #expect(try !f.dataset("vlen_ascii").type.utf8)
    #expect(try f.dataset("fixed_ascii").type.descr == "|S10")
    let hyperslab = try f.dataset("vlen_utf8").read(start: [1], count: [3])
    #expect(hyperslab.strings == ["wörld", "日本語", ""])
  }

  @Test func attributesOfEveryKind() throws {
    let f = try Self.file("strings.h5")
    let d = try f.dataset("target_a")
    let expected = Self.manifest["attributes"] as? [String: Any] ?? [:]
    #expect(
      try d.attributeNames() == [
        "be_array", "bool_scalar", "bytes_scalar", "float_scalar", "int_scalar", "ref_scalar", "str_array",
        "str_scalar", "u8_array",
      ])
    let i = try #require(try d.attribute("int_scalar"))
    #expect(i.shape == [] && i.values == .int64([-7]))
    #expect(try d.attribute("float_scalar")?.values == .float64([0.1]))
    let be = try #require(try d.attribute("be_array"))
    #expect(be.sourceType == ">f4")
    #expect(be.values == .float64(Self.doubles(expected["be_array"])))
    #expect(try d.attribute("u8_array")?.values == .int64([3, 1, 4, 1, 5]))
    #expect(try d.stringAttribute("str_scalar") == "grüße")
    #expect(try d.stringAttribute("bytes_scalar") == "ascii bytes")
    #expect(try d.attribute("str_array")?.strings == ["c10", "c2", "c1"])
    #expect(try d.attribute("bool_scalar")?.values == .bool([true]))
    #expect(try f.referenceAttribute("ref_scalar", of: "/target_a") == ["/target_group"])
    #expect(try f.attribute("int_scalar", of: "/target_a")?.values == .int64([-7]))
    #expect(try d.attribute("missing") == nil)
  }

  @Test func objectReferencesResolveToPaths() throws {
    let f = try Self.file("strings.h5")
    let refs = try f.dataset("refs")
    #expect(refs.type.kind == .objectReference)
    #expect(try refs.readReferences() == ["/target_a", "/target_group", nil, "/target_group/inner"])
  }
}
