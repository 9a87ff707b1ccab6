import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Every documented HDF5 error, with its message: missing, empty, truncated, corrupt and non-HDF5
/// files; missing objects (naming what the group holds); wrong kinds; filters libhdf5 lacks;
/// out-of-range hyperslabs; values that do not fit.
@Suite struct HDF5ErrorTests {
  func path(_ name: String) -> String { Fixtures.path("hdf5", name) }

  @Test func missingFile() {
    #expect(errorMessage { _ = try HDF5File(path: "/no/such/file.h5") } == "/no/such/file.h5: no such file")
  }

  @Test func notHDF5EmptyTruncatedAndCorruptFiles() {
    let notHDF5 = errorMessage { _ = try HDF5File(path: path("broken/not_hdf5.h5")) }
    #expect(notHDF5.hasPrefix(path("broken/not_hdf5.h5") + ": not an HDF5 file"), "\(notHDF5)")
    let empty = errorMessage { _ = try HDF5File(path: path("broken/empty.h5")) }
    #expect(empty.hasPrefix(path("broken/empty.h5") + ": not an HDF5 file"), "\(empty)")
    let truncated = errorMessage {
      let f = try HDF5File(path: path("broken/truncated.h5"))
      _ = try f.walk()
      _ = try f.dataset("/num/lef8").read()
    }
    #expect(truncated.hasPrefix(path("broken/truncated.h5") + ": "), "\(truncated)")
    #expect(truncated.contains("truncated? (HDF5: unable to open file"), "\(truncated)")
    #expect(truncated.contains("stored_eof = 41096"), "\(truncated)")
    let corrupt = errorMessage {
      let f = try HDF5File(path: path("broken/corrupt.h5"))
      for entry in try f.walk() where entry.kind == .dataset { _ = try f.dataset(entry.path).read() }
    }
    #expect(corrupt.hasPrefix(path("broken/corrupt.h5") + ": "), "\(corrupt)")
    #expect(corrupt.contains("cannot be opened as HDF5 (HDF5: unable to open file"), "\(corrupt)")
    #expect(corrupt.contains("object header"), "\(corrupt)")
  }

  @Test func missingObjectsNameWhatIsThere() throws {
    let f = try HDF5File(path: path("numeric.h5"))
    #expect(
      errorMessage { _ = try f.dataset("/a/nothing") }
        == "\(path("numeric.h5")): /a/nothing: no such dataset (/a holds: b, dangling, link_to_leaf, x)")
    #expect(errorMessage { _ = try f.dataset("/a/b") } == "\(path("numeric.h5")): /a/b: is a group, expected a dataset")
    #expect(
      errorMessage { _ = try f.children(of: "/scalar") }
        == "\(path("numeric.h5")): /scalar: is a dataset, expected a group")
    #expect(errorMessage { _ = try f.attributeNames(of: "/zzz") } == "\(path("numeric.h5")): /zzz: no such object")
  }

  @Test func filterThisLibraryLacksIsNamed() throws {
    let d = try HDF5File(path: path("numeric.h5")).dataset("/chunked/lzf")
    #expect(d.filters.first?.id == 32000)
    #expect(d.filters.first?.available == false)
    let m = errorMessage { _ = try d.read() }
    #expect(m.hasPrefix("\(path("numeric.h5")): /chunked/lzf: is compressed with the HDF5 filter"), "\(m)")
    #expect(m.contains("(id 32000)") && m.contains("h5repack -f GZIP=4"), "\(m)")
  }

  @Test func hyperslabsOutOfRangeOrWrongRank() throws {
    let d = try HDF5File(path: path("numeric.h5")).dataset("/chunked/gzip_shuffle")
    #expect(
      errorMessage { _ = try d.read(start: [30, 0], count: [10, 11]) }
        == "\(path("numeric.h5")): /chunked/gzip_shuffle: hyperslab [30, 40) on axis 0 is outside 0..<37 (shape (37, 11))"
    )
    #expect(
      errorMessage { _ = try d.read(start: [0], count: [1]) }
        == "\(path("numeric.h5")): /chunked/gzip_shuffle: a hyperslab needs 2 start and count values for shape (37, 11), got 1 and 1"
    )
    let scalar = try HDF5File(path: path("numeric.h5")).dataset("/scalar")
    #expect(
      errorMessage { _ = try scalar.readRows(0..<1) } == "\(path("numeric.h5")): /scalar: is a scalar; it has no rows")
  }

  @Test func valuesThatDoNotFitOrAreTheWrongKind() throws {
    let f = try HDF5File(path: path("numeric.h5"))
    #expect(
      errorMessage { _ = try f.dataset("big_u8").read() }
        == "\(path("numeric.h5")): /big_u8: uint64 element 1 is 9223372036854775813, larger than the largest Int64")
    let s = try HDF5File(path: path("strings.h5"))
    #expect(
      errorMessage { _ = try s.dataset("vlen_utf8").readDoubles() }
        == "\(path("strings.h5")): /vlen_utf8: holds strings (str), expected numbers")
    #expect(
      errorMessage { _ = try s.dataset("refs").read() }
        == "\(path("strings.h5")): /refs: holds object references (links to other objects in the file), not values: read the objects they point to by their own paths"
    )
    #expect(
      errorMessage { _ = try s.dataset("vlen_ascii").readReferences() }
        == "\(path("strings.h5")): /vlen_ascii: holds str elements, expected object references")
    #expect(
      errorMessage { _ = try s.stringAttribute("int_scalar", of: "target_a") }
        == "\(path("strings.h5")): /target_a attribute 'int_scalar': expected one string, found <i4 of shape ()")
  }

  /// Variable-length string descriptors that lie (Tests/Fixtures/fuzz/make_vlen_descriptors.py):
  /// libhdf5 1.10 reads wild memory on each (the NWB fuzz crashes); each is refused by name, and
  /// sound strings of the same collection, and the sound strings around a bad one, still read.
  @Test func variableLengthStringsThatLieAreRefused() throws {
    let file = Fixtures.path("fuzz", "hdf5/vlen-string-descriptors-that-lie.h5")
    let h5 = try HDF5File(path: file)
    #expect(try h5.dataset("/sound").read().strings == ["alpha", "beta", "gamma"])
    #expect(try h5.dataset("/missing_object").read(start: [2], count: [1]).strings == ["zeta"])
    let missing = errorMessage { _ = try h5.dataset("/missing_object").read() }
    #expect(
      missing
        == "\(file): /missing_object: the file is damaged: variable-length string 1 points to object 77 of the global heap collection at address 2096, which has no such object; refused before libhdf5 read it"
    )
    let length = errorMessage { _ = try h5.dataset("/wrong_length").read() }
    #expect(length.contains("variable-length string 0 claims 200 bytes, but the global heap object it points to"))
    #expect(length.contains("holds 3; refused before libhdf5 read it"), "\(length)")
    let attribute = errorMessage { _ = try h5.stringAttribute("index_past_table") }
    #expect(attribute.contains("points to object 70000 of the global heap collection"), "\(attribute)")
  }
}
