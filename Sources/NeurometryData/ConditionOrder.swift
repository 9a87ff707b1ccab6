import Foundation

/// The order of conditions (DESIGN.md §3, as rsatoolbox sorts them): numeric labels numerically,
/// string labels lexicographically by Unicode scalars ('c10' < 'c2'), each distinct label once.
public enum ConditionOrder {
  /// The distinct labels of `column` in condition order, and for each trial the index of its
  /// condition in that order.
  public static func groups(_ column: Trials.Column) -> (labels: [String], index: [Int]) {
    let labels: [String]
    switch column {
    case .integers(let v):
      labels = Array(Set(v)).sorted().map(String.init)
    case .numbers(let v):
      // NaN is a condition of its own, placed last (numpy's sort order).
      let finite = Array(Set(v.filter { !$0.isNaN })).sorted()
      labels = finite.map { $0.description } + (v.contains { $0.isNaN } ? ["nan"] : [])
    case .strings(let v):
      labels = Array(Set(v)).sorted(by: lexicographic)
    }
    var position: [String: Int] = [:]
    for (i, l) in labels.enumerated() { position[l] = i }
    let trialLabels: [String]
    if case .numbers(let v) = column {
      trialLabels = v.map { $0.isNaN ? "nan" : $0.description }
    } else {
      trialLabels = column.labels
    }
    return (labels, trialLabels.map { position[$0] ?? 0 })
  }

  /// Unicode-scalar order of strings ('B' < 'a' < 'c10' < 'c2'), numpy's order for `<U` arrays.
  public static func lexicographic(_ a: String, _ b: String) -> Bool {
    a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
  }

  /// The distinct labels of a text column (e.g. a TSV `trial_type`) in condition order: numerically
  /// when every label parses as a finite number (as pandas would type the column), otherwise
  /// lexicographically by Unicode scalars. Numeric ties (e.g. "2" and "2.0") fall back to text order.
  public static func sorted(textLabels labels: [String]) -> [String] {
    let unique = Array(Set(labels))
    let numbers = unique.compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }.filter { $0.isFinite }
    if numbers.count == unique.count {
      return zip(unique, numbers).sorted { a, b in a.1 != b.1 ? a.1 < b.1 : lexicographic(a.0, b.0) }.map { $0.0 }
    }
    return unique.sorted(by: lexicographic)
  }
}
