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

  @Test func hyperslabsEqualSlicesOfTheWholeArray() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("slabs.h5")
    let shape = [7, 5, 3]
    let values = (0..<105).map { Double($0) * 0.5 - 11 }
    try HDF5Writer.write(to: out) { w in
      try w.write(
        NDArray(shape: shape, values: .float64(values)), at: "/x", chunks: [2, 3, 2], deflate: 1, shuffle: true)
    }
    let d = try HDF5File(path: out).dataset("/x")
    var g = RandomStream(seed: 5)
    for _ in 0..<40 {
      let start = shape.map { g.nextInt(below: $0) }
      let count = zip(shape, start).map { n, s in g.nextInt(below: n - s + 1) }
      let slab = try d.read(start: start, count: count)
      #expect(slab.shape == count)
      var expected: [Double] = []
      for i in start[0]..<(start[0] + count[0]) {
        for j in start[1]..<(start[1] + count[1]) {
          for k in start[2]..<(start[2] + count[2]) { expected.append(values[(i * 5 + j) * 3 + k]) }
        }
      }
      #expect(slab.values == .float64(expected), "start \(start) count \(count)")
    }
  }

  @Test func writeFailuresNameTheFileAndObject() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let out = dir.file("w.h5")
    #expect {
      try HDF5Writer.write(to: out) { w in
        try w.write(NDArray(shape: [1], values: .float64([1])), at: "/a")
        try w.write(NDArray(shape: [1], values: .float64([1])), at: "/a")
      }
    } throws: { error in
      String(describing: error).hasPrefix("\(out): /a: cannot write it: H5Dcreate2 failed (HDF5: ")
    }
    #expect(
      throws: NeurometryError.unreadableFile(
        path: "/no/such/dir/x.h5", reason: "its folder /no/such/dir does not exist")
    ) {
      try HDF5Writer.write(to: "/no/such/dir/x.h5") { _ in }
    }
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
