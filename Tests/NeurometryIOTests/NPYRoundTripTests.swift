import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Writing then reading gives back exactly what was written; outputs never overwrite silently.
@Suite struct NPYRoundTripTests {
  @Test(arguments: [[Int](), [0], [7], [3, 4], [2, 0, 3], [2, 3, 4, 5]])
  func float64RoundTripsForEveryRank(shape: [Int]) throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    var g = RandomStream(seed: UInt64(shape.reduce(1, *)))
    let n = shape.reduce(1, *)
    var values = g.gaussians(n)
    if n > 2 { values[1] = .nan; values[2] = -.infinity }
    let array = NDArray(shape: shape, values: .float64(values))
    try NPYFile.write(array, to: dir.file("x.npy"))
    let back = try NPYFile.read(dir.file("x.npy"))
    #expect(back.shape == shape)
    #expect(back.sourceType == "<f8")
    guard case .float64(let v) = back.values else { Issue.record("not float64"); return }
    #expect(v.map(\.bitPattern) == values.map(\.bitPattern))
    // numpy's alignment rule: the data starts at a multiple of 64.
    let bytes = try Data(contentsOf: URL(fileURLWithPath: dir.file("x.npy")))
    #expect((bytes.count - 8 * n) % 64 == 0)
  }

  @Test func intStringAndBoolRoundTrip() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let ints = NDArray(shape: [2, 3], values: .int64([-5, 0, 7, Int64.max, Int64.min, 42]))
    let strings = NDArray(shape: [4], values: .string(["c10", "c2", "", "α-β ✓"]))
    let bools = NDArray(shape: [3], values: .bool([true, false, true]))
    for (name, array) in [("i", ints), ("s", strings), ("b", bools)] {
      try NPYFile.write(array, to: dir.file(name + ".npy"))
      let back = try NPYFile.read(dir.file(name + ".npy"))
      #expect(back.values == array.values && back.shape == array.shape, "\(name)")
    }
    #expect(try NPYFile.read(dir.file("s.npy")).sourceType == "<U5")
  }

  @Test func writingMatchesNumpyByteForByte() throws {
    // vec.npy was written by numpy.save from float64 values; re-encoding must give the same bytes.
    let path = Fixtures.path("npy", "vec.npy")
    let original = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(NPYFile.encode(try NPYFile.read(path)) == original)
  }

  @Test func existingOutputIsNotOverwrittenWithoutPermission() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let a = NDArray(Matrix.identity(2))
    try NPYFile.write(a, to: dir.file("out.npy"))
    #expect(throws: NeurometryError.outputExists(path: dir.file("out.npy"))) {
      try NPYFile.write(NDArray(Matrix.identity(3)), to: dir.file("out.npy"))
    }
    #expect(try NPYFile.read(dir.file("out.npy")).shape == [2, 2], "left unchanged")
    try NPYFile.write(NDArray(Matrix.identity(3)), to: dir.file("out.npy"), overwrite: true)
    #expect(try NPYFile.read(dir.file("out.npy")).shape == [3, 3])
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.contains("partial") }
    #expect(leftovers.isEmpty, "no temporary files left behind")
  }

  @Test func npzRoundTripAndNumpyCanBeEmulated() throws {
    let dir = try TemporaryDirectory()
    defer { dir.cleanup() }
    let members: [(name: String, array: NDArray)] = [
      ("layer1", NDArray(shape: [2, 3], values: .float64([1, 2, 3, 4, 5, 6]))),
      ("ids", NDArray(shape: [2], values: .string(["s1", "s2"]))),
    ]
    try NPZFile.write(members, to: dir.file("a.npz"))
    let npz = try NPZFile(path: dir.file("a.npz"))
    #expect(npz.names == ["layer1", "ids"])
    #expect(try npz.array(named: "layer1").values == members[0].array.values)
    #expect(try npz.array(named: "ids.npy").strings == ["s1", "s2"])
  }
}
