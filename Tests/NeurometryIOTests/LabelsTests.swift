import Foundation
import NeurometryIO
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// The one condition-order rule: the kind comes from the file's dtype (numbers by value, strings
/// by Unicode scalars, NaN refused), text without a dtype is typed as pandas would.
@Suite struct LabelsTests {
  let directory: String = {
    let d = NSTemporaryDirectory() + "neurometry-labels-\(UUID().uuidString)/"
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }()

  func write(_ array: NDArray, _ name: String) throws -> String {
    let path = directory + name
    try NPYFile.write(array, to: path, overwrite: true)
    return path
  }

  func writeText(_ text: String, _ name: String) throws -> String {
    let path = directory + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func stringArraysSortAsTextEvenWhenTheyLookNumeric() throws {
    // numpy: np.unique(np.array(['9', '10', '100', '2'])) -> ['10', '100', '2', '9'].
    let path = try write(NDArray(shape: [4], values: .string(["9", "10", "100", "2"])), "u.npy")
    let labels = try ArrayFile.readLabels(path)
    #expect(labels.kind == .text)
    #expect(labels.distinctSorted == ["10", "100", "2", "9"])
    #expect(labels.groups.codes == [3, 0, 1, 2])
  }

  @Test func integerAndFloatArraysSortByValue() throws {
    let ints = try ArrayFile.readLabels(try write(NDArray(shape: [4], values: .int64([9, 10, 100, 2])), "i.npy"))
    #expect(ints.kind == .numeric)
    #expect(ints.distinctSorted == ["2", "9", "10", "100"])
    let floats = try ArrayFile.readLabels(
      try write(NDArray(shape: [5], values: .float64([32, 0, 5, -1.5, 0])), "f.npy"))
    #expect(floats.distinctSorted == ["-1.5", "0.0", "5.0", "32.0"])
  }

  @Test func aNaNLabelIsRefusedWithItsPosition() throws {
    // The case: 0.0 … 32.0 with one nan used to come back scrambled with exit 0.
    var values = (0...32).map(Double.init)
    values.insert(.nan, at: 7)
    let path = try write(NDArray(shape: [values.count], values: .float64(values)), "nan.npy")
    expectNeurometryError([path, "label 7 (counting from 0) is nan", "finite label"]) {
      _ = try ArrayFile.readLabels(path)
    }
    expectNeurometryError(["label 0", "is inf"]) {
      _ = try Labels(NDArray(shape: [1], values: .float64([.infinity])), context: "x")
    }
  }

  @Test func boolArraysAreText() throws {
    let labels = try Labels(NDArray(shape: [3], values: .bool([true, false, true])), context: "b")
    #expect(labels.kind == .text)
    #expect(labels.distinctSorted == ["False", "True"])
  }

  @Test func textFilesOneLabelPerLine() throws {
    let numeric = try ArrayFile.readLabels(try writeText("10\n9\n2\n10\n\n", "n.txt"))
    #expect(numeric.kind == .numeric)
    #expect(numeric.values == ["10", "9", "2", "10"])
    #expect(numeric.distinctSorted == ["2", "9", "10"])
    let words = try ArrayFile.readLabels(try writeText("face\r\nhouse\r\nFace\r\n", "w.txt"))
    #expect(words.kind == .text)
    #expect(words.distinctSorted == ["Face", "face", "house"])
    let blank = try writeText("a\n\nb\n", "blank.txt")
    expectNeurometryError([blank, "line 2", "is empty"]) { _ = try ArrayFile.readLabels(blank) }
  }

  @Test func csvAndTSVColumns() throws {
    let csv = try writeText("onset,trial_type\n0.5,c2\n1.5,c10\n2.5,c2\n", "events.csv")
    expectNeurometryError([csv, "2 columns", "'onset', 'trial_type'", "\(csv):COLUMN"]) {
      _ = try ArrayFile.readLabels(csv)
    }
    let (path, member) = ArrayFile.pathAndMember(csv + ":trial_type")
    #expect(path == csv && member == "trial_type")
    let column = try ArrayFile.readLabels(path, member: member)
    #expect(column.kind == .text && column.distinctSorted == ["c10", "c2"])
    let tsv = try writeText("run\n10\n2\n", "runs.tsv")
    let runs = try ArrayFile.readLabels(tsv)
    #expect(runs.kind == .numeric && runs.distinctSorted == ["2", "10"])
    let missing = try writeText("run\n1\nn/a\n", "missing.tsv")
    expectNeurometryError([missing, "line 3", "'run' is missing"]) { _ = try ArrayFile.readLabels(missing) }
    #expect(ArrayFile.pathAndMember(directory + "nowhere.csv:x") == (directory + "nowhere.csv:x", nil))
  }

  @Test func writingKeepsTheKind() throws {
    let text = Labels(strings: ["9", "10"])
    #expect(text.array.values == .string(["9", "10"]))
    let ints = try Labels(["3", "-1"], kind: .numeric)
    #expect(ints.array.values == .int64([3, -1]))
    let floats = try Labels(["3.0", "0.5"], kind: .numeric)
    #expect(floats.array.values == .float64([3, 0.5]))
    for labels in [text, ints, floats] {
      #expect(try Labels(labels.array, context: "round trip") == labels)
    }
    expectNeurometryError(["ctx", "label 1", "is x"]) { _ = try Labels(["1", "x"], kind: .numeric, context: "ctx") }
  }

  @Test func orderIsATotalOrderOnMixedText() {
    // Stable argsort keeps equal labels in input order; distinct numeric labels of equal value
    // ("2", "2.0") fall back to text order, so sorting never depends on the input order.
    let labels = ["2.0", "10", "2", "1e1", "2"]
    #expect(ConditionOrder.stableArgsort(labels, kind: .numeric) == [2, 4, 0, 1, 3])
    #expect(ConditionOrder.sortedDistinct(labels.reversed(), kind: .numeric) == ["2", "2.0", "10", "1e1"])
    #expect(ConditionOrder.inferredKind(["1", "nan"]) == .text)
    #expect(ConditionOrder.inferredKind([]) == .text)
  }
}

/// The one way to split an array into matrices along its first axis (issue 13: written four times
/// in the CLI).
@Suite struct MatrixStackTests {
  @Test func stacksAlongTheFirstAxisWithTrailingAxesFlattened() throws {
    let a = NDArray(shape: [2, 3, 2, 2], values: .float64((0..<24).map(Double.init)))
    let stack = try a.matrixStack(context: "a")
    #expect(stack.count == 2 && stack[0].rows == 3 && stack[0].columns == 4)
    #expect(stack[1][0, 0] == 12 && stack[1][2, 3] == 23 && stack[0][1, 0] == 4)
    let m = NDArray(shape: [3, 2], values: .float64([1, 2, 3, 4, 5, 6]))
    #expect(try m.matrixStack(context: "m", allowMatrix: true).count == 1)
    expectNeurometryError(["m", "expected a stack of matrices (3-D or more), found shape (3, 2)"]) {
      _ = try m.matrixStack(context: "m")
    }
    let empty = NDArray(shape: [0, 3, 2], values: .float64([]))
    #expect(try empty.matrixStack(context: "e").isEmpty)
  }
}
