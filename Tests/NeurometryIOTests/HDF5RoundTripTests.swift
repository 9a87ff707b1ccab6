import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Writing with `HDF5Writer` and reading back: numbers, strings, attributes, chunked + filtered
/// datasets; atomic output that never replaces a file without `overwrite`; concurrent reads.
@Suite struct HDF5RoundTripTests {
  @Test func writtenDatasetsAndAttributesReadBackExactly() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("out.h5")
    let m = Synthetic.gaussian(rows: 13, columns: 5, seed: 3)
    let labels = ["c10", "c2", "é", ""]
    try HDF5Writer.write(to: out) { w in
      try w.write(m, at: "/patterns/matrix")
      try w.write(NDArray(shape: [4], values: .string(labels)), at: "labels")
      try w.write(NDArray(shape: [2, 3], values: .int64([1, -2, 3, .max, .min, 0])), at: "/ints")
      try w.write(NDArray(shape: [3], values: .bool([true, false, true])), at: "/flags")
      try w.write(NDArray(m), at: "/chunked", chunks: [4, 5], deflate: 4, shuffle: true)
      try w.createGroup("/empty/group")
      try w.setAttribute("note", "grüße", at: "/patterns/matrix")
      try w.setAttribute("note", "replaced", at: "/patterns/matrix")
      try w.setAttribute("scale", NDArray(shape: [2], values: .float64([0.5, 2])), at: "/")
    }
    let f = try HDF5File(path: out)
    let read = try f.dataset("/patterns/matrix").read()
    #expect(read.shape == [13, 5])
    #expect(try read.matrix(context: "") == m)
    #expect(try f.dataset("labels").readStrings() == labels)
    #expect(try f.dataset("ints").read().values == .int64([1, -2, 3, .max, .min, 0]))
    #expect(try f.dataset("flags").readIntegers() == [1, 0, 1])
    let chunked = try f.dataset("chunked")
    #expect(chunked.chunks == [4, 5])
    #expect(chunked.filters.map(\.id) == [2, 1])
    #expect(try chunked.read().matrix(context: "") == m)
    #expect(f.kind(of: "/empty/group") == .group)
    #expect(try f.stringAttribute("note", of: "/patterns/matrix") == "replaced")
    #expect(try f.attribute("scale")?.values == .float64([0.5, 2]))
  }

  @Test func outputsAreAtomicAndNeverOverwrittenWithoutPermission() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("x.h5")
    try HDF5Writer.write(to: out) { try $0.write(NDArray(shape: [1], values: .float64([1])), at: "a") }
    #expect(throws: NeurometryError.outputExists(path: out)) {
      try HDF5Writer.write(to: out) { try $0.write(NDArray(shape: [1], values: .float64([2])), at: "a") }
    }
    // A failure inside the body leaves the old file untouched and no temporary behind.
    #expect(throws: NeurometryError.self) {
      try HDF5Writer.write(to: out, overwrite: true) { w in
        try w.write(NDArray(shape: [1], values: .float64([3])), at: "a")
        try w.write(NDArray(shape: [1], values: .float64([3])), at: "a")
      }
    }
    #expect(try HDF5File(path: out).dataset("a").readDoubles() == [1])
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["x.h5"])
    try HDF5Writer.write(to: out, overwrite: true) { try $0.write(NDArray(shape: [1], values: .float64([4])), at: "a") }
    #expect(try HDF5File(path: out).dataset("a").readDoubles() == [4])
  }

  @Test func concurrentReadsAreSerialisedAndCorrect() throws {
    let path = Fixtures.path("hdf5", "numeric.h5")
    let expected = try HDF5File(path: path).dataset("/chunked/gzip_shuffle").readDoubles()
    let results = try Parallel.map(16) { i -> Bool in
      guard let f = try? HDF5File(path: path), let v = try? f.dataset("/chunked/gzip_shuffle").readDoubles() else {
        return false
      }
      return v == expected && (try? f.dataset("/num/bef8").read().count) == 60 && i >= 0
    }
    #expect(results.allSatisfy { $0 })
  }
}
