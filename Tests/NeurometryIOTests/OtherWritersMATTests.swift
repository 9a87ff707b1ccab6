import Foundation
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

@testable import NeurometryIO

/// MATLAB v7.3 files saved by MATLAB (skjerns/mat7.3's test files; Tests/Fixtures/otherwriters,
/// SOURCES.md) read as mat73 0.65 reads them (expected.json): every value mat73 gives is reached
/// by its MATLAB-style name (`s/field`, `s(k)/field`, `c{k}`) and compared exactly; structs,
/// struct arrays, cells and sparse matrices included.
@Suite struct OtherWritersMATTests {
  static func expected() throws -> [String: Any] {
    try #require(try Fixtures.json("otherwriters", "expected.json") as? [String: Any])
  }

  static func path(_ name: String) -> String { Fixtures.path("otherwriters", "mat/" + name) }

  @Test func everyFileIsChecked() throws {
    let mat = try #require(try Self.expected()["mat"] as? [String: Any])
    #expect(mat.count == 7)
  }

  /// mat73's numbers, written as text (Python's repr, "nan") so they read back exactly.
  func numbers(_ want: [String: Any]) -> [Double]? {
    (want["values"] as? [String])?.map { Double($0) ?? -.infinity }
  }

  /// Walks mat73's tree beside ours; returns the number of values compared.
  func compare(_ file: MATFile, _ name: String, _ want: [String: Any], structArrayField: Bool = false) throws -> Int {
    let kind = want["kind"] as? String ?? ""
    switch kind {
    case "struct":
      let fields = try #require(want["fields"] as? [String: [String: Any]])
      var n = 0
      for (field, value) in fields.sorted(by: { $0.key < $1.key }) {
        n += try compare(file, name + "/" + field, value)
      }
      return n
    case "cell":
      // mat73 gives a list for a cell array and for each field of a struct array.
      let items = try #require(want["items"] as? [[String: Any]])
      let parts = name.split(separator: "/").map(String.init)
      let parent = parts.dropLast().joined(separator: "/")
      let isField = !parent.isEmpty && (try? file.isStructArray(file.locate(parent).object)) == true
      let object = try file.locate(name).object
      let isStructArray = try file.isStructArray(object)
      if !isField, !isStructArray, try file.matlabClass(object) != "cell", items.count == 1 {
        // mat73 wraps each field of a struct array's element in a one-element list.
        return try compare(file, name, items[0])
      }
      var n = 0
      let shape = try file.matlabShape(file.locate(name).object)
      if !isField, shape.count == 2, shape[0] > 1, shape[1] > 1 {
        // mat73 gives an m×n cell as m rows of n: element {i,j}.
        for (i, row) in items.enumerated() {
          for (j, item) in (row["items"] as? [[String: Any]] ?? []).enumerated() {
            n += try compare(file, "\(name){\(i + 1),\(j + 1)}", item)
          }
        }
        return n
      }
      for (k, item) in items.enumerated() {
        let element =
          isStructArray
          ? "\(name)(\(k + 1))" : isField ? "\(parent)(\(k + 1))/\(parts.last ?? "")" : "\(name){\(k + 1)}"
        n += try compare(file, element, item)
      }
      if isField, items.allSatisfy({ ($0["kind"] as? String) == "numeric" && numbers($0)?.count == 1 }) {
        // A field of scalars also reads whole, as MATLAB's [s.field].
        let whole = try file.array(named: name).doubles(context: name)
        let values = items.map { numbers($0)?.first ?? .nan }
        #expect(whole.elementsEqual(values) { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(name)")
        n += 1
      }
      return n
    case "numeric":
      guard let values = numbers(want) else { return 0 }
      let got = try file.array(named: name).doubles(context: name)
      #expect(got.count == values.count, "\(name)")
      #expect(got.elementsEqual(values) { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(name): \(got) vs \(values)")
      return 1
    case "char":
      let value = try #require(want["value"] as? String)
      let shape = try file.matlabShape(file.locate(name).object)
      if shape.count > 2 {
        // mat73 joins an N-d char array into one string; we refuse it, naming its shape.
        expectNeurometryError(["N-d char array"], name) { _ = try file.array(named: name) }
        return 1
      }
      if shape[0] > 1 { return 0 }  // rows of a char matrix: charMatrixRows (mat73 interleaves them)
      let got = try file.array(named: name)
      // MATLAB's '' is a 0×0 char: no rows here, one empty string in mat73.
      #expect(got.strings == [value] || (value.isEmpty && got.strings.isEmpty), "\(name)")
      return 1
    case "sparse":
      let dense = try #require(want["dense"] as? [[Double]])
      let got = try file.array(named: name)
      #expect(got.shape == [dense.count, dense.first?.count ?? 0], "\(name)")
      #expect(try got.doubles(context: name) == dense.flatMap { $0 }, "\(name)")
      return 1
    case "complex":
      expectNeurometryError(["complex"], name) { _ = try file.array(named: name) }
      return 1
    default:
      return 0
    }
  }

  @Test func valuesAsMat73ReadsThem() throws {
    let mat = try #require(try Self.expected()["mat"] as? [String: [String: [String: Any]]])
    var compared = 0
    for (name, variables) in mat.sorted(by: { $0.key < $1.key }) {
      let file = try MATFile(path: Self.path(name))
      for (variable, value) in variables.sorted(by: { $0.key < $1.key }) {
        compared += try compare(file, variable, value)
      }
    }
    // Counted once from this run; a change means a value is no longer reached or compared.
    #expect(compared == 182, "\(compared) values compared")
  }

  /// A char matrix reads as one string per row (trailing padding removed), as MATLAB shows it.
  @Test func charMatrixRows() throws {
    let rows = try #require(
      (try Self.expected()["mat_char_rows"] as? [String: [String: [String]]])?["mat73_testfile16.mat"]?["char_arr_2d"])
    let file = try MATFile(path: Self.path("mat73_testfile16.mat"))
    #expect(try file.array(named: "char_arr_2d").strings == rows)
  }

  /// inspect gives MATLAB's size: a scalar struct 1×1, a 1×5 struct array, a char row 1×n, a sparse
  /// matrix rows × columns, an empty cell 0×0; and lists the fields it can reach.
  @Test func inspectShowsMATLABShapes() throws {
    func shapes(_ file: String) throws -> [String: [Int]] {
      let s = try FileSummary.inspect(Self.path(file))
      return Dictionary(uniqueKeysWithValues: s.arrays.map { ($0.name ?? "", $0.shape) })
    }
    let one = try shapes("mat73_testfile1.mat")
    #expect(one["data"] == [1, 1] && one["keys"] == [1, 18] && one["secondvar"] == [1, 4])
    #expect(
      one["data/arr_two_three"] == [3, 2] && one["data/sparse_"] == [10, 8] && one["data/structarr_"] == [3, 1])
    #expect(one["data/struct_/test"] == [1, 4])
    let two = try shapes("mat73_testfile2.mat")
    #expect(two["raw1"] == [1, 5] && two["raw1/channel"] == [1, 5])
    #expect(try shapes("mat73_testfile6.mat")["A"] == [0, 0])
    #expect(try shapes("mat73_testfile16.mat")["char_arr_2d"] == [6, 57])
  }

  /// What cannot be read whole is refused with the name that can be read.
  @Test(arguments: [
    ("mat73_testfile2.mat", "raw1", ["1×5 struct array", "raw1(1)/field"]),
    ("mat73_testfile2.mat", "raw1/HSmooth", ["struct array 'raw1'", "--dataset 'raw1(1)/HSmooth'"]),
    ("mat73_testfile11.mat", "foo", ["cell array holding 'double'", "--dataset 'foo{1}'"]),
    ("mat73_testfile1.mat", "data/struct_", ["is a struct", "data/struct_/test"]),
    ("mat73_testfile1.mat", "data/nosuch", ["no such field of data 'nosuch'", "arr_bool"]),
    ("mat73_testfile1.mat", "secondvar(2)", ["not a struct array"]),
    ("mat73_testfile1.mat", "keys{1}", ["not a cell array"]),
    ("mat73_testfile11.mat", "foo{3}", ["index 3 is beyond its 2 elements"]),
    ("mat73_testfile1.mat", "data(", ["not a MATLAB-style name"]),
  ])
  func refusalsNameWhatCanBeRead(file: String, name: String, fragments: [String]) throws {
    let mat = try MATFile(path: Self.path(file))
    expectNeurometryError(fragments, name) { _ = try mat.array(named: name) }
  }
}
