import NeurometryEncoding
import NeurometryLinearAlgebra
import NeurometryTestSupport
import Testing

/// Every splitter against scikit-learn 1.9.1 (Tests/Fixtures/encoding/splits.json): the same
/// indices in the same order, seeded ones included (numpy's RandomState stream is reproduced).
@Suite struct CrossValidationReferenceTests {
  func check(_ cv: CrossValidation, _ n: Int, _ key: String) throws {
    let ours = try cv.splits(sampleCount: n)
    let expected = try EncodingFixtures.splits(key)
    #expect(ours.count == expected.count, "\(key): number of splits")
    for (s, (a, e)) in zip(ours, expected).enumerated() {
      #expect(a.train == e.train, "\(key) split \(s) train")
      #expect(a.test == e.test, "\(key) split \(s) test")
    }
  }

  @Test func contiguousKFold() throws {
    try check(.kFold(folds: 5), 23, "kfold_5_n23")
    try check(.kFold(folds: 3), 3, "kfold_3_n3")
  }

  @Test func shuffledKFold() throws {
    try check(.shuffledKFold(folds: 5, seed: 0), 23, "shuffled_kfold_5_seed0_n23")
    try check(.shuffledKFold(folds: 4, seed: 42), 10, "shuffled_kfold_4_seed42_n10")
  }

  @Test func groupKFoldOnStringGroupsThatSortLexicographically() throws {
    let groups = try #require(try EncodingFixtures.splitInputs()["groups"] as? [String])
    let labels = SampleLabels(strings: groups)
    #expect(labels.names == ["c1", "c10", "c2", "c3", "c4"])
    try check(.groupKFold(folds: 3, groups: labels), groups.count, "group_kfold_3")
  }

  @Test func shuffleSplit() throws {
    try check(.shuffleSplit(splits: 10, size: .trainFraction(0.5), seed: 1), 7, "shuffle_split_10_train0.5_seed1_n7")
    try check(.shuffleSplit(splits: 3, size: .testFraction(0.25), seed: 5), 12, "shuffle_split_3_test0.25_seed5_n12")
  }

  @Test func stratifiedShuffleSplitWithStringAndNumericClasses() throws {
    let inputs = try EncodingFixtures.splitInputs()
    let strings = try #require(inputs["classes_str"] as? [String])
    try check(
      .stratifiedShuffleSplit(splits: 10, size: .trainFraction(0.9), classes: SampleLabels(strings: strings), seed: 1),
      strings.count, "stratified_10_train0.9_seed1_str")
    let numbers = try #require(inputs["classes_num"] as? [Int]).map(Double.init)
    let numeric = try SampleLabels(numbers: numbers)
    #expect(numeric.names == ["1", "2", "3", "10"], "numeric labels sort as numbers")
    try check(
      .stratifiedShuffleSplit(splits: 5, size: .testFraction(0.3), classes: numeric, seed: 3), numbers.count,
      "stratified_5_test0.3_seed3_num")
  }
}
