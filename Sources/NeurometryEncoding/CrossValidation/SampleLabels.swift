import NeurometryData
import NeurometryIO
import NeurometryLinearAlgebra

/// Per-sample labels (groups for group K-fold, classes for stratification) as integer codes in
/// the order numpy's `np.unique` gives them, so that seeded splits consume random numbers in the
/// same order as scikit-learn's.
///
/// - `names`: the distinct labels, sorted by Neurometry's one condition-order rule
///   (`ConditionOrder`): numerically for numbers (`init(numbers:)`), by Unicode scalars for strings
///   (`init(strings:)`, numpy's order for `<U` arrays: 'c10' < 'c2').
/// - `codes[i]`: the index in `names` of sample i's label.
public struct SampleLabels: Sendable, Equatable, Codable {
  /// The distinct labels, in condition order (`ConditionOrder`).
  public let names: [String]
  /// For each sample, the index in `names` of its label.
  public let codes: [Int]

  /// Labels of either kind, in condition order (`ConditionOrder`); numeric names are written
  /// without a fraction when integral ("3", not "3.0").
  public init(_ labels: Labels) {
    let (distinct, codes) = labels.groups
    names =
      labels.kind == .numeric
      ? distinct.map { v in
        guard let x = Double(v), x == x.rounded(), abs(x) < 1e15 else { return v }
        return String(Int64(x))
      } : distinct
    self.codes = codes
  }

  /// Labels that are strings, sorted by Unicode code points (numpy's order).
  public init(strings: [String]) {
    self.init(Labels(strings: strings))
  }

  /// Labels that are numbers, sorted numerically. NaN is not a label: it throws.
  public init(numbers: [Double], context: String = "labels") throws {
    self.init(try Labels(NDArray(shape: [numbers.count], values: .float64(numbers)), context: context))
  }

  /// Number of samples.
  public var count: Int { codes.count }
  /// Number of distinct labels.
  public var classCount: Int { names.count }

  /// How many samples carry each label (numpy `bincount(codes)`).
  public var classCounts: [Int] {
    var c = [Int](repeating: 0, count: names.count)
    for k in codes { c[k] += 1 }
    return c
  }
}

extension SampleLabels {
  /// The labels of the samples `rows` (in that order), re-coded among themselves.
  public func restricted(to rows: [Int]) -> SampleLabels {
    // Keep the original label order (numeric or lexicographic) for the labels that remain.
    let present = Set(rows.map { codes[$0] }).sorted()
    let index = Dictionary(uniqueKeysWithValues: present.enumerated().map { ($1, $0) })
    return SampleLabels(names: present.map { names[$0] }, codes: rows.map { index[codes[$0]] ?? 0 })
  }

  private init(names: [String], codes: [Int]) {
    self.names = names
    self.codes = codes
  }
}
