import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// MATLAB v7.3 files written by hdf5storage 0.2.2 in MATLAB's layout (512-byte user block,
/// MATLAB_class attributes, column-major storage; Tests/Fixtures/mat/make_mat.py), read back in
/// MATLAB's shape and row-major order and compared with the arrays that were saved.
@Suite struct MATReferenceTests {
  static let session = Fixtures.path("mat", "session.mat")
  static var manifest: [String: [String: Any]] {
    (try? Fixtures.json("mat", "manifest.json") as? [String: [String: Any]]) ?? [:]
  }
  static var names: [String] { manifest.keys.sorted() }

  /// The parameterised cases come from manifest.json: all 10 must be there.
  @Test func manifestHasEveryCase() {
    #expect(Self.names.count == 10)
  }

  @Test func headerVariablesAndFormat() throws {
    let mat = try MATFile(path: Self.session)
    #expect(mat.header?.hasPrefix("MATLAB 7.3 MAT-file, Platform: hdf5storage 0.2.2") == true)
    #expect(try mat.variableNames() == ["A", "B", "E", "I16", "L", "S", "U8", "Z", "charmat", "name", "names"])
    #expect(try mat.matlabClass("names") == "cell")
    #expect(try FileFormat.detect(Self.session) == .mat)
    #expect(try FileFormat.detect(Fixtures.path("mat", "v5.mat")) == .matV5)
  }

  @Test(arguments: MATReferenceTests.names)
  func readsEveryVariableInMATLABShapeAndOrder(name: String) throws {
    let entry = try #require(Self.manifest[name])
    let a = try MATFile(path: Self.session).array(named: name)
    #expect(a.shape == entry["shape"] as? [Int], "\(name) shape \(a.shape)")
    #expect(a.sourceWasFortranOrder)
    let values = entry["values"] as? [Any] ?? []
    switch a.values {
    case .float64(let v):
      let expected = values.map { ($0 as? String).flatMap(Double.init) ?? .nan }
      assertClose(v, expected, rtol: 0, name)
    case .int64(let v): #expect(v == values.map { ($0 as? NSNumber)?.int64Value ?? -999 }, "\(name)")
    case .bool(let v): #expect(v == values.map { ($0 as? Bool) ?? false }, "\(name)")
    case .string(let v): #expect(v == values.map { ($0 as? String) ?? "?" }, "\(name)")
    }
  }

  @Test func bigEndianIntegersKeepTheirStoredType() throws {
    let a = try MATFile(path: Self.session).array(named: "I16")
    #expect(a.sourceType == ">i2")
    #expect(a.values == .int64([-300, 2, 3, 4, 500, -6]))
  }

  @Test func arrayFileReadsVariablesAndLabels() throws {
    let m = try ArrayFile.readMatrix(Self.session, member: "A")
    #expect(m.rows == 3 && m.columns == 5)
    #expect(m[1, 2] == Double(1 * 5 + 2) * 0.1 - 0.7)
    #expect(try ArrayFile.readLabels(Self.session, member: "U8").values == ["9", "8", "7", "250", "0"])
    #expect(try ArrayFile.read(Self.session, member: "S/x").shape == [2, 1])
  }

  @Test func columnMajorPermutationIsTheTranspose() {
    // A 2×3 MATLAB array stored column-major: element k of the storage goes to row-major index.
    #expect(MATFileTestAccess.order([2, 3]) == [0, 3, 1, 4, 2, 5])
    #expect(MATFileTestAccess.order([2, 1, 2]) == [0, 2, 1, 3])
  }
}

/// Column-major → row-major positions, recomputed independently of `MATFile` from strides.
enum MATFileTestAccess {
  static func order(_ shape: [Int]) -> [Int] {
    var out: [Int] = []
    let n = shape.reduce(1, *)
    for k in 0..<n {
      var rest = k
      var index: [Int] = []
      for d in shape {
        index.append(rest % d)
        rest /= d
      }
      var r = 0
      for (axis, i) in index.enumerated() { r = r * shape[axis] + i }
      out.append(r)
    }
    return out
  }
}
